import { afterEach, describe, expect, it } from 'vitest';
import { hotspotUsers, voucherWorld, type VoucherWorld } from '../support/vouchers';
import { waitFor } from '../support/poll';

let w: VoucherWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const batchOf = async (world: VoucherWorld, id: number) => (await world.owner.call('vouchers.batches', {})).items.find((b) => b.id === id)!;

describe('voucher generation and push', () => {
  it('writes the batch first, pushes it pipelined, and the profile reaches the router', async () => {
    w = await voucherWorld();
    expect(w.sim.state.menu('/ip/hotspot/user/profile').find({ name: '1hari' })).toMatchObject({ 'rate-limit': '1M/2M', 'shared-users': '1' });
    const progress: number[] = [];
    w.core.events.subscribe((name, p) => {
      if (name === 'vouchers.progress') progress.push((p as { pushed: number }).pushed);
    });
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 50, codeLength: 6, charset: 'upper-digits', prefix: 'RT' });
    expect(b).toMatchObject({ quantity: 50, status: 'pushing' });
    expect(b.comment).toMatch(/^vc-\d{3}-11\.25\.26$/);
    await w.core.vouchers.pusher.idle();
    expect(await batchOf(w, b.id)).toMatchObject({ status: 'done', pushed: 50, unused: 50 });
    const users = hotspotUsers(w.sim);
    expect(users).toHaveLength(50);
    expect(users.every((u) => u.comment === b.comment && u.profile === '1hari' && u.name!.startsWith('RT') && u.password === u.name)).toBe(true);
    expect(progress.at(-1)).toBe(50);
    const list = await w.owner.call('vouchers.list', { batchId: b.id, pageSize: 200 });
    expect(list.items.map((v) => v.serial)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await w.owner.call('vouchers.profiles', {}))[0]!.stock).toBe(50);
  });

  it('a push cut off mid-way resumes without duplicates: every voucher on the router exactly once', async () => {
    w = await voucherWorld();
    w.sim.faults.dropAfterSentences(120);
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 300 });
    await w.core.vouchers.pusher.idle();
    // Whether the client retried in place or the batch waits for its retry, kick it and let it finish.
    w.core.vouchers.pusher.kick(b.id);
    await w.core.vouchers.pusher.idle();
    const names = hotspotUsers(w.sim).map((u) => u.name);
    expect(names).toHaveLength(300);
    expect(new Set(names).size).toBe(300);
    expect(await batchOf(w, b.id)).toMatchObject({ status: 'done', pushed: 300 });
  });

  it('a router that is down keeps the batch waiting with its error; it completes after a restart of the app', async () => {
    w = await voucherWorld();
    await w.sim.faults.refuseConnections(true);
    w.sim.faults.disconnectAll();
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 20 });
    await w.core.vouchers.pusher.idle();
    const waiting = await batchOf(w, b.id);
    expect(waiting.status).toBe('pushing');
    expect(waiting.lastError).toMatch(/connect/);
    await w.sim.faults.refuseConnections(false);
    await w.core.vouchers.pusher.stop();
    await w.core.vouchers.pusher.start();
    await w.core.vouchers.pusher.idle();
    expect(await batchOf(w, b.id)).toMatchObject({ status: 'done', pushed: 20, lastError: null });
    expect(hotspotUsers(w.sim)).toHaveLength(20);
  });

  it('codes already used by someone else on the router are replaced before the push', async () => {
    w = await voucherWorld();
    const users = w.sim.state.menu('/ip/hotspot/user');
    for (let i = 0; i < 600; i++) users.add({ name: String(i).padStart(3, '0'), password: 'x', profile: 'default', comment: 'not ours' });
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 100, codeLength: 3, charset: 'digits' });
    await w.core.vouchers.pusher.idle();
    expect(await batchOf(w, b.id)).toMatchObject({ status: 'done', pushed: 100 });
    const ours = (await w.owner.call('vouchers.list', { batchId: b.id, pageSize: 200 })).items.map((v) => v.username);
    expect(ours.every((n) => Number(n) >= 600)).toBe(true);
    expect(users.all().filter((u) => u.comment === 'not ours')).toHaveLength(600);
  });

  it('cancel stops between chunks; what never reached the router is not sellable; resume finishes it', async () => {
    w = await voucherWorld({ sim: { latencyMs: 2 } });
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 1200 });
    await waitFor(() => hotspotUsers(w!.sim).length > 0, { interval: 2, message: 'the push to reach the router' });
    const c = await w.owner.call('vouchers.cancelPush', { batchId: b.id });
    expect(c.status).toBe('cancelled');
    await w.core.vouchers.pusher.idle();
    const after = await batchOf(w, b.id);
    expect(after.pushed).toBeLessThan(1200);
    await w.core.outbox.idle();
    expect(hotspotUsers(w.sim).length).toBe(after.pushed);
    await w.owner.call('vouchers.resumePush', { batchId: b.id });
    await w.core.vouchers.pusher.idle();
    expect(await batchOf(w, b.id)).toMatchObject({ status: 'done', pushed: 1200 });
    expect(hotspotUsers(w.sim)).toHaveLength(1200);
  });
});
