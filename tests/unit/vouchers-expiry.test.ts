import { afterEach, describe, expect, it } from 'vitest';
import { hotspotUsers, voucherWorld, type VoucherWorld } from '../support/vouchers';
import { Caller, OWNER } from '../support/core';

let w: VoucherWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function stock(world: VoucherWorld, n: number) {
  const b = await world.owner.call('vouchers.generate', { profileId: world.profileId, quantity: n });
  await world.core.vouchers.pusher.idle();
  return (await world.owner.call('vouchers.list', { batchId: b.id })).items;
}

describe('first-login expiry', () => {
  it.each([
    ['RouterOS 7.18 (2025-12-05 dates)', '7.18.2'],
    ['RouterOS 7.8 (dec/05/2025 dates)', '7.8'],
  ])('%s: first login seen by polling → expiry = login + validity → removed and kicked', async (_name, version) => {
    w = await voucherWorld({ sim: { version } });
    const [v] = await stock(w, 3);
    w.sim.state.login('/ip/hotspot/active', { user: v!.username, uptime: '5m', 'mac-address': '02:00:00:00:02:01' });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 1, expired: 0 });
    let now = await w.owner.call('vouchers.lookup', { code: v!.username });
    expect(now).toMatchObject({ state: 'active', mac: '02:00:00:00:02:01', firstLoginAt: '2026-11-25T02:55:00.000Z', expiresAt: '2026-11-26T02:55:00.000Z' });
    // A second poll changes nothing; a day later it has expired.
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 0, expired: 0 });
    w.clock.advance(24 * 3600_000);
    await w.owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
    expect(await w.core.vouchers.watch()).toMatchObject({ expired: 1 });
    await w.core.outbox.idle();
    now = await w.owner.call('vouchers.lookup', { code: v!.username });
    expect(now?.state).toBe('expired');
    expect(hotspotUsers(w.sim).map((u) => u.name)).not.toContain(v!.username);
    expect(w.sim.state.menu('/ip/hotspot/active').all()).toEqual([]);
    expect(hotspotUsers(w.sim)).toHaveLength(2);
  });

  it('a login between two polls is found from the user uptime counter', async () => {
    w = await voucherWorld();
    const [v] = await stock(w, 1);
    const users = w.sim.state.menu('/ip/hotspot/user');
    users.update(users.find({ name: v!.username })!['.id']!, { uptime: '10m' });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 1 });
    expect((await w.owner.call('vouchers.lookup', { code: v!.username }))?.firstLoginAt).toBe('2026-11-25T02:50:00.000Z');
  });

  it('the on-login script reports the first login to the listener with the router token; a bad token changes nothing', async () => {
    w = await voucherWorld({ http: true });
    // Saving the report address sends the profile's new script to the router by itself.
    await w.owner.call('settings.update', { group: 'vouchers', value: { reportUrl: 'http://192.168.88.10:8090', loginUrl: '' } });
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ip/hotspot/user/profile').find({ name: '1hari' })!['on-login']).toContain('/tool fetch');
    await w.owner.call('vouchers.updateProfile', { id: w.profileId, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d', lockMac: true });
    await w.core.outbox.idle();
    const script = w.sim.state.menu('/ip/hotspot/user/profile').find({ name: '1hari' })!['on-login']!;
    expect(script).toContain(':put (",rem,4000,1d,5000,,Enable,");');
    const token = /t=([0-9a-f]{32})/.exec(script)![1]!;
    expect(script).toContain(`/hotspot/login?r=${w.routerId}&t=${token}`);
    const [v] = await stock(w, 1);
    const url = (t: string) => `${w!.core.url}/hotspot/login?r=${w!.routerId}&t=${t}&u=${v!.username}&m=02:00:00:00:02:09`;
    expect((await fetch(url('0'.repeat(32)))).status).toBe(403);
    expect((await fetch(`${w.core.url}/hotspot/login?r=x`)).status).toBe(400);
    expect((await w.owner.call('vouchers.lookup', { code: v!.username }))?.state).toBe('unused');
    const ok = await fetch(url(token));
    expect(await ok.text()).toBe('first-login');
    expect(await (await fetch(url(token))).text()).toBe('ok');
    expect(await w.owner.call('vouchers.lookup', { code: v!.username })).toMatchObject({ state: 'active', firstLoginAt: '2026-11-25T03:00:00.000Z', mac: '02:00:00:00:02:09' });
    // Locked to the first MAC on the router.
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ip/hotspot/user').find({ name: v!.username })?.['mac-address']).toBe('02:00:00:00:02:09');
  });

  it('new report tokens refuse the old one at once and reach every profile; a script changed on the router is drift', async () => {
    w = await voucherWorld({ http: true });
    await w.owner.call('settings.update', { group: 'vouchers', value: { reportUrl: 'http://192.168.88.10:8090', loginUrl: '' } });
    await w.core.outbox.idle();
    const tokenOnRouter = () => /t=([0-9a-f]{32})/.exec(w!.sim.state.menu('/ip/hotspot/user/profile').find({ name: '1hari' })!['on-login']!)![1]!;
    const old = tokenOnRouter();
    const [v] = await stock(w, 1);
    const url = (t: string) => `${w!.core.url}/hotspot/login?r=${w!.routerId}&t=${t}&u=${v!.username}`;
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);

    expect(await w.owner.call('vouchers.rotateReportTokens', {})).toEqual({ routers: 1, profiles: 1 });
    expect((await fetch(url(old))).status).toBe(403);
    await w.core.outbox.idle();
    const fresh = tokenOnRouter();
    expect(fresh).not.toBe(old);
    expect(await (await fetch(url(fresh))).text()).toBe('first-login');
    // Only settings managers rotate them.
    await w.owner.call('users.create', { username: 'kasir3', fullName: 'Rina Kasir', role: 'cashier', password: 'kasir-pass1' });
    const cashier = new Caller(w.core);
    await cashier.call('auth.login', { username: 'kasir3', password: 'kasir-pass1' });
    await cashier.call('auth.changePassword', { currentPassword: 'kasir-pass1', newPassword: 'kasir-pass2' });
    expect((await cashier.fail('vouchers.rotateReportTokens', {})).code).toBe('forbidden');

    // Someone strips the report from the script on the router: drift (never showing the token), repaired.
    const profile = w.sim.state.menu('/ip/hotspot/user/profile').find({ name: '1hari' })!;
    w.sim.state.menu('/ip/hotspot/user/profile').update(profile['.id']!, { 'on-login': ':put (",rem,4000,1d,5000,,Disable,");' });
    const drift = (await w.owner.call('routers.drift', { routerId: w.routerId })).items;
    expect(drift.map((d) => [d.kind, d.key.name, d.fields])).toEqual([['different', '1hari', [{ field: 'on-login', router: '•••', desired: '•••' }]]]);
    await w.owner.call('routers.repair', { routerId: w.routerId });
    await w.core.outbox.idle();
    expect(tokenOnRouter()).toBe(fresh);
  });

  it('staff can disable, enable and extend; disabling kicks the session', async () => {
    w = await voucherWorld();
    const [v] = await stock(w, 1);
    w.sim.state.login('/ip/hotspot/active', { user: v!.username, uptime: '1m' });
    await w.core.vouchers.watch();
    await w.owner.call('vouchers.disable', { id: v!.id });
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ip/hotspot/user').find({ name: v!.username })?.disabled).toBe('true');
    expect(w.sim.state.menu('/ip/hotspot/active').all()).toEqual([]);
    expect((await w.owner.call('vouchers.enable', { id: v!.id })).state).toBe('active');
    const ext = await w.owner.call('vouchers.extend', { id: v!.id, by: '2d' });
    expect(ext.expiresAt).toBe('2026-11-28T02:59:00.000Z');
  });
});

describe('voucher drift', () => {
  it('reconciliation compares vouchers with the router: a deleted, a re-enabled expired and a foreign-edited voucher are drift and repaired', async () => {
    w = await voucherWorld();
    const vs = await stock(w, 3);
    const users = w.sim.state.menu('/ip/hotspot/user');
    users.remove(users.find({ name: vs[0]!.username })!['.id']!);
    users.update(users.find({ name: vs[1]!.username })!['.id']!, { profile: 'default' });
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items.map((i) => [i.key.name, i.kind]).sort()).toEqual(
      [[vs[0]!.username, 'missing'], [vs[1]!.username, 'different']].sort(),
    );
    await w.owner.call('routers.repair', { routerId: w.routerId });
    await w.core.outbox.idle();
    expect(users.find({ name: vs[0]!.username })).toMatchObject({ profile: '1hari', password: vs[0]!.password });
    expect(users.find({ name: vs[1]!.username })?.profile).toBe('1hari');
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });
});
