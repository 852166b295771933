/**
 * Issue 14: the customer portal's home (`POST /portal/api/portal.home`: session, customer, services, money, next
 * due invoice, last payments) loads per second and p99 through the real listener on loopback, with 50,000
 * customers in the database (each with a subscription, three invoices, two payments and their ledger), signed-in
 * customers chosen at random. Goal ≥ 1,000/s, p99 ≤ 25 ms. Baseline: GET /api/health on the same listener, same
 * load, same run. The load comes from a worker thread, as phones are not in the server's process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../main/app/app';
import type { Binding } from '../main/core/context';
import { percentile } from '../tests/support/payments-storm';
import { loadFromWorker } from './load-worker';

const CUSTOMERS = Number(process.env.BENCH_PORTAL_CUSTOMERS ?? 50_000);
const LOADS = Number(process.env.BENCH_PORTAL_LOADS ?? 5_000);
const SIGNED_IN = 200;
/** Phones opening their home page at once (p99 is measured at this concurrency). */
const IN_FLIGHT = 8;

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** Rows straight into the tables (a recursive series per table): the books of a 50,000-customer office in seconds. */
export async function seedPortal(em: { query(sql: string, params?: unknown[]): Promise<unknown> }, n: number, at: string): Promise<void> {
  const series = `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})`;
  await em.query("INSERT INTO routers (name, host, port, username, password_sealed, created_at, updated_at) VALUES ('Bench', '127.0.0.1', 8728, 'bench', 'x', ?, ?)", [at, at]);
  await em.query("INSERT INTO plans (name, price, profile_name, rate_limit, created_at, updated_at) VALUES ('Paket 10M', 150000, 'pk-10M', '10M/10M', ?, ?)", [at, at]);
  await em.query(
    `${series} INSERT INTO customers (number, name, phone, whatsapp, wa_opt_in, status, search, created_at, updated_at)
      SELECT printf('PLG-%06d', i), 'Pelanggan ' || i, printf('+62812%07d', i), printf('+62812%07d', i), 1, 'active', 'pelanggan ' || i, ?, ? FROM k`,
    [at, at],
  );
  await em.query(
    `INSERT INTO subscriptions (customer_id, plan_id, router_id, username, password, status, install_date, anchor, anchor_day, due_days, grace_days, activated_on, billed_until, created_at, updated_at)
      SELECT id, 1, 1, 'u' || id, 'pw' || id, CASE WHEN id % 10 = 0 THEN 'isolated' ELSE 'active' END, '2026-08-01', 'fixed', 1, 10, 3, '2026-08-01', '2026-12-01', ?, ? FROM customers`,
    [at, at],
  );
  for (const [m, status, paid] of [
    ['09', 'paid', 150000],
    ['10', 'paid', 150000],
    ['11', 'open', 0],
  ] as const) {
    const next = String(Number(m) + 1).padStart(2, '0');
    await em.query(
      `INSERT INTO invoices (number, customer_id, subscription_id, kind, period_start, period_end, issue_date, due_date, subtotal, tax, total, previous_balance, paid, status, created_at)
        SELECT printf('INV/2026/${m}/%06d', c.id), c.id, s.id, 'period', '2026-${m}-01', '2026-${next}-01', '2026-${m}-01', '2026-${m}-11', 150000, 0, 150000, 0, ?, ?, '2026-${m}-01T00:00:00.000Z'
          FROM customers c JOIN subscriptions s ON s.customer_id = c.id`,
      [paid, status],
    );
    await em.query(`INSERT INTO ledger_entries (customer_id, kind, amount, invoice_id, created_at) SELECT customer_id, 'invoice', total, id, created_at FROM invoices WHERE period_start = '2026-${m}-01'`);
    if (status === 'paid') {
      await em.query(
        `INSERT INTO payments (number, customer_id, amount, method, received_at, balance_after)
          SELECT printf('KW/2026/${m}/%06d', id), id, 150000, 'cash', '2026-${m}-05T03:00:00.000Z', 0 FROM customers`,
      );
      await em.query(`INSERT INTO ledger_entries (customer_id, kind, amount, payment_id, created_at) SELECT customer_id, 'payment', -amount, id, received_at FROM payments WHERE number LIKE 'KW/2026/${m}/%'`);
    }
  }
}

