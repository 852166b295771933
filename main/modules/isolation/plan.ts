import { createHash } from 'node:crypto';
import type { DriftItem } from '../../../shared/contract/routers';
import type { DesiredObject, RouterClient, RouterOp, Row } from '../routers';
import { desiredTarget, repairOp } from '../routers';
import { COMMENT, FILTER_ROLES, ruleComment, sentence } from './config';
import type { IsolationChange } from '../../../shared/contract/isolation';

/*
 * The preview: what the router has of the isolation set-up now, and the changes that bring it to the desired
 * objects (config.ts). The very ops of the preview are what isolation.apply queues (after checking the router
 * still needs exactly these), so the clerk confirms what is sent.
 */

export interface Plan {
  changes: IsolationChange[];
  ops: RouterOp[];
  /** Our forward rules are present but not in chain order (they are removed and added again in order). */
  reorder: boolean;
  /** Fingerprint of the ops: isolation.apply refuses if the router needs something else by then. */
  fingerprint: string;
}

const ours = (row: Row): boolean => (row.comment ?? '') === COMMENT || (row.comment ?? '').startsWith(`${COMMENT}:`);
const matches = (row: Row, key: Record<string, string>) => Object.entries(key).every(([k, v]) => row[k] === v);

/** Reads what the router has of ours (every rule and walled-garden entry with our comment, and the profile). */
export async function readRouter(client: RouterClient, profile: string): Promise<Record<string, Row[]>> {
  const [nat, filter, lists, profiles] = await Promise.all([
    client.print('/ip/firewall/nat'),
    client.print('/ip/firewall/filter'),
    client.print('/ip/firewall/address-list', { query: [`?comment=${COMMENT}`] }),
    client.print('/ppp/profile', { query: [`?name=${profile}`] }),
  ]);
  return {
    '/ip/firewall/nat': nat.filter(ours),
    '/ip/firewall/filter': filter.filter(ours),
    '/ip/firewall/address-list': lists.filter((r) => r.dynamic !== 'true'),
    '/ppp/profile': profiles,
  };
}

/**
 * The changes from what the router has to the desired objects: `drift` is the routers module's comparison of
 * them (values by meaning: `yes` = `true` …), `have` what readRouter found (order, `.id`s, leftovers).
 */
export function planChanges(desired: readonly DesiredObject[], drift: readonly DriftItem[], have: Record<string, Row[]>): Plan {
  const driftOf = new Map(drift.map((i) => [i.target, i]));
  const changes: IsolationChange[] = [];
  const ops: RouterOp[] = [];
  const rowsOf = (menu: string) => have[menu] ?? [];

  // Our forward rules in the router's order; missing ones would be added at the end of the chain.
  const filterRows = rowsOf('/ip/firewall/filter');
  const present = filterRows.map((r) => FILTER_ROLES.findIndex((role) => r.comment === ruleComment(role))).filter((i) => i >= 0);
  const wouldBe = [...present, ...FILTER_ROLES.map((_r, i) => i).filter((i) => !present.includes(i))];
  const reorder = present.length > 0 && wouldBe.some((v, i) => v !== i);

  const add = (d: DesiredObject) => {
    changes.push({ action: 'add', menu: d.menu, key: d.key, fields: Object.entries(d.fields).map(([field, desired]) => ({ field, router: null, desired })), command: sentence(`${d.menu}/add`, { ...d.key, ...d.fields }) });
    ops.push(repairOp(d));
  };
  const removeRow = (menu: DesiredObject['menu'], key: Record<string, string>, row: Row) => {
    changes.push({ action: 'remove', menu, key, fields: [], command: sentence(`${menu}/remove`, { '.id': row['.id'] ?? '' }) });
    ops.push({ kind: 'remove', menu, key });
  };

  if (reorder) {
    for (const row of filterRows) removeRow('/ip/firewall/filter', { comment: row.comment ?? '' }, row);
    // A (no-op) removal for the missing ones too: every rule's add then waits for the removals, so the outbox
    // adds them together, in chain order (jobs of one object apply in order; different objects in one batch).
    for (const role of FILTER_ROLES) if (!filterRows.some((r) => r.comment === ruleComment(role))) ops.push({ kind: 'remove', menu: '/ip/firewall/filter', key: { comment: ruleComment(role) } });
  }
  for (const d of desired) {
    if (reorder && d.menu === '/ip/firewall/filter') {
      add(d);
      continue;
    }
    const item = driftOf.get(desiredTarget(d));
    if (!item) continue;
    const row = rowsOf(d.menu).find((r) => matches(r, d.key));
    if (item.kind === 'missing' || !row) {
      add(d);
      continue;
    }
    changes.push({
      action: 'set',
      menu: d.menu,
      key: d.key,
      fields: item.fields,
      command: sentence(`${d.menu}/set`, { '.id': row['.id'] ?? '', ...Object.fromEntries(item.fields.map((f) => [f.field, f.desired])) }),
    });
    ops.push(repairOp(d));
  }
  // Ours on the router that nothing wants any more (a host taken off the walled garden, an old rule).
  const wanted = (menu: string, row: Row) => desired.some((d) => d.menu === menu && matches(row, d.key));
  const menus: DesiredObject['menu'][] = ['/ip/firewall/address-list', '/ip/firewall/nat', ...(reorder ? [] : (['/ip/firewall/filter'] as const))];
  for (const menu of menus) {
    const seen = new Set<string>();
    for (const row of rowsOf(menu)) {
      const key: Record<string, string> = menu === '/ip/firewall/address-list' ? { list: row.list ?? '', address: row.address ?? '' } : { comment: row.comment ?? '' };
      const k = JSON.stringify(key);
      if (wanted(menu, row) || seen.has(k)) continue;
      seen.add(k);
      removeRow(menu, key, row);
    }
  }
  // Of what the clerk saw (each command with the router's ids): another set-up found by then is refused.
  const fingerprint = createHash('sha256').update(JSON.stringify(changes)).digest('hex').slice(0, 32);
  return { changes, ops, reorder, fingerprint };
}
