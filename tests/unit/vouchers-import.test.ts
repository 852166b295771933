import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProfileChoice, ImportRouterChange } from '../../shared/contract/voucher-import';
import { seedDemo } from '../peers/routeros-sim/demo';
import type { RouterSim } from '../peers/routeros-sim';
import { voucherWorld, type VoucherWorld } from '../support/vouchers';

let w: VoucherWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

/** Mikhmon's own on-login script for an expiring profile (mikhmonv3 adduserprofile.php, shortened but with every part). */
const mikhmonScript = (mode: string, price: number, validity: string, sell: number) =>
  `:put (",${mode},${price},${validity},${sell},,Enable,"); {:local date [ /system clock get date ];:local comment [ /ip hotspot user get [/ip hotspot user find where name="$user"] comment]; :local ucode [:pic $comment 0 2]; :if ($ucode = "vc" or $ucode = "up" or $comment = "") do={ /sys sch add name="$user" disable=no start-date=$date interval="${validity}"; :delay 2s; :local exp [ /sys sch get [ /sys sch find where name="$user" ] next-run]; /ip hotspot user set comment=$exp [find where name="$user"]; /sys sch remove [find where name="$user"]; :local mac $"mac-address"; /system script add name="$date-|-$user-|-${price}" owner="nov2026" source=$date comment=mikhmon }}; [:local mac $"mac-address"; /ip hotspot user set mac-address=$mac [find where name=$user]]`;
const NOEXP = ':put (",,3000,,,noexp,Disable,")';

/**
 * A router run by Mikhmon: a `noexp` profile, an `ntfc` 7d profile with its monitor scheduler, used users with
 * expiry comments in both RouterOS date styles (two already expired at the test clock, 2026-11-25 03:00 UTC).
 */
function seedMikhmon(sim: RouterSim): void {
  const profiles = sim.state.menu('/ip/hotspot/user/profile');
  profiles.add({ name: 'Bebas', 'rate-limit': '512k/1M', 'shared-users': 1, 'on-login': NOEXP });
  profiles.add({ name: 'Minggu', 'rate-limit': '2M/4M', 'shared-users': 2, 'on-login': mikhmonScript('ntfc', 20000, '7d', 25000) });
  sim.state.menu('/system/scheduler').add({ name: 'Minggu', interval: '00:02:37', comment: 'Monitor Profile Minggu', 'on-event': ':local dateint do={}; /ip hotspot user find where profile="Minggu"' });
  sim.state.menu('/system/scheduler').add({ name: 'backup-harian', interval: '1d', 'on-event': '/system backup save' });
  const users = sim.state.menu('/ip/hotspot/user');
  for (const code of ['BB1', 'BB2']) users.add({ name: code, password: code, profile: 'Bebas', comment: 'vc-301-11.20.26' });
  users.add({ name: 'MG1', password: 'MG1', profile: 'Minggu', comment: 'vc-302-11.20.26' });
  users.add({ name: 'MG2', password: 'MG2', profile: 'Minggu', comment: 'dec/01/2026 10:00:00' }); // active, pre-7.10 style
  users.add({ name: 'MG3', password: 'MG3', profile: 'Minggu', comment: '2026-11-30 08:00:00' }); // active, 7.10+ style
  users.add({ name: 'MG4', password: 'MG4', profile: 'Minggu', comment: 'nov/20/2026 09:00:00' }); // expired
  users.add({ name: 'MG5', password: 'MG5', profile: 'Minggu', comment: '2026-11-24 21:00:00', 'limit-uptime': '1s' }); // expired, Mikhmon's notice
}

