import type { EntityManager } from 'typeorm';
import type { RevenueReport } from '../../../shared/contract';
import { diffDays, localMidnightUtc, nextMonth, type LocalDate } from '../../../shared/dates';
import { chargeDays, includedTaxOf } from './engine/money';

const monthStart = (month: string): LocalDate => `${month}-01`;

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 120; m = nextMonth(m)) out.push(m);
  return out;
}

/** Before tax: a line whose price includes PPN counts without the PPN inside it. */
const dpp = (amount: number, taxBp: number, included: number): number => (included && taxBp > 0 ? amount - includedTaxOf(amount, taxBp) : amount);

/**
 * Revenue month by month, two ways:
 * - invoiced (accrual, before tax): each service line is spread over the days it covers — a 12-month package
 *   counts a twelfth-ish (to the day) in each month; one-off charges, credit notes and rounding count in the
 *   month they were made; void invoices count nowhere.
 * - cash: money received in the month, less payments reversed in the month the reversal was made and credit
 *   paid back in the month it left.
 */
export async function revenueReport(em: EntityManager, from: string, to: string, timeZone: string): Promise<RevenueReport> {
  const months = monthsBetween(from, to);
  const start = monthStart(months[0]!);
  const end = monthStart(nextMonth(months[months.length - 1]!));
  const invoiced = new Map(months.map((m) => [m, 0]));
  const lines = (await em.query(
    `SELECT l.amount, l.tax_bp, l.tax_included, l.service_from, l.service_to, i.issue_date
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.status <> 'void' AND l.counted = 1 AND l.kind NOT IN ('tax', 'balance')
        AND ((l.service_from IS NOT NULL AND l.service_from < ? AND l.service_to > ?) OR (l.service_from IS NULL AND i.issue_date >= ? AND i.issue_date < ?))`,
    [end, start, start, end],
  )) as { amount: number; tax_bp: number; tax_included: number; service_from: string | null; service_to: string | null; issue_date: string }[];
  for (const l of lines) {
    const amount = dpp(l.amount, l.tax_bp, l.tax_included);
    if (!l.service_from || !l.service_to) {
      const m = l.issue_date.slice(0, 7);
      if (invoiced.has(m)) invoiced.set(m, invoiced.get(m)! + amount);
      continue;
    }
    const days = diffDays(l.service_from, l.service_to);
    for (const m of months) {
      const a = monthStart(m) > l.service_from ? monthStart(m) : l.service_from;
      const mEnd = monthStart(nextMonth(m));
      const b = mEnd < l.service_to ? mEnd : l.service_to;
      if (a >= b) continue;
      invoiced.set(m, invoiced.get(m)! + chargeDays(amount, diffDays(l.service_from, a), diffDays(l.service_from, b), days));
    }
  }
  const cash = await cashByMonth(em, months, timeZone);
  const rows: RevenueReport['months'] = months.map((m, i) => ({ month: m, invoiced: invoiced.get(m)!, ...cash[i]! }));
  return {
    months: rows,
    totals: {
      invoiced: rows.reduce((a, r) => a + r.invoiced, 0),
      received: rows.reduce((a, r) => a + r.received, 0),
      reversed: rows.reduce((a, r) => a + r.reversed, 0),
      refunded: rows.reduce((a, r) => a + r.refunded, 0),
      cash: rows.reduce((a, r) => a + r.cash, 0),
    },
  };
}


/**
 * Cash by office month: money received, less payments reversed in the month the reversal was made and credit
 * paid back in the month it left (so a closed month never changes). The dashboard's chart and the report share it.
 */
export async function cashByMonth(em: EntityManager, months: readonly string[], timeZone: string): Promise<Omit<RevenueReport['months'][number], 'month' | 'invoiced'>[]> {
  const bounds = [...months, nextMonth(months[months.length - 1]!)].map((m) => localMidnightUtc(monthStart(m), timeZone));
  const out: Omit<RevenueReport['months'][number], 'month' | 'invoiced'>[] = [];
  for (let i = 0; i < months.length; i++) {
    const [lo, hi] = [bounds[i], bounds[i + 1]];
    const [r] = (await em.query(
      `SELECT COALESCE(SUM(CASE WHEN kind = 'payment' AND received_at >= ? AND received_at < ? THEN amount END), 0) AS received,
              COALESCE(SUM(CASE WHEN kind = 'payment' AND reversed_at >= ? AND reversed_at < ? THEN amount END), 0) AS reversed,
              COALESCE(SUM(CASE WHEN kind = 'refund' AND received_at >= ? AND received_at < ? THEN amount END), 0) AS refunded
         FROM payments WHERE (received_at >= ? AND received_at < ?) OR (reversed_at >= ? AND reversed_at < ?)`,
      [lo, hi, lo, hi, lo, hi, lo, hi, lo, hi],
    )) as { received: number; reversed: number; refunded: number }[];
    out.push({ received: r!.received, reversed: r!.reversed, refunded: r!.refunded, cash: r!.received - r!.reversed - r!.refunded });
  }
  return out;
}
