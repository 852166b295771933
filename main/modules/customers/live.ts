import type { EntityManager } from 'typeorm';
import type { PppLiveStatus } from '../../../shared/contract';
import { RouterError, type RouterService } from '../routers';

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
  const subs = (await em.query(
    `SELECT s.id, s.router_id, r.name AS router_name, s.username FROM subscriptions s JOIN routers r ON r.id = s.router_id
     WHERE s.customer_id = ? AND s.status <> 'terminated' ORDER BY s.id`,
    [customerId],
  )) as LiveSub[];
  return Promise.all(subs.map((s) => ask(routers, s)));
}

async function ask(routers: RouterService, s: LiveSub): Promise<PppLiveStatus> {
  const base = { subscriptionId: s.id, routerId: s.router_id, routerName: s.router_name, username: s.username };
  try {
    const client = await routers.clientFor(s.router_id);
    const rows = await client.print('/ppp/active', { query: [`?name=${s.username}`], proplist: ['name', 'address', 'uptime', 'caller-id'] });
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
