import type { EntityManager } from 'typeorm';

/**
 * The routers module's tables (routers, router_jobs) as other modules may read them: small named queries,
 * exported through index.ts. Other modules never name these tables in their own SQL (tests/unit/table-ownership).
 */

const ids = (list: Iterable<number>): string => JSON.stringify([...new Set(list)]);

/** id → name of the given routers (one query for a whole page). */
export async function routerNames(em: EntityManager, routerIds: Iterable<number>): Promise<Map<number, string>> {
  const rows = (await em.query('SELECT id, name FROM routers WHERE id IN (SELECT value FROM json_each(?))', [ids(routerIds)])) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** One router's name, or null when there is no such router. */
export async function routerName(em: EntityManager, routerId: number): Promise<string | null> {
  return (await routerNames(em, [routerId])).get(routerId) ?? null;
}

/** Every router's id, in id order. */
export async function routerIds(em: EntityManager): Promise<number[]> {
  return ((await em.query('SELECT id FROM routers ORDER BY id')) as { id: number }[]).map((r) => r.id);
}

export interface RouterIsolation {
  id: number;
  name: string;
  isolationProfile: string;
}

/** The PPP profile isolated subscriptions get on each router (all routers, or the given ones), in id order. */
export async function isolationProfiles(em: EntityManager, only?: Iterable<number>): Promise<RouterIsolation[]> {
  const rows = (await em.query(
    `SELECT id, name, isolation_profile FROM routers ${only ? 'WHERE id IN (SELECT value FROM json_each(?))' : ''} ORDER BY id`,
    only ? [ids(only)] : [],
  )) as { id: number; name: string; isolation_profile: string }[];
  return rows.map((r) => ({ id: r.id, name: r.name, isolationProfile: r.isolation_profile }));
}

/** One router's isolation profile, or null when there is no such router. */
export async function isolationProfileOf(em: EntityManager, routerId: number): Promise<RouterIsolation | null> {
  return (await isolationProfiles(em, [routerId]))[0] ?? null;
}

/** Name and hotspot DNS name of the given routers, in id order (voucher printing). */
export async function routerHotspots(em: EntityManager, routerIdList: Iterable<number>): Promise<{ id: number; name: string; hotspotDns: string }[]> {
  const rows = (await em.query('SELECT id, name, hotspot_dns FROM routers WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id', [ids(routerIdList)])) as {
    id: number;
    name: string;
    hotspot_dns: string | null;
  }[];
  return rows.map((r) => ({ id: r.id, name: r.name, hotspotDns: r.hotspot_dns ?? '' }));
}

/** The router's token for hotspot first-login reports (null before one was made, or no such router). */
export async function hotspotTokenOf(em: EntityManager, routerId: number): Promise<string | null> {
  const [r] = (await em.query('SELECT hotspot_token FROM routers WHERE id = ?', [routerId])) as { hotspot_token: string | null }[];
  return r?.hotspot_token ?? null;
}

/** Stores a new hotspot report token for the router (in the caller's transaction). */
export async function setHotspotToken(em: EntityManager, routerId: number, token: string): Promise<void> {
  await em.query('UPDATE routers SET hotspot_token = ? WHERE id = ?', [token, routerId]);
}

/** The outbox's last job for one object on one router (any status), or null. */
export async function lastJobFor(em: EntityManager, routerId: number, target: string): Promise<{ op: string; status: string } | null> {
  const [last] = (await em.query('SELECT op, status FROM router_jobs WHERE router_id = ? AND target = ? ORDER BY id DESC LIMIT 1', [routerId, target])) as { op: string; status: string }[];
  return last ?? null;
}

/** Whether the outbox ever held a job for this object on this router (from this source, when given). */
export async function jobExists(em: EntityManager, routerId: number, target: string, source?: string): Promise<boolean> {
  const rows = (await em.query(`SELECT 1 AS x FROM router_jobs WHERE router_id = ? AND target = ?${source === undefined ? '' : ' AND source = ?'} LIMIT 1`, [
    routerId,
    target,
    ...(source === undefined ? [] : [source]),
  ])) as unknown[];
  return rows.length > 0;
}

/** Routers whose outbox ever held a job for this object, in id order. */
export async function routersWithJobFor(em: EntityManager, target: string): Promise<number[]> {
  return ((await em.query('SELECT DISTINCT router_id AS id FROM router_jobs WHERE target = ? ORDER BY router_id', [target])) as { id: number }[]).map((r) => r.id);
}

/** Router jobs still waiting or running (the dashboard). */
export async function pendingJobCount(em: EntityManager): Promise<number> {
  const [r] = (await em.query("SELECT count(*) AS v FROM router_jobs WHERE status IN ('pending','running')")) as { v: number }[];
  return r?.v ?? 0;
}
