/**
 * Issue 4: the invoice run for 50,000 active subscriptions, against (a) a raw better-sqlite3 insert of the
 * very same rows and (b) a TypeORM repository.save loop, with the peak memory of the run.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../main/app/app';
import { InvoiceEntity, InvoiceLineEntity, LedgerEntity } from '../main/modules/billing/entities';

const SUBS = Number(process.env.BENCH_SUBS ?? 50_000);
const SAVE_SAMPLE = Math.min(SUBS, 5_000);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function freshCore(dir: string, now: Date): Promise<Core> {
  return createCore({ mode: 'server', dataDir: dir, version: 'bench', productName: 'Mikrotik Billing', http: { enabled: false }, rendererDir: null, logToConsole: false, logLevel: 'error', schedule: false, now: () => now });
}

/** 50,000 customers with one active subscription each, billed until 1 Dec (raw inserts: this is set-up, not measured). */
function seed(file: string, n: number): void {
  const db = new Database(file);
  const at = '2026-11-01T03:00:00.000Z';
  db.transaction(() => {
    db.prepare("INSERT INTO routers (name, host, port, tls, username, password_sealed, notes, created_at, updated_at) VALUES ('Tower', '127.0.0.1', 8728, 0, 'admin', '', '', ?, ?)").run(at, at);
    db.prepare("INSERT INTO plans (name, price, tax_rate_bp, profile_name, rate_limit, created_at, updated_at) VALUES ('Paket 10M', 150000, 1100, 'pk-10M', '10M/10M', ?, ?)").run(at, at);
    const c = db.prepare("INSERT INTO customers (number, name, status, search, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, ?)");
    const s = db.prepare(
      `INSERT INTO subscriptions (customer_id, plan_id, router_id, username, password, status, install_date, anchor, anchor_day, due_days, grace_days, discount, install_fee, activated_on, billed_until,
                                  terms_since, period_plan, period_price, period_discount, period_tax_bp, created_at, updated_at)
       VALUES (?, 1, 1, ?, 'pw', 'active', '2026-10-01', 'fixed', 1, 10, 3, ?, 0, '2026-10-01', '2026-12-01', '2026-10-01', 'Paket 10M', 150000, ?, 1100, ?, ?)`,
    );
    const t = db.prepare(
      "INSERT INTO subscription_terms (subscription_id, starts_on, event, billable, plan_id, plan_name, price, tax_bp, discount, created_at) VALUES (?, '2026-10-01', 'activate', 1, 1, 'Paket 10M', 150000, 1100, ?, ?)",
    );
    for (let i = 1; i <= n; i++) {
      c.run(`PLG-${String(i).padStart(6, '0')}`, `Pelanggan ${i}`, `pelanggan ${i}`, at, at);
      const discount = i % 10 === 0 ? 10_000 : 0;
      s.run(i, `u${i}`, discount, discount, at, at);
      t.run(i, discount, at);
    }
  })();
  db.close();
}

export async function invoiceRun(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-billing-'));
  const now = new Date('2026-12-01T03:00:00.000Z');
  const dirs = ['app', 'raw', 'save'].map((d) => path.join(root, d));
  try {
    // Schema for all three by the real migrations.
    for (const d of dirs) await (await freshCore(d, now)).close();
    for (const d of dirs) seed(path.join(d, 'mikrotik-billing.sqlite'), SUBS);

    // The app's invoice run.
    const core = await freshCore(dirs[0]!, now);
    let peak = process.memoryUsage().rss;
    const base = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let t0 = process.hrtime.bigint();
    const r = await core.billing.runInvoices(now);
    const appMs = ms(t0);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const invoices = (await core.db.manager.query('SELECT * FROM invoices ORDER BY id')) as Record<string, unknown>[];
    const lines = (await core.db.manager.query('SELECT * FROM invoice_lines ORDER BY id')) as Record<string, unknown>[];
    const ledger = (await core.db.manager.query('SELECT * FROM ledger_entries ORDER BY id')) as Record<string, unknown>[];
    const periods = (await core.db.manager.query('SELECT * FROM billing_periods ORDER BY id')) as Record<string, unknown>[];
    await core.close();

    // (a) Raw better-sqlite3: insert exactly those rows, one transaction, prepared statements.
    const raw = new Database(path.join(dirs[1]!, 'mikrotik-billing.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    const insert = (table: string, rows: Record<string, unknown>[]) => {
      if (!rows.length) return;
      const cols = Object.keys(rows[0]!);
      const st = raw.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
      for (const row of rows) st.run(...cols.map((c) => row[c]));
    };
    t0 = process.hrtime.bigint();
    raw.transaction(() => {
      insert('invoices', invoices);
      insert('invoice_lines', lines);
      insert('ledger_entries', ledger);
      insert('billing_periods', periods);
    })();
    const rawMs = ms(t0);
    raw.close();

    // (b) TypeORM repository.save, one row at a time (a sample, scaled).
    const saveCore = await freshCore(dirs[2]!, now);
    const sample = invoices.slice(0, SAVE_SAMPLE);
    const ids = new Set(sample.map((i) => i.id));
    t0 = process.hrtime.bigint();
    await saveCore.db.write(async (em) => {
      const camel = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), v]));
      for (const inv of sample) await em.getRepository(InvoiceEntity).save(camel(inv));
      for (const l of lines) if (ids.has(l.invoice_id)) await em.getRepository(InvoiceLineEntity).save(camel(l));
      for (const e of ledger) if (ids.has(e.invoice_id)) await em.getRepository(LedgerEntity).save(camel(e));
    });
    const saveMs = (ms(t0) * invoices.length) / sample.length;
    await saveCore.close();

    console.log(`\n## Billing: invoice run for ${SUBS.toLocaleString('en')} active subscriptions (${r.created.toLocaleString('en')} invoices, ${lines.length.toLocaleString('en')} lines)`);
    console.log(`raw better-sqlite3 insert of the same rows : ${rawMs.toFixed(0)} ms`);
    console.log(`repository.save loop (measured on ${sample.length.toLocaleString('en')}, scaled): ${saveMs.toFixed(0)} ms`);
    console.log(`invoice run (read, compute, number, settle, write): ${appMs.toFixed(0)} ms — ${(appMs / rawMs).toFixed(2)}× the raw insert (goal ≤ 2×: ${appMs <= 2 * rawMs ? 'met' : 'NOT met'}), ${(saveMs / appMs).toFixed(1)}× faster than repository.save`);
    console.log(`peak memory (RSS) during the run: ${(peak / 1048576).toFixed(0)} MB, +${((peak - base) / 1048576).toFixed(0)} MB over the start (goal ≤ 300 MB: ${peak <= 300 * 1048576 ? 'met' : 'NOT met'})`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
