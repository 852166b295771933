import { afterEach, describe, expect, it } from 'vitest';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { billingWorld, query, seedCustomer, type BillingWorld } from '../support/billing';

/**
 * Everything the billing side sets on a router is desired state: compared by the reconciler (drift) and put
 * back by a repair — the secret's comment and service too, the plans' profiles and the isolation profile.
 */
let w: BillingWorld | null = null;
const extra: RouterSim[] = [];
afterEach(async () => {
  await w?.close();
  w = null;
  for (const s of extra.splice(0)) await s.close();
});

async function subscribe(world: BillingWorld, username: string, routerId = world.routerId) {
  const customerId = await seedCustomer(world.core, 'Dewi Lestari');
  const sub = await world.owner.call('subscriptions.create', { customerId, planId: world.plans.A, routerId, username, password: 'pw1', installDate: '2026-11-01' });
  await world.core.outbox.idle();
  const [c] = await query<{ number: string }>(world, 'SELECT number FROM customers WHERE id = ?', [customerId]);
  return { sub, customerId, number: c!.number };
}

const driftOf = async (world: BillingWorld, name: string) => (await world.owner.call('routers.drift', { routerId: world.routerId })).items.filter((i) => i.key.name === name);

async function repair(world: BillingWorld): Promise<void> {
  await world.owner.call('routers.repair', { routerId: world.routerId });
  await world.core.outbox.idle();
}

describe('router truth: PPP objects the app sets are compared and repaired', () => {
  it('a secret whose comment and service were changed by hand is drift, and repaired', async () => {
    w = await billingWorld();
    const { number } = await subscribe(w, 'dewi');
    const secrets = w.sim.state.menu('/ppp/secret');
    expect(secrets.find({ name: 'dewi' })).toMatchObject({ comment: `${number} Dewi Lestari`, service: 'pppoe' });
    expect(await driftOf(w, 'dewi')).toEqual([]);

    secrets.update(secrets.find({ name: 'dewi' })!['.id']!, { comment: 'tetangga sebelah', service: 'any' });
    const items = await driftOf(w, 'dewi');
    expect(items.map((i) => [i.menu, i.kind])).toEqual([['/ppp/secret', 'different']]);
    expect(items[0]!.fields.map((f) => [f.field, f.router, f.desired]).sort()).toEqual([
      ['comment', 'tetangga sebelah', `${number} Dewi Lestari`],
      ['service', 'any', 'pppoe'],
    ]);
    await repair(w);
    expect(secrets.find({ name: 'dewi' })).toMatchObject({ comment: `${number} Dewi Lestari`, service: 'pppoe', profile: 'pk-10M' });
    expect(await driftOf(w, 'dewi')).toEqual([]);
  });

  it("a plan profile whose rate limit was changed by hand is drift, and repaired", async () => {
    w = await billingWorld();
    await subscribe(w, 'dewi');
    const profiles = w.sim.state.menu('/ppp/profile');
    expect(profiles.find({ name: 'pk-10M' })?.['rate-limit']).toBe('10M/10M');
    profiles.update(profiles.find({ name: 'pk-10M' })!['.id']!, { 'rate-limit': '50M/50M' });
    const items = await driftOf(w, 'pk-10M');
    expect(items.map((i) => [i.menu, i.kind, i.fields])).toEqual([['/ppp/profile', 'different', [{ field: 'rate-limit', router: '50M/50M', desired: '10M/10M' }]]]);
    await repair(w);
    expect(profiles.find({ name: 'pk-10M' })?.['rate-limit']).toBe('10M/10M');
    expect(await driftOf(w, 'pk-10M')).toEqual([]);
  });

  it('the isolation profile is desired state: changed by hand, or by a new setting, it is drift and repaired', async () => {
    w = await billingWorld();
    await w.owner.call('billing.setupIsolation', { routerId: w.routerId });
    await w.core.outbox.idle();
    const profiles = w.sim.state.menu('/ppp/profile');
    expect(profiles.find({ name: 'isolir' })).toMatchObject({ 'address-list': 'isolir', 'rate-limit': '128k/128k' });
    expect(await driftOf(w, 'isolir')).toEqual([]);

    profiles.update(profiles.find({ name: 'isolir' })!['.id']!, { 'rate-limit': '10M/10M', 'address-list': '' });
    expect((await driftOf(w, 'isolir'))[0]?.fields.map((f) => f.field).sort()).toEqual(['address-list', 'rate-limit']);
    await repair(w);
    expect(profiles.find({ name: 'isolir' })).toMatchObject({ 'address-list': 'isolir', 'rate-limit': '128k/128k' });

    // The office slows isolated customers further: the profile follows the settings at once, and the
    // settings of now are what drift compares against.
    await w.owner.call('settings.update', { group: 'billing', value: { ...w.core.settings.get('billing'), isolationRateLimit: '64k/64k' } });
    await w.core.outbox.idle();
    expect(profiles.find({ name: 'isolir' })).toMatchObject({ 'address-list': 'isolir', 'rate-limit': '64k/64k' });
    expect(await driftOf(w, 'isolir')).toEqual([]);
    profiles.update(profiles.find({ name: 'isolir' })!['.id']!, { 'rate-limit': '128k/128k' });
    expect((await driftOf(w, 'isolir')).map((i) => i.fields)).toEqual([[{ field: 'rate-limit', router: '128k/128k', desired: '64k/64k' }]]);
    await repair(w);
    expect(profiles.find({ name: 'isolir' })?.['rate-limit']).toBe('64k/64k');
  });

  it("an isolation profile the app never set up is not the app's to compare", async () => {
    w = await billingWorld();
    w.sim.state.menu('/ppp/profile').add({ name: 'isolir', 'rate-limit': '1M/1M' });
    expect(await driftOf(w, 'isolir')).toEqual([]);
  });
});

