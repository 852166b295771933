import { afterEach, describe, expect, it } from 'vitest';
import { hotspotUsers, voucherWorld, type VoucherWorld } from '../support/vouchers';
import { OWNER } from '../support/core';

/*
 * The router's hotspot users as the database says they should be: complete (limits, comment, MAC lock,
 * disabled) whenever the app writes or repairs one, and left alone where the profile says a script on the
 * router (Mikhmon's) or nobody ends the vouchers.
 */

let w: VoucherWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const DAY = 24 * 3600_000;

/** The core's clock moves on (the owner signs in again: the session would have expired). */
async function later(world: VoucherWorld, ms: number) {
  world.clock.advance(ms);
  await world.owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
}

/** A second profile "2 Jam": 2 hours of use, 500 MB, on the given terms. */
async function limitedProfile(world: VoucherWorld, over: { lockMac?: boolean; expiryAction?: 'remove' | 'disable' } = {}) {
  const p = await world.owner.call('vouchers.createProfile', {
    routerId: world.routerId,
    name: '2 Jam',
    profileName: '2jam',
    price: 2000,
    sellingPrice: 3000,
    validity: '1d',
    timeLimit: '2h',
    dataQuotaMb: 500,
    ...over,
  });
  await world.core.outbox.idle();
  return p.id;
}

async function stock(world: VoucherWorld, profileId: number, n: number) {
  const b = await world.owner.call('vouchers.generate', { profileId, quantity: n });
  await world.core.vouchers.pusher.idle();
  return (await world.owner.call('vouchers.list', { batchId: b.id })).items;
}

/** Who ends the profile's vouchers, set in the database (the form for it is another change). */
const setExpiry = (world: VoucherWorld, profileId: number, expiry: 'app' | 'router' | 'never') =>
  world.core.db.write((em) => em.query('UPDATE voucher_profiles SET expiry = ? WHERE id = ?', [expiry, profileId]));

const users = (world: VoucherWorld) => world.sim.state.menu('/ip/hotspot/user');
const userOf = (world: VoucherWorld, name: string) => users(world).find({ name });
const deleteUser = (world: VoucherWorld, name: string) => users(world).remove(userOf(world, name)!['.id']!);
// As RouterOS prints them (durations in canonical form).
const LIMITS = { 'limit-uptime': '2h', 'limit-bytes-total': String(500 * 1_048_576) };

describe('a voucher on its router is always the whole user', () => {
  it('drift repair re-adds a deleted 2 h / 500 MB voucher with its limits and batch comment', async () => {
    w = await voucherWorld();
    const [v] = await stock(w, await limitedProfile(w), 1);
    const comment = userOf(w, v!.username)!.comment;
    deleteUser(w, v!.username);
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items.map((i) => [i.key.name, i.kind])).toEqual([[v!.username, 'missing']]);
    await w.owner.call('routers.repair', { routerId: w.routerId });
    await w.core.outbox.idle();
    expect(userOf(w, v!.username)).toMatchObject({ password: v!.password, profile: '2jam', comment, disabled: 'false', ...LIMITS });
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });

  it('a limit lifted by hand on the router is drift, and repair puts it back', async () => {
    w = await voucherWorld();
    const [v] = await stock(w, await limitedProfile(w), 1);
    users(w).update(userOf(w, v!.username)!['.id']!, { 'limit-uptime': undefined });
    const drift = (await w.owner.call('routers.drift', { routerId: w.routerId })).items;
    expect(drift.map((i) => [i.key.name, i.kind, i.fields.map((f) => f.field)])).toEqual([[v!.username, 'different', ['limit-uptime']]]);
    await w.owner.call('routers.repair', { routerId: w.routerId });
    await w.core.outbox.idle();
    expect(userOf(w, v!.username)).toMatchObject(LIMITS);
  });

  it('locking to the first MAC re-adds a user deleted meanwhile complete: password, profile, limits, comment, MAC', async () => {
    w = await voucherWorld();
    const [v] = await stock(w, await limitedProfile(w, { lockMac: true }), 1);
    const comment = userOf(w, v!.username)!.comment;
    deleteUser(w, v!.username);
    w.sim.state.login('/ip/hotspot/active', { user: v!.username, uptime: '1m', 'mac-address': '02:00:00:00:03:01' });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 1 });
    await w.core.outbox.idle();
    expect(userOf(w, v!.username)).toMatchObject({ password: v!.password, profile: '2jam', comment, 'mac-address': '02:00:00:00:03:01', disabled: 'false', ...LIMITS });
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });

  it('disabling an expired voucher whose user is gone re-adds it complete and disabled', async () => {
    w = await voucherWorld();
    const [v] = await stock(w, await limitedProfile(w, { expiryAction: 'disable' }), 1);
    w.sim.state.login('/ip/hotspot/active', { user: v!.username, uptime: '1m' });
    await w.core.vouchers.watch();
    deleteUser(w, v!.username);
    await later(w, DAY);
    expect(await w.core.vouchers.watch()).toMatchObject({ expired: 1 });
    await w.core.outbox.idle();
    expect(userOf(w, v!.username)).toMatchObject({ password: v!.password, profile: '2jam', disabled: 'true', ...LIMITS });
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });

  it('staff disabling a voucher whose user is gone re-adds it complete and disabled', async () => {
    w = await voucherWorld();
    const [v] = await stock(w, await limitedProfile(w), 1);
    deleteUser(w, v!.username);
    await w.owner.call('vouchers.disable', { id: v!.id });
    await w.core.outbox.idle();
    expect(userOf(w, v!.username)).toMatchObject({ password: v!.password, profile: '2jam', disabled: 'true', ...LIMITS });
  });
});

