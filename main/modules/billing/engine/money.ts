/** Integer rupiah only. Rounding is half away from zero, in integer arithmetic. */

function divRound(numerator: number, denominator: number): number {
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  return sign * Math.floor((2 * n + d) / (2 * d));
}

/** amount × days / periodDays, rounded to the rupiah. */
export function prorate(amount: number, days: number, periodDays: number): number {
  if (!Number.isSafeInteger(amount) || !Number.isInteger(days) || !Number.isInteger(periodDays) || periodDays <= 0) {
    throw new Error('prorate needs integers');
  }
  return divRound(amount * days, periodDays);
}

/** Tax in basis points (1100 = 11 %) of an amount, rounded to the rupiah. */
export function taxOf(amount: number, rateBp: number): number {
  if (rateBp === 0) return 0;
  return divRound(amount * rateBp, 10_000);
}

/** 1100 → "11", 1150 → "11.5" (for invoice lines). */
export function rateLabel(rateBp: number): string {
  const whole = Math.floor(rateBp / 100);
  const frac = rateBp % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * The charge for the days [from, to) of a period of `periodDays` days at `price` for the whole period, with
 * day offsets counted from the period start: price·to/periodDays − price·from/periodDays, each rounded to the
 * rupiah. Because every part is a difference of the same running total, the parts of a period always add up
 * to exactly what the whole would charge: a period split by any number of changes is charged once, to the rupiah.
 */
export function chargeDays(price: number, from: number, to: number, periodDays: number): number {
  if (!(from >= 0 && to >= from && to <= periodDays)) throw new Error(`bad day range ${from}..${to} of ${periodDays}`);
  return prorate(price, to, periodDays) - prorate(price, from, periodDays);
}

/** The PPN inside an amount that includes it: amount − amount × 10000 / (10000 + rate), rounded to the rupiah. */
export function includedTaxOf(amount: number, rateBp: number): number {
  if (rateBp === 0) return 0;
  return amount - divRound(amount * 10_000, 10_000 + rateBp);
}

export type RoundingMode = 'nearest' | 'up' | 'down';

/** A total rounded to a unit (Rp 100, 500, 1.000): nearest (half up), up or down; symmetric for credit notes. */
export function roundTotal(total: number, unit: number, mode: RoundingMode): number {
  if (unit <= 1) return total;
  const sign = total < 0 ? -1 : 1;
  const a = Math.abs(total);
  const r = mode === 'up' ? Math.ceil(a / unit) * unit : mode === 'down' ? Math.floor(a / unit) * unit : Math.floor((a + unit / 2) / unit) * unit;
  return sign * r;
}
