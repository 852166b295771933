import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig, Core } from '../../main/app/app';
import { createRouterClient } from '../../main/modules/routers/client/index';
import { canonical, sameValue } from '../../main/modules/routers/compare';
import { QUERY_LOOKUP_MAX } from '../../main/modules/routers/lookup';
import { ops, type RouterOp } from '../../main/modules/routers/outbox/ops';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { setupOffice, startCore, type Caller } from '../support/core';

let core: Core | null = null;
let sim: RouterSim | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = null;
  sim = null;
});

async function setup(over: Partial<AppConfig> = {}): Promise<{ core: Core; owner: Caller; routerId: number; sim: RouterSim }> {
  sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  core = await startCore({ outboxPollMs: 60_000, ...over });
  const owner = await setupOffice(core);
  const r = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' });
  return { core, owner, routerId: r.id, sim };
}

const apply = async (c: Core, routerId: number, list: RouterOp[]) => {
  await c.db.write(async (em) => {
    for (const op of list) await c.outbox.enqueue(em, routerId, op, 'test');
  });
  await c.outbox.idle();
};

/** Print sentences the simulator received for a menu since `from`. */
const printsOf = (s: RouterSim, menu: string, from = 0) => s.sentencesSeen().slice(from).filter((w) => w[0] === `${menu}/print`);

describe('value comparison (compare.ts)', () => {
  it('compares durations, byte counts, booleans, MACs and scripts by meaning', () => {
    expect(sameValue('limit-uptime', '2h', '7200s')).toBe(true);
    expect(sameValue('limit-uptime', '1d', '24h')).toBe(true);
    expect(sameValue('session-timeout', '1w', '7d')).toBe(true);
    expect(sameValue('limit-uptime', '1d', '2h')).toBe(false);
    expect(sameValue('limit-bytes-total', '1000000', '01000000')).toBe(true);
    expect(sameValue('limit-bytes-total', '999999', '1000000')).toBe(false);
    expect(sameValue('disabled', 'false', 'no')).toBe(true);
    expect(sameValue('disabled', 'true', 'no')).toBe(false);
    expect(sameValue('mac-address', 'AA:BB:CC:00:00:01', 'aa:bb:cc:00:00:01')).toBe(true);
    expect(sameValue('on-login', ':put "a"\r\n:put "b"', ':put "a"\n:put "b"')).toBe(true);
    expect(sameValue('shared-users', '1', '1')).toBe(true);
  });

  it('a field the router does not print is "nothing set": different from a limit, the same as none', () => {
    expect(sameValue('limit-uptime', undefined, '2h')).toBe(false);
    expect(sameValue('limit-bytes-total', undefined, '1000000')).toBe(false);
    expect(sameValue('mac-address', undefined, 'AA:BB:CC:00:00:01')).toBe(false);
    expect(sameValue('comment', undefined, 'vc-1')).toBe(false);
    expect(sameValue('shared-users', undefined, '1')).toBe(false);
    expect(sameValue('comment', undefined, '')).toBe(true);
    expect(sameValue('disabled', undefined, 'no')).toBe(true);
    expect(sameValue('limit-uptime', undefined, '0s')).toBe(true);
    expect(sameValue('mac-address', undefined, '00:00:00:00:00:00')).toBe(true);
    expect(canonical('limit-uptime', 'garbage')).toBe('?garbage');
  });
});