describe('who ends a voucher', () => {
  it("'never': first login is recorded without an expiry, and 30+ days later it is still active and enabled; the script carries Mikhmon's noexp line", async () => {
    w = await voucherWorld();
    await setExpiry(w, w.profileId, 'never');
    await w.owner.call('vouchers.rotateReportTokens', {});
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ip/hotspot/user/profile').find({ name: '1hari' })!['on-login']).toBe(':put (",,4000,,,noexp,Disable,");');
    const [v] = await stock(w, w.profileId, 1);
    w.sim.state.login('/ip/hotspot/active', { user: v!.username, uptime: '5m' });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 1 });
    expect(await w.owner.call('vouchers.lookup', { code: v!.username })).toMatchObject({ state: 'active', firstLoginAt: '2026-11-25T02:55:00.000Z', expiresAt: null, validity: null });
    // Printed and looked up without a made-up validity.
    expect((await w.owner.call('vouchers.printData', { ids: [v!.id] })).vouchers.map((x) => x.validity)).toEqual([null]);
    await later(w, 31 * DAY);
    expect(await w.core.vouchers.watch()).toMatchObject({ expired: 0 });
    await w.core.outbox.idle();
    expect((await w.owner.call('vouchers.lookup', { code: v!.username }))?.state).toBe('active');
    expect(userOf(w, v!.username)?.disabled).toBe('false');
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
  });

  it("'router': the app never disables or removes its vouchers, leaves Mikhmon's on-login script and comments alone, and learns the expiry from the comment", async () => {
    w = await voucherWorld();
    await setExpiry(w, w.profileId, 'router');
    const mikhmon = ':put (",rem,4000,1d,5000,,Disable,"); {:local date [ /system clock get date ]; /ip hotspot user set comment=$date [find where name=$user]}';
    const profiles = w.sim.state.menu('/ip/hotspot/user/profile');
    profiles.update(profiles.find({ name: '1hari' })!['.id']!, { 'on-login': mikhmon, 'rate-limit': '9M/9M' });
    const [used, fresh] = await stock(w, w.profileId, 2);

    // Neither a new report address nor new tokens rewrite the router's script; the app's rate limit still goes.
    await w.owner.call('settings.update', { group: 'vouchers', value: { reportUrl: 'http://192.168.88.10:8090', loginUrl: '' } });
    await w.owner.call('vouchers.rotateReportTokens', {});
    await w.core.outbox.idle();
    expect(profiles.find({ name: '1hari' })).toMatchObject({ 'on-login': mikhmon, 'rate-limit': '1M/2M' });

    // First login; Mikhmon's script writes the expiry date (router local time, +07:00) into the comment.
    w.sim.state.login('/ip/hotspot/active', { user: used!.username, uptime: '5m' });
    users(w).update(userOf(w, used!.username)!['.id']!, { comment: '2026-11-26 09:55:00', 'limit-uptime': '1d' });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 1 });
    expect(await w.owner.call('vouchers.lookup', { code: used!.username })).toMatchObject({ state: 'active', expiresAt: '2026-11-26T02:55:00.000Z' });
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);

    // Two days on: the app expires nothing and reconciliation repairs nothing.
    await later(w, 2 * DAY);
    expect(await w.core.vouchers.watch()).toMatchObject({ expired: 0 });
    await w.owner.call('jobs.runNow', { name: 'routers.reconcile' });
    await w.core.scheduler.idle();
    await w.core.outbox.idle();
    expect(userOf(w, used!.username)).toMatchObject({ comment: '2026-11-26 09:55:00', 'limit-uptime': '1d', disabled: 'false' });
    expect(userOf(w, fresh!.username)?.disabled).toBe('false');
    expect(profiles.find({ name: '1hari' })!['on-login']).toBe(mikhmon);

    // Mikhmon's monitor removes it after its expiry: the voucher is expired, and nothing brings it back.
    deleteUser(w, used!.username);
    await w.core.vouchers.watch();
    expect((await w.owner.call('vouchers.lookup', { code: used!.username }))?.state).toBe('expired');
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);

    // While unused, a router-owned voucher is compared like any other.
    users(w).update(userOf(w, fresh!.username)!['.id']!, { profile: 'default' });
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items.map((i) => [i.key.name, i.kind])).toEqual([[fresh!.username, 'different']]);
  });
  it("'router': once used, what the app sent for a voucher earlier is no claim: its outbox history does not undo Mikhmon's comment", async () => {
    w = await voucherWorld();
    await setExpiry(w, w.profileId, 'router');
    const [v] = await stock(w, w.profileId, 1);
    // Staff disable and enable it while unused: the outbox's last change for it is a whole user with the batch comment.
    await w.owner.call('vouchers.disable', { id: v!.id });
    await w.owner.call('vouchers.enable', { id: v!.id });
    await w.core.outbox.idle();
    w.sim.state.login('/ip/hotspot/active', { user: v!.username, uptime: '5m' });
    users(w).update(userOf(w, v!.username)!['.id']!, { comment: '2026-11-26 09:55:00', 'limit-uptime': '1s' });
    await w.core.vouchers.watch();
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
    await w.owner.call('jobs.runNow', { name: 'routers.reconcile' });
    await w.core.scheduler.idle();
    await w.core.outbox.idle();
    expect(userOf(w, v!.username)).toMatchObject({ comment: '2026-11-26 09:55:00', 'limit-uptime': '1s' });
  });
  it("'router': a first login the watch has not seen yet does not make Mikhmon's fresh comment look like drift", async () => {
    w = await voucherWorld();
    await setExpiry(w, w.profileId, 'router');
    const [v] = await stock(w, w.profileId, 1);
    w.sim.state.login('/ip/hotspot/active', { user: v!.username, uptime: '1m' });
    users(w).update(userOf(w, v!.username)!['.id']!, { comment: '2026-11-26 09:55:00' });
    // No watch in between: the drift check looks at the router's logins itself first.
    expect((await w.owner.call('routers.drift', { routerId: w.routerId })).items).toEqual([]);
    expect((await w.owner.call('vouchers.lookup', { code: v!.username }))?.state).toBe('active');
  });
});

