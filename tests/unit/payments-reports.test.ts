import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { OWNER } from '../support/core';
import { API_KEY, payWorld, q, type PayWorld } from '../support/payments';

let w: PayWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

/** Starts a customer payment on an account and lets the fake gateway answer `status` (with `paid` as the amount) at `at` (WIB). */
async function attempt(world: PayWorld, accountId: number, customerId: number, amount: number, method: 'BC' | 'SP', at: string, status: 'PAID' | 'FAILED', paid?: number) {
  world.clock.t = new Date(`${at}+07:00`);
  await world.owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
  const a = await world.owner.call('gateway.createAttempt', { accountId, customerId, amount, method });
  world.gw.set(a.orderId, status, paid ?? a.amount);
  await world.core.payments.service.confirm(a.id, 'poll');
  return world.owner.call('gateway.attempt', { id: a.id });
}

/**
 * Two accounts; on 5 Nov (WIB): acct1 pays 100.000 + 4.000 fee (BC), 75.000 (QRIS), and 200.000 + 4.000 fee of
 * which the gateway says 204.500 were paid (amount mismatch); one BC attempt fails; acct2 pays 50.000 (QRIS). On
 * 6 Nov at 00:30 WIB (still 5 Nov in UTC) acct2 pays 30.000.
 */
async function scenario(world: PayWorld) {
  const second = await world.owner.call('gateway.createAccount', { gateway: 'duitku', name: 'DuitKu Kedua', merchantCode: 'D0002', apiKey: API_KEY, flavour: 'pop', publicBaseUrl: 'https://billing.example.net', methods: [] });
  const c1 = await world.owner.call('customers.create', { name: 'Andi', phone: '081234567890' });
  const c2 = await world.owner.call('customers.create', { name: 'Budi', phone: '081234567891' });
  const a1 = await attempt(world, world.accountId, c1.id, 100_000, 'BC', '2026-11-05T09:00:00', 'PAID');
  const a6 = await attempt(world, world.accountId, c2.id, 75_000, 'SP', '2026-11-05T09:30:00', 'PAID');
  const a3 = await attempt(world, world.accountId, c1.id, 60_000, 'BC', '2026-11-05T10:00:00', 'FAILED');
  const a4 = await attempt(world, world.accountId, c2.id, 200_000, 'BC', '2026-11-05T11:00:00', 'PAID', 204_500);
  const a2 = await attempt(world, second.id, c2.id, 50_000, 'SP', '2026-11-05T12:00:00', 'PAID');
  const a5 = await attempt(world, second.id, c1.id, 30_000, 'SP', '2026-11-06T00:30:00', 'PAID');
  return { second, c1, c2, a1, a2, a3, a4, a5, a6 };
}