describe('drift tells the truth', () => {
  const voucher = {
    password: 'p1',
    profile: '1hari',
    'limit-uptime': '7200s',
    'limit-bytes-total': '1000000',
    server: 'all',
    comment: 'vc-001',
    'mac-address': 'aa:bb:cc:00:00:01',
    disabled: 'no',
  };

  it('what the router prints in its own form is not drift; a limit lifted by hand is', async () => {
    const { core, owner, routerId, sim } = await setup();
    await apply(core, routerId, [
      ops.hotspotProfile('1hari', { 'rate-limit': '1M/2M', 'shared-users': '1', 'session-timeout': '24h', 'on-login': ':put "x"' }),
      ops.pppProfile('pk-week', { 'rate-limit': '10M/10M', 'session-timeout': '7d', 'local-address': '10.0.0.1', 'remote-address': 'pool1' }),
      ops.hotspotUser('vc001', voucher),
      ops.pppSecret('cust001', { password: 's1', service: 'pppoe', profile: 'pk-week', disabled: 'no', comment: 'Dewi' }),
      ops.addressListAdd('isolir', '10.0.0.9', 'cust001'),
    ]);
    const users = sim.state.menu('/ip/hotspot/user');
    // The router keeps its own form of what it was given.
    expect(users.find({ name: 'vc001' })).toMatchObject({ 'limit-uptime': '2h', 'mac-address': 'AA:BB:CC:00:00:01', disabled: 'false' });
    expect(sim.state.menu('/ip/hotspot/user/profile').find({ name: '1hari' })?.['session-timeout']).toBe('1d');
    expect(sim.state.menu('/ppp/profile').find({ name: 'pk-week' })?.['session-timeout']).toBe('1w');
    expect((await owner.call('routers.drift', { routerId })).items).toEqual([]);

    // Someone lifts the voucher's limits on the router (unset: the field is gone from the print).
    const id = users.find({ name: 'vc001' })!['.id']!;
    users.update(id, { 'limit-uptime': undefined, 'limit-bytes-total': undefined });
    const report = await owner.call('routers.drift', { routerId });
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ kind: 'different', key: { name: 'vc001' } });
    expect(report.items[0]!.fields).toEqual([
      { field: 'limit-uptime', router: null, desired: '7200s' },
      { field: 'limit-bytes-total', router: null, desired: '1000000' },
    ]);

    // A MAC lock removed by hand and a password changed: drift, the password never shown.
    users.update(id, { 'limit-uptime': '2h', 'limit-bytes-total': '1000000', 'mac-address': undefined, password: 'changed' });
    const again = await owner.call('routers.drift', { routerId });
    expect(again.items[0]!.fields).toEqual([
      { field: 'password', router: '•••', desired: '•••' },
      { field: 'mac-address', router: null, desired: 'aa:bb:cc:00:00:01' },
    ]);
    expect(JSON.stringify(again)).not.toContain('changed');
  });

  it('asks the router for every compared field (.proplist), and finds a few objects by query', async () => {
    const { core, owner, routerId, sim } = await setup();
    await apply(core, routerId, [ops.hotspotProfile('1hari', { 'rate-limit': '1M/2M', 'shared-users': '1' }), ops.hotspotUser('vc001', voucher)]);
    const from = sim.sentencesSeen().length;
    await owner.call('routers.drift', { routerId });
    const prints = printsOf(sim, '/ip/hotspot/user', from);
    expect(prints).toHaveLength(1);
    const proplist = prints[0]!.find((w) => w.startsWith('=.proplist='))!.slice('=.proplist='.length).split(',');
    expect(proplist).toEqual(expect.arrayContaining(['.id', 'name', ...Object.keys(voucher)]));
    expect(prints[0]).toContain('?name=vc001');
  });
});

describe('outbox round trips', () => {
  it('a small batch looks its objects up by query (pipelined) instead of printing the whole menu', async () => {
    const { core, routerId, sim } = await setup();
    const users = sim.state.menu('/ip/hotspot/user');
    for (let i = 0; i < 300; i++) users.add({ name: `old${i}`, password: 'x', profile: 'default' });
    const from = sim.sentencesSeen().length;
    await apply(core, routerId, [
      ops.hotspotUser('old7', { password: 'new', profile: 'default' }),
      ops.hotspotUser('fresh1', { password: 'f', profile: 'default' }),
      ops.removeHotspotUser('old9'),
      ops.addressListAdd('isolir', '10.0.0.9'),
    ]);
    const prints = printsOf(sim, '/ip/hotspot/user', from);
    expect(prints.map((w) => w.filter((x) => x.startsWith('?')))).toEqual(expect.arrayContaining([['?name=old7'], ['?name=fresh1'], ['?name=old9']]));
    expect(prints).toHaveLength(3);
    expect(prints.every((w) => w.some((x) => x.startsWith('=.proplist=')))).toBe(true);
    expect(printsOf(sim, '/ip/firewall/address-list', from).map((w) => w.filter((x) => x.startsWith('?')))).toEqual([['?list=isolir', '?address=10.0.0.9']]);
    expect(users.find({ name: 'old7' })?.password).toBe('new');
    expect(users.find({ name: 'fresh1' })).toBeTruthy();
    expect(users.find({ name: 'old9' })).toBeUndefined();
    expect(await core.outbox.counts(routerId)).toMatchObject({ pending: 0, failed: 0, done: 4 });
  });

  it('a large batch prints the menu once (with .proplist)', async () => {
    const { core, routerId, sim } = await setup();
    const from = sim.sentencesSeen().length;
    const n = QUERY_LOOKUP_MAX + 5;
    await apply(core, routerId, Array.from({ length: n }, (_, i) => ops.hotspotUser(`vc${i}`, { password: 'p', profile: 'default' })));
    const prints = printsOf(sim, '/ip/hotspot/user', from);
    expect(prints).toHaveLength(1);
    expect(prints[0]!.some((w) => w.startsWith('?'))).toBe(false);
    expect(prints[0]).toContain('=.proplist=.id,name');
    expect(sim.state.menu('/ip/hotspot/user').count()).toBe(n);
  });

  it('status asks identity and resources for the fields it shows only', async () => {
    const { owner, routerId, sim } = await setup();
    const from = sim.sentencesSeen().length;
    expect((await owner.call('routers.test', { id: routerId })).reachable).toBe(true);
    for (const menu of ['/system/identity', '/system/resource']) {
      const [p] = printsOf(sim, menu, from);
      expect(p!.some((w) => w.startsWith('=.proplist='))).toBe(true);
    }
  });
});

