import { afterEach, describe, expect, it } from 'vitest';
import { collectWorld, type CollectWorld } from './collections-world';

let w: CollectWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const q = <T>(world: CollectWorld, sql: string, params: unknown[] = []) => world.core.db.manager.query(sql, params) as Promise<T[]>;

describe('a payment in the field', () => {
  it('goes through the counter path: a cash receipt by the collector that pays the oldest invoice, and today’s total moves', async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol, id: kolId } = await w.staff('andi', 'collector', 'Andi Kolektor');
    const c = await w.customer({ name: 'Siti Aminah', area: 'RT05' }, 150_000);
    const r = await kol.call('collections.pay', { customerId: c, amount: 150_000, idempotencyKey: 'field-form-0001', note: 'di rumah' });
    expect(r).toMatchObject({ number: 'KW/2026/12/00001', customerName: 'Siti Aminah', amount: 150_000, replayed: false });
    expect(r.day).toMatchObject({ todayTotal: 150_000, todayCount: 1, outstanding: 150_000, outstandingCount: 1, unsubmitted: 150_000, pending: null });
    const p = await w.owner.call('payments.get', { id: r.paymentId });
    expect(p).toMatchObject({ method: 'cash', amount: 150_000, receivedBy: 'Andi Kolektor', note: 'di rumah', balanceAfter: 0 });
    expect(p.applied).toHaveLength(1);
    const [inv] = (await w.owner.call('invoices.list', { customerId: c })).items;
    expect(inv!.status).toBe('paid');
    const [row] = await q<{ collector_id: number; day: string; amount: number }>(w, 'SELECT collector_id, day, amount FROM collection_payments WHERE payment_id = ?', [r.paymentId]);
    expect(row).toEqual({ collector_id: kolId, day: '2026-12-01', amount: 150_000 });
    // Audited like the counter's payment.
    const audit = await w.owner.call('audit.list', {});
    expect(audit.items.some((a) => a.method === 'collections.pay' && a.summaryKey === 'payments.received')).toBe(true);
  });

  it('a double tap (the same form key) records one payment; the same key with another amount is a conflict', async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol } = await w.staff('andi', 'collector');
    const c = await w.customer({ name: 'Siti Aminah', area: 'RT05' }, 150_000);
    const form = { customerId: c, amount: 100_000, idempotencyKey: 'double-tap-0001' };
    const [a, b] = await Promise.all([kol.call('collections.pay', form), kol.call('collections.pay', form)]);
    expect(a.paymentId).toBe(b.paymentId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(b.day.todayTotal).toBe(100_000);
    expect((await q<{ n: number }>(w, 'SELECT count(*) AS n FROM payments'))[0]!.n).toBe(1);
    expect((await q<{ n: number }>(w, 'SELECT count(*) AS n FROM collection_payments'))[0]!.n).toBe(1);
    expect((await q<{ n: number }>(w, "SELECT count(*) AS n FROM ledger_entries WHERE kind = 'payment'"))[0]!.n).toBe(1);
    const e = await kol.fail('collections.pay', { ...form, amount: 90_000 });
    expect(e.code).toBe('conflict');
    expect((await q<{ n: number }>(w, 'SELECT count(*) AS n FROM payments'))[0]!.n).toBe(1);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol } = await w.staff('andi', 'collector');
    const c = await w.customer({ name: 'Siti Aminah' }, 150_000);
    expect((await kol.fail('collections.pay', { customerId: c, amount: 0, idempotencyKey: 'bad-input-0001' })).code).toBe('validation');
    expect((await kol.fail('collections.pay', { customerId: c, amount: 1.5, idempotencyKey: 'bad-input-0002' })).code).toBe('validation');
    expect((await kol.fail('collections.pay', { customerId: c, amount: 1000, idempotencyKey: 'short' })).code).toBe('validation');
    expect((await kol.fail('collections.pay', { customerId: 9999, amount: 1000, idempotencyKey: 'bad-input-0003' })).code).toBe('not_found');
    expect((await q<{ n: number }>(w, 'SELECT count(*) AS n FROM payments'))[0]!.n).toBe(0);
    expect((await q<{ n: number }>(w, 'SELECT count(*) AS n FROM collection_payments'))[0]!.n).toBe(0);
  });

  it("a collector's cash taken on the Payments screen is theirs to hand over too; transfers and the cashier's cash are not", async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol } = await w.staff('andi', 'collector');
    const { caller: kasir } = await w.staff('sari', 'cashier');
    const c = await w.customer({ name: 'Siti Aminah' }, 500_000);
    await kol.call('payments.create', { customerId: c, amount: 50_000, method: 'cash' });
    await kol.call('payments.create', { customerId: c, amount: 70_000, method: 'transfer', reference: 'BCA-1' });
    await kasir.call('payments.create', { customerId: c, amount: 30_000, method: 'cash' });
    const day = await kol.call('collections.day', {});
    expect(day).toMatchObject({ todayTotal: 50_000, outstanding: 50_000, outstandingCount: 1 });
    expect(day.payments.map((p) => p.amount)).toEqual([50_000]);
  });

  it('the day total is the office day (Asia/Jakarta), and a reversal leaves it', async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol } = await w.staff('andi', 'collector');
    const c = await w.customer({ name: 'Siti Aminah' }, 500_000);
    // 23:30 WIB on 1 Dec = 16:30 UTC: still the 1st in the office.
    w.clock.t = new Date('2026-12-01T16:30:00.000Z');
    await w.relogin(kol, 'andi');
    const late = await kol.call('collections.pay', { customerId: c, amount: 10_000, idempotencyKey: 'late-night-0001' });
    expect(late.day.day).toBe('2026-12-01');
    // 00:30 WIB on the 2nd.
    w.clock.t = new Date('2026-12-01T17:30:00.000Z');
    await w.relogin(kol, 'andi');
    const early = await kol.call('collections.pay', { customerId: c, amount: 20_000, idempotencyKey: 'early-morning-01' });
    expect(early.day).toMatchObject({ day: '2026-12-02', todayTotal: 20_000, outstanding: 30_000 });
    await w.relogin(w.owner, 'budi');
    await w.owner.call('payments.reverse', { id: early.paymentId, reason: 'salah pelanggan' });
    expect(await kol.call('collections.day', {})).toMatchObject({ todayTotal: 0, todayCount: 0, outstanding: 10_000, outstandingCount: 1 });
  });
});
