import { afterEach, describe, expect, it } from 'vitest';
import { billingWorld, query, seedCustomer, type BillingWorld } from '../support/billing';
import { waitFor } from '../support/poll';

/**
 * routers.update replaces the router's pooled client. Jobs the outbox is applying on the old client at that
 * moment finish on it (the client is closed after the batch), instead of failing with "closed" and waiting
 * out a retry backoff with an attempt counted against them.
 */
let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

interface Job {
  id: number;
  status: string;
  attempts: number;
  last_error: string | null;
}
const jobsOf = (world: BillingWorld, source: string) => query<Job>(world, 'SELECT id, status, attempts, last_error FROM router_jobs WHERE source = ? ORDER BY id', [source]);

describe('routers.update while the outbox is applying jobs', () => {
  for (const change of ['notes', 'password'] as const) {
    it(`a ${change} change: the job in flight ends done promptly, no failed attempt counted`, async () => {
      w = await billingWorld();
      await w.core.outbox.idle();
      const router = (await w.owner.call('routers.list', {})).find((r) => r.id === w!.routerId)!;
      // Slow replies hold the subscription's jobs on the wire long enough to edit the router meanwhile.
      w.sim.faults.latencyMs = 150;
      const customerId = await seedCustomer(w.core, 'Dewi Lestari');
      await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'dewi', password: 'pw1', installDate: '2026-11-01' });
      await waitFor(async () => (await jobsOf(w!, 'subscriptions.activate')).some((j) => j.status === 'running') && w!.sim.commandsSeen().some((c) => c.startsWith('/ppp/')), {
        interval: 5,
        message: 'the outbox to be applying the subscription on the router',
      });

      const edit = change === 'notes' ? { notes: 'tiang dekat masjid' } : { password: 'rahasia' };
      await w.owner.call('routers.update', {
        id: w.routerId,
        name: router.name,
        host: router.host,
        port: router.port,
        tls: router.tls,
        username: router.username,
        ...edit,
      });
      w.sim.faults.latencyMs = 0;

      // Promptly: well inside the first retry backoff (5 s) a "closed" failure would have to wait out.
      const jobs = await waitFor(async () => {
        const all = await jobsOf(w!, 'subscriptions.activate');
        return all.length > 0 && all.every((j) => j.status === 'done') ? all : null;
      }, { timeout: 3000, message: () => 'the jobs to be done' });
      expect(jobs.map((j) => [j.attempts, j.last_error])).toEqual(jobs.map(() => [1, null]));
      expect(w.sim.state.menu('/ppp/secret').find({ name: 'dewi' })).toMatchObject({ password: 'pw1', profile: 'pk-10M' });
      expect((await w.owner.call('routers.list', {})).find((r) => r.id === w!.routerId)?.notes).toBe(change === 'notes' ? 'tiang dekat masjid' : '');
    });
  }

  it('a notes change keeps the router connection; an address change replaces it', async () => {
    w = await billingWorld();
    const router = (await w.owner.call('routers.list', {})).find((r) => r.id === w!.routerId)!;
    const base = { id: w.routerId, name: router.name, host: router.host, port: router.port, tls: router.tls, username: router.username };
    const first = await w.core.routers.clientFor(w.routerId);
    await w.owner.call('routers.update', { ...base, notes: 'tiang dekat masjid' });
    expect(await w.core.routers.clientFor(w.routerId)).toBe(first);
    await w.owner.call('routers.update', { ...base, name: 'Tower Baru' });
    expect(await w.core.routers.clientFor(w.routerId)).toBe(first);
    await w.owner.call('routers.update', { ...base, name: 'Tower Baru', username: 'billing2', password: 'rahasia' });
    expect(await w.core.routers.clientFor(w.routerId)).not.toBe(first);
  });
});