const MENUS = ['/ip/hotspot/user/profile', '/ip/hotspot/user', '/system/scheduler'] as const;
type RouterState = Record<string, Record<string, Record<string, string>>>;
function routerState(sim: RouterSim): RouterState {
  return Object.fromEntries(
    MENUS.map((menu) => [menu, Object.fromEntries(sim.state.menu(menu).all().map((r) => [r.name!, Object.fromEntries(Object.entries(r).filter(([k]) => !['next-run', 'run-count', 'uptime'].includes(k)))]))]),
  );
}
/** What differs between two reads: per object, the fields changed (or 'added' / 'removed'). */
function changed(before: RouterState, after: RouterState): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const menu of MENUS) {
    for (const name of new Set([...Object.keys(before[menu]!), ...Object.keys(after[menu]!)])) {
      const a = before[menu]![name];
      const b = after[menu]![name];
      if (!b) out[`${menu} ${name}`] = ['removed'];
      else if (!a) out[`${menu} ${name}`] = ['added'];
      else {
        const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => a[f] !== b[f]).sort();
        if (fields.length) out[`${menu} ${name}`] = fields;
      }
    }
  }
  return out;
}
const listed = (changes: ImportRouterChange[]): Record<string, string[]> =>
  Object.fromEntries(changes.map((c) => [`${c.menu} ${c.name}`, c.kind === 'remove' ? ['removed'] : c.kind === 'add' ? ['added'] : [...c.fields.map((f) => f.field), ...(c.script ? ['on-login'] : [])].sort()]));

async function reconcile(world: VoucherWorld): Promise<void> {
  await world.core.reconciler.job().run({ from: new Date(0), to: world.clock.now() }, new AbortController().signal);
  await world.core.outbox.idle();
}