describe('the plan profile is queued when it can matter, not on every change', () => {
  const profileJobs = (world: BillingWorld, routerId: number) =>
    query<{ source: string }>(world, "SELECT source FROM router_jobs WHERE router_id = ? AND target = '/ppp/profile?name=pk-10M' ORDER BY id", [routerId]);

  it('10 changes of a subscription on a router that lacked the profile queue it once; a plan edit queues it again', async () => {
    w = await billingWorld();
    // A second router, added after the plans: their profiles were never queued there.
    const sim2 = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
    extra.push(sim2);
    const r2 = (await w.owner.call('routers.create', { name: 'Tower 2', host: '127.0.0.1', port: sim2.port, tls: false, username: 'billing', password: 'rahasia' })).id;
    expect(await profileJobs(w, r2)).toEqual([]);

    const { sub } = await subscribe(w, 'dewi', r2);
    for (let i = 0; i < 3; i++) {
      await w.owner.call('subscriptions.update', { id: sub.id, password: `pw-${i}-x` });
      await w.owner.call('subscriptions.isolate', { id: sub.id });
      await w.owner.call('subscriptions.restore', { id: sub.id });
    }
    await w.core.outbox.idle();
    // create + 9 changes = 10 syncs; the profile went once, before the first secret needed it.
    expect(await profileJobs(w, r2)).toEqual([{ source: 'subscriptions.activate' }]);
    expect(sim2.state.menu('/ppp/profile').find({ name: 'pk-10M' })?.['rate-limit']).toBe('10M/10M');
    const [secretJobs] = await query<{ n: number }>(w, "SELECT count(*) AS n FROM router_jobs WHERE router_id = ? AND target = '/ppp/secret?name=dewi'", [r2]);
    expect(secretJobs!.n).toBe(10);

    // The plan's profile changes: it goes to the routers that use it, and the next change needs nothing more.
    const plan = (await w.owner.call('plans.list', {})).find((p) => p.id === w!.plans.A)!;
    await w.owner.call('plans.update', { ...plan, rateLimit: '15M/15M' });
    await w.owner.call('subscriptions.update', { id: sub.id, password: 'pw-final' });
    await w.core.outbox.idle();
    expect((await profileJobs(w, r2)).map((j) => j.source)).toEqual(['subscriptions.activate', 'plans.update']);
    expect(sim2.state.menu('/ppp/profile').find({ name: 'pk-10M' })?.['rate-limit']).toBe('15M/15M');
  });

  it('a profile whose last job failed is queued again by the next change', async () => {
    w = await billingWorld();
    const { sub } = await subscribe(w, 'dewi');
    await w.core.db.write((em) => em.query("UPDATE router_jobs SET status = 'failed' WHERE target = '/ppp/profile?name=pk-10M'"));
    await w.owner.call('subscriptions.update', { id: sub.id, password: 'pw-again' });
    await w.core.outbox.idle();
    expect((await profileJobs(w, w.routerId)).map((j) => j.source)).toEqual(['plans.create', 'subscriptions.update']);
  });
});
