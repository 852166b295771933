/**
 * Money is proven, not sampled: random sequences of billing operations on random dates (leap years included)
 * against the real core on a real SQLite file, with every invariant of tests/support/billing-model.ts checked
 * after every step (1 ledger, 2 settlement, 3 days charged once at the price in force, 4 isolation, 5 documents).
 *
 * FC_SEED=<seed> replays a run (the seed is printed on failure), FC_RUNS=<n> runs more (default 60, ~20 s),
 * FC_MIN_OPS/FC_MAX_OPS set the sequence length (default 15–40; 40–80 reaches deeper histories),
 * FC_SHRINK_SECONDS bounds fast-check's shrinking (default 30). A failure is then minimized further by delta
 * debugging (dropping operations while the same kind of failure remains, at most 60 s) and reported with its
 * concrete steps, ready to be written out as a test in billing-property-regressions.test.ts.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { billingWorld } from '../support/billing';
import { failureKind, minimize, runScenario, scenarioArb, type Scenario } from '../support/billing-model';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20_280_229;
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 60;
const shrinkSeconds = process.env.FC_SHRINK_SECONDS ? Number(process.env.FC_SHRINK_SECONDS) : 30;
const minOps = process.env.FC_MIN_OPS ? Number(process.env.FC_MIN_OPS) : 15;
const maxOps = process.env.FC_MAX_OPS ? Number(process.env.FC_MAX_OPS) : 40;

let sim: RouterSim | null = null;
afterAll(async () => {
  await sim?.close();
});

/** One fresh office and database per run, on one simulated router (usernames are unique per run). */
async function play(sc: Scenario): Promise<void> {
  sim ??= await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  const w = await billingWorld({ start: sc.start, sim });
  try {
    await runScenario(w, sc);
  } finally {
    await w.close();
    fs.rmSync(w.dataDir, { recursive: true, force: true });
  }
}

/** Shrinking stops after FC_SHRINK_SECONDS: later candidates count as passing (each one is a fresh office). */
let firstFailure: number | null = null;
async function shrinkable(sc: Scenario): Promise<void> {
  if (firstFailure !== null && Date.now() - firstFailure > shrinkSeconds * 1000) return;
  try {
    await play(sc);
  } catch (e) {
    firstFailure ??= Date.now();
    throw e;
  }
}

describe('billing property: every step keeps the books exact', () => {
  it(`random operation sequences keep invariants 1–5 (seed ${seed}, ${numRuns} runs of ${minOps}–${maxOps} operations)`, { timeout: 900_000 }, async () => {
    // A safety net only: the runs take about a third of a second each.
    const details = await fc.check(fc.asyncProperty(scenarioArb(minOps, maxOps), shrinkable), { seed, numRuns, interruptAfterTimeLimit: 600_000 });
    if (!details.failed) {
      if (details.interrupted) throw new Error(`Only ${details.numRuns} of ${numRuns} runs fit in the time limit: the billing core got much slower`);
      return;
    }
    const sc = details.counterexample![0];
    const first = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const tryIt = async (x: Scenario) => {
      try {
        await play(x);
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    };
    const { scenario, failure } = await minimize(sc, tryIt, failureKind(first), Date.now() + 60_000);
    throw new Error(
      `Property failed (seed ${details.seed}, path "${details.counterexamplePath}", shrunk ${details.numShrinks} times; replay with FC_SEED=${details.seed}).\n` +
        `Minimal scenario (${scenario.ops.length} operations): ${JSON.stringify(scenario)}\n\n${failure}`,
    );
  });
});