describe('online payment reports', () => {
  it('reports paid attempts by office day and account with gross, fee and net; failed attempts do not count', async () => {
    w = await payWorld();
    const s = await scenario(w);
    expect(s.a1).toMatchObject({ state: 'paid', amount: 104_000, fee: 4_000 });
    expect(s.a3.state).toBe('failed');
    expect(s.a4).toMatchObject({ state: 'paid', needsReview: true, reviewReason: 'amount_mismatch' });

    const r = await w.owner.call('gateway.report', { from: '2026-11-01', to: '2026-11-30' });
    expect(r.rows).toEqual([
      { day: '2026-11-05', accountId: w.accountId, accountName: 'DuitKu', gateway: 'duitku', count: 3, gross: 104_000 + 75_000 + 204_500, fee: 8_000, net: 100_000 + 75_000 + 200_500 },
      { day: '2026-11-05', accountId: s.second.id, accountName: 'DuitKu Kedua', gateway: 'duitku', count: 1, gross: 50_000, fee: 0, net: 50_000 },
      { day: '2026-11-06', accountId: s.second.id, accountName: 'DuitKu Kedua', gateway: 'duitku', count: 1, gross: 30_000, fee: 0, net: 30_000 },
    ]);
    expect(r.totals).toEqual({ count: 5, gross: 463_500, fee: 8_000, net: 455_500 });
    expect(r.byAccount.map((a) => [a.accountName, a.count, a.net])).toEqual([
      ['DuitKu', 3, 375_500],
      ['DuitKu Kedua', 2, 80_000],
    ]);
    // The net is what the ledger credited.
    const [ledger] = await q<{ s: number }>(w, "SELECT SUM(amount) AS s FROM payments WHERE method = 'gateway'");
    expect(ledger!.s).toBe(r.totals.net);

    // One office day, one account.
    const day6 = await w.owner.call('gateway.report', { from: '2026-11-06', to: '2026-11-06', accountId: s.second.id });
    expect(day6.rows).toHaveLength(1);
    expect(day6.totals).toEqual({ count: 1, gross: 30_000, fee: 0, net: 30_000 });
    const day5acct1 = await w.owner.call('gateway.report', { from: '2026-11-05', to: '2026-11-05', accountId: w.accountId });
    expect(day5acct1.totals).toEqual({ count: 3, gross: 383_500, fee: 8_000, net: 375_500 });
    expect((await w.owner.call('gateway.report', { from: '2026-11-07', to: '2026-11-30' })).rows).toEqual([]);

    await expect(w.owner.call('gateway.report', { from: '2026-11-30', to: '2026-11-01' })).rejects.toThrow(/validation.*The start is after the end/);
  });

  it('reconciles an account: matched sums, a reversed payment, an amount difference and a gateway payment without attempt are listed', async () => {
    w = await payWorld();
    const s = await scenario(w);
    await w.owner.call('payments.reverse', { id: s.a1.paymentId!, reason: 'salah pelanggan' });
    // A gateway payment recorded in the ledger that no attempt points at.
    await q(w, "INSERT INTO payments (number, customer_id, amount, method, reference, note, received_at, balance_after) VALUES ('PAY/2026/11/9999', ?, 12345, 'gateway', 'REF-LOST', 'duitku lost', ?, -12345)", [
      s.c1.id,
      '2026-11-05T05:00:00.000Z',
    ]);

    const rec = await w.owner.call('gateway.reconcile', { accountId: w.accountId, from: '2026-11-05', to: '2026-11-05' });
    expect(rec.matched).toEqual({ count: 1, gross: 75_000, fee: 0, net: 75_000, ledger: 75_000 });
    expect(rec.reversed).toHaveLength(1);
    expect(rec.reversed[0]).toMatchObject({ attemptId: s.a1.id, orderId: s.a1.orderId, paid: 104_000, fee: 4_000, expected: 100_000, ledger: 100_000, reverseReason: 'salah pelanggan', customerName: 'Andi' });
    expect(rec.reversed[0]!.reversedAt).not.toBeNull();
    expect(rec.amountDifferences).toHaveLength(1);
    expect(rec.amountDifferences[0]).toMatchObject({ attemptId: s.a4.id, asked: 204_000, paid: 204_500, fee: 4_000, expected: 200_500, ledger: 200_500 });
    expect(rec.paidWithoutPayment).toEqual([]);
    expect(rec.paymentsWithoutAttempt).toEqual([
      expect.objectContaining({ number: 'PAY/2026/11/9999', amount: 12_345, reference: 'REF-LOST', customerName: 'Andi', reversedAt: null }),
    ]);

    // The second account: both its payments match; the orphan is listed there too (the ledger does not name an account).
    const rec2 = await w.owner.call('gateway.reconcile', { accountId: s.second.id, from: '2026-11-01', to: '2026-11-30' });
    expect(rec2.matched).toEqual({ count: 2, gross: 80_000, fee: 0, net: 80_000, ledger: 80_000 });
    expect(rec2.reversed).toEqual([]);
    expect(rec2.amountDifferences).toEqual([]);
    expect(rec2.paymentsWithoutAttempt.map((p) => p.reference)).toEqual(['REF-LOST']);

    // A paid attempt whose payment is missing from the ledger (e.g. nothing to credit).
    await q(w, 'UPDATE payment_attempts SET payment_id = NULL WHERE id = ?', [s.a6.id]);
    const rec3 = await w.owner.call('gateway.reconcile', { accountId: w.accountId, from: '2026-11-05', to: '2026-11-05' });
    expect(rec3.paidWithoutPayment.map((i) => [i.orderId, i.ledger])).toEqual([[s.a6.orderId, null]]);
    expect(rec3.matched.count).toBe(0);
    // …and its payment now has no attempt pointing at it.
    expect(rec3.paymentsWithoutAttempt.map((p) => p.number).sort()).toEqual([s.a6.paymentNumber, 'PAY/2026/11/9999'].sort());

    await expect(w.owner.call('gateway.reconcile', { accountId: 999, from: '2026-11-05', to: '2026-11-05' })).rejects.toThrow(/not_found/);
  });

  it('exports the report as CSV that parses back and neutralises formulas, and as XLSX', async () => {
    w = await payWorld();
    const c = await w.owner.call('customers.create', { name: 'Cici', phone: '081234567892' });
    await w.owner.call('gateway.updateAccount', { id: w.accountId, gateway: 'duitku', name: '=HYPERLINK("http://x")', merchantCode: 'D0001', flavour: 'pop', publicBaseUrl: 'https://billing.example.net', methods: [] });
    await attempt(w, w.accountId, c.id, 100_000, 'BC', '2026-11-05T09:00:00', 'PAID');

    const file = await w.owner.call('gateway.reportExport', { from: '2026-11-01', to: '2026-11-30', format: 'csv' });
    expect(file.filename).toBe('laporan-pembayaran-online-2026-11-01_2026-11-30.csv');
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1).trim(), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ['Tanggal', 'Akun', 'Gateway', 'Jumlah transaksi', 'Bruto', 'Biaya gateway', 'Neto'],
      ['2026-11-05', `'=HYPERLINK("http://x")`, 'duitku', '1', '104000', '4000', '100000'],
      ['Total', '', '', '1', '104000', '4000', '100000'],
    ]);

    const en = await w.owner.call('gateway.reportExport', { from: '2026-11-01', to: '2026-11-30', format: 'csv', language: 'en' });
    expect(Buffer.from(en.base64, 'base64').toString('utf8')).toContain('Date,Account,Gateway,Transactions,Gross,Gateway fee,Net');

    const xlsx = await w.owner.call('gateway.reportExport', { from: '2026-11-01', to: '2026-11-30', format: 'xlsx' });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).values).toEqual([undefined, '2026-11-05', `'=HYPERLINK("http://x")`, 'duitku', 1, 104_000, 4_000, 100_000]);
    expect(ws.getRow(3).getCell(7).value).toBe(100_000);
  });
});