describe('repair all', () => {
  it('queues only what is drifted, not every managed object', async () => {
    const { core, owner, routerId, sim } = await setup();
    await apply(core, routerId, [
      ops.pppProfile('10M', { 'rate-limit': '10M/10M' }),
      ...['a', 'b', 'c', 'd'].map((n) => ops.pppSecret(`cust-${n}`, { password: n, profile: '10M', service: 'pppoe' })),
      ops.hotspotUser('vc001', { password: 'p', profile: 'default', 'limit-uptime': '1d' }),
    ]);
    const jobsBefore = (await owner.call('routers.jobs', { routerId })).total;
    const secrets = sim.state.menu('/ppp/secret');
    secrets.update(secrets.find({ name: 'cust-b' })!['.id']!, { profile: 'default' });

    expect((await owner.call('routers.repair', { routerId })).queued).toBe(1);
    const jobs = await owner.call('routers.jobs', { routerId });
    expect(jobs.total).toBe(jobsBefore + 1);
    expect(jobs.items[0]).toMatchObject({ key: { name: 'cust-b' }, source: 'routers.repair' });
    await core.outbox.idle();
    expect(secrets.find({ name: 'cust-b' })?.profile).toBe('10M');
    // Nothing wrong: nothing queued.
    expect((await owner.call('routers.repair', { routerId })).queued).toBe(0);
    const audit = await owner.call('audit.list', { method: 'routers.repair' });
    expect(audit.items).toHaveLength(2);
  });

  it('a router that does not answer is an error, not a blind re-push of everything', async () => {
    const { core, owner, routerId, sim } = await setup();
    await apply(core, routerId, [ops.pppSecret('cust-a', { password: 'a', profile: 'default' })]);
    const jobsBefore = (await owner.call('routers.jobs', { routerId })).total;
    await sim.faults.refuseConnections(true);
    core.routers.forget(routerId);
    expect((await owner.fail('routers.repair', { routerId })).code).toBe('routers.unreachable');
    expect((await owner.call('routers.jobs', { routerId })).total).toBe(jobsBefore);
  });
});

describe('retry right after the router comes back', () => {
  // A reconnect backoff of ten minutes: without "connect now" the retry would fail fast (or wait it out).
  const longBackoff = (): Partial<AppConfig> => ({
    routerClientFactory: (endpoint) => createRouterClient(endpoint, { keepaliveMs: 0, backoff: { initialMs: 600_000, maxMs: 600_000 }, random: () => 1 }),
  });

  it('routers.retryJobs connects at once and the job is applied', async () => {
    const { core, owner, routerId, sim } = await setup(longBackoff());
    await sim.faults.refuseConnections(true);
    await apply(core, routerId, [ops.hotspotUser('vc001', { password: 'p', profile: 'default' })]);
    expect(await core.outbox.counts(routerId)).toMatchObject({ pending: 1, done: 0 });
    const client = await core.routers.clientFor(routerId);
    expect(client.state).toBe('backoff');

    await sim.faults.refuseConnections(false);
    expect((await owner.call('routers.retryJobs', { routerId })).retried).toBe(1);
    await core.outbox.idle();
    expect(await core.outbox.counts(routerId)).toMatchObject({ pending: 0, done: 1 });
    expect(sim.state.menu('/ip/hotspot/user').find({ name: 'vc001' })).toBeTruthy();
    expect(client.state).toBe('connected');
  });

  it('"test connection" of a saved router connects at once too', async () => {
    const { core, owner, routerId, sim } = await setup(longBackoff());
    await sim.faults.refuseConnections(true);
    expect((await owner.call('routers.test', { id: routerId })).reachable).toBe(false);
    expect((await core.routers.clientFor(routerId)).state).toBe('backoff');
    await sim.faults.refuseConnections(false);
    expect((await owner.call('routers.test', { id: routerId })).reachable).toBe(true);
  });
});
