import { afterEach, describe, expect, it } from 'vitest';
import { collectWorld, type CollectWorld } from './collections-world';

let w: CollectWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function fieldDay(world: CollectWorld) {
  const kol = await world.staff('andi', 'collector', 'Andi Kolektor');
  const kasir = await world.staff('sari', 'cashier', 'Sari Kasir');
  const a = await world.customer({ name: 'Siti Aminah', area: 'RT05' }, 150_000);
  const b = await world.customer({ name: 'Budi Hartono', area: 'RT05' }, 100_000);
  const p1 = await kol.caller.call('collections.pay', { customerId: a, amount: 150_000, idempotencyKey: 'ho-pay-000001' });
  const p2 = await kol.caller.call('collections.pay', { customerId: b, amount: 100_000, idempotencyKey: 'ho-pay-000002' });
  return { kol, kasir, a, b, p1, p2 };
}

describe('handing the cash over at the office', () => {
  it('the collector hands over what is outstanding; the cashier counts and confirms; nothing is outstanding after', async () => {
    w = await collectWorld('2026-12-01');
    const { kol, kasir } = await fieldDay(w);
    const h = await kol.caller.call('collections.handOver', { amount: 250_000 });
    expect(h).toMatchObject({ number: 'STR/2026/12/00001', state: 'pending', amount: 250_000, count: 2, collectorName: 'Andi Kolektor', createdBy: 'Andi Kolektor', counted: null });
    // Still outstanding until the office has the cash, but nothing left to submit.
    expect(await kol.caller.call('collections.day', {})).toMatchObject({ outstanding: 250_000, unsubmitted: 0, pending: { id: h.id } });
    const listed = await kasir.caller.call('collections.collectors', {});
    expect(listed.map((c) => [c.name, c.todayTotal, c.outstanding, c.pending?.id ?? null])).toEqual([['Andi Kolektor', 250_000, 250_000, h.id]]);

    const done = await kasir.caller.call('collections.confirmHandover', { id: h.id, counted: 250_000 });
    expect(done).toMatchObject({ state: 'confirmed', amount: 250_000, counted: 250_000, difference: 0, decidedBy: 'Sari Kasir' });
    expect(await kol.caller.call('collections.day', {})).toMatchObject({ todayTotal: 250_000, outstanding: 0, outstandingCount: 0, pending: null, payments: [] });
    // A second confirm, or a hand-over with nothing in it, is refused.
    expect((await kasir.caller.fail('collections.confirmHandover', { id: h.id, counted: 250_000 })).details).toMatchObject({ reason: 'state' });
    expect((await kol.caller.fail('collections.handOver', { amount: 1 })).details).toMatchObject({ reason: 'nothing' });
    const page = await kasir.caller.call('collections.handovers', {});
    expect(page.total).toBe(1);
  });

  it('refuses an amount the collector did not see, a second waiting hand-over, and confirming one’s own', async () => {
    w = await collectWorld('2026-12-01');
    const { kol, kasir, a } = await fieldDay(w);
    const changed = await kol.caller.fail('collections.handOver', { amount: 150_000 });
    expect(changed).toMatchObject({ code: 'conflict', details: { reason: 'changed', amount: 250_000, count: 2 } });
    const h = await kol.caller.call('collections.handOver', { amount: 250_000 });
    // A payment taken after the hand-over started is for the next one.
    await kol.caller.call('collections.pay', { customerId: a, amount: 5_000, idempotencyKey: 'ho-pay-000003' });
    expect((await kol.caller.fail('collections.handOver', { amount: 5_000 })).details).toMatchObject({ reason: 'pending' });
    expect(await kol.caller.call('collections.day', {})).toMatchObject({ outstanding: 255_000, unsubmitted: 5_000, unsubmittedCount: 1 });
    // The owner collects too (everything is allowed to an owner) but the collector cannot confirm their own.
    expect((await kol.caller.fail('collections.confirmHandover', { id: h.id, counted: 250_000 })).code).toBe('forbidden');
    const ok = await kasir.caller.call('collections.confirmHandover', { id: h.id, counted: 250_000 });
    expect(ok.amount).toBe(250_000);
    const next = await kol.caller.call('collections.handOver', { amount: 5_000 });
    expect(next).toMatchObject({ number: 'STR/2026/12/00002', amount: 5_000, count: 1 });
  });

  it('a short count needs a note and is kept as the difference; the payments are handed over all the same', async () => {
    w = await collectWorld('2026-12-01');
    const { kol, kasir } = await fieldDay(w);
    const h = await kol.caller.call('collections.handOver', { amount: 250_000 });
    const e = await kasir.caller.fail('collections.confirmHandover', { id: h.id, counted: 245_000 });
    expect(e).toMatchObject({ code: 'validation', details: { field: 'note', amount: 250_000 } });
    // Refused: nothing changed.
    expect((await kasir.caller.call('collections.handovers', {})).items[0]).toMatchObject({ state: 'pending', counted: null });
    const ok = await kasir.caller.call('collections.confirmHandover', { id: h.id, counted: 245_000, note: 'kurang 5.000, dipotong gaji' });
    expect(ok).toMatchObject({ state: 'confirmed', counted: 245_000, difference: -5_000, note: 'kurang 5.000, dipotong gaji' });
    expect((await kol.caller.call('collections.day', {})).outstanding).toBe(0);
  });

  it('a withdrawn or refused hand-over puts its payments back to outstanding', async () => {
    w = await collectWorld('2026-12-01');
    const { kol, kasir } = await fieldDay(w);
    const h = await kol.caller.call('collections.handOver', { amount: 250_000 });
    const withdrawn = await kol.caller.call('collections.cancelHandover', { id: h.id, reason: 'salah hitung' });
    expect(withdrawn).toMatchObject({ state: 'cancelled', note: 'salah hitung', decidedBy: 'Andi Kolektor' });
    expect(await kol.caller.call('collections.day', {})).toMatchObject({ outstanding: 250_000, unsubmitted: 250_000, pending: null });
    const again = await kol.caller.call('collections.handOver', { amount: 250_000 });
    const refused = await kasir.caller.call('collections.cancelHandover', { id: again.id, reason: 'uang belum dibawa' });
    expect(refused.decidedBy).toBe('Sari Kasir');
    expect((await kasir.caller.fail('collections.confirmHandover', { id: again.id, counted: 250_000 })).details).toMatchObject({ reason: 'state' });
    expect((await kol.caller.call('collections.day', {})).unsubmitted).toBe(250_000);
  });

  it('a reversal takes the payment out of a waiting hand-over; after confirmation the hand-over keeps it', async () => {
    w = await collectWorld('2026-12-01');
    const { kol, kasir, p1, p2 } = await fieldDay(w);
    const h = await kol.caller.call('collections.handOver', { amount: 250_000 });
    await w.owner.call('payments.reverse', { id: p2.paymentId, reason: 'dicatat dobel' });
    expect(await kol.caller.call('collections.day', {})).toMatchObject({ outstanding: 150_000, pending: { id: h.id, amount: 150_000, count: 1 } });
    const ok = await kasir.caller.call('collections.confirmHandover', { id: h.id, counted: 150_000 });
    expect(ok).toMatchObject({ amount: 150_000, count: 1 });
    await w.owner.call('payments.reverse', { id: p1.paymentId, reason: 'pelanggan salah' });
    const [after] = (await kasir.caller.call('collections.handovers', {})).items;
    expect(after).toMatchObject({ amount: 150_000, state: 'confirmed' });
    expect(await kol.caller.call('collections.day', {})).toMatchObject({ outstanding: 0, todayTotal: 0 });
  });

  it('a waiting hand-over whose every payment is reversed is withdrawn', async () => {
    w = await collectWorld('2026-12-01');
    const kol = await w.staff('andi', 'collector');
    const c = await w.customer({ name: 'Siti Aminah' }, 150_000);
    const p = await kol.caller.call('collections.pay', { customerId: c, amount: 150_000, idempotencyKey: 'ho-pay-000009' });
    const h = await kol.caller.call('collections.handOver', { amount: 150_000 });
    await w.owner.call('payments.reverse', { id: p.paymentId, reason: 'batal' });
    const [after] = (await w.owner.call('collections.handovers', {})).items;
    expect(after).toMatchObject({ id: h.id, state: 'cancelled', amount: 0, count: 0 });
    expect((await kol.caller.call('collections.day', {})).pending).toBeNull();
  });
});