describe('resuming a push', () => {
  it('a name someone else took on the router between the check and the add is theirs: our voucher gets a fresh code', async () => {
    w = await voucherWorld();
    let taken: string | null = null;
    // Someone adds a user with the name of our first voucher just before our add reaches the router.
    w.sim.faults.trapCommand('/ip/hotspot/user/add', 'unused', undefined, {
      when: (a) => {
        if (taken === null && a.comment !== 'not ours') {
          taken = a.name!;
          users(w!).add({ name: taken, password: 'theirs', profile: 'default', comment: 'not ours' });
        }
        return false;
      },
    });
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 5 });
    await w.core.vouchers.pusher.idle();
    expect(taken).not.toBeNull();
    const ours = (await w.owner.call('vouchers.list', { batchId: b.id })).items;
    expect(ours.map((v) => v.username)).not.toContain(taken);
    expect((await w.owner.call('vouchers.batches', {})).items.find((x) => x.id === b.id)).toMatchObject({ status: 'done', pushed: 5 });
    for (const v of ours) expect(userOf(w, v.username)).toMatchObject({ comment: b.comment, password: v.password, profile: '1hari' });
    expect(userOf(w, taken!)).toMatchObject({ password: 'theirs', comment: 'not ours' });
    expect(hotspotUsers(w.sim)).toHaveLength(6);
  });
});
