import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../peers/routeros-sim/demo';
import { voucherWorld, type VoucherWorld } from '../support/vouchers';

let w: VoucherWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe("adopting a Mikhmon router's vouchers", () => {
  it.each([
    ['7.18 dates', '7.18.2', '2026-12-12 13:00:00'],
    ['pre-7.10 dates', '7.8', 'dec/12/2026 13:00:00'],
  ])('%s: profiles with Mikhmon prices, batch users as stock, used users with their expiry', async (_n, version, expiryComment) => {
    w = await voucherWorld({ sim: { version } });
    seedDemo(w.sim.state);
    const users = w.sim.state.menu('/ip/hotspot/user');
    users.update(users.find({ name: 'R5J8C' })!['.id']!, { comment: expiryComment });
    const preview = await w.owner.call('vouchers.importPreview', { routerId: w.routerId });
    expect(preview.profiles.find((p) => p.name === '1Hari')).toMatchObject({ mikhmon: { price: 5000, validity: '1d' }, users: 4, profileId: null });
    expect(preview.profiles.find((p) => p.name === '1hari')?.profileId).toBe(w.profileId);
    expect(preview.batches.map((b) => [b.comment, b.users, b.mode])).toEqual([['vc-042-05.12.25', 4, 'vc'], ['up-117-05.12.25', 1, 'up']]);
    expect(preview.used).toEqual([{ profile: '1Minggu', users: 1, expired: 0 }]);

    const report = await w.owner.call('vouchers.importFromRouter', {
      routerId: w.routerId,
      profiles: [
        { profile: '1Hari', name: 'Harian', price: 4000, sellingPrice: 5000, validity: '1d' },
        { profile: '1Minggu', name: 'Mingguan', price: 20000, sellingPrice: 25000, validity: '7d' },
      ],
    });
    expect(report).toMatchObject({ profilesCreated: 2, batchesCreated: 3, unused: 5, active: 1, expired: 0 });
    // The router is in UTC+0 in the simulator unless told otherwise: 13:00 router time.
    const used = await w.owner.call('vouchers.lookup', { code: 'R5J8C' });
    expect(used).toMatchObject({ state: 'active', profileName: 'Mingguan' });
    expect(used!.expiresAt!.slice(0, 10)).toBe('2026-12-12');
    expect(new Date(used!.expiresAt!).getTime() - new Date(used!.firstLoginAt!).getTime()).toBe(7 * 86_400_000);
    expect((await w.owner.call('vouchers.lookup', { code: 'rina' }))).toMatchObject({ state: 'unused', password: '4821', batchComment: 'up-117-05.12.25' });
    // Imported stock can be sold; a second import adds nothing.
    const stock = (await w.owner.call('vouchers.profiles', {})).find((p) => p.name === 'Harian');
    expect(stock?.stock).toBe(4);
    const again = await w.owner.call('vouchers.importFromRouter', { routerId: w.routerId, profiles: [] });
    expect(again).toMatchObject({ batchesCreated: 0, unused: 0, active: 0 });
    // The app manages the adopted profiles from now on: their on-login script becomes ours, Mikhmon's metadata
    // line kept (price, validity, selling price, MAC lock), so the hotspot side shows no drift.
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ip/hotspot/user/profile').find({ name: '1Hari' })?.['on-login']).toBe(':put (",rem,4000,1d,5000,,Disable,");');
    const drift = (await w.owner.call('routers.drift', { routerId: w.routerId })).items;
    expect(drift.filter((d) => d.menu.startsWith('/ip/hotspot'))).toEqual([]);
  });
});
