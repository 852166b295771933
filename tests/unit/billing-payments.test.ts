import { afterEach, describe, expect, it } from 'vitest';
import { billingWorld, moveTo, seedCustomer, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function subscribe(world: BillingWorld, date: string) {
  const customerId = await seedCustomer(world.core);
  const sub = await world.owner.call('subscriptions.create', {
    customerId,
    planId: world.plans.A,
    routerId: world.routerId,
    username: `cust${customerId}`,
    password: 'pw123',
    installDate: date,
    anchor: 'fixed',
    anchorDay: 1,
    installFee: 0,
    discount: 0,
  });
  return { customerId, sub };
}

const count = async (world: BillingWorld, sql: string, params: unknown[]) => {
  const [r] = (await world.core.db.manager.query(sql, params)) as { n: number }[];
  return r!.n;
};
const paymentsOf = (world: BillingWorld, customerId: number) => count(world, 'SELECT count(*) AS n FROM payments WHERE customer_id = ?', [customerId]);
const ledgerPaymentsOf = (world: BillingWorld, customerId: number) =>
  count(world, "SELECT count(*) AS n FROM ledger_entries WHERE customer_id = ? AND kind = 'payment'", [customerId]);
const balance = (world: BillingWorld, customerId: number) => count(world, 'SELECT COALESCE(SUM(amount), 0) AS n FROM ledger_entries WHERE customer_id = ?', [customerId]);

describe('a double submit records one payment', () => {
  it('the same idempotency key again returns the payment already recorded, with no second ledger entry', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core);
    const form = { customerId, amount: 75_000, method: 'transfer' as const, reference: 'BCA-778812', idempotencyKey: 'form-0001-abcd' };
    const first = await w.owner.call('payments.create', form);
    // The resend carries the same reference: it is the same payment, not a duplicate transfer.
    const again = await w.owner.call('payments.create', form);
    expect(again).toEqual(first);
    expect(first.number).toBe('KW/2026/11/00001');
    expect(await paymentsOf(w, customerId)).toBe(1);
    expect(await ledgerPaymentsOf(w, customerId)).toBe(1);
    // No invoices: 75.000 stays as credit, once: 0 − 75.000 = −75.000.
    expect(await balance(w, customerId)).toBe(-75_000);
    expect(first.balanceAfter).toBe(-75_000);
    const [row] = (await w.core.db.manager.query('SELECT idempotency_key, applied FROM payments WHERE id = ?', [first.id])) as { idempotency_key: string; applied: string }[];
    expect(row).toEqual({ idempotency_key: 'form-0001-abcd', applied: '[]' });
    // The receipt counter did not move either: the next payment is 00002.
    const next = await w.owner.call('payments.create', { customerId, amount: 5_000, method: 'cash', idempotencyKey: 'form-0002-abcd' });
    expect(next.number).toBe('KW/2026/11/00002');
  });

  it('the same key with another amount, customer or method is a conflict and records nothing', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core);
    const other = await seedCustomer(w.core, 'Joko Widodo');
    await w.owner.call('payments.create', { customerId, amount: 50_000, method: 'cash', idempotencyKey: 'form-0003-abcd' });
    expect((await w.owner.fail('payments.create', { customerId, amount: 60_000, method: 'cash', idempotencyKey: 'form-0003-abcd' })).code).toBe('conflict');
    expect((await w.owner.fail('payments.create', { customerId: other, amount: 50_000, method: 'cash', idempotencyKey: 'form-0003-abcd' })).code).toBe('conflict');
    expect(
      (await w.owner.fail('payments.create', { customerId, amount: 50_000, method: 'transfer', reference: 'TRX-1', idempotencyKey: 'form-0003-abcd' })).code,
    ).toBe('conflict');
    expect(await paymentsOf(w, customerId)).toBe(1);
    expect(await paymentsOf(w, other)).toBe(0);
    expect(await ledgerPaymentsOf(w, customerId)).toBe(1);
    expect(await balance(w, customerId)).toBe(-50_000);
    // A key shorter than 8 characters is not a key.
    expect((await w.owner.fail('payments.create', { customerId, amount: 1_000, method: 'cash', idempotencyKey: 'short' })).code).toBe('validation');
  });
});

describe('a transfer reference is counted once', () => {
  it('a live payment with the same reference is refused, naming it, until staff confirm', async () => {
    w = await billingWorld();
    const siti = await seedCustomer(w.core, 'Siti Aminah');
    const joko = await seedCustomer(w.core, 'Joko Widodo');
    const first = await w.owner.call('payments.create', { customerId: siti, amount: 150_000, method: 'transfer', reference: 'BRI-2026-0042' });
    const err = await w.owner.fail('payments.create', { customerId: joko, amount: 150_000, method: 'transfer', reference: 'BRI-2026-0042' });
    expect(err.code).toBe('billing.duplicate_reference');
    expect(err.details).toEqual({ number: first.number, customerName: 'Siti Aminah', amount: 150_000, receivedAt: first.receivedAt });
    expect(await paymentsOf(w, joko)).toBe(0);
    const second = await w.owner.call('payments.create', { customerId: joko, amount: 150_000, method: 'transfer', reference: 'BRI-2026-0042', confirmDuplicate: true });
    expect(second.reference).toBe('BRI-2026-0042');
    expect(second.number).toBe('KW/2026/11/00002');
    expect(await balance(w, joko)).toBe(-150_000);
    // Cash without a reference is never a duplicate.
    await w.owner.call('payments.create', { customerId: siti, amount: 10_000, method: 'cash' });
    await w.owner.call('payments.create', { customerId: siti, amount: 10_000, method: 'cash' });
    // 0 − 150.000 − 10.000 − 10.000 = −170.000
    expect(await balance(w, siti)).toBe(-170_000);
  });

  it('the match ignores case and surrounding spaces, and a reversed payment does not count', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core);
    const first = await w.owner.call('payments.create', { customerId, amount: 80_000, method: 'transfer', reference: 'mandiri-ab12' });
    const err = await w.owner.fail('payments.create', { customerId, amount: 80_000, method: 'transfer', reference: '  MANDIRI-AB12 ' });
    expect(err.code).toBe('billing.duplicate_reference');
    expect(err.details).toMatchObject({ number: first.number, amount: 80_000 });
    // A different reference is fine.
    await w.owner.call('payments.create', { customerId, amount: 1_000, method: 'transfer', reference: 'MANDIRI-AB13' });
    await w.owner.call('payments.reverse', { id: first.id, reason: 'Salah pelanggan' });
    const again = await w.owner.call('payments.create', { customerId, amount: 80_000, method: 'transfer', reference: '  MANDIRI-AB12 ' });
    expect(again.reference).toBe('MANDIRI-AB12');
    // −80.000 − 1.000 + 80.000 (reversal) − 80.000 = −81.000
    expect(await balance(w, customerId)).toBe(-81_000);
  });
});

