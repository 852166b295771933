import { describe, expect, it } from 'vitest';
import { addDays, anchorIn, diffDays, periodContaining, todayIn } from '../../shared/dates';
import { desiredLines, diffLines, finish, serviceLines } from '../../main/modules/billing/engine/invoice';
import { chargeDays, prorate, rateLabel, taxOf } from '../../main/modules/billing/engine/money';
import { settleLedger, type LedgerItem } from '../../main/modules/billing/engine/settle';
import type { TermsRow } from '../../main/modules/billing/engine/timeline';

const A = { planId: 1, planName: 'Paket 10M', price: 150_000, taxBp: 0, discount: 0, taxIncluded: false, cycleDiscountBp: 0 };
const B = { planId: 2, planName: 'Paket 20M', price: 300_000, taxBp: 0, discount: 0, taxIncluded: false, cycleDiscountBp: 0 };
const T = { planId: 3, planName: 'Paket Pajak', price: 100_000, taxBp: 1100, discount: 0, taxIncluded: false, cycleDiscountBp: 0 };
const NOV = { start: '2026-11-01', end: '2026-12-01' };
let rowId = 0;
const row = (startsOn: string, terms: typeof A, billable = true, event = 'change'): TermsRow => ({ ...terms, id: ++rowId, startsOn, billable, event });

