import fc from 'fast-check';
import { it } from 'vitest';
import { billingWorld } from '../support/billing';
import { applyOp, checkInvariants, createArb, opArb, startArb, startScenario } from '../support/billing-model';

it('debug', { timeout: 600_000 }, async () => {
  const samples = fc.sample(fc.tuple(startArb, fc.constantFrom(0, 0, 20_000), createArb, fc.array(opArb, { minLength: 15, maxLength: 40 })), { seed: 20_270_229, numRuns: 30 });
  const stats = new Map<string, number>();
  let n = 0;
  for (const [start, th, first, ops] of samples) {
    const w = await billingWorld({ start });
    const c = await startScenario(w, start, th);
    const t0 = Date.now();
    for (const op of [first, ...ops]) { await applyOp(c, op); await checkInvariants(c); }
    for (const t of c.trace) { const k = t.replace(/^\s+/, '').split(' ')[0] + (t.includes('refused') ? ' refused ' + (t.match(/refused (\S+)/)?.[1]) : t.includes('→ ok') ? ' ok' : ''); stats.set(k, (stats.get(k) ?? 0) + 1); if (/isolated [1-9]/.test(t)) stats.set('ISOLATED>0', (stats.get('ISOLATED>0') ?? 0) + 1); if (/restored [1-9]/.test(t)) stats.set('RESTORED>0', (stats.get('RESTORED>0') ?? 0) + 1); }
    if (n++ < 0) console.log(c.trace.join('\n'), '\n', Date.now() - t0, 'ms');
    await w.close();
  }
  console.log([...stats].sort().map(([k, v]) => `${k}: ${v}`).join('\n'));
});