describe('what a payment pays comes from the ledger', () => {
  it('applied is read from the fresh settlement; balanceAfter is the ledger sum right after the payment', async () => {
    w = await billingWorld({ start: '2026-11-01' });
    const { customerId } = await subscribe(w, '2026-11-01');
    // Activation on the billing day: a whole first period of 150.000.
    const p = await w.owner.call('payments.create', { customerId, amount: 200_000, method: 'cash' });
    expect(p.applied).toEqual([{ invoiceId: expect.any(Number), number: 'INV/2026/11/00001', amount: 150_000 }]);
    // 150.000 − 200.000 = −50.000 credit.
    expect(p.balanceAfter).toBe(-50_000);
    await moveTo(w, '2026-12-01');
    await w.core.billing.runInvoices();
    // The 50.000 credit pays the December invoice on issue, so the same payment now pays two invoices.
    const now = await w.owner.call('payments.get', { id: p.id });
    expect(now.applied.map((a) => [a.number, a.amount])).toEqual([
      ['INV/2026/11/00001', 150_000],
      ['INV/2026/12/00001', 50_000],
    ]);
    expect(now.balanceAfter).toBe(-50_000);
    const listed = (await w.owner.call('payments.list', { customerId })).items[0]!;
    expect(listed.applied).toEqual(now.applied);
    // −50.000 + 150.000 = 100.000 still owed.
    expect(await balance(w, customerId)).toBe(100_000);
  });
});

describe('a reversal is booked in the month it happens', () => {
  it('a November payment reversed in December counts +X in November and −X in December', async () => {
    w = await billingWorld({ start: '2026-11-10' });
    const customerId = await seedCustomer(w.core);
    const x = await w.owner.call('payments.create', { customerId, amount: 100_000, method: 'cash' });
    // 23:30 WIB on 30 November is still November in the office (16:30 UTC).
    await moveTo(w, '2026-11-30', '23:30');
    await w.owner.call('payments.create', { customerId, amount: 40_000, method: 'cash' });
    let dash = await w.owner.call('billing.dashboard', {});
    expect(dash.revenueThisMonth).toBe(140_000);
    // 00:30 WIB on 1 December is 17:30 UTC on 30 November, but December in the office.
    await moveTo(w, '2026-12-01', '00:30');
    await w.owner.call('payments.reverse', { id: x.id, reason: 'Uang palsu' });
    await moveTo(w, '2026-12-05');
    await w.owner.call('payments.create', { customerId, amount: 25_000, method: 'cash' });
    dash = await w.owner.call('billing.dashboard', {});
    const byMonth = Object.fromEntries(dash.revenueByMonth.map((m) => [m.month, m.amount]));
    // November keeps what came in: 100.000 + 40.000 = 140.000.
    expect(byMonth['2026-11']).toBe(140_000);
    // December: 25.000 received − 100.000 reversed = −75.000.
    expect(byMonth['2026-12']).toBe(-75_000);
    expect(dash.revenueThisMonth).toBe(-75_000);
    expect(dash.revenueByMonth).toHaveLength(12);
    expect(dash.revenueByMonth[11]!.month).toBe('2026-12');
    // Over both months the money is what stayed: 140.000 − 75.000 = 65.000 = 40.000 + 25.000.
    expect(byMonth['2026-11']! + byMonth['2026-12']!).toBe(40_000 + 25_000);
  });
});

describe('a promise to pay is limited on the core clock', () => {
  it('with the office clock in 2030, today + 30 is accepted and today + 95 refused', async () => {
    w = await billingWorld({ start: '2030-03-10' });
    const { sub } = await subscribe(w, '2030-03-10');
    // today 2030-03-10: + 21 days = 03-31, + 30 = 04-09.
    const ok = await w.owner.call('subscriptions.promise', { id: sub.id, until: '2030-04-09', note: 'Gajian' });
    expect(ok.promiseUntil).toBe('2030-04-09');
    // + 31 = 04-10, + 61 = 05-10, + 92 = 06-10, so + 90 = 06-08 (the last day allowed) and + 95 = 06-13.
    const far = await w.owner.fail('subscriptions.promise', { id: sub.id, until: '2030-06-13' });
    expect(far.code).toBe('billing.promise_too_long');
    expect(far.details).toEqual({ field: 'until', max: '2030-06-08' });
    expect((await w.owner.fail('subscriptions.promise', { id: sub.id, until: '2030-06-09' })).code).toBe('billing.promise_too_long');
    expect((await w.owner.call('subscriptions.promise', { id: sub.id, until: '2030-06-08' })).promiseUntil).toBe('2030-06-08');
  });
});
