import { afterEach, describe, expect, it } from 'vitest';
import { billingWorld, moveTo, seedCustomer, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function setup(world: BillingWorld) {
  await world.owner.call('billing.setupIsolation', { routerId: world.routerId });
  const customerId = await seedCustomer(world.core, 'Andi');
  const sub = await world.owner.call('subscriptions.create', { customerId, planId: world.plans.A, routerId: world.routerId, username: 'andi', password: 'pw1', installDate: '2026-11-01', dueDays: 10, graceDays: 3 });
  await world.core.outbox.idle();
  world.sim.state.login('/ppp/active', { name: 'andi', address: '10.10.0.2', 'caller-id': 'AA:BB:CC:00:00:09' });
  return { customerId, sub };
}

const secret = (world: BillingWorld) => world.sim.state.menu('/ppp/secret').find({ name: 'andi' });
const online = (world: BillingWorld) => world.sim.state.menu('/ppp/active').all().length;
const status = async (world: BillingWorld, id: number) => (await world.owner.call('subscriptions.get', { id })).status;

describe('isolation and restore', () => {
  it('isolates after due date + grace, keeps it through a partial payment, restores on full payment — on the router', async () => {
    w = await billingWorld();
    const { customerId, sub } = await setup(w);
    expect(w.sim.state.menu('/ppp/profile').find({ name: 'isolir' })).toMatchObject({ 'address-list': 'isolir' });
    expect(secret(w)).toMatchObject({ profile: 'pk-10M', disabled: 'false' });
    // Due 11 Nov, grace 3 days: still fine on the 14th, isolated on the 15th.
    await moveTo(w, '2026-11-14');
    expect(await w.core.billing.enforce()).toMatchObject({ isolated: 0 });
    await moveTo(w, '2026-11-15');
    expect(await w.core.billing.enforce()).toMatchObject({ isolated: 1, overdue: 1 });
    expect(await w.core.billing.enforce()).toMatchObject({ isolated: 0, restored: 0 });
    await w.core.outbox.idle();
    expect(secret(w)?.profile).toBe('isolir');
    expect(online(w)).toBe(0);
    await w.owner.call('payments.create', { customerId, amount: 100_000, method: 'cash' });
    expect(await status(w, sub.id)).toBe('isolated');
    await w.owner.call('payments.create', { customerId, amount: 50_000, method: 'transfer', reference: 'BCA 123' });
    expect(await status(w, sub.id)).toBe('active');
    await w.core.outbox.idle();
    expect(secret(w)?.profile).toBe('pk-10M');
    const dash = await w.owner.call('billing.dashboard', {});
    expect(dash).toMatchObject({ receivables: 0, isolated: 0, revenueThisMonth: 150_000, activeSubscriptions: 1 });
  });

  it('a restore threshold lets small arrears stay connected; a promise to pay restores until its date', async () => {
    w = await billingWorld();
    const { customerId, sub } = await setup(w);
    await w.owner.call('settings.update', { group: 'billing', value: { ...w.core.settings.get('billing'), restoreThreshold: 20_000 } });
    await moveTo(w, '2026-11-15');
    await w.core.billing.enforce();
    expect(await status(w, sub.id)).toBe('isolated');
    await w.owner.call('payments.create', { customerId, amount: 130_000, method: 'cash' });
    expect(await status(w, sub.id)).toBe('active');
    // Promise: back online until the 20th, isolated again after it.
    await w.owner.call('billing.adjust', { customerId, amount: 100_000, reason: 'Biaya ganti router' });
    await moveTo(w, '2026-12-01');
    await w.core.billing.runInvoices();
    await moveTo(w, '2026-12-15');
    await w.core.billing.enforce();
    expect(await status(w, sub.id)).toBe('isolated');
    await w.owner.call('subscriptions.promise', { id: sub.id, until: '2026-12-20', note: 'Gajian tanggal 20' });
    expect(await status(w, sub.id)).toBe('active');
    await moveTo(w, '2026-12-21');
    await w.core.billing.enforce();
    expect(await status(w, sub.id)).toBe('isolated');
  });

  it('manual isolation is left alone by the automatic restore', async () => {
    w = await billingWorld();
    const { sub } = await setup(w);
    await w.owner.call('payments.create', { customerId: sub.customerId, amount: 150_000, method: 'cash' });
    await w.owner.call('subscriptions.isolate', { id: sub.id });
    await w.core.billing.enforce();
    expect(await status(w, sub.id)).toBe('isolated');
    await w.owner.call('subscriptions.restore', { id: sub.id });
    expect(await status(w, sub.id)).toBe('active');
  });

  it('survives a router outage: the isolation reaches the router when it is back', async () => {
    w = await billingWorld();
    await setup(w);
    await w.sim.faults.refuseConnections(true);
    w.sim.faults.disconnectAll();
    await moveTo(w, '2026-11-15');
    expect(await w.core.billing.enforce()).toMatchObject({ isolated: 1 });
    await w.core.outbox.idle();
    expect(secret(w)?.profile).toBe('pk-10M');
    const [failed] = (await w.core.db.manager.query("SELECT last_error FROM router_jobs WHERE status = 'pending' AND last_error IS NOT NULL LIMIT 1")) as { last_error: string }[];
    expect(failed?.last_error).toMatch(/connect/);
    await w.sim.faults.refuseConnections(false);
    await w.owner.call('routers.retryJobs', { routerId: w.routerId });
    await w.core.outbox.idle();
    expect(secret(w)?.profile).toBe('isolir');
    expect(online(w)).toBe(0);
  });
});
