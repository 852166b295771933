import type { EntityManager } from 'typeorm';
import type { DomainEvents } from '../../core/domain-events';
import { addDays, anchorAfter, type LocalDate, type Period } from '../../../shared/dates';
import { desiredLines, finish, suspendedOn, type DraftLine, type FinishOptions } from './engine/invoice';
import { sameTerms, type TermsRow } from './engine/timeline';
import type { SubscriptionRow } from './entities';
import { anchorDayOf } from './context';
import { appendTerms, cacheTerms } from './terms';
import type { InvoiceWriter } from './writer';

/**
 * Due date of an invoice for days from `start`: postpaid, `dueDays` after the start; prepaid, the day before
 * it (paid before the service). A catch-up or back-dated invoice is never due before the day it is made.
 */
export function dueDateOf(start: LocalDate, today: LocalDate, sub: Pick<SubscriptionRow, 'dueDays' | 'billingMode'>): LocalDate {
  const due = sub.billingMode === 'prepaid' ? addDays(start, -1) : addDays(start, sub.dueDays);
  const earliest = sub.billingMode === 'prepaid' ? today : addDays(today, sub.dueDays);
  return due > earliest ? due : earliest;
}

/** Periods starting up to this day are invoiced now: today, or `leadDays` ahead for prepaid. */
export const horizonOf = (sub: Pick<SubscriptionRow, 'billingMode'>, today: LocalDate, leadDays: number): LocalDate => (sub.billingMode === 'prepaid' ? addDays(today, leadDays) : today);

/**
 * The period that starts at a subscription's cursor (billed_until): one month when it is the month the service
 * started in (the first, prorated days), otherwise the subscription's package length (1, 3, 6 or 12 months).
 */
export function periodAtCursor(sub: Pick<SubscriptionRow, 'anchor' | 'anchorDay' | 'activatedOn' | 'installDate' | 'cycleMonths'>, cursor: LocalDate): Period {
  const months = sub.activatedOn && cursor < sub.activatedOn ? 1 : sub.cycleMonths || 1;
  return { start: cursor, end: anchorAfter(cursor, anchorDayOf(sub, sub.activatedOn ?? sub.installDate), months), months };
}

export interface IssueContext {
  em: EntityManager;
  writer: InvoiceWriter;
  today: LocalDate;
  at: string;
  createdBy: number | null;
  /** Prepaid subscriptions are invoiced this many days ahead. */
  leadDays: number;
  /** Rounding of totals (office setting). */
  finish: FinishOptions;
  /** Customers whose settlement must be re-derived before the transaction ends. */
  resettle: Set<number>;
  balances: Map<number, number>;
  /** invoice.issued (and invoice.paid from settlement) are published through these, in the context's transaction. */
  events: DomainEvents;
  /** Invoices written since the last publishIssued (they are published once the counters are flushed). */
  issued: IssuedInvoice[];
}

interface IssuedInvoice {
  id: number;
  number: string;
  customerId: number;
  subscriptionId: number | null;
  kind: 'period' | 'activation' | 'change' | 'final' | 'manual';
  total: number;
  dueDate: LocalDate;
}

/** invoice.issued for every invoice written in this context since the last call, in the order they were written. */
export async function publishIssued(c: IssueContext): Promise<void> {
  const at = new Date(c.at);
  for (const i of c.issued.splice(0)) {
    await c.events.publish(c.em, 'invoice.issued', { invoiceId: i.id, customerId: i.customerId, subscriptionId: i.subscriptionId, number: i.number, kind: i.kind, total: i.total, dueDate: i.dueDate }, at);
  }
}

export async function balanceFor(c: IssueContext, customerId: number): Promise<number> {
  let b = c.balances.get(customerId);
  if (b === undefined) {
    const [r] = (await c.em.query('SELECT COALESCE(SUM(amount), 0) AS b FROM ledger_entries WHERE customer_id = ?', [customerId])) as { b: number }[];
    b = r?.b ?? 0;
  }
  return b;
}

/** Writes one invoice through the writer, keeping the customer's running balance and settlement in step. */
export async function writeInvoice(c: IssueContext, inv: Omit<Parameters<InvoiceWriter['write']>[0], 'previousBalance' | 'createdBy'>): Promise<{ id: number; number: string }> {
  return writeInvoiceAfter(c, inv, await balanceFor(c, inv.customerId));
}

