import type { Db } from '../../core/db';
import { DomainEvents } from '../../core/domain-events';
import { addDays, anchorAfter, type LocalDate } from '../../../shared/dates';
import { finish, serviceLines, type Draft, type FinishOptions } from './engine/invoice';
import { SubscriptionEntity } from './entities';
import { resettle } from './ledger';
import { dueDateOf, horizonOf, issueDue, publishIssued, writeInvoiceAfter, type IssueContext } from './periods';
import { ensureTimeline, loadTerms } from './terms';
import { InvoiceWriter } from './writer';

const CHUNK = 2000;

interface DueSub {
  id: number;
  customer_id: number;
  anchor_day: number;
  cycle_months: number;
  cycle_discount_bp: number;
  activated_on: string | null;
  due_days: number;
  billing_mode: 'postpaid' | 'prepaid';
  billed_until: string;
  status: string;
  terms_since: string | null;
  plan_id: number;
  period_plan: string | null;
  period_price: number;
  period_discount: number;
  period_tax_bp: number;
  period_tax_included: number;
  plan_name: string;
  price: number;
  tax_rate_bp: number;
}

export interface RunOptions {
  today: LocalDate;
  at: string;
  prefix: string;
  /** Prepaid subscriptions are invoiced this many days before their period starts. */
  leadDays: number;
  /** Prices include PPN now (office setting). */
  taxIncluded: boolean;
  finish: FinishOptions;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, created: number): void;
  /** Tests: called before each invoice is written (throw to simulate a crash mid-chunk). */
  beforeInvoice?(subscriptionId: number): void;
  /** Tests: every subscription through the general per-subscription path (to prove both paths agree). */
  general?: boolean;
  /**
   * Where invoice.issued and invoice.paid are published, in each chunk's transaction (the billing module passes
   * the app's). Omitted (a test running the bare function): a bus nobody listens to.
   */
  events?: DomainEvents;
}

export interface RunResult {
  created: number;
  total: number;
  subscriptions: number;
}

/**
 * Issues every periodic invoice due up to `today`, in chunks of one transaction each. A subscription's
 * invoices, its registered periods and its new cursor commit together, and (subscription, period start) is
 * unique, so a second run — or a rerun after a crash — issues nothing twice.
 *
 * One issuing path: a subscription whose terms have held since before its next period and whose plan still
 * has the price it was billed at owes whole periods at those terms — exactly what the general path
 * (`issueDue`, used by every lifecycle event) computes from its timeline, written by the same InvoiceWriter;
 * such periods are computed once per distinct terms. Every other subscription goes through `issueDue` itself.
 */
