/**
 * Money is proven, not sampled: random sequences of billing operations on random dates (leap years included)
 * against the real core on a real SQLite file, with every invariant of tests/support/billing-model.ts checked
 * after every step. Replay a failure with FC_SEED=<seed> (and FC_PATH=<path> to go straight to the shrunk case);
 * FC_RUNS raises the number of runs for a longer local soak.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { billingWorld } from '../support/billing';
import { createArb, opArb, runScenario, startArb } from '../support/billing-model';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20_270_229;
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 30;
const path = process.env.FC_PATH;

let sim: RouterSim | null = null;
afterAll(async () => {
  await sim?.close();
});

describe('billing property: every step keeps the books exact', () => {
  it(`random operation sequences keep invariants 1–5 (seed ${seed}, ${numRuns} runs)`, { timeout: 900_000 }, async () => {
    // One simulated router for all runs (usernames are unique per run); one fresh office and database per run.
    sim ??= await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
    const router = sim;
    await fc.assert(
      fc.asyncProperty(
        startArb,
        fc.constantFrom(0, 0, 20_000),
        createArb,
        fc.array(opArb, { minLength: 15, maxLength: 40 }),
        async (start, threshold, first, ops) => {
          const w = await billingWorld({ start, sim: router });
          try {
            await runScenario(w, start, threshold, [first, ...ops]);
          } finally {
            await w.close();
            fs.rmSync(w.dataDir, { recursive: true, force: true });
          }
        },
      ),
      { seed, numRuns, ...(path ? { path } : {}), verbose: 1 },
    );
  });
});
