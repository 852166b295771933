import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { ops, type RouterOp } from '../../main/modules/routers/outbox/ops';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { type Caller, setupOffice, startCore, tempDir, TestClock } from '../support/core';

let core: Core | null = null;
let sim: RouterSim | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = null;
  sim = null;
});

async function withRouter(opts: { dataDir?: string; clock?: TestClock } = {}): Promise<{ core: Core; owner: Caller; routerId: number }> {
  sim ??= await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  core = await startCore({ dataDir: opts.dataDir, now: opts.clock?.now, outboxPollMs: 60_000 });
  const owner = await setupOffice(core);
  const r = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' });
  return { core, owner, routerId: r.id };
}

/** A "business change": the ops are enqueued in the same transaction as (here) nothing else. */
const enqueue = (c: Core, routerId: number, list: RouterOp[]) => c.db.write(async (em) => {
  for (const op of list) await c.outbox.enqueue(em, routerId, op, 'test');
});

const names = (path: string) => sim!.state.menu(path).all().map((r) => r.name).sort();

describe('router outbox', () => {
  it('applies upserts, removes and kicks idempotently, and never touches objects it does not manage', async () => {
    const { core, routerId } = await withRouter();
    sim!.state.menu('/ppp/secret').add({ name: 'not-ours', password: 'x', profile: 'default' });
    await enqueue(core, routerId, [
      ops.pppProfile('10M', { 'rate-limit': '10M/10M' }),
      ops.pppSecret('cust001', { password: 'a1', profile: '10M', service: 'pppoe' }),
      ops.pppSecret('cust002', { password: 'a2', profile: '10M', service: 'pppoe' }),
    ]);
    await core.outbox.idle();
    expect(names('/ppp/secret')).toEqual(['cust001', 'cust002', 'not-ours']);
    // Same ops again (a retry after a crash) change nothing; a changed field is set in place.
    await enqueue(core, routerId, [ops.pppSecret('cust001', { password: 'a1', profile: 'default', service: 'pppoe' }), ops.pppSecret('cust002', { password: 'a2', profile: '10M', service: 'pppoe' })]);
    await core.outbox.idle();
    expect(names('/ppp/secret')).toEqual(['cust001', 'cust002', 'not-ours']);
    expect(sim!.state.menu('/ppp/secret').find({ name: 'cust001' })?.profile).toBe('default');
    // Kick: the active session really goes; remove: the secret goes; removing twice is fine.
    sim!.state.login('/ppp/active', { name: 'cust002', address: '10.0.0.2', 'caller-id': 'AA:BB:CC:00:00:02' });
    await enqueue(core, routerId, [ops.kickPpp('cust002'), ops.removePppSecret('cust001'), ops.removePppSecret('cust001'), ops.kickPpp('nobody')]);
    await core.outbox.idle();
    expect(sim!.state.menu('/ppp/active').all()).toEqual([]);
    expect(names('/ppp/secret')).toEqual(['cust002', 'not-ours']);
    expect(await core.outbox.counts(routerId)).toEqual({ routerId, pending: 0, failed: 0, done: 9 });
  });

  it('reports live progress while a large batch is applied', async () => {
    const { core, routerId } = await withRouter();
    sim!.faults.latencyMs = 2;
    const seen: { done: number; total: number }[] = [];
    core.events.subscribe((name, payload) => {
      if (name === 'routers.outbox' && 'applying' in payload && payload.applying) seen.push(payload.applying);
    });
    await enqueue(core, routerId, Array.from({ length: 300 }, (_, i) => ops.hotspotUser(`pg${i}`, { password: 'p', profile: 'default' })));
    await core.outbox.idle();
    expect(sim!.state.menu('/ip/hotspot/user').count()).toBe(300);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual({ done: 300, total: 300 });
    expect(seen.every((p, i) => i === 0 || p.done >= seen[i - 1]!.done)).toBe(true);
  });

  it('keeps the order of changes to one object', async () => {
    const { core, routerId } = await withRouter();
    sim!.faults.latencyMs = 3;
    await enqueue(core, routerId, [
      ops.hotspotUser('v1', { password: 'p', profile: 'default' }),
      ops.removeHotspotUser('v1'),
      ops.hotspotUser('v1', { password: 'q', profile: 'default' }),
      ops.addressListAdd('isolir', '10.0.0.9'),
      ops.addressListRemove('isolir', '10.0.0.9'),
    ]);
    await core.outbox.idle();
    expect(sim!.state.menu('/ip/hotspot/user').all().map((r) => [r.name, r.password])).toEqual([['v1', 'q']]);
    expect(sim!.state.menu('/ip/firewall/address-list').all()).toEqual([]);
  });

  it('a router that is away for the whole operation gets every change once it is back', async () => {
    const clock = new TestClock();
    const { core, owner, routerId } = await withRouter({ clock });
    await sim!.faults.refuseConnections(true);
    const users = Array.from({ length: 50 }, (_, i) => ops.hotspotUser(`vc${String(i).padStart(3, '0')}`, { password: `p${i}`, profile: 'default' }));
    await enqueue(core, routerId, users);
    await core.outbox.idle();
    expect(await core.outbox.counts(routerId)).toMatchObject({ pending: 50, done: 0 });
    const waiting = await owner.call('routers.jobs', { routerId, status: 'pending' });
    expect(waiting.items[0]!.lastError).toMatch(/^connect/);
    expect(waiting.items[0]!.attempts).toBe(1);
    // Still down at the next try: attempts grow, nothing is lost.
    clock.advance(6_000);
    await core.outbox.drainAll();
    await core.outbox.idle();
    expect((await owner.call('routers.jobs', { routerId })).items[0]!.attempts).toBe(2);
    // Back: every user arrives exactly once.
    await sim!.faults.refuseConnections(false);
    clock.advance(11_000);
    await core.outbox.drainAll();
    await core.outbox.idle();
    expect(sim!.state.menu('/ip/hotspot/user').count()).toBe(50);
    expect(new Set(names('/ip/hotspot/user')).size).toBe(50);
    expect(await core.outbox.counts(routerId)).toEqual({ routerId, pending: 0, failed: 0, done: 50 });
  });

  it('survives a restart: changes queued while the router was down are applied after the app starts again', async () => {
    const dir = tempDir();
    const { core: first, routerId } = await withRouter({ dataDir: dir });
    await sim!.faults.refuseConnections(true);
    await enqueue(first, routerId, [ops.pppSecret('late001', { password: 'x', profile: 'default', service: 'pppoe' })]);
    await first.outbox.idle();
    await first.close();
    core = null;
    await sim!.faults.refuseConnections(false);
    core = await startCore({ dataDir: dir, outboxPollMs: 60_000 });
    await core.outbox.idle();
    expect(names('/ppp/secret')).toEqual(['late001']);
  });

  it('a change the router refuses ends up failed after retries, with its error, and staff can retry it', async () => {
    const clock = new TestClock();
    const { core, owner, routerId } = await withRouter({ clock });
    sim!.faults.trapCommand('/ppp/secret/add', 'input does not match any value of profile', 1);
    await enqueue(core, routerId, [ops.pppSecret('bad001', { password: 'x', profile: 'default', service: 'pppoe' })]);
    for (let i = 0; i < 12; i++) {
      await core.outbox.drainAll();
      await core.outbox.idle();
      clock.advance(11 * 60_000);
    }
    const failed = await owner.call('routers.jobs', { routerId, status: 'failed' });
    expect(failed.total).toBe(1);
    expect(failed.items[0]).toMatchObject({ attempts: 10, kind: 'upsert', menu: '/ppp/secret', key: { name: 'bad001' } });
    expect(failed.items[0]!.lastError).toMatch(/input does not match/);
    sim!.faults.clearTraps();
    expect((await owner.call('routers.retryJobs', { routerId })).retried).toBe(1);
    await core.outbox.idle();
    expect(names('/ppp/secret')).toEqual(['bad001']);
  });

  it('retry does not redo a failed change that a newer change of the same object replaced', async () => {
    const { core, owner, routerId } = await withRouter();
    await enqueue(core, routerId, [ops.pppSecret('cust009', { password: 'a', profile: 'isolir' })]);
    await core.outbox.idle();
    // Pretend the isolation had failed for good; the restore after it went through.
    await core.db.write((em) => em.query("UPDATE router_jobs SET status = 'failed', last_error = 'x' WHERE router_id = ?", [routerId]));
    await enqueue(core, routerId, [ops.pppSecret('cust009', { password: 'a', profile: 'default' })]);
    await core.outbox.idle();
    expect((await owner.call('routers.retryJobs', { routerId })).retried).toBe(0);
    await core.outbox.idle();
    expect(sim!.state.menu('/ppp/secret').find({ name: 'cust009' })?.profile).toBe('default');
    const [old] = (await core.db.manager.query('SELECT status, last_error FROM router_jobs WHERE router_id = ? ORDER BY id LIMIT 1', [routerId])) as { status: string; last_error: string }[];
    expect(old).toEqual({ status: 'done', last_error: 'superseded by a newer change' });
  });
});
