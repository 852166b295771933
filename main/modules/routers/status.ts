import { z } from 'zod';
import type { RouterLiveStatus } from '../../../shared/contract';
import { RouterError, type RouterClient } from './client/types';

/** Router replies cross a boundary too: parse them, never trust their shape. */
const identityRow = z.object({ name: z.string() }).partial();
const resourceRow = z
  .object({
    version: z.string(),
    uptime: z.string(),
    'cpu-load': z.string().regex(/^\d+$/),
    'free-memory': z.string().regex(/^\d+$/),
    'total-memory': z.string().regex(/^\d+$/),
    'board-name': z.string(),
  })
  .partial();
const RESOURCE_FIELDS = ['version', 'uptime', 'cpu-load', 'free-memory', 'total-memory', 'board-name'];
const count = z.string().regex(/^\d+$/).transform(Number);

const num = (v: string | undefined): number | null => (v === undefined ? null : Number(v));

async function countOf(client: RouterClient, menu: string): Promise<number | null> {
  const r = await client.run({ path: `${menu}/print`, words: ['=count-only='] });
  const parsed = count.safeParse(r.ret);
  return parsed.success ? parsed.data : null;
}

/** Reads identity, resources and active-session counts; an unreachable router is a status, not an exception. */
export async function readStatus(routerId: number, client: RouterClient, now: Date): Promise<RouterLiveStatus> {
  const base: RouterLiveStatus = {
    routerId,
    reachable: false,
    checkedAt: now.toISOString(),
    error: null,
    identity: null,
    version: null,
    boardName: null,
    uptime: null,
    cpuLoad: null,
    freeMemory: null,
    totalMemory: null,
    hotspotActive: null,
    pppActive: null,
  };
  try {
    const [identity, resource, hotspotActive, pppActive] = await Promise.all([
      client.print('/system/identity', { proplist: ['name'] }),
      client.print('/system/resource', { proplist: RESOURCE_FIELDS }),
      countOf(client, '/ip/hotspot/active'),
      countOf(client, '/ppp/active'),
    ]);
    const id = identityRow.safeParse(identity[0] ?? {});
    const res = resourceRow.safeParse(resource[0] ?? {});
    if (!id.success || !res.success) {
      return { ...base, error: { kind: 'protocol', message: 'The router answered in an unexpected format' } };
    }
    return {
      ...base,
      reachable: true,
      identity: id.data.name ?? null,
      version: res.data.version ?? null,
      boardName: res.data['board-name'] ?? null,
      uptime: res.data.uptime ?? null,
      cpuLoad: num(res.data['cpu-load']),
      freeMemory: num(res.data['free-memory']),
      totalMemory: num(res.data['total-memory']),
      hotspotActive,
      pppActive,
    };
  } catch (err) {
    const e = err instanceof RouterError ? err : new RouterError('protocol', err instanceof Error ? err.message : String(err));
    return { ...base, error: { kind: e.kind, message: e.message } };
  }
}
