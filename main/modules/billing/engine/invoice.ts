import { addDays, diffDays, type LocalDate, type Period } from '../../../../shared/dates';
import { chargeDays, includedTaxOf, rateLabel, roundTotal, taxOf, type RoundingMode } from './money';
import { rowAt, runsOf, type Terms, type TermsRow } from './timeline';

/** A line as computed; `taxBp` says which rate it is taxed at (0 = untaxed). */
export interface DraftLine {
  kind: 'plan' | 'proration' | 'discount' | 'fee' | 'credit' | 'tax' | 'balance' | 'charge' | 'rounding';
  /** Translation key under billing.lines. */
  description: string;
  params: Record<string, string | number>;
  amount: number;
  counted: boolean;
  taxBp: number;
  /** The amount already includes the tax at taxBp (PPN is taken out of it, not added). */
  taxIncluded?: boolean;
  /** The billing period a service line charges or credits (null for fees, charges and tax). */
  periodStart: LocalDate | null;
  /** The days [serviceFrom, serviceTo) a service line covers (for revenue by month). */
  serviceFrom?: LocalDate;
  serviceTo?: LocalDate;
}

export interface Draft {
  lines: DraftLine[];
  subtotal: number;
  tax: number;
  total: number;
}

export interface FinishOptions {
  /** Round the total to this many rupiah (0 = not rounded), shown as its own line. */
  roundingUnit: number;
  roundingMode: RoundingMode;
}

const NO_ROUNDING: FinishOptions = { roundingUnit: 0, roundingMode: 'nearest' };

/**
 * Adds one tax line per rate (on the sum of that rate's lines) and totals the draft. Prices that include PPN
 * get an informational line with the PPN inside them; prices that exclude it get PPN added. Then the total may
 * be rounded (a visible line). subtotal is the amount before tax (DPP); total = subtotal + tax + rounding.
 */
export function finish(lines: DraftLine[], o: FinishOptions = NO_ROUNDING): Draft {
  const counted = lines.filter((l) => l.counted);
  const gross = counted.reduce((a, l) => a + l.amount, 0);
  const groups = new Map<string, { bp: number; included: boolean; base: number }>();
  for (const l of counted) {
    if (l.taxBp <= 0) continue;
    const k = `${l.taxBp}|${l.taxIncluded ? 1 : 0}`;
    const g = groups.get(k) ?? { bp: l.taxBp, included: Boolean(l.taxIncluded), base: 0 };
    g.base += l.amount;
    groups.set(k, g);
  }
  const taxLines: DraftLine[] = [...groups.values()]
    .sort((a, b) => a.bp - b.bp || Number(a.included) - Number(b.included))
    .map((g): DraftLine => {
      const amount = g.included ? includedTaxOf(g.base, g.bp) : taxOf(g.base, g.bp);
      return g.included
        ? { kind: 'tax', description: 'taxIncluded', params: { rate: rateLabel(g.bp), base: g.base - amount }, amount, counted: false, taxBp: 0, periodStart: null }
        : { kind: 'tax', description: 'tax', params: { rate: rateLabel(g.bp), base: g.base }, amount, counted: true, taxBp: 0, periodStart: null };
    })
    .filter((l) => l.amount !== 0);
  const tax = taxLines.reduce((a, l) => a + l.amount, 0);
  const includedTax = taxLines.filter((l) => !l.counted).reduce((a, l) => a + l.amount, 0);
  const beforeRounding = gross + tax - includedTax;
  // A total the rounding would make Rp 0 stays as it is: a document always says what it charges.
  const rounded = roundTotal(beforeRounding, o.roundingUnit, o.roundingMode);
  const total = rounded === 0 && beforeRounding !== 0 ? beforeRounding : rounded;
  const rounding: DraftLine[] =
    total === beforeRounding ? [] : [{ kind: 'rounding', description: 'rounding', params: { unit: o.roundingUnit }, amount: total - beforeRounding, counted: true, taxBp: 0, periodStart: null }];
  return { lines: [...lines, ...taxLines, ...rounding], subtotal: gross - includedTax, tax, total };
}

/** Periods are [start, end); lines show the last day that is included. */
const lastDay = (end: LocalDate): LocalDate => addDays(end, -1);

/**
 * The plan fee and discount for the days [from, to) of period P at some terms: the whole price when the days
 * are the whole period, otherwise per day (cumulative, so the parts of a period add up to its price).
 */