const minggu = (expiry: ImportProfileChoice['expiry']): ImportProfileChoice => ({ profile: 'Minggu', name: 'Mingguan', price: 20000, sellingPrice: 25000, validity: '7d', expiry });

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
    expect(preview.profiles.find((p) => p.name === '1Hari')).toMatchObject({ mikhmon: { price: 5000, validity: '1d' }, users: 4, profileId: null, choices: ['router', 'app'] });
    expect(preview.profiles.find((p) => p.name === '1hari')?.profileId).toBe(w.profileId);
    expect(preview.batches.map((b) => [b.comment, b.users, b.mode])).toEqual([['vc-042-05.12.25', 4, 'vc'], ['up-117-05.12.25', 1, 'up']]);
    expect(preview.used).toEqual([{ profile: '1Minggu', users: 1, expired: 0 }]);
    // By default Mikhmon's numbers, its script left in place: validity as written.
    expect(preview.proposal.map((p) => [p.profile, p.validity, p.expiry])).toEqual([['1Hari', '1d', 'router'], ['1Minggu', '7d', 'router']]);

    const profiles: ImportProfileChoice[] = [
      { profile: '1Hari', name: 'Harian', price: 4000, sellingPrice: 5000, validity: '1d', expiry: 'app' },
      { profile: '1Minggu', name: 'Mingguan', price: 20000, sellingPrice: 25000, validity: '7d', expiry: 'app' },
    ];
    const pv = await w.owner.call('vouchers.importPreview', { routerId: w.routerId, snapshot: preview.snapshot, profiles });
    expect(pv.snapshot).toBe(preview.snapshot);
    const report = await w.owner.call('vouchers.importFromRouter', { routerId: w.routerId, snapshot: pv.snapshot, changesKey: pv.changesKey, profiles });
    expect(report).toMatchObject({ profilesCreated: 2, batchesCreated: 3, unused: 5, active: 1, expired: 0, routerChanges: pv.changes.length });
    // The router is in UTC+0 in the simulator unless told otherwise: 13:00 router time.
    const used = await w.owner.call('vouchers.lookup', { code: 'R5J8C' });
    expect(used).toMatchObject({ state: 'active', profileName: 'Mingguan' });
    expect(used!.expiresAt!.slice(0, 10)).toBe('2026-12-12');
    expect(new Date(used!.expiresAt!).getTime() - new Date(used!.firstLoginAt!).getTime()).toBe(7 * 86_400_000);
    expect(await w.owner.call('vouchers.lookup', { code: 'rina' })).toMatchObject({ state: 'unused', password: '4821', batchComment: 'up-117-05.12.25' });
    const stock = (await w.owner.call('vouchers.profiles', {})).find((p) => p.name === 'Harian');
    expect(stock).toMatchObject({ stock: 4, expiry: 'app' });
    // A second import adds nothing.
    const next = await w.owner.call('vouchers.importPreview', { routerId: w.routerId });
    const again = await w.owner.call('vouchers.importFromRouter', { routerId: w.routerId, snapshot: next.snapshot, changesKey: next.changesKey, profiles: [] });
    expect(again).toMatchObject({ batchesCreated: 0, unused: 0, active: 0, routerChanges: 0 });
    // Taken over: the on-login scripts are the app's now (listed as such), so the hotspot side shows no drift.
    expect(pv.changes.filter((c) => c.script).map((c) => [c.name, c.script!.from])).toEqual([
      ['1Hari', ':put (",rem,5000,1d,5000,,Disable,")'],
      ['1Minggu', ':put (",rem,25000,7d,25000,,Disable,")'],
    ]);
    await w.core.outbox.idle();
    const drift = (await w.owner.call('routers.drift', { routerId: w.routerId })).items;
    expect(drift.filter((d) => d.menu.startsWith('/ip/hotspot'))).toEqual([]);
  });

  it("the preview lists what 'take over' changes and what 'leave' changes; the import refuses changes it did not show", async () => {
    w = await voucherWorld();
    seedMikhmon(w.sim);
    const preview = await w.owner.call('vouchers.importPreview', { routerId: w.routerId });
    expect(preview.profiles.find((p) => p.name === 'Bebas')).toMatchObject({ mikhmon: { expiryMode: 'none', price: 3000, sellingPrice: 3000, validity: null }, choices: ['never'], monitor: null });
    expect(preview.profiles.find((p) => p.name === 'Minggu')).toMatchObject({ mikhmon: { expiryMode: 'notice-record', validity: '7d' }, choices: ['router', 'app'], monitor: { name: 'Minggu', interval: '00:02:37' } });
    expect(preview.used).toEqual([{ profile: 'Minggu', users: 4, expired: 2 }]);
    // Default: leave Mikhmon's script; the noexp profile never expires.
    expect(preview.proposal).toEqual([
      { profile: 'Bebas', name: 'Bebas', price: 3000, sellingPrice: 3000, validity: null, expiry: 'never' },
      { profile: 'Minggu', name: 'Minggu', price: 20000, sellingPrice: 25000, validity: '7d', expiry: 'router' },
    ]);
    expect(preview.changes.filter((c) => c.profile === 'Minggu')).toEqual([]);

    const take = await w.owner.call('vouchers.importPreview', { routerId: w.routerId, snapshot: preview.snapshot, profiles: [minggu('app')] });
    const script = take.changes.find((c) => c.menu === '/ip/hotspot/user/profile' && c.name === 'Minggu');
    expect(script?.script).toMatchObject({ from: ':put (",ntfc,20000,7d,25000,,Enable,")', lost: ['expiry', 'record', 'lock'] });
    expect(take.changes.find((c) => c.menu === '/system/scheduler')).toMatchObject({ name: 'Minggu', kind: 'remove', profile: 'Minggu' });
    // Used users: the app's batch comment replaces Mikhmon's expiry date; the two expired ones (notice mode) are disabled.
    const comment = (router: string) => ({ field: 'comment', router, app: 'used-Minggu' });
    const disabled = { field: 'disabled', router: 'false', app: 'yes' };
    expect(take.changes.filter((c) => c.menu === '/ip/hotspot/user').map((c) => [c.name, c.fields])).toEqual([
      ['MG2', [comment('dec/01/2026 10:00:00')]],
      ['MG3', [comment('2026-11-30 08:00:00')]],
      ['MG4', [comment('nov/20/2026 09:00:00'), disabled]],
      ['MG5', [comment('2026-11-24 21:00:00'), disabled]],
    ]);
    // Showing one thing and doing another is refused.
    await expect(w.owner.call('vouchers.importFromRouter', { routerId: w.routerId, snapshot: preview.snapshot, changesKey: preview.changesKey, profiles: [minggu('app')] })).rejects.toThrow(/conflict/);
    expect((await w.owner.call('vouchers.profiles', {})).map((p) => p.profileName)).toEqual(['1hari']);
  });

  it("'leave Mikhmon's script': nothing on the router changes, not at import and not at the reconcile after", async () => {
    w = await voucherWorld();
    seedMikhmon(w.sim);
    const before = routerState(w.sim);
    const pv = await w.owner.call('vouchers.importPreview', { routerId: w.routerId, profiles: [minggu('router')] });
    expect(pv.changes).toEqual([]);
    const report = await w.owner.call('vouchers.importFromRouter', { routerId: w.routerId, snapshot: pv.snapshot, changesKey: pv.changesKey, profiles: [minggu('router')] });
    expect(report).toMatchObject({ profilesCreated: 1, unused: 1, active: 2, expired: 2, routerChanges: 0 });
    await w.core.outbox.idle();
    expect(changed(before, routerState(w.sim))).toEqual({});
    await reconcile(w);
    expect(changed(before, routerState(w.sim))).toEqual({});
    expect((await w.owner.call('vouchers.profiles', {})).find((p) => p.profileName === 'Minggu')).toMatchObject({ expiry: 'router', validity: '1w', validitySeconds: 7 * 86_400 });
  });

  it("'take over': exactly the listed changes (script, monitor scheduler, expired users), and the reconcile after adds none", async () => {
    w = await voucherWorld();
    seedMikhmon(w.sim);
    const before = routerState(w.sim);
    const pv = await w.owner.call('vouchers.importPreview', { routerId: w.routerId, profiles: [minggu('app')] });
    expect(Object.keys(listed(pv.changes)).sort()).toEqual(['/ip/hotspot/user MG2', '/ip/hotspot/user MG3', '/ip/hotspot/user MG4', '/ip/hotspot/user MG5', '/ip/hotspot/user/profile Minggu', '/system/scheduler Minggu']);
    await w.owner.call('vouchers.importFromRouter', { routerId: w.routerId, snapshot: pv.snapshot, changesKey: pv.changesKey, profiles: [minggu('app')] });
    await w.core.outbox.idle();
    const after = routerState(w.sim);
    expect(changed(before, after)).toEqual(listed(pv.changes));
    // Unrelated schedulers stay.
    expect(after['/system/scheduler']!['backup-harian']).toBeDefined();
    await reconcile(w);
    expect(changed(after, routerState(w.sim))).toEqual({});
  });

  it('a noexp profile becomes one whose vouchers never expire, with no validity asked for', async () => {
    w = await voucherWorld();
    seedMikhmon(w.sim);
    const before = routerState(w.sim);
    const bebas: ImportProfileChoice = { profile: 'Bebas', name: 'Bebas', price: 3000, sellingPrice: 3000, validity: null, expiry: 'never' };
    const pv = await w.owner.call('vouchers.importPreview', { routerId: w.routerId, profiles: [bebas] });
    // Refused: a noexp profile cannot be given to Mikhmon's (absent) expiry or the app's.
    await expect(w.owner.call('vouchers.importPreview', { routerId: w.routerId, snapshot: pv.snapshot, profiles: [{ ...bebas, expiry: 'app', validity: '1d' }] })).rejects.toThrow(/validation.*"path":\["profiles",0,"expiry"\]/);
    await w.owner.call('vouchers.importFromRouter', { routerId: w.routerId, snapshot: pv.snapshot, changesKey: pv.changesKey, profiles: [bebas] });
    const p = (await w.owner.call('vouchers.profiles', {})).find((x) => x.profileName === 'Bebas');
    expect(p).toMatchObject({ expiry: 'never', validity: null, validitySeconds: null, sellingPrice: 3000 });
    await w.core.outbox.idle();
    // Whatever the import changes on the router is what it listed (and the reconcile adds nothing).
    expect(changed(before, routerState(w.sim))).toEqual(listed(pv.changes));
    const after = routerState(w.sim);
    await reconcile(w);
    expect(changed(after, routerState(w.sim))).toEqual({});
  });

  it('app-made profiles can never expire: validity then optional, and required otherwise', async () => {
    w = await voucherWorld();
    const base = { routerId: w.routerId, name: 'Bebas', profileName: 'bebas', price: 1000, sellingPrice: 2000 };
    await expect(w.owner.call('vouchers.createProfile', base)).rejects.toThrow(/validation.*"path":\["validity"\]/);
    const p = await w.owner.call('vouchers.createProfile', { ...base, expiry: 'never' });
    expect(p).toMatchObject({ expiry: 'never', validity: null });
    const back = await w.owner.call('vouchers.updateProfile', { ...base, id: p.id, expiry: 'app', validity: '3h' });
    expect(back).toMatchObject({ expiry: 'app', validity: '3h', validitySeconds: 10_800 });
  });
});
