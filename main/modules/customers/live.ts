import type { EntityManager } from 'typeorm';
import type { PppLiveStatus } from '../../../shared/contract';
import { openSubscriptionsOf } from '../billing';
import { RouterError, routerNames, type RouterService } from '../routers';

interface LiveSub {
  id: number;
  router_id: number;
  router_name: string;
  username: string;
}

/**
 * Asks each router whether the customer's PPPoE accounts are online right now. Runs outside any
 * transaction; an unreachable router (or one whose password cannot be opened) is reported, never thrown.
 */
export async function routerStatus(em: EntityManager, routers: RouterService, customerId: number): Promise<PppLiveStatus[]> {
  const open = await openSubscriptionsOf(em, customerId);
  const names = await routerNames(em, open.map((s) => s.routerId));
  const subs: LiveSub[] = open.map((s) => ({ id: s.id, router_id: s.routerId, router_name: names.get(s.routerId) ?? '', username: s.username }));
  return Promise.all(subs.map((s) => ask(routers, s)));
}

async function ask(routers: RouterService, s: LiveSub): Promise<PppLiveStatus> {
  const base = { subscriptionId: s.id, routerId: s.router_id, routerName: s.router_name, username: s.username };
  try {
    const rows = await routers.withClient(s.router_id, (client) =>
      client.print('/ppp/active', { query: [`?name=${s.username}`], proplist: ['name', 'address', 'uptime', 'caller-id'] }),
    );
    const row = rows.find((r) => r.name === s.username);
    return {
      ...base,
      reachable: true,
      online: !!row,
      address: row?.address || null,
      uptime: row?.uptime || null,
      callerId: row?.['caller-id'] || null,
      error: null,
    };
  } catch (err) {
    // A trap means the router answered but refused the command: it is reachable.
    const reachable = err instanceof RouterError && err.kind === 'trap';
    return { ...base, reachable, online: false, address: null, uptime: null, callerId: null, error: err instanceof Error ? err.message : String(err) };
  }
}
