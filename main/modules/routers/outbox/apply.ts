import type { BulkItemResult, Command, RouterClient, Row } from '../client/types';
import { RouterError } from '../client/types';
import { lookupRows } from '../lookup';
import type { RouterOp } from './ops';

export interface JobToApply {
  id: number;
  op: RouterOp;
}

export type JobOutcome = { id: number; ok: true } | { id: number; ok: false; error: RouterError };

const matches = (row: Row, key: Record<string, string>) => Object.entries(key).every(([k, v]) => row[k] === v);
const words = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `=${k}=${v}`);

/** The commands that bring the router to the op's state, given what the router has now. */
export function commandsFor(op: RouterOp, existing: Row[]): Command[] {
  const found = existing.filter((r) => matches(r, op.key) && r['.id']);
  switch (op.kind) {
    case 'upsert':
      if (found.length === 0) return [{ path: `${op.menu}/add`, words: words({ ...op.key, ...op.fields }) }];
      return found.slice(0, 1).map((r) => ({ path: `${op.menu}/set`, words: [`=.id=${r['.id']}`, ...words(op.fields)] }));
    case 'remove':
    case 'kick':
      return found.map((r) => ({ path: `${op.menu}/remove`, words: [`=.id=${r['.id']}`] }));
  }
}

function phaseOf(path: string): number {
  if (path.startsWith('/ppp/profile/') || path.startsWith('/ip/hotspot/user/profile/')) return 0;
  if (path.startsWith('/ppp/active/') || path.startsWith('/ip/hotspot/active/')) return 2;
  return 1;
}

/**
 * Applies a batch of jobs (at most one per target) idempotently: the objects are found first (a few per menu
 * by query, pipelined; many with one print of the menu, lookup.ts), then every add/set/remove pipelined on
 * the router's connection. A job succeeds when all its commands do.
 */
export async function applyJobs(client: RouterClient, jobs: readonly JobToApply[], onProgress?: (done: number, total: number) => void): Promise<JobOutcome[]> {
  const byMenu = new Map<string, Record<string, string>[]>();
  for (const j of jobs) {
    const keys = byMenu.get(j.op.menu) ?? [];
    keys.push(j.op.key);
    byMenu.set(j.op.menu, keys);
  }
  const existing = new Map<string, Row[]>();
  const found = await Promise.all([...byMenu].map(async ([menu, keys]) => [menu, await lookupRows(client, menu, keys)] as const));
  for (const [menu, rows] of found) existing.set(menu, rows);

  const items: { jobId: number; cmd: Command }[] = [];
  const outcome = new Map<number, JobOutcome>();
  for (const j of jobs) {
    const cmds = commandsFor(j.op, existing.get(j.op.menu) ?? []);
    if (cmds.length === 0) outcome.set(j.id, { id: j.id, ok: true });
    for (const cmd of cmds) items.push({ jobId: j.id, cmd });
  }
  // Profiles before the users/secrets that name them, kicks last (so a session reconnects with the new
  // profile): each phase is pipelined, phases run one after the other.
  const results: BulkItemResult<{ jobId: number; cmd: Command }>[] = [];
  let before = 0;
  for (const phase of [0, 1, 2]) {
    const batch = items.filter((i) => phaseOf(i.cmd.path) === phase);
    if (batch.length === 0) continue;
    const offset = before;
    results.push(...(await client.bulk(batch, (i) => i.cmd, { onProgress: onProgress && ((done) => onProgress(offset + done, items.length)) })));
    before += batch.length;
  }
  for (const r of results) {
    const prev = outcome.get(r.item.jobId);
    // Gone between the lookup and the remove (a session that ended, a concurrent edit): the goal holds.
    const alreadyGone = !r.ok && r.error.kind === 'trap' && r.item.cmd.path.endsWith('/remove') && /no such item/i.test(r.error.message);
    if (!r.ok && !alreadyGone) outcome.set(r.item.jobId, { id: r.item.jobId, ok: false, error: r.error });
    else if (!prev) outcome.set(r.item.jobId, { id: r.item.jobId, ok: true });
  }
  return jobs.map((j) => outcome.get(j.id) ?? { id: j.id, ok: false, error: new RouterError('protocol', 'no result') });
}
