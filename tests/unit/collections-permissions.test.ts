import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { roleHas } from '../../shared/permissions';
import { collectWorld, type CollectWorld } from './collections-world';

let w: CollectWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe('who may do what in field collection', () => {
  it('roles: the collector collects and hands over; the cashier receives; the technician neither; areas are managed with users', () => {
    expect(roleHas('collector', 'collections.collect')).toBe(true);
    expect(roleHas('collector', 'collections.receive')).toBe(false);
    expect(roleHas('cashier', 'collections.receive')).toBe(true);
    expect(roleHas('cashier', 'collections.collect')).toBe(false);
    expect(roleHas('technician', 'collections.collect')).toBe(false);
    expect(roleHas('technician', 'collections.receive')).toBe(false);
    expect(contract['collections.setAreas'].access).toBe('users.manage');
    expect(contract['collections.confirmHandover'].access).toBe('collections.receive');
    expect(contract['collections.pay'].access).toBe('collections.collect');
  });

  it("a collector sees only their own route and money; the office sees anyone's", async () => {
    w = await collectWorld('2026-12-01');
    const andi = await w.staff('andi', 'collector');
    const rudi = await w.staff('rudi', 'collector');
    const kasir = await w.staff('sari', 'cashier');
    const tek = await w.staff('joko', 'technician');
    expect((await andi.caller.fail('collections.route', { collectorId: rudi.id })).code).toBe('forbidden');
    expect((await andi.caller.fail('collections.day', { collectorId: rudi.id })).code).toBe('forbidden');
    expect((await andi.caller.call('collections.day', { collectorId: andi.id })).collectorId).toBe(andi.id);
    expect((await andi.caller.fail('collections.collectors', {})).code).toBe('forbidden');
    expect((await andi.caller.fail('collections.handovers', {})).code).toBe('forbidden');
    expect((await andi.caller.fail('collections.setAreas', { userId: andi.id, areas: ['RT05'] })).code).toBe('forbidden');
    expect((await w.owner.call('collections.day', { collectorId: rudi.id })).collectorId).toBe(rudi.id);
    expect((await kasir.caller.call('collections.collectors', {})).map((c) => c.id).sort()).toEqual([andi.id, rudi.id].sort());
    // The cashier receives cash but has no route and takes no field payments.
    expect((await kasir.caller.fail('collections.day', {})).code).toBe('forbidden');
    expect((await kasir.caller.fail('collections.pay', { customerId: 1, amount: 1000, idempotencyKey: 'perm-check-0001' })).code).toBe('forbidden');
    expect((await kasir.caller.fail('collections.handOver', { amount: 1000 })).code).toBe('forbidden');
    for (const m of ['collections.route', 'collections.day', 'collections.collectors', 'collections.handovers'] as const) {
      expect((await tek.caller.fail(m, {})).code, m).toBe('forbidden');
    }
  });

  it('only the collector or the office may cancel a waiting hand-over; areas go to collectors only', async () => {
    w = await collectWorld('2026-12-01');
    const andi = await w.staff('andi', 'collector');
    const rudi = await w.staff('rudi', 'collector');
    const kasir = await w.staff('sari', 'cashier');
    const c = await w.customer({ name: 'Siti Aminah' }, 150_000);
    await andi.caller.call('collections.pay', { customerId: c, amount: 150_000, idempotencyKey: 'perm-pay-00001' });
    const h = await andi.caller.call('collections.handOver', { amount: 150_000 });
    expect((await rudi.caller.fail('collections.cancelHandover', { id: h.id })).code).toBe('forbidden');
    expect((await rudi.caller.fail('collections.confirmHandover', { id: h.id, counted: 150_000 })).code).toBe('forbidden');
    expect((await w.owner.fail('collections.setAreas', { userId: kasir.id, areas: ['RT05'] })).code).toBe('validation');
    expect((await w.owner.fail('collections.setAreas', { userId: 999, areas: ['RT05'] })).code).toBe('not_found');
    expect((await w.owner.fail('collections.confirmHandover', { id: 999, counted: 1 })).code).toBe('not_found');
    expect((await kasir.caller.call('collections.cancelHandover', { id: h.id })).state).toBe('cancelled');
  });
});