/** The same, when the customer's balance before it is known (the daily run reads a chunk's balances at once). */
export function writeInvoiceAfter(c: IssueContext, inv: Omit<Parameters<InvoiceWriter['write']>[0], 'previousBalance' | 'createdBy'>, previous: number): { id: number; number: string } {
  const w = c.writer.write({ ...inv, previousBalance: previous, createdBy: c.createdBy });
  c.issued.push({ id: w.id, number: w.number, customerId: inv.customerId, subscriptionId: inv.subscriptionId, kind: inv.kind, total: inv.draft.total, dueDate: inv.dueDate });
  c.balances.set(inv.customerId, previous + inv.draft.total);
  if (previous < 0 || inv.draft.total < 0 || (inv.credits?.length ?? 0) > 0) c.resettle.add(inv.customerId);
  return w;
}

const isZero = (lines: DraftLine[]) => lines.every((l) => l.amount === 0);

/**
 * Invoices every period of one subscription that is due by `today` and not invoiced yet, from its timeline:
 * the same computation the daily run makes, one period at a time. A period that owes nothing (paused
 * throughout) is registered without an invoice. The first period of an activation carries the installation fee.
 */
export async function issueDue(
  c: IssueContext,
  sub: SubscriptionRow,
  rows: TermsRow[],
  opts: { activation?: { installFee: number; feeTaxBp: number; taxIncluded: boolean }; plan?: { id: number; name: string; price: number; taxRateBp: number; taxIncluded: boolean } } = {},
): Promise<number[]> {
  const ids: number[] = [];
  let first = true;
  const horizon = horizonOf(sub, c.today, c.leadDays);
  while (sub.billedUntil && sub.billedUntil <= horizon) {
    const p = periodAtCursor(sub, sub.billedUntil);
    const latest = rows[rows.length - 1];
    // A plan's new price holds from the first period that starts after the change.
    const now = opts.plan && {
      planId: opts.plan.id,
      planName: opts.plan.name,
      price: opts.plan.price,
      taxBp: opts.plan.taxRateBp,
      discount: latest?.discount ?? 0,
      taxIncluded: opts.plan.taxIncluded,
      cycleDiscountBp: sub.cycleDiscountBp,
    };
    if (now && latest && latest.billable && latest.startsOn <= p.start && !sameTerms(latest, now)) {
      const terms = { ...now, billable: true };
      rows.push(await appendTerms(c.em, sub.id, { ...terms, event: 'price', startsOn: p.start, prevStatus: sub.status, prevPlanId: sub.planId, prevDiscount: latest.discount, createdBy: null, at: c.at }));
      cacheTerms(sub, terms, p.start);
    }
    // Registered while isolated (and isolated days are not billed): the isolated days of this period are free.
    p.suspended = suspendedOn(rows, p.start);
    const [reg] = (await c.em.query('INSERT INTO billing_periods (subscription_id, start, end, months, suspended, created_at) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING id', [
      sub.id,
      p.start,
      p.end,
      p.months ?? 1,
      p.suspended ? 1 : 0,
      c.at,
    ])) as { id: number }[];
    if (reg) {
      const lines = desiredLines(rows, p);
      const activation = first && opts.activation;
      if (activation && activation.installFee > 0) {
        lines.push({ kind: 'fee', description: 'installFee', params: {}, amount: activation.installFee, counted: true, taxBp: activation.feeTaxBp, taxIncluded: activation.taxIncluded, periodStart: null });
      }
      if (!isZero(lines)) {
        const from = lines.find((l) => l.periodStart !== null)?.params.from;
        const w = await writeInvoice(c, {
          customerId: sub.customerId,
          subscriptionId: sub.id,
          kind: activation ? 'activation' : 'period',
          periodStart: activation && typeof from === 'string' ? from : p.start,
          periodEnd: p.end,
          dueDate: dueDateOf(activation && typeof from === 'string' ? from : p.start, c.today, sub),
          draft: finish(lines, c.finish),
        });
        await c.em.query('UPDATE billing_periods SET invoice_id = ? WHERE id = ?', [w.id, reg.id]);
        ids.push(w.id);
      }
    }
    first = false;
    sub.billedUntil = p.end;
  }
  return ids;
}
