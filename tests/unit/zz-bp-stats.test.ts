import fs from 'node:fs';
import fc from 'fast-check';
import { it } from 'vitest';
import { billingWorld } from '../support/billing';
import { startRouterSim } from '../peers/routeros-sim';
import { applyOp, checkInvariants, scenarioArb, startScenario, triage } from '../support/billing-model';

triage.knownStaleIsolation = true;
it('stats', { timeout: 3_600_000 }, async () => {
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  const stats = new Map<string, number>();
  const bump = (k: string) => stats.set(k, (stats.get(k) ?? 0) + 1);
  let opsTotal = 0;
  for (const sc of fc.sample(scenarioArb(15, 40), { seed: Number(process.env.SEED ?? 20_280_229), numRuns: Number(process.env.RUNS ?? 30) })) {
    const w = await billingWorld({ start: sc.start, sim });
    const c = await startScenario(w, sc.start, sc.office);
    try { for (const op of sc.ops) { await applyOp(c, op); await checkInvariants(c); opsTotal++; } } catch (e) { bump('FAIL ' + (e as Error).message.split('\n')[0]!.slice(0, 80)); }
    for (const t of c.trace) {
      const s = t.trim();
      const m = /^(?:s\d+ = )?(\S+)/.exec(s)!;
      let k = m[1]!;
      if (s.includes('→ ok')) k += ' ok'; else { const r = /refused (\S+)/.exec(s); if (r) k += ' refused ' + r[1]; }
      if (s.includes('[scheduled]')) k += ' [sched]';
      if (/isolated [1-9]/.test(s)) bump('ISOLATED>0');
      if (/restored [1-9]/.test(s)) bump('RESTORED>0');
      if (/late fees [1-9]/.test(s)) bump('LATEFEES>0');
      if (s.startsWith('scheduled')) k = 'scheduled ' + (s.includes('fails') ? 'fails ' + s.split('fails: ')[1] : 'happens');
      if (s.startsWith('world')) k = 'world';
      bump(k);
    }
    const [r] = await w.core.db.manager.query("SELECT (SELECT count(*) FROM subscriptions WHERE status='isolated') iso, (SELECT count(*) FROM invoices WHERE kind='manual' AND charge_type='late_fee') lf, (SELECT count(*) FROM billing_periods WHERE months>1) pk, (SELECT count(*) FROM subscriptions WHERE billing_mode='prepaid') pp, (SELECT count(*) FROM invoice_lines WHERE kind='rounding') rl");
    for (const [k, v] of Object.entries(r)) if (Number(v) > 0) bump('db ' + k);
    await w.close(); fs.rmSync(w.dataDir, { recursive: true, force: true });
  }
  console.log(`ops ${opsTotal}\n` + [...stats].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
  await sim.close();
});