export function serviceLines(t: Omit<Terms, 'billable'>, from: LocalDate, to: LocalDate, p: Period): DraftLine[] {
  const periodDays = diffDays(p.start, p.end);
  const a = diffDays(p.start, from);
  const b = diffDays(p.start, to);
  if (b <= a) return [];
  const days = b - a;
  const months = p.months ?? 1;
  // A package of several months: the monthly price times the months, less the package discount.
  const price = t.price * months;
  const cycleBp = months > 1 ? t.cycleDiscountBp : 0;
  const cycleDiscount = cycleBp > 0 ? taxOf(price, cycleBp) : 0;
  const discount = t.discount * months;
  const base = { counted: true, taxBp: t.taxBp, taxIncluded: t.taxIncluded, periodStart: p.start, serviceFrom: from, serviceTo: to };
  const lines: DraftLine[] = [];
  if (days === periodDays) {
    lines.push({ ...base, kind: 'plan', description: months > 1 ? 'planCycle' : 'plan', params: { plan: t.planName, from, to: lastDay(to), months, monthly: t.price }, amount: price });
    if (cycleDiscount > 0) lines.push({ ...base, kind: 'discount', description: 'cycleDiscount', params: { months, rate: rateLabel(cycleBp) }, amount: -cycleDiscount });
    if (discount > 0) lines.push({ ...base, kind: 'discount', description: 'discount', params: {}, amount: -discount });
    return lines;
  }
  lines.push({ ...base, kind: 'proration', description: 'planProrated', params: { plan: t.planName, from, to: lastDay(to), price, days, periodDays }, amount: chargeDays(price, a, b, periodDays) });
  if (cycleDiscount > 0) {
    lines.push({ ...base, kind: 'discount', description: 'cycleDiscountProrated', params: { discount: cycleDiscount, days, periodDays, months, rate: rateLabel(cycleBp) }, amount: -chargeDays(cycleDiscount, a, b, periodDays) });
  }
  if (discount > 0) {
    lines.push({ ...base, kind: 'discount', description: 'discountProrated', params: { discount, days, periodDays }, amount: -chargeDays(discount, a, b, periodDays) });
  }
  return lines;
}

/**
 * Rows that fall inside an isolation that is not billed: from an 'isolate' row until a restore (or a resume,
 * pause, end or activation) — a plan or discount change during the isolation stays inside it.
 */
export function suspendedRows(rows: readonly TermsRow[]): Set<number> {
  const out = new Set<number>();
  let inside = false;
  for (const r of [...rows].sort((a, b) => a.id - b.id)) {
    if (r.event === 'isolate') inside = true;
    else if (['restore', 'resume', 'pause', 'terminate', 'activate'].includes(r.event)) inside = false;
    if (inside) out.add(r.id);
  }
  return out;
}

/** Whether the subscription is inside an isolation that is not billed on a day. */
export function suspendedOn(rows: readonly TermsRow[], day: LocalDate): boolean {
  const row = rowAt(rows, day);
  return row !== null && suspendedRows(rows).has(row.id);
}

/**
 * What period P should charge for its days from `from` on, under a timeline. A paused or ended run is never
 * charged. A period registered while the subscription was isolated (and isolated days are not billed) does not
 * charge the isolated days — it waits for the restore; a period registered before the isolation keeps them
 * (a customer never earns a credit by being isolated).
 */
export function desiredLines(rows: readonly TermsRow[], p: Period, from: LocalDate = p.start): DraftLine[] {
  const start = from > p.start ? from : p.start;
  const suspended = p.suspended ? suspendedRows(rows) : null;
  return runsOf(rows, start, p.end).flatMap((r) => (r.row.billable && !suspended?.has(r.row.id) ? serviceLines(r.row, r.from, r.to, p) : []));
}

/** A service line taken back: the credit for days that were charged under other terms. */
function creditOf(l: DraftLine): DraftLine {
  if (l.kind === 'discount') {
    const whole = l.description === 'discount' || l.description === 'cycleDiscount';
    return { ...l, description: whole ? 'discountReturnedWhole' : 'discountReturned', amount: -l.amount };
  }
  return { ...l, kind: 'credit', description: l.kind === 'plan' ? 'creditPeriod' : 'creditUnused', amount: -l.amount };
}

const key = (l: DraftLine) => `${l.kind}|${l.description}|${JSON.stringify(l.params)}|${l.amount}|${l.taxBp}|${l.taxIncluded ? 1 : 0}`;

/**
 * What an event dated `date` changes in an invoiced period: the days from `date` on are taken back at the old
 * terms and charged at the new ones. Lines that are the same under both timelines cancel out.
 */
export function diffLines(oldRows: readonly TermsRow[], newRows: readonly TermsRow[], p: Period, date: LocalDate): DraftLine[] {
  const before = desiredLines(oldRows, p, date);
  const after = desiredLines(newRows, p, date);
  const left = new Map<string, number>();
  for (const l of after) left.set(key(l), (left.get(key(l)) ?? 0) + 1);
  const credits: DraftLine[] = [];
  for (const l of before) {
    const n = left.get(key(l)) ?? 0;
    if (n > 0) left.set(key(l), n - 1);
    else credits.push(creditOf(l));
  }
  const used = new Map<string, number>();
  for (const l of before) used.set(key(l), (used.get(key(l)) ?? 0) + 1);
  const charges = after.filter((l) => {
    const n = used.get(key(l)) ?? 0;
    if (n > 0) {
      used.set(key(l), n - 1);
      return false;
    }
    return true;
  });
  return [...credits, ...charges];
}

/** The sum of the service lines (what the days cost before tax). */
export const serviceTotal = (lines: readonly DraftLine[]): number => lines.reduce((a, l) => a + (l.periodStart !== null && l.counted ? l.amount : 0), 0);
