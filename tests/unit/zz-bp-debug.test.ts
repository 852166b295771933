import fs from 'node:fs';
import fc from 'fast-check';
import { it } from 'vitest';
import { billingWorld } from '../support/billing';
import { startRouterSim } from '../peers/routeros-sim';
import { applyOp, checkInvariants, createArb, opArb, startArb, startScenario, triage, type Op } from '../support/billing-model';

triage.knownStaleIsolation = process.env.RELAX === '1';
const seed = Number(process.env.SEED ?? 1);
const runs = Number(process.env.RUNS ?? 100);

it('hunt', { timeout: 3_600_000 }, async () => {
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  const exec = async (start: string, th: number, ops: Op[]): Promise<{ err: string | null; trace: string[] }> => {
    const w = await billingWorld({ start, sim });
    const c = await startScenario(w, start, th);
    try {
      for (const op of ops) { await applyOp(c, op); await checkInvariants(c); }
      return { err: null, trace: c.trace };
    } catch (e) {
      return { err: (e as Error).message, trace: c.trace };
    } finally { await w.close(); fs.rmSync(w.dataDir, { recursive: true, force: true }); }
  };
  const samples = fc.sample(fc.tuple(startArb, fc.constantFrom(0, 0, 20_000), createArb, fc.array(opArb, { minLength: 15, maxLength: 40 })), { seed, numRuns: runs });
  const seen = new Set<string>();
  let i = 0;
  for (const [start, th, first, rest] of samples) {
    i++;
    let ops = [first, ...rest];
    const r = await exec(start, th, ops);
    if (!r.err) continue;
    const sig = r.err.split(':')[0]!.replace(/\d+/g, '#');
    console.log(`run ${i}: FAIL ${r.err.split('\n')[0]}`);
    if (seen.has(sig)) continue;
    seen.add(sig);
    // delta debugging: drop ops while the same kind of failure remains
    let changed = true;
    while (changed) {
      changed = false;
      for (let k = ops.length - 1; k >= 1; k--) {
        const cand = ops.filter((_, j) => j !== k);
        const rr = await exec(start, th, cand);
        if (rr.err && rr.err.split(':')[0]!.replace(/\d+/g, '#') === sig) { ops = cand; changed = true; }
      }
    }
    const fin = await exec(start, th, ops);
    console.log(`MINIMAL for [${sig}] start ${start} threshold ${th}\nops: ${JSON.stringify(ops)}\n${fin.err}\n${fin.trace.join('\n')}`);
  }
  await sim.close();
});