describe('billing dates', () => {
  it('periods run anchor to anchor and clamp to short months', () => {
    expect(periodContaining('2026-11-17', 1)).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(periodContaining('2026-11-03', 5)).toEqual({ start: '2026-10-05', end: '2026-11-05' });
    expect(periodContaining('2027-02-28', 31)).toEqual({ start: '2027-02-28', end: '2027-03-31' });
    expect(periodContaining('2027-02-27', 31)).toEqual({ start: '2027-01-31', end: '2027-02-28' });
    expect(anchorIn(2028, 2, 30)).toBe('2028-02-29');
    expect(anchorIn(2026, 13, 1)).toBe('2027-01-01');
    expect(diffDays('2026-11-17', '2026-12-01')).toBe(14);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('today is the office date, not the UTC date', () => {
    // 23:30 UTC on the 24th is already the 25th in Jakarta (UTC+7).
    expect(todayIn('Asia/Jakarta', new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
    expect(todayIn('UTC', new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-24');
  });
});

describe('rupiah arithmetic (integers only)', () => {
  it('prorates and taxes with half-up rounding', () => {
    expect(prorate(150_000, 14, 30)).toBe(70_000);
    expect(prorate(100_000, 14, 30)).toBe(46_667);
    expect(prorate(100_000, 1, 3)).toBe(33_333);
    expect(prorate(-100_000, 14, 30)).toBe(-46_667);
    expect(taxOf(46_667, 1100)).toBe(5_133);
    expect(taxOf(150_000, 1100)).toBe(16_500);
    expect(taxOf(-150_000, 1100)).toBe(-16_500);
    expect(rateLabel(1100)).toBe('11');
    expect(rateLabel(1150)).toBe('11.5');
    expect(() => prorate(1.5, 1, 2)).toThrow();
  });
});

describe('days charged by a running total (parts of a period add up to the whole)', () => {
  it('charges [from, to) as price×to/n − price×from/n, each rounded', () => {
    // 100.000 over 3 days: 33.333 + 33.334 + 33.333 = 100.000, where naive thirds would give 99.999.
    expect([chargeDays(100_000, 0, 1, 3), chargeDays(100_000, 1, 2, 3), chargeDays(100_000, 2, 3, 3)]).toEqual([33_333, 33_334, 33_333]);
    expect(chargeDays(150_000, 16, 30, 30)).toBe(70_000);
    expect(() => chargeDays(1000, 2, 1, 3)).toThrow();
  });

  it.each([
    ['full period', () => finish(serviceLines(A, NOV.start, NOV.end, NOV)), 150_000],
    ['full period with a discount', () => finish(serviceLines({ ...A, discount: 10_000 }, NOV.start, NOV.end, NOV)), 140_000],
    ['full period with 11% PPN', () => finish(serviceLines(T, NOV.start, NOV.end, NOV)), 111_000],
    ['from day 17 of 30', () => finish(serviceLines(A, '2026-11-17', NOV.end, NOV)), 70_000],
    ['from day 17 with tax: 100.000 − 53.333 = 46.667, + 5.133 PPN', () => finish(serviceLines(T, '2026-11-17', NOV.end, NOV)), 46_667 + 5_133],
    ['February (28 days), from the 15th', () => finish(serviceLines(A, '2027-02-15', '2027-03-01', { start: '2027-02-01', end: '2027-03-01' })), 75_000],
  ])('%s', (_name, make, total) => {
    const d = make();
    expect(d.total).toBe(total);
    expect(d.subtotal + d.tax).toBe(d.total);
    expect(d.lines.filter((l) => l.counted).reduce((a, l) => a + l.amount, 0)).toBe(d.total);
  });

  it('shows the arithmetic on a prorated line, and every service line names its period', () => {
    const [l] = serviceLines(A, '2026-11-17', NOV.end, NOV);
    expect(l).toMatchObject({ kind: 'proration', params: { price: 150_000, days: 14, periodDays: 30, from: '2026-11-17', to: '2026-11-30' }, amount: 70_000, periodStart: '2026-11-01' });
  });
});

describe('a period re-derived from its timeline', () => {
  it('an upgrade on day 17 credits the old plan and charges the new one for the same days', () => {
    const before = [row('2026-11-01', A)];
    const after = [...before, row('2026-11-17', B)];
    const lines = diffLines(before, after, NOV, '2026-11-17');
    expect(lines.map((l) => [l.description, l.amount])).toEqual([['creditUnused', -70_000], ['planProrated', 140_000]]);
  });

  it('a pause and a resume inside one period charge exactly the active days', () => {
    const rows = [row('2026-11-01', A), row('2026-11-10', A, false), row('2026-11-20', A)];
    // 9 days + 11 days of 30: (45.000 − 0) + (150.000 − 95.000) = 100.000.
    expect(desiredLines(rows, NOV).reduce((a, l) => a + l.amount, 0)).toBe(45_000 + 55_000);
  });

  it('the parts always add up: old part + difference = the new derivation, to the rupiah', () => {
    const P = { start: '2027-01-01', end: '2027-02-01' };
    const before = [row('2027-01-01', { ...A, price: 99_999, discount: 7 })];
    for (const day of ['2027-01-02', '2027-01-13', '2027-01-31']) {
      const after = [...before, row(day, { ...B, price: 123_457 })];
      const sum = (ls: { amount: number }[]) => ls.reduce((a, l) => a + l.amount, 0);
      expect(sum(desiredLines(before, P)) + sum(diffLines(before, after, P, day))).toBe(sum(desiredLines(after, P)));
    }
  });
});

describe('settlement in ledger order', () => {
  const inv = (id: number, amount: number, invoiceId = id, credits?: number[]): LedgerItem => ({ id, kind: 'invoice', amount, invoiceId, paymentId: null, credits });
  const pay = (id: number, amount: number, paymentId = id): LedgerItem => ({ id, kind: 'payment', amount: -amount, invoiceId: null, paymentId });

  it('pays the oldest posted invoice first and keeps the rest as credit for the next one', () => {
    const s = settleLedger([inv(1, 150_000), pay(2, 200_000), inv(3, 150_000)]);
    expect([...s.paid]).toEqual([[1, 150_000], [3, 50_000]]);
    expect(s.allocations.map((a) => [a.paymentId, a.invoiceId, a.amount])).toEqual([[2, 1, 150_000], [2, 3, 50_000]]);
    expect(s.pool).toBe(0);
  });

  it('a new payment never reopens or moves what older ones paid, and never gives more than it is', () => {
    const s = settleLedger([inv(1, 100_000), pay(2, 100_000), inv(3, 58_066), pay(4, 1)]);
    expect(s.paid.get(1)).toBe(100_000);
    expect(s.allocations.filter((a) => a.paymentId === 4).map((a) => a.amount)).toEqual([1]);
  });

  it('a void frees what paid the invoice for the next one; a reversal takes the payment out', () => {
    const items: LedgerItem[] = [inv(1, 100_000), pay(2, 100_000), inv(3, 100_000), { id: 4, kind: 'void', amount: -100_000, invoiceId: 1, paymentId: null }];
    expect([...settleLedger(items).paid]).toEqual([[3, 100_000]]);
    const rev: LedgerItem = { id: 5, kind: 'reversal', amount: 100_000, invoiceId: null, paymentId: 2 };
    expect([...settleLedger([...items, rev]).paid]).toEqual([[3, 0]]);
  });

  it('a credit note pays the invoice it corrects first', () => {
    const s = settleLedger([inv(1, 150_000), inv(2, 150_000), inv(3, -70_000, 3, [2])]);
    expect(s.paid.get(1)).toBe(0);
    expect(s.paid.get(2)).toBe(70_000);
  });
});

describe('what real offices bill: PPN included or added, rounded totals', () => {
  const line = (amount: number, taxBp: number, taxIncluded: boolean) => ({ kind: 'plan' as const, description: 'plan', params: {}, amount, counted: true, taxBp, taxIncluded, periodStart: '2026-11-01' });

  it('a price that includes 11 % PPN is what the customer pays; the PPN inside it is shown, not added', () => {
    const d = finish([line(150_000, 1100, true)]);
    // 150.000 × 10.000 / 11.100 = 135.135,1 → DPP 135.135, PPN 14.865.
    expect(d).toMatchObject({ subtotal: 135_135, tax: 14_865, total: 150_000 });
    expect(d.lines.at(-1)).toMatchObject({ description: 'taxIncluded', amount: 14_865, counted: false, params: { base: 135_135 } });
  });

  it('a price without PPN gets it added', () => {
    expect(finish([line(150_000, 1100, false)])).toMatchObject({ subtotal: 150_000, tax: 16_500, total: 166_500 });
  });

  it.each([
    [166_500, 1000, 'nearest', 167_000],
    [166_499, 1000, 'nearest', 166_000],
    [166_500, 500, 'down', 166_500],
    [166_501, 500, 'up', 167_000],
    [166_550, 100, 'nearest', 166_600],
    [-70_050, 100, 'nearest', -70_100],
  ] as const)('%i rounded to %i (%s) is %i, with the difference as its own line', (amount, unit, mode, expected) => {
    const d = finish([{ ...line(amount, 0, false) }], { roundingUnit: unit, roundingMode: mode });
    expect(d.total).toBe(expected);
    const r = d.lines.find((l) => l.kind === 'rounding');
    expect(r?.amount ?? 0).toBe(expected - amount);
    expect(d.subtotal + d.tax + (r?.amount ?? 0)).toBe(d.total);
  });
});
