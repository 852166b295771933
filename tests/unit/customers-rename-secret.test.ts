import { afterEach, describe, expect, it } from 'vitest';
import { billingWorld, query, type BillingWorld } from '../support/billing';

/**
 * A subscription's PPP secret is labelled `<customer number> <name>`. Renaming the customer (customers.update)
 * queues the relabelled secret for each of their subscriptions that has one, in the same transaction — so the
 * router follows at once and the reconciler sees no drift.
 */
let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const driftOf = async (world: BillingWorld) => (await world.owner.call('routers.drift', { routerId: world.routerId })).items;

describe('customers.update relabels the PPP secrets of the customer', () => {
  it('rename → the secret comment on the router is updated, no drift; a paused one too; other fields leave it alone', async () => {
    w = await billingWorld();
    const c = await w.owner.call('customers.create', { name: 'Dewi Lestari', phone: '081234567890' });
    const other = await w.owner.call('customers.create', { name: 'Budi Santoso' });
    const live = await w.owner.call('subscriptions.create', { customerId: c.id, planId: w.plans.A, routerId: w.routerId, username: 'dewi', password: 'pw1', installDate: '2026-11-01' });
    const paused = await w.owner.call('subscriptions.create', { customerId: c.id, planId: w.plans.A, routerId: w.routerId, username: 'dewi-2', password: 'pw2', installDate: '2026-11-01' });
    await w.owner.call('subscriptions.create', { customerId: other.id, planId: w.plans.A, routerId: w.routerId, username: 'budi', password: 'pw3', installDate: '2026-11-01' });
    await w.owner.call('subscriptions.pause', { id: paused.id });
    await w.core.outbox.idle();
    const secrets = w.sim.state.menu('/ppp/secret');
    expect(secrets.find({ name: 'dewi' })?.comment).toBe(`${c.number} Dewi Lestari`);
    expect(live.status).toBe('active');

    const jobsBefore = (await query<{ n: number }>(w, 'SELECT count(*) AS n FROM router_jobs'))[0]!.n;
    await w.owner.call('customers.update', { id: c.id, name: 'Dewi Lestari Putri', phone: '081234567890' });
    // Queued in the update's own transaction: the jobs are there as soon as the call returns.
    const queued = await query<{ target: string }>(w, "SELECT target FROM router_jobs WHERE source = 'customers.update' AND target LIKE '%/ppp/secret%'");
    expect(queued).toHaveLength(2);
    await w.core.outbox.idle();
    expect(secrets.find({ name: 'dewi' })).toMatchObject({ comment: `${c.number} Dewi Lestari Putri`, disabled: 'false', profile: 'pk-10M' });
    expect(secrets.find({ name: 'dewi-2' })).toMatchObject({ comment: `${c.number} Dewi Lestari Putri`, disabled: 'true' });
    expect(secrets.find({ name: 'budi' })?.comment).toBe(`${other.number} Budi Santoso`);
    expect(await driftOf(w)).toEqual([]);

    // A change that does not touch the label queues nothing for the router.
    const afterRename = (await query<{ n: number }>(w, 'SELECT count(*) AS n FROM router_jobs'))[0]!.n;
    expect(afterRename).toBeGreaterThan(jobsBefore);
    await w.owner.call('customers.update', { id: c.id, name: 'Dewi Lestari Putri', phone: '081299999999' });
    expect((await query<{ n: number }>(w, 'SELECT count(*) AS n FROM router_jobs'))[0]!.n).toBe(afterRename);
  });
});
