import { afterEach, describe, expect, it } from 'vitest';
import { collectWorld, type CollectWorld } from './collections-world';

let w: CollectWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe("a collector's route", () => {
  it('lists customers in arrears in the collector’s areas, by area then address, with what is owed and map links', async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol, id: kolId } = await w.staff('andi', 'collector', 'Andi Kolektor');
    const { id: otherId } = await w.staff('rudi', 'collector', 'Rudi Kolektor');
    await w.owner.call('collections.setAreas', { userId: kolId, areas: ['RT05', 'rt 07', 'RT05 '] });

    // In RT05: two in arrears (addresses out of order), one with nothing owed, one not due yet.
    const melati12 = await w.customer({ name: 'Siti Aminah', area: 'RT05', address: 'Jl. Melati 12', phone: '081234567890', whatsapp: '081234567890', lat: -6.2412, lng: 106.9921 }, 150_000);
    const melati5 = await w.customer({ name: 'Budi Hartono', area: 'RT05', address: 'Jl. Melati 5' }, 100_000);
    await w.customer({ name: 'Lunas Terus', area: 'RT05', address: 'Jl. Melati 1' });
    await w.customer({ name: 'Belum Jatuh Tempo', area: 'RT05', address: 'Jl. Melati 2' }, 90_000, '2026-12-10');
    // "RT 07" typed with another case and spaces is the same area.
    const rt07 = await w.customer({ name: 'Ahmad Fauzi', area: 'RT 07', address: '' }, 50_000);
    // Another area, not the collector's; and one in RT05 that belongs to the other collector by name.
    await w.customer({ name: 'Di Luar Wilayah', area: 'RT09', address: 'Jl. Kenanga 1' }, 75_000);
    await w.customer({ name: 'Milik Rudi', area: 'RT05', address: 'Jl. Melati 3', collectorId: otherId }, 80_000);
    // Assigned to Andi by name, in an area Andi does not cover.
    const assigned = await w.customer({ name: 'Dewi Lestari', area: 'RW02', address: 'Gg. Mawar 4', collectorId: kolId }, 60_000);

    // The charge due on 1 Dec plus a second one later: owed counts only what is due by today, the oldest due date shows.
    w.clock.t = new Date('2026-12-03T03:00:00.000Z');
    await w.relogin(w.owner, 'budi');
    await w.owner.call('invoices.createCharge', { customerId: melati12, type: 'other', amount: 20_000, dueDate: '2026-12-03' });
    await w.owner.call('invoices.createCharge', { customerId: melati12, type: 'other', amount: 35_000, dueDate: '2026-12-20' });
    await w.relogin(kol, 'andi');

    const route = await kol.call('collections.route', {});
    expect(route.collectorId).toBe(kolId);
    expect(route.day).toBe('2026-12-03');
    expect(route.areas).toEqual(['rt 07', 'RT05']);
    expect(route.stops.map((s) => s.name)).toEqual(['Ahmad Fauzi', 'Budi Hartono', 'Siti Aminah', 'Dewi Lestari']);
    const siti = route.stops.find((s) => s.customerId === melati12)!;
    expect(siti).toMatchObject({
      owed: 170_000,
      openTotal: 205_000,
      invoices: 2,
      oldestDue: '2026-12-01',
      phone: '+6281234567890',
      whatsapp: '+6281234567890',
      mapUrl: 'https://www.google.com/maps?q=-6.2412,106.9921',
      collectedToday: 0,
      assigned: false,
      isolated: false,
    });
    expect(route.stops.find((s) => s.customerId === melati5)!.mapUrl).toBe(`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent('Jl. Melati 5, RT05')}`);
    expect(route.stops.find((s) => s.customerId === rt07)!.mapUrl).toBe(`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent('RT 07')}`);
    expect(route.stops.find((s) => s.customerId === assigned)!.assigned).toBe(true);
  });

  it('keeps a stop paid today on the list, marked, and drops it the next day', async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol, id: kolId } = await w.staff('andi', 'collector');
    await w.owner.call('collections.setAreas', { userId: kolId, areas: ['RT05'] });
    const a = await w.customer({ name: 'Siti Aminah', area: 'RT05', address: 'Jl. Melati 12' }, 150_000);
    const b = await w.customer({ name: 'Budi Hartono', area: 'RT05', address: 'Jl. Melati 5' }, 100_000);
    await kol.call('collections.pay', { customerId: a, amount: 150_000, idempotencyKey: 'route-pay-0001' });
    await kol.call('collections.pay', { customerId: b, amount: 40_000, idempotencyKey: 'route-pay-0002' });
    const route = await kol.call('collections.route', {});
    expect(route.stops.map((s) => [s.name, s.owed, s.collectedToday])).toEqual([
      ['Budi Hartono', 60_000, 40_000],
      ['Siti Aminah', 0, 150_000],
    ]);
    w.clock.t = new Date('2026-12-02T03:00:00.000Z');
    await w.relogin(kol, 'andi');
    expect((await kol.call('collections.route', {})).stops.map((s) => [s.name, s.owed, s.collectedToday])).toEqual([['Budi Hartono', 60_000, 0]]);
  });

  it('a collector with no areas and nobody assigned has an empty route; areas are replaced, not added', async () => {
    w = await collectWorld('2026-12-01');
    const { caller: kol, id: kolId } = await w.staff('andi', 'collector');
    await w.customer({ name: 'Siti Aminah', area: 'RT05', address: 'Jl. Melati 12' }, 150_000);
    expect((await kol.call('collections.route', {})).stops).toEqual([]);
    await w.owner.call('collections.setAreas', { userId: kolId, areas: ['RT05'] });
    expect((await kol.call('collections.route', {})).stops).toHaveLength(1);
    const s = await w.owner.call('collections.setAreas', { userId: kolId, areas: ['RT06'] });
    expect(s.areas).toEqual(['RT06']);
    expect((await kol.call('collections.route', {})).stops).toEqual([]);
  });

  it('the office sees a collector’s route by id', async () => {
    w = await collectWorld('2026-12-01');
    const { id: kolId } = await w.staff('andi', 'collector', 'Andi Kolektor');
    const { caller: kasir } = await w.staff('sari', 'cashier');
    await w.owner.call('collections.setAreas', { userId: kolId, areas: ['RT05'] });
    await w.customer({ name: 'Siti Aminah', area: 'RT05', address: 'Jl. Melati 12' }, 150_000);
    const r = await w.owner.call('collections.route', { collectorId: kolId });
    expect(r.collectorName).toBe('Andi Kolektor');
    expect(r.stops).toHaveLength(1);
    // A cashier has no route of their own (collections.collect is the collector's).
    expect((await kasir.fail('collections.route', { collectorId: kolId })).code).toBe('forbidden');
  });
});
