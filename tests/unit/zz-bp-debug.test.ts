// Scratch hunting script (not part of the suite): RELAX=1 SEED=n RUNS=n npx vitest run --config vitest.config.mts tests/unit/zz-bp-debug.test.ts
import fs from 'node:fs';
import fc from 'fast-check';
import { it } from 'vitest';
import { billingWorld } from '../support/billing';
import { startRouterSim } from '../peers/routeros-sim';
import { failureKind, minimize, runScenario, scenarioArb, triage, type Scenario } from '../support/billing-model';

triage.knownStaleIsolation = process.env.RELAX_STALE === '1';
triage.knownChangeBillsIsolation = process.env.RELAX_ISO === '1';
triage.knownZeroTotal = process.env.RELAX_ZERO === '1';
const seed = Number(process.env.SEED ?? 1);
const runs = Number(process.env.RUNS ?? 100);

it('hunt', { timeout: 3_600_000 }, async () => {
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  const exec = async (sc: Scenario): Promise<string | null> => {
    const w = await billingWorld({ start: sc.start, sim });
    try { await runScenario(w, sc); return null; } catch (e) { return (e as Error).message; }
    finally { await w.close(); fs.rmSync(w.dataDir, { recursive: true, force: true }); }
  };
  const samples = fc.sample(scenarioArb(Number(process.env.MIN ?? 15), Number(process.env.MAX ?? 40)), { seed, numRuns: runs });
  const seen = new Set<string>();
  let i = 0;
  const t0 = Date.now();
  for (const sc of samples) {
    i++;
    const err = await exec(sc);
    if (!err) continue;
    const kind = failureKind(err);
    console.log(`run ${i}: FAIL ${err.split('\n')[0]}`);
    if (seen.has(kind)) continue;
    seen.add(kind);
    const { scenario, failure } = await minimize(sc, exec, kind, Date.now() + 300_000);
    console.log(`MINIMAL [${kind}]\n${JSON.stringify(scenario)}\n${failure}`);
  }
  console.log(`${runs} runs in ${Date.now() - t0} ms`);
  await sim.close();
});
