import { describe, expect, it } from 'vitest';
import { addDays, anchorIn, diffDays, periodContaining, todayIn } from '../../main/modules/billing/engine/dates';
import { changeDraft, periodDraft, startDraft, stopDraft } from '../../main/modules/billing/engine/invoice';
import { prorate, rateLabel, taxOf } from '../../main/modules/billing/engine/money';
import { settle } from '../../main/modules/billing/engine/settle';

const A = { name: 'Paket 10M', price: 150_000, taxRateBp: 0 };
const B = { name: 'Paket 20M', price: 300_000, taxRateBp: 0 };
const T = { name: 'Paket Pajak', price: 100_000, taxRateBp: 1100 };

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

describe('invoice drafts', () => {
  const periodOf = (d: string) => periodContaining(d, 1);

  it.each([
    ['full period', () => periodDraft(A, 0, '2026-12-01', 1).draft, 150_000],
    ['full period with a discount', () => periodDraft(A, 10_000, '2026-12-01', 1).draft, 140_000],
    ['full period with 11% PPN', () => periodDraft(T, 0, '2026-12-01', 1).draft, 111_000],
    ['activation on day 17 of 30 + install fee', () => startDraft(A, 0, 50_000, '2026-11-17', periodOf).draft, 70_000 + 50_000],
    ['activation on day 17 with tax', () => startDraft(T, 0, 0, '2026-11-17', periodOf).draft, 46_667 + 5_133],
    ['activation on the anchor day is a whole period', () => startDraft(A, 0, 0, '2026-11-01', periodOf).draft, 150_000],
    ['upgrade on day 17 of 30', () => changeDraft(A, B, '2026-11-17', { start: '2026-11-01', end: '2026-12-01' }), -70_000 + 140_000],
    ['downgrade on day 17 of 30 is a credit note', () => changeDraft(B, A, '2026-11-17', { start: '2026-11-01', end: '2026-12-01' }), -70_000],
    ['stop on day 17 of 30 credits the unused days', () => stopDraft(A, 0, '2026-11-17', { start: '2026-11-01', end: '2026-12-01' }), -70_000],
    ['stop with a discount returns its unused part', () => stopDraft(A, 15_000, '2026-11-17', { start: '2026-11-01', end: '2026-12-01' }), -70_000 + 7_000],
    ['February (28 days), start on the 15th', () => startDraft(A, 0, 0, '2027-02-15', periodOf).draft, 75_000],
  ])('%s', (_name, make, total) => {
    const d = make();
    expect(d.total).toBe(total);
    expect(d.subtotal + d.tax).toBe(d.total);
    expect(d.lines.filter((l) => l.counted).reduce((a, l) => a + l.amount, 0)).toBe(d.total);
    for (const l of d.lines) expect(Number.isInteger(l.amount)).toBe(true);
  });

  it('shows the arithmetic on a prorated line', () => {
    const { draft } = startDraft(A, 0, 0, '2026-11-17', periodOf);
    expect(draft.lines[0]).toMatchObject({ kind: 'proration', params: { price: 150_000, days: 14, periodDays: 30, from: '2026-11-17', to: '2026-11-30' }, amount: 70_000 });
  });
});

describe('balance-forward settlement', () => {
  it.each([
    ['nothing paid', [150_000], 150_000, [[0, 'open']]],
    ['underpaid', [150_000], 50_000, [[100_000, 'partial']]],
    ['paid exactly', [150_000], 0, [[150_000, 'paid']]],
    ['overpaid: the rest is credit', [150_000], -50_000, [[150_000, 'paid']]],
    ['oldest first', [150_000, 150_000], 200_000, [[100_000, 'partial'], [0, 'open']]],
    ['arrears then credit', [150_000, 150_000], 0, [[150_000, 'paid'], [150_000, 'paid']]],
    ['a credit note pays the older invoice', [150_000, -70_000], 80_000, [[70_000, 'partial'], [-70_000, 'paid']]],
    ['a debit adjustment is paid before invoices', [150_000], 200_000, [[0, 'open']]],
  ] as [string, number[], number, [number, string][]][])('%s', (_n, totals, balance, expected) => {
    const r = settle(totals.map((total, i) => ({ id: i + 1, total })), balance);
    expect(r.map((x) => [x.paid, x.status])).toEqual(expected);
  });
});
