import type { Db } from '../../core/db';
import { pad } from '../../core/counters';
import { addDays, type LocalDate, type Period } from './engine/dates';
import { periodDraft, type Draft } from './engine/invoice';
import { resettle } from './ledger';

const CHUNK = 2000;

interface DueSub {
  id: number;
  customer_id: number;
  anchor_day: number;
  due_days: number;
  discount: number;
  billed_until: string;
  plan_name: string;
  price: number;
  tax_rate_bp: number;
}

export interface RunOptions {
  today: LocalDate;
  at: string;
  prefix: string;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, created: number): void;
  /** Tests: called before each invoice is written (throw to simulate a crash mid-chunk). */
  beforeInvoice?(subscriptionId: number): void;
}

export interface RunResult {
  created: number;
  total: number;
  subscriptions: number;
}

/**
 * Issues every periodic invoice due up to `today`, in chunks of one transaction each. A subscription's
 * invoice and its new billed_until commit together, and (subscription, period start) is unique, so a
 * second run — or a rerun after a crash — issues nothing twice. Uses prepared statements on the same
 * connection (inside the write transaction) because this runs over every customer of the office.
 */
export async function runInvoices(db: Db, o: RunOptions): Promise<RunResult> {
  const raw = db.raw();
  // Most subscriptions share a plan, a discount and a period: compute each draft (and its line JSON) once.
  const drafts = new Map<string, { draft: Draft; period: Period; params: string[] }>();
  const draftOf = (s: DueSub, start: LocalDate) => {
    const key = `${s.plan_name}|${s.price}|${s.tax_rate_bp}|${s.discount}|${start}|${s.anchor_day}`;
    let d = drafts.get(key);
    if (!d) {
      const { draft, period } = periodDraft({ name: s.plan_name, price: s.price, taxRateBp: s.tax_rate_bp }, s.discount, start, s.anchor_day);
      d = { draft, period, params: draft.lines.map((l) => JSON.stringify(l.params)) };
      drafts.set(key, d);
    }
    return d;
  };
  const countDue = raw.prepare("SELECT count(*) AS n FROM subscriptions WHERE status IN ('active','isolated') AND billed_until <= ?");
  const total0 = (countDue.get(o.today) as { n: number }).n;
  const result: RunResult = { created: 0, total: 0, subscriptions: 0 };
  let afterId = 0;
  while (!o.signal?.aborted) {
    const done = await db.write(async (em) => {
      const due = raw
        .prepare(
          `SELECT s.id, s.customer_id, s.anchor_day, s.due_days, s.discount, s.billed_until, p.name AS plan_name, p.price, p.tax_rate_bp
             FROM subscriptions s JOIN plans p ON p.id = s.plan_id
            WHERE s.status IN ('active','isolated') AND s.billed_until <= ? AND s.id > ? ORDER BY s.id LIMIT ?`,
        )
        .all(o.today, afterId, CHUNK) as DueSub[];
      if (due.length === 0) return true;
      // Balances of the chunk's customers in one query, then kept up to date in memory.
      const ids = [...new Set(due.map((s) => s.customer_id))];
      const balances = new Map<number, number>(ids.map((id) => [id, 0]));
      const sums = raw.prepare(`SELECT customer_id AS id, SUM(amount) AS b FROM ledger_entries WHERE customer_id IN (SELECT value FROM json_each(?)) GROUP BY customer_id`);
      for (const r of sums.all(JSON.stringify(ids)) as { id: number; b: number }[]) balances.set(r.id, r.b);
      // Numbers are counted in memory for the chunk and stored once at its end, in the same transaction.
      const readCounter = raw.prepare('SELECT value FROM counters WHERE name = ?').pluck();
      const writeCounter = raw.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value');
      const counters = new Map<string, number>();
      const next = (name: string): number => {
        const v = (counters.get(name) ?? ((readCounter.get(name) as number | undefined) ?? 0)) + 1;
        counters.set(name, v);
        return v;
      };
      const insInvoice = raw.prepare(
        `INSERT INTO invoices (number, customer_id, subscription_id, kind, period_start, period_end, issue_date, due_date, subtotal, tax, total, previous_balance, paid, status, created_by, created_at)
         VALUES (?,?,?,'period',?,?,?,?,?,?,?,?,?,?,NULL,?)
         ON CONFLICT (subscription_id, period_start) WHERE kind = 'period' DO NOTHING`,
      );
      const insLine = raw.prepare('INSERT INTO invoice_lines (invoice_id, position, kind, description, params, amount, counted) VALUES (?,?,?,?,?,?,?)');
      const insLedger = raw.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, invoice_id, payment_id, memo, created_by, created_at) VALUES (?, 'invoice', ?, ?, NULL, ?, NULL, ?)");
      // billed_until and the terms the new period was invoiced at, grouped (most subscriptions share them).
      const setBilled = raw.prepare(
        'UPDATE subscriptions SET billed_until = ?, period_plan = ?, period_price = ?, period_discount = ?, period_tax_bp = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))',
      );
      const moved = new Map<string, { args: [string, string, number, number, number]; ids: number[] }>();
      const settleAfter = new Set<number>();
      for (const s of due) {
        let start = s.billed_until;
        while (start <= o.today) {
          const { draft, period, params } = draftOf(s, start);
          o.beforeInvoice?.(s.id);
          // Numbered by the day of the run, so numbers stay in order even when months are caught up.
          const [y, m] = o.today.split('-');
          const counter = `invoice:${y}-${m}`;
          const number = `${o.prefix}/${y}/${m}/${pad(next(counter), 5)}`;
          const previous = balances.get(s.customer_id) ?? 0;
          // Older invoices are settled first, so only a credit balance can pay the new one.
          const paid = draft.total <= 0 ? draft.total : Math.max(0, Math.min(draft.total, -previous));
          const status = paid === draft.total ? 'paid' : paid > 0 ? 'partial' : 'open';
          const ins = insInvoice.run(number, s.customer_id, s.id, period.start, period.end, period.start, addDays(period.start, s.due_days), draft.subtotal, draft.tax, draft.total, previous, paid, status, o.at);
          if (ins.changes === 0) {
            // Invoiced already (the unique key held): give the number back.
            counters.set(counter, counters.get(counter)! - 1);
          } else {
            const id = Number(ins.lastInsertRowid);
            balances.set(s.customer_id, previous + draft.total);
            if (draft.total < 0) settleAfter.add(s.customer_id);
            let pos = 0;
            if (previous !== 0) insLine.run(id, pos++, 'balance', previous > 0 ? 'previousBalance' : 'previousCredit', '{}', previous, 0);
            draft.lines.forEach((l, i) => insLine.run(id, pos++, l.kind, l.description, params[i], l.amount, l.counted ? 1 : 0));
            insLedger.run(s.customer_id, draft.total, id, number, o.at);
            result.created++;
            result.total += draft.total;
          }
          start = period.end;
        }
        const key = `${start}|${s.plan_name}|${s.price}|${s.discount}|${s.tax_rate_bp}`;
        const group = moved.get(key);
        if (group) group.ids.push(s.id);
        else moved.set(key, { args: [start, s.plan_name, s.price, s.discount, s.tax_rate_bp], ids: [s.id] });
        result.subscriptions++;
      }
      for (const { args, ids } of moved.values()) setBilled.run(...args, o.at, JSON.stringify(ids));
      // A credit-note period (discount above price, never allowed now but possible in old data) settles older invoices.
      for (const customerId of settleAfter) await resettle(em, customerId);
      for (const [name, value] of counters) writeCounter.run(name, value);
      afterId = due[due.length - 1]!.id;
      return false;
    });
    o.onProgress?.(Math.min(result.subscriptions, total0), total0, result.created);
    if (done) break;
  }
  return result;
}
