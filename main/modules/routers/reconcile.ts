import type { EntityManager } from 'typeorm';
import type { DriftItem } from '../../../shared/contract/routers';
import type { RouterClient, Row } from './client/types';
import { sameValue } from './compare';
import { lookupRows } from './lookup';
import { routerOpSchema, targetOf, type Menu, type RouterOp } from './outbox/ops';

/** What the database says one object on a router should be: present with these fields, or absent. */
export interface DesiredObject {
  menu: Menu;
  key: Record<string, string>;
  present: boolean;
  fields: Record<string, string>;
  /**
   * The owner no longer claims anything about this object (e.g. a used voucher whose expiry a script on the
   * router runs): earlier providers' claims on it, such as the outbox's last change, are dropped.
   */
  released?: true;
}

/**
 * A source of desired state for a router. The outbox ledger (below) is the first; domain modules
 * (subscriptions, vouchers) add theirs. Only objects some provider names are ever compared or repaired:
 * everything else on the router is left alone.
 */
export type DesiredStateProvider = (em: EntityManager, routerId: number) => Promise<DesiredObject[]>;

const SESSION_MENUS = new Set(['/ppp/active', '/ip/hotspot/active']);

/** The last change the app made to each object: upsert → present with its fields, remove → absent. */
export const outboxLedger: DesiredStateProvider = async (em, routerId) => {
  const rows: { op: string }[] = await em.query(
    `SELECT j.op FROM router_jobs j
       JOIN (SELECT target, max(id) AS id FROM router_jobs WHERE router_id = ? GROUP BY target) last ON last.id = j.id
      ORDER BY j.id`,
    [routerId],
  );
  const out: DesiredObject[] = [];
  for (const r of rows) {
    const op = routerOpSchema.safeParse(JSON.parse(r.op));
    if (!op.success || op.data.kind === 'kick' || SESSION_MENUS.has(op.data.menu)) continue;
    out.push({ menu: op.data.menu, key: op.data.key, present: op.data.kind === 'upsert', fields: op.data.kind === 'upsert' ? op.data.fields : {} });
  }
  return out;
};

/** Compared but never shown: passwords, and scripts (the login report carries the router's token). */
const HIDDEN = new Set(['password', 'on-login']);

const keyOf = (row: Row, keys: string[]) => keys.map((k) => `${k}=${row[k] ?? ''}`).join('&');

/**
 * Compares desired objects with the router: per menu, a few objects are looked up by query, many with one
 * print, always asking (.proplist) for every compared field. Values are compared by meaning (compare.ts):
 * `2h` is `7200s`, `yes` is `true`, MACs ignore case, and a field the router does not print differs from a
 * desired limit. Secrets are compared but never shown.
 */
export async function detectDrift(client: RouterClient, desired: DesiredObject[]): Promise<DriftItem[]> {
  const byMenu = new Map<Menu, DesiredObject[]>();
  for (const d of desired) {
    const list = byMenu.get(d.menu) ?? [];
    list.push(d);
    byMenu.set(d.menu, list);
  }
  const drift: DriftItem[] = [];
  for (const [menu, list] of byMenu) {
    const keyFields = [...new Set(list.flatMap((d) => Object.keys(d.key)))].sort();
    const fields = [...new Set(list.flatMap((d) => Object.keys(d.fields)))];
    const rows = await lookupRows(client, menu, list.map((d) => d.key), fields);
    const index = new Map<string, Row>();
    for (const row of rows) index.set(keyOf(row, keyFields), row);
    for (const d of list) {
      const row = index.get(keyOf(d.key, keyFields));
      const target = targetOf({ kind: 'remove', menu, key: d.key });
      if (d.present && !row) drift.push({ target, menu, key: d.key, kind: 'missing', fields: [] });
      else if (!d.present && row) drift.push({ target, menu, key: d.key, kind: 'extra', fields: [] });
      else if (d.present && row) {
        const diff = Object.entries(d.fields)
          .filter(([f, v]) => !sameValue(f, row[f], v))
          .map(([f, v]) => (HIDDEN.has(f) ? { field: f, router: row[f] === undefined ? null : '•••', desired: '•••' } : { field: f, router: row[f] ?? null, desired: v }));
        if (diff.length) drift.push({ target, menu, key: d.key, kind: 'different', fields: diff });
      }
    }
  }
  return drift;
}

/** The change that brings one object to its desired state (idempotent, so it is safe without a fresh check). */
export function repairOp(desired: DesiredObject): RouterOp {
  return desired.present
    ? { kind: 'upsert', menu: desired.menu, key: desired.key, fields: desired.fields }
    : { kind: 'remove', menu: desired.menu, key: desired.key };
}

export const desiredTarget = (d: DesiredObject): string => targetOf({ kind: 'remove', menu: d.menu, key: d.key });

/**
 * What the providers, in order, want on a router, by target: a later provider wins for the same object or
 * releases it (no claim at all). `keep` limits it to some targets.
 */
export async function mergeDesired(em: EntityManager, routerId: number, providers: readonly DesiredStateProvider[], keep?: (target: string) => boolean): Promise<Map<string, DesiredObject>> {
  const byTarget = new Map<string, DesiredObject>();
  for (const p of providers)
    for (const d of await p(em, routerId)) {
      const target = desiredTarget(d);
      if (keep && !keep(target)) continue;
      if (d.released) byTarget.delete(target);
      else byTarget.set(target, d);
    }
  return byTarget;
}
