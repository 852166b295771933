import type { Db } from '../../core/db';
import { pad } from '../../core/counters';
import type { LocalDate } from './engine/dates';
import { periodDraft } from './engine/invoice';

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

const addDays = (d: LocalDate, n: number): LocalDate => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Issues every periodic invoice due up to `today`, in chunks of one transaction each. A subscription's
 * invoice and its new billed_until commit together, and (subscription, period start) is unique, so a
 * second run — or a rerun after a crash — issues nothing twice. Uses prepared statements on the same
 * connection (inside the write transaction) because this runs over every customer of the office.
 */
export async function runInvoices(db: Db, o: RunOptions): Promise<RunResult> {
  const raw = db.raw();
  const countDue = raw.prepare("SELECT count(*) AS n FROM subscriptions WHERE status IN ('active','isolated') AND billed_until <= ?");
  const total0 = (countDue.get(o.today) as { n: number }).n;
  const result: RunResult = { created: 0, total: 0, subscriptions: 0 };
  let afterId = 0;
  while (!o.signal?.aborted) {
    const done = await db.write(async () => {
      const due = raw
        .prepare(
          `SELECT s.id, s.customer_id, s.anchor_day, s.due_days, s.discount, s.billed_until, p.name AS plan_name, p.price, p.tax_rate_bp
             FROM subscriptions s JOIN plans p ON p.id = s.plan_id
            WHERE s.status IN ('active','isolated') AND s.billed_until <= ? AND s.id > ? ORDER BY s.id LIMIT ?`,
        )
        .all(o.today, afterId, CHUNK) as DueSub[];
      if (due.length === 0) return true;
      const exists = raw.prepare("SELECT 1 FROM invoices WHERE subscription_id = ? AND period_start = ? AND kind = 'period'");
      const balance = raw.prepare('SELECT COALESCE(SUM(amount), 0) AS b FROM ledger_entries WHERE customer_id = ?').pluck();
      const counter = raw.prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value').pluck();
      const insInvoice = raw.prepare(
        `INSERT INTO invoices (number, customer_id, subscription_id, kind, period_start, period_end, issue_date, due_date, subtotal, tax, total, previous_balance, paid, status, created_by, created_at)
         VALUES (?,?,?,'period',?,?,?,?,?,?,?,?,?,?,NULL,?)`,
      );
      const insLine = raw.prepare('INSERT INTO invoice_lines (invoice_id, position, kind, description, params, amount, counted) VALUES (?,?,?,?,?,?,?)');
      const insLedger = raw.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, invoice_id, payment_id, memo, created_by, created_at) VALUES (?, 'invoice', ?, ?, NULL, ?, NULL, ?)");
      const setBilled = raw.prepare('UPDATE subscriptions SET billed_until = ?, updated_at = ? WHERE id = ?');
      for (const s of due) {
        let start = s.billed_until;
        const plan = { name: s.plan_name, price: s.price, taxRateBp: s.tax_rate_bp };
        while (start <= o.today) {
          const { draft, period } = periodDraft(plan, s.discount, start, s.anchor_day);
          if (!exists.get(s.id, period.start)) {
            o.beforeInvoice?.(s.id);
            const [y, m] = period.start.split('-');
            const number = `${o.prefix}/${y}/${m}/${pad(counter.get(`invoice:${y}-${m}`) as number, 5)}`;
            const previous = balance.get(s.customer_id) as number;
            // Older invoices are settled first, so only a credit balance can pay the new one.
            const paid = draft.total <= 0 ? draft.total : Math.max(0, Math.min(draft.total, -previous));
            const status = paid === draft.total ? 'paid' : paid > 0 ? 'partial' : 'open';
            const id = Number(
              insInvoice.run(number, s.customer_id, s.id, period.start, period.end, period.start, addDays(period.start, s.due_days), draft.subtotal, draft.tax, draft.total, previous, paid, status, o.at).lastInsertRowid,
            );
            let pos = 0;
            if (previous !== 0) insLine.run(id, pos++, 'balance', previous > 0 ? 'previousBalance' : 'previousCredit', '{}', previous, 0);
            for (const l of draft.lines) insLine.run(id, pos++, l.kind, l.description, JSON.stringify(l.params), l.amount, l.counted ? 1 : 0);
            insLedger.run(s.customer_id, draft.total, id, number, o.at);
            result.created++;
            result.total += draft.total;
          }
          start = period.end;
        }
        setBilled.run(start, o.at, s.id);
        result.subscriptions++;
      }
      afterId = due[due.length - 1]!.id;
      return false;
    });
    o.onProgress?.(Math.min(result.subscriptions, total0), total0, result.created);
    if (done) break;
  }
  return result;
}
