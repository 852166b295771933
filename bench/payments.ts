/**
 * Issue 12: callbacks per second through the real listener on loopback, each authentic one checked against the
 * DuitKu double's transactionStatus (goal ≥ 500/s, 0 double credit), and public pay-page loads per second with
 * p99 (goal ≥ 1,000/s, p99 ≤ 25 ms). Baseline: GET /api/health on the same listener, same load, same run.
 *
 * The office is reached through a tunnel on this PC (behindProxy): the requests carry X-Forwarded-For from many
 * addresses, as the listener limits requests per address (module routes 600 a minute, the pay page 120).
 */
import fs from 'node:fs';
import { callbackBody, createAttempt, duitkuWorld, loadAll, percentile, sendAll, shuffle, rng, stormInvoices, type StormCallback } from '../tests/support/payments-storm';

const CALLBACKS = Number(process.env.BENCH_CALLBACKS ?? 10_000);
const PAGE_LOADS = Number(process.env.BENCH_PAY_PAGES ?? 5_000);
const IN_FLIGHT = 50;
/** Pay-page loads in flight: phones opening their links at once (p99 is measured at this concurrency). */
const PAGE_IN_FLIGHT = 8;

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const addr = (i: number) => ({ 'x-forwarded-for': `100.64.${Math.floor((i % 1000) / 250)}.${(i % 250) + 1}` });

export async function paymentsBench(): Promise<void> {
  const w = await duitkuWorld();
  try {
    const rand = rng(7);
    const invoices = await stormInvoices(w, 4, 50);
    const attempts = [];
    for (const inv of invoices) attempts.push(await createAttempt(w, inv));
    // Half paid at the gateway, a quarter failed, the rest pending; every callback authentic (each one asks the
    // status API and writes), a tenth of them forged (refused before any network call).
    const paid = new Set<number>();
    attempts.forEach((a, i) => {
      if (i % 2 === 0) {
        w.sim.pay(a.orderId);
        paid.add(a.id);
      } else if (i % 4 === 1) w.sim.fail(a.orderId);
    });
    const cbs: StormCallback[] = [];
    for (let i = 0; i < CALLBACKS; i++) {
      const a = attempts[i % attempts.length]!;
      cbs.push(callbackBody(i % 10 === 9 ? 'forged_key' : 'valid', a.orderId, a.amount, i % 3 === 0 ? '01' : '00'));
    }
    shuffle(cbs, rand);

    const cpuMsOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    const hcpu0 = process.cpuUsage();
    const health = await loadAll(CALLBACKS, IN_FLIGHT, () => `${w.core.url!}/api/health`, addr);
    const healthCpuMs = cpuMsOf(process.cpuUsage(hcpu0));
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const sent = await sendAll(w.callbackUrl, cbs, IN_FLIGHT);
    const cbMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // CPU of this process (sender, listener and double alike): what the rate is worth on a busy machine.
    const cpuMs = cpuMsOf(process.cpuUsage(cpu0));
    const fivexx = sent.filter((s) => s.status >= 500 || s.status === 0).length;
    const wrong = sent.filter((s) => s.status !== s.cb.expect).length;
    const perOrder = (await w.core.db.manager.query("SELECT idempotency_key AS k, count(*) AS n FROM payments WHERE idempotency_key LIKE 'gateway:%' GROUP BY idempotency_key")) as { k: string; n: number }[];
    const doubles = perOrder.filter((r) => r.n > 1).length;
    const missing = paid.size - perOrder.length;
    const cbRate = rate(CALLBACKS, cbMs);

    console.log(`\n## Payments: ${CALLBACKS.toLocaleString('en')} callbacks through the listener, status checked at the DuitKu double (${IN_FLIGHT} in flight, ${attempts.length} attempts)`);
    console.log(`baseline GET /api/health, same listener and load : ${health.tookMs.toFixed(0)} ms (${rate(CALLBACKS, health.tookMs)}/s), CPU ${(healthCpuMs / CALLBACKS).toFixed(2)} ms per request`);
    console.log(
      `callbacks (verify, store, transactionStatus, apply) : ${cbMs.toFixed(0)} ms (${cbRate}/s), ratio ${(cbMs / health.tookMs).toFixed(1)}× the baseline; ` +
        `CPU ${(cpuMs / CALLBACKS).toFixed(2)} ms per callback (${Math.round((CALLBACKS / cpuMs) * 1000)}/s of CPU, sender and double included); ` +
        `double credits ${doubles}, paid attempts without a payment ${missing}, 5xx/refused ${fivexx}, unexpected answers ${wrong}  (goal ≥ 500/s and 0 double credit: ${cbRate >= 500 && doubles === 0 && missing === 0 ? 'met' : 'NOT met'})`,
    );

    // The public pay page of an open invoice's link (Indonesian, methods with fees from the gateway, cached).
    const [open] = await stormInvoices(w, 1, 1, 100);
    const link = await w.owner.call('gateway.createLink', { invoiceId: open!.id });
    const pagePath = new URL(link.url).pathname;
    const first = await fetch(`${w.core.url!}${pagePath}`, { headers: addr(0) });
    const html = await first.text();
    if (first.status !== 200 || !html.includes('<html')) throw new Error(`pay page ${pagePath}: ${first.status} ${html.slice(0, 200)}`);
    const base = await loadAll(PAGE_LOADS, PAGE_IN_FLIGHT, () => `${w.core.url!}/api/health`, addr);
    const page = await loadAll(PAGE_LOADS, PAGE_IN_FLIGHT, () => `${w.core.url!}${pagePath}`, addr);
    const notOk = [...page.statuses].filter(([s]) => s !== 200).map(([s, n]) => `${n}× ${s}`);
    const p99 = percentile(page.ms, 99);
    const pageRate = rate(PAGE_LOADS, page.tookMs);
    console.log(`\n## Payments: public pay page ${pagePath.replace(/\/p\/.*/, '/p/<code>')} (${PAGE_LOADS.toLocaleString('en')} loads, ${PAGE_IN_FLIGHT} in flight, ${Buffer.byteLength(html)} bytes)`);
    console.log(`baseline GET /api/health : ${base.tookMs.toFixed(0)} ms (${rate(PAGE_LOADS, base.tookMs)}/s), p50 ${percentile(base.ms, 50).toFixed(1)} ms, p99 ${percentile(base.ms, 99).toFixed(1)} ms`);
    console.log(
      `pay page                 : ${page.tookMs.toFixed(0)} ms (${pageRate}/s), p50 ${percentile(page.ms, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ratio ${(page.tookMs / base.tookMs).toFixed(1)}× the baseline` +
        `${notOk.length ? `, not 200: ${notOk.join(', ')}` : ''}  (goal ≥ 1000/s and p99 ≤ 25 ms: ${pageRate >= 1000 && p99 <= 25 && notOk.length === 0 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await w.close();
    fs.rmSync(w.dataDir, { recursive: true, force: true });
  }
}