export async function runInvoices(db: Db, o: RunOptions): Promise<RunResult> {
  const raw = db.raw();
  const events = o.events ?? new DomainEvents();
  const at = new Date(o.at);
  const drafts = new Map<string, Draft>();
  const dueDates = new Map<string, string>();
  const wholePeriod = (s: DueSub, start: LocalDate, end: LocalDate, months: number): Draft => {
    const k = `${s.period_plan}|${s.period_price}|${s.period_tax_bp}|${s.period_tax_included}|${s.period_discount}|${s.cycle_discount_bp}|${start}|${end}|${months}`;
    let d = drafts.get(k);
    if (!d) {
      const t = { planId: s.plan_id, planName: s.period_plan!, price: s.period_price, taxBp: s.period_tax_bp, discount: s.period_discount, taxIncluded: Boolean(s.period_tax_included), cycleDiscountBp: s.cycle_discount_bp };
      d = finish(serviceLines(t, start, end, { start, end, months }), o.finish);
      drafts.set(k, d);
    }
    return d;
  };
  const prepaidHorizon = addDays(o.today, o.leadDays);
  const DUE = "s.status IN ('active','isolated') AND s.billed_until <= CASE WHEN s.billing_mode = 'prepaid' THEN ? ELSE ? END";
  const countDue = raw.prepare(`SELECT count(*) AS n FROM subscriptions s WHERE ${DUE}`);
  const total0 = (countDue.get(prepaidHorizon, o.today) as { n: number }).n;
  const result: RunResult = { created: 0, total: 0, subscriptions: 0 };
  let afterId = 0;
  while (!o.signal?.aborted) {
    const done = await db.write(async (em) => {
      const due = raw
        .prepare(
          `SELECT s.id, s.customer_id, s.anchor_day, s.cycle_months, s.cycle_discount_bp, s.activated_on, s.due_days, s.billing_mode, s.billed_until, s.status, s.terms_since, s.plan_id, s.period_plan, s.period_price, s.period_discount, s.period_tax_bp, s.period_tax_included,
                  p.name AS plan_name, p.price, p.tax_rate_bp
             FROM subscriptions s JOIN plans p ON p.id = s.plan_id
            WHERE ${DUE} AND s.id > ? ORDER BY s.id LIMIT ?`,
        )
        .all(prepaidHorizon, o.today, afterId, CHUNK) as DueSub[];
      if (due.length === 0) return true;
      const c: IssueContext = { em, writer: new InvoiceWriter(raw, o.prefix, o.today, o.at), today: o.today, at: o.at, createdBy: null, leadDays: o.leadDays, finish: o.finish, resettle: new Set(), balances: new Map(), events, issued: [] };
      // Balances of the chunk's customers in one query, then kept up to date in memory.
      const ids = [...new Set(due.map((s) => s.customer_id))];
      for (const id of ids) c.balances.set(id, 0);
      const sums = raw.prepare(`SELECT customer_id AS id, SUM(amount) AS b FROM ledger_entries WHERE customer_id IN (SELECT value FROM json_each(?)) GROUP BY customer_id`);
      for (const r of sums.all(JSON.stringify(ids)) as { id: number; b: number }[]) c.balances.set(r.id, r.b);
      const register = raw.prepare('INSERT INTO billing_periods (subscription_id, start, end, months, invoice_id, created_at) VALUES (?,?,?,?,?,?)');
      const moved = new Map<string, number[]>();
      for (const s of due) {
        // Isolated subscriptions go the general way: their periods may not be billed (billIsolated off).
        const fast = !o.general && s.status === 'active' && s.terms_since !== null && s.terms_since <= s.billed_until && s.period_plan === s.plan_name && s.period_price === s.price && s.period_tax_bp === s.tax_rate_bp && Boolean(s.period_tax_included) === o.taxIncluded;
        if (!fast) {
          const sub = await em.getRepository(SubscriptionEntity).findOneByOrFail({ id: s.id });
          await ensureTimeline(em, sub, o.at);
          const created = await issueDueCounted(c, sub, o, { id: s.plan_id, name: s.plan_name, price: s.price, taxRateBp: s.tax_rate_bp, taxIncluded: o.taxIncluded });
          result.created += created.count;
          result.total += created.total;
          await em.getRepository(SubscriptionEntity).save(sub);
          result.subscriptions++;
          continue;
        }
        let start = s.billed_until;
        const mode = { billingMode: s.billing_mode, dueDays: s.due_days };
        const horizon = horizonOf(mode, o.today, o.leadDays);
        while (start <= horizon) {
          // The first month of a package subscription is a month of its own (see periodAtCursor).
          const months = s.activated_on && start < s.activated_on ? 1 : s.cycle_months;
          const end = anchorAfter(start, s.anchor_day, months);
          const draft = wholePeriod(s, start, end, months);
          o.beforeInvoice?.(s.id);
          // The cursor says this period is not registered yet; the unique key would stop the chunk if it were.
          let invoiceId: number | null = null;
          if (draft.total !== 0) {
            const dueKey = `${start}|${s.billing_mode}|${s.due_days}`;
            let due = dueDates.get(dueKey);
            if (!due) dueDates.set(dueKey, (due = dueDateOf(start, o.today, mode)));
            const w = writeInvoiceAfter(c, { customerId: s.customer_id, subscriptionId: s.id, kind: 'period', periodStart: start, periodEnd: end, dueDate: due, draft }, c.balances.get(s.customer_id) ?? 0);
            invoiceId = w.id;
            result.created++;
            result.total += draft.total;
          }
          register.run(s.id, start, end, months, invoiceId, o.at);
          start = end;
        }
        const group = moved.get(start);
        if (group) group.push(s.id);
        else moved.set(start, [s.id]);
        result.subscriptions++;
      }
      const setCursor = raw.prepare('UPDATE subscriptions SET billed_until = ?, updated_at = ? WHERE id IN (SELECT value FROM json_each(?))');
      for (const [cursor, subIds] of moved) setCursor.run(cursor, o.at, JSON.stringify(subIds));
      c.writer.flush();
      await publishIssued(c);
      for (const customerId of c.resettle) await resettle(em, customerId, events, at);
      afterId = due[due.length - 1]!.id;
      return false;
    });
    o.onProgress?.(Math.min(result.subscriptions, total0), total0, result.created);
    if (done) break;
  }
  return result;
}

/** The general path for one subscription of the run (its plan as the run read it), with what it created. */
async function issueDueCounted(c: IssueContext, sub: Parameters<typeof issueDue>[1], o: RunOptions, plan: NonNullable<Parameters<typeof issueDue>[3]>['plan']): Promise<{ count: number; total: number }> {
  o.beforeInvoice?.(sub.id);
  const ids = await issueDue(c, sub, await loadTerms(c.em, sub.id), { plan });
  if (ids.length === 0) return { count: 0, total: 0 };
  const [r] = (await c.em.query('SELECT COALESCE(SUM(total), 0) AS t FROM invoices WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)])) as { t: number }[];
  return { count: ids.length, total: r?.t ?? 0 };
}