export async function portalBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-portal-'));
  const core = await createCore({
    mode: 'server',
    dataDir: dir,
    version: 'bench',
    productName: 'Mikrotik Billing',
    http: { enabled: true, host: '127.0.0.1', port: 0 },
    rendererDir: null,
    logToConsole: false,
    logLevel: 'error',
    schedule: false,
    // One loopback address plays every phone: the per-address limits are lifted for the measurement.
    httpLimits: { routesPerMinute: 10_000_000 },
    portalLimits: { callsPerMinute: 10_000_000, passwordFailuresPerAddress: 10_000_000 },
    now: () => new Date('2026-11-20T03:00:00.000Z'),
  });
  try {
    let token: string | null = null;
    const binding = (): Binding => ({ transport: 'internal', ip: null, token, setToken: (t) => (token = t) });
    const setup = await core.invoke('setup.complete', { office: { name: 'Bench Net' }, locale: {}, owner: { fullName: 'Bench Owner', username: 'bench', password: 'bench-pass-1' } }, binding());
    if (!setup.ok) throw new Error(JSON.stringify(setup.error));
    const t0 = process.hrtime.bigint();
    await core.db.write((em) => seedPortal(em, CUSTOMERS, '2026-08-01T00:00:00.000Z'));
    await core.db.manager.query('ANALYZE');
    const seedMs = Number(process.hrtime.bigint() - t0) / 1e6;

    const url = core.url!;
    const headers = { 'content-type': 'application/json', 'x-portal': '1' };
    const cookies: string[] = [];
    for (let i = 0; i < SIGNED_IN; i++) {
      const id = 1 + Math.floor(((i * 7919) % CUSTOMERS) + 0);
      const res = await fetch(`${url}/portal/api/portal.loginPassword`, { method: 'POST', headers, body: JSON.stringify({ username: `u${id}`, password: `pw${id}` }) });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mb_portal='));
      if (res.status !== 200 || !cookie) throw new Error(`sign-in u${id}: ${res.status} ${await res.text()}`);
      cookies.push(cookie.split(';')[0]!);
    }
    const first = await fetch(`${url}/portal/api/portal.home`, { method: 'POST', headers: { ...headers, cookie: cookies[0]! }, body: '{}' });
    const body = await first.text();
    if (first.status !== 200 || !body.includes('"nextDue"')) throw new Error(`portal.home: ${first.status} ${body.slice(0, 300)}`);

    // The phones' requests come from another thread (another program in real life): the server is measured, not the client.
    const base = await loadFromWorker({ n: LOADS, inFlight: IN_FLIGHT, url: `${url}/api/health`, method: 'GET', headers: {} });
    const home = await loadFromWorker({ n: LOADS, inFlight: IN_FLIGHT, url: `${url}/portal/api/portal.home`, method: 'POST', body: '{}', headers, cookies });
    const notOk = [...home.statuses].filter(([s]) => s !== 200).map(([s, n]) => `${n}× ${s}`);
    const p99 = percentile(home.ms, 99);
    const homeRate = rate(LOADS, home.tookMs);
    console.log(`\n## Portal: portal.home with ${CUSTOMERS.toLocaleString('en')} customers (${LOADS.toLocaleString('en')} loads by ${SIGNED_IN} signed-in customers, ${IN_FLIGHT} in flight, ${Buffer.byteLength(body)} bytes; seeded in ${seedMs.toFixed(0)} ms)`);
    console.log(`baseline GET /api/health : ${base.tookMs.toFixed(0)} ms (${rate(LOADS, base.tookMs)}/s), p50 ${percentile(base.ms, 50).toFixed(1)} ms, p99 ${percentile(base.ms, 99).toFixed(1)} ms`);
    console.log(
      `portal.home              : ${home.tookMs.toFixed(0)} ms (${homeRate}/s), p50 ${percentile(home.ms, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ratio ${(home.tookMs / base.tookMs).toFixed(1)}× the baseline` +
        `${notOk.length ? `, not 200: ${notOk.join(', ')}` : ''}  (goal ≥ 1000/s and p99 ≤ 25 ms: ${homeRate >= 1000 && p99 <= 25 && notOk.length === 0 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
