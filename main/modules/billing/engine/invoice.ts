import { addDays, diffDays, nextAnchor, type LocalDate, type Period } from './dates';
import { prorate, rateLabel, taxOf } from './money';

/** A line as computed; `taxBp` says which rate it is taxed at (0 = untaxed). */
export interface DraftLine {
  kind: 'plan' | 'proration' | 'discount' | 'fee' | 'credit' | 'tax' | 'balance';
  /** Translation key under billing.lines. */
  description: string;
  params: Record<string, string | number>;
  amount: number;
  counted: boolean;
  taxBp: number;
}

export interface Draft {
  lines: DraftLine[];
  subtotal: number;
  tax: number;
  total: number;
}

export interface PlanTerms {
  name: string;
  price: number;
  taxRateBp: number;
}

/** Adds one tax line per rate (on the sum of that rate's lines) and totals the draft. */
export function finish(lines: DraftLine[]): Draft {
  const counted = lines.filter((l) => l.counted);
  const subtotal = counted.reduce((a, l) => a + l.amount, 0);
  const byRate = new Map<number, number>();
  for (const l of counted) if (l.taxBp > 0) byRate.set(l.taxBp, (byRate.get(l.taxBp) ?? 0) + l.amount);
  const taxLines: DraftLine[] = [...byRate]
    .sort(([a], [b]) => a - b)
    .map(([bp, base]) => ({ kind: 'tax', description: 'tax', params: { rate: rateLabel(bp), base }, amount: taxOf(base, bp), counted: true, taxBp: 0 }));
  const tax = taxLines.reduce((a, l) => a + l.amount, 0);
  return { lines: [...lines, ...taxLines], subtotal, tax, total: subtotal + tax };
}

/** The plan fee and discount for [from, to) within a billing period: whole, or per day with the arithmetic. */
export function serviceLines(plan: PlanTerms, discount: number, from: LocalDate, to: LocalDate, period: Period): DraftLine[] {
  const periodDays = diffDays(period.start, period.end);
  const days = diffDays(from, to);
  if (days <= 0) return [];
  const whole = days === periodDays;
  const lines: DraftLine[] = [];
  if (whole) {
    lines.push({ kind: 'plan', description: 'plan', params: { plan: plan.name, from, to: lastDay(to) }, amount: plan.price, counted: true, taxBp: plan.taxRateBp });
    if (discount > 0) lines.push({ kind: 'discount', description: 'discount', params: {}, amount: -discount, counted: true, taxBp: plan.taxRateBp });
    return lines;
  }
  lines.push({
    kind: 'proration',
    description: 'planProrated',
    params: { plan: plan.name, from, to: lastDay(to), price: plan.price, days, periodDays },
    amount: prorate(plan.price, days, periodDays),
    counted: true,
    taxBp: plan.taxRateBp,
  });
  if (discount > 0) {
    lines.push({
      kind: 'discount',
      description: 'discountProrated',
      params: { discount, days, periodDays },
      amount: -prorate(discount, days, periodDays),
      counted: true,
      taxBp: plan.taxRateBp,
    });
  }
  return lines;
}

/** Credit for the unused days [from, period.end) of a period already invoiced in full. */
export function unusedCredit(plan: PlanTerms, discount: number, from: LocalDate, period: Period): DraftLine[] {
  const periodDays = diffDays(period.start, period.end);
  const days = diffDays(from, period.end);
  if (days <= 0) return [];
  const lines: DraftLine[] = [
    {
      kind: 'credit',
      description: 'creditUnused',
      params: { plan: plan.name, from, to: lastDay(period.end), price: plan.price, days, periodDays },
      amount: -prorate(plan.price, days, periodDays),
      counted: true,
      taxBp: plan.taxRateBp,
    },
  ];
  if (discount > 0) {
    lines.push({
      kind: 'discount',
      description: 'discountReturned',
      params: { discount, days, periodDays },
      amount: prorate(discount, days, periodDays),
      counted: true,
      taxBp: plan.taxRateBp,
    });
  }
  return lines;
}

/** The service starts (activation, resume) on `from`: bill [from, next anchor), prorated when it starts mid-period. */
export function startDraft(plan: PlanTerms, discount: number, installFee: number, from: LocalDate, periodOf: (d: LocalDate) => Period): { draft: Draft; period: Period; billedUntil: LocalDate } {
  const period = periodOf(from);
  const lines = serviceLines(plan, discount, from, period.end, period);
  if (installFee > 0) lines.push({ kind: 'fee', description: 'installFee', params: {}, amount: installFee, counted: true, taxBp: 0 });
  return { draft: finish(lines), period: { start: from, end: period.end }, billedUntil: period.end };
}

/** A whole period. */
export function periodDraft(plan: PlanTerms, discount: number, start: LocalDate, anchorDay: number): { draft: Draft; period: Period } {
  const period = { start, end: nextAnchor(start, anchorDay) };
  return { draft: finish(serviceLines(plan, discount, period.start, period.end, period)), period };
}

/** Plan change on `from` inside an invoiced period: credit the old plan's unused days, charge the new plan's. */
export function changeDraft(oldPlan: PlanTerms, newPlan: PlanTerms, from: LocalDate, period: Period): Draft {
  const periodDays = diffDays(period.start, period.end);
  const days = diffDays(from, period.end);
  const lines = unusedCredit(oldPlan, 0, from, period);
  if (days > 0) {
    lines.push({
      kind: 'proration',
      description: 'planProrated',
      params: { plan: newPlan.name, from, to: lastDay(period.end), price: newPlan.price, days, periodDays },
      amount: prorate(newPlan.price, days, periodDays),
      counted: true,
      taxBp: newPlan.taxRateBp,
    });
  }
  return finish(lines);
}

/** The service stops (terminate, pause) on `from` inside an invoiced period. */
export function stopDraft(plan: PlanTerms, discount: number, from: LocalDate, period: Period): Draft {
  return finish(unusedCredit(plan, discount, from, period));
}

/** Periods are [start, end); lines show the last day that is included. */
const lastDay = (end: LocalDate): LocalDate => addDays(end, -1);
