import type { EntityManager } from 'typeorm';
import { addDays, periodContaining, type LocalDate } from '../../../shared/dates';
import type { Terms, TermsRow } from './engine/timeline';
import type { PlanRow, SubscriptionRow } from './entities';
import { anchorDayOf } from './context';

export type TermsEvent = 'activate' | 'change' | 'pause' | 'resume' | 'terminate' | 'discount' | 'price' | 'adopt' | 'legacy' | 'isolate' | 'restore';

interface RawTerms {
  id: number;
  starts_on: string;
  event: string;
  billable: number;
  plan_id: number;
  plan_name: string;
  price: number;
  tax_bp: number;
  discount: number;
  tax_included: number;
  cycle_discount_bp: number;
}

const toRow = (r: RawTerms): TermsRow => ({
  id: r.id,
  startsOn: r.starts_on,
  event: r.event,
  billable: Boolean(r.billable),
  planId: r.plan_id,
  planName: r.plan_name,
  price: r.price,
  taxBp: r.tax_bp,
  discount: r.discount,
  taxIncluded: Boolean(r.tax_included),
  cycleDiscountBp: r.cycle_discount_bp,
});

/** The subscription's timeline: rows in force (undone ones left out), oldest first. */
export async function loadTerms(em: EntityManager, subscriptionId: number): Promise<TermsRow[]> {
  const rows = (await em.query('SELECT * FROM subscription_terms WHERE subscription_id = ? AND voided_at IS NULL ORDER BY id', [subscriptionId])) as RawTerms[];
  return rows.map(toRow);
}

export interface AppendTerms extends Terms {
  event: TermsEvent;
  startsOn: LocalDate;
  prevStatus: string | null;
  prevPlanId: number | null;
  prevDiscount: number | null;
  createdBy: number | null;
  at: string;
}

export async function appendTerms(em: EntityManager, subscriptionId: number, t: AppendTerms): Promise<TermsRow> {
  const [r] = (await em.query(
    `INSERT INTO subscription_terms (subscription_id, starts_on, event, billable, plan_id, plan_name, price, tax_bp, discount, tax_included, cycle_discount_bp, prev_status, prev_plan_id, prev_discount, created_by, created_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING *`,
    [subscriptionId, t.startsOn, t.event, t.billable ? 1 : 0, t.planId, t.planName, t.price, t.taxBp, t.discount, t.taxIncluded ? 1 : 0, t.cycleDiscountBp, t.prevStatus, t.prevPlanId, t.prevDiscount, t.createdBy, t.at],
  )) as RawTerms[];
  return toRow(r!);
}

export const planTerms = (plan: Pick<PlanRow, 'id' | 'name' | 'price' | 'taxRateBp'>, discount: number, billable: boolean, taxIncluded: boolean, cycleDiscountBp: number): Terms => ({
  cycleDiscountBp,
  planId: plan.id,
  planName: plan.name,
  price: plan.price,
  taxBp: plan.taxRateBp,
  discount,
  billable,
  taxIncluded,
});

/** Copies the terms in force onto the subscription (what the daily run reads). */
export function cacheTerms(sub: SubscriptionRow, t: Terms, since: LocalDate): void {
  sub.termsSince = since;
  sub.periodPlan = t.planName;
  sub.periodPrice = t.price;
  sub.periodTaxBp = t.taxBp;
  sub.periodDiscount = t.discount;
  sub.periodTaxIncluded = t.taxIncluded;
}

/**
 * A subscription billed before the timeline existed gets one: a row from the last date its history is known
 * for (its current period, its last change), and its current period registered with the invoice that charged it.
 * Events can never be dated before that row, so the unknown past is never recomputed.
 */
export async function ensureTimeline(em: EntityManager, sub: SubscriptionRow, at: string): Promise<void> {
  if (sub.termsSince !== null || sub.status === 'pending') return;
  const [plan] = (await em.query('SELECT id, name, price, tax_rate_bp FROM plans WHERE id = ?', [sub.planId])) as { id: number; name: string; price: number; tax_rate_bp: number }[];
  const anchorDay = anchorDayOf(sub, sub.activatedOn ?? sub.installDate);
  let since = sub.activatedOn ?? sub.installDate;
  const periodEnd = sub.billedUntil ?? (sub.pausedOn ? periodContaining(sub.pausedOn, anchorDay).end : null);
  if (periodEnd) {
    const p = { ...periodContaining(addDays(periodEnd, -1), anchorDay), months: 1 };
    if (p.start > since) since = p.start;
    const [inv] = (await em.query(
      "SELECT id FROM invoices WHERE subscription_id = ? AND period_end = ? AND kind IN ('period','activation') AND status <> 'void' ORDER BY id DESC LIMIT 1",
      [sub.id, p.end],
    )) as { id: number }[];
    if (inv) await em.query('INSERT OR IGNORE INTO billing_periods (subscription_id, start, end, months, invoice_id, created_at) VALUES (?,?,?,1,?,?)', [sub.id, p.start, p.end, inv.id, at]);
    sub.billedUntil = p.end;
  }
  const [last] = (await em.query("SELECT MAX(issue_date) AS d FROM invoices WHERE subscription_id = ? AND kind IN ('change','final')", [sub.id])) as { d: string | null }[];
  if (last?.d && last.d > since) since = last.d;
  if (sub.status === 'paused' && sub.pausedOn) since = sub.pausedOn;
  if (sub.status === 'terminated' && sub.terminatedOn) since = sub.terminatedOn;
  const terms: Terms = {
    planId: sub.planId,
    planName: sub.periodPlan ?? plan!.name,
    price: sub.periodPlan ? sub.periodPrice : plan!.price,
    taxBp: sub.periodPlan ? sub.periodTaxBp : plan!.tax_rate_bp,
    discount: sub.periodPlan ? sub.periodDiscount : sub.discount,
    billable: sub.status === 'active' || sub.status === 'isolated',
    taxIncluded: Boolean(sub.periodTaxIncluded),
    cycleDiscountBp: sub.cycleDiscountBp,
  };
  await appendTerms(em, sub.id, { ...terms, event: 'legacy', startsOn: since, prevStatus: null, prevPlanId: null, prevDiscount: null, createdBy: null, at });
  cacheTerms(sub, terms, since);
}
