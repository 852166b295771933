import type { LocalDate } from '../../../../shared/dates';

/** What a subscription is charged while a row holds. */
export interface Terms {
  planId: number;
  planName: string;
  /** Price of one whole period, rupiah. */
  price: number;
  taxBp: number;
  /** Recurring discount per whole period, rupiah. */
  discount: number;
  /** false while paused or after the end: those days are not charged. */
  billable: boolean;
  /** The price already includes the tax (PPN is taken out of it, not added). */
  taxIncluded: boolean;
  /** Discount of a multi-month package (basis points of its price), for periods longer than a month. */
  cycleDiscountBp: number;
}

export interface TermsRow extends Terms {
  id: number;
  /** Office-local date from which this row holds (until a later row). */
  startsOn: LocalDate;
  event: string;
}

export interface Run {
  row: TermsRow;
  from: LocalDate;
  /** Exclusive. */
  to: LocalDate;
}

/** The row in force on a day: the latest row (by id) that starts on or before it. */
export function rowAt(rows: readonly TermsRow[], day: LocalDate): TermsRow | null {
  let found: TermsRow | null = null;
  for (const r of rows) if (r.startsOn <= day && (!found || r.id > found.id)) found = r;
  return found;
}

/** The days [from, to) cut into maximal runs that one row governs (days before the first row are left out). */
export function runsOf(rows: readonly TermsRow[], from: LocalDate, to: LocalDate): Run[] {
  if (from >= to) return [];
  const cuts = [...new Set(rows.map((r) => r.startsOn).filter((d) => d > from && d < to))].sort();
  const bounds = [from, ...cuts, to];
  const out: Run[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const row = rowAt(rows, bounds[i]!);
    if (!row) continue;
    const last = out[out.length - 1];
    if (last && last.row.id === row.id && last.to === bounds[i]) last.to = bounds[i + 1]!;
    else out.push({ row, from: bounds[i]!, to: bounds[i + 1]! });
  }
  return out;
}

export const sameTerms = (a: Omit<Terms, 'billable'>, b: Omit<Terms, 'billable'>): boolean =>
  a.planId === b.planId && a.planName === b.planName && a.price === b.price && a.taxBp === b.taxBp && a.discount === b.discount && a.taxIncluded === b.taxIncluded && a.cycleDiscountBp === b.cycleDiscountBp;
