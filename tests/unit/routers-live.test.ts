// Live PPP session facts for the portal's "Koneksi saya" (issue 14), read from the RouterOS simulator over
// loopback: who is online, address, uptime, this session's counters; the short cache; unreachable routers;
// replies of the wrong shape.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { LiveSessions, RouterError } from '../../main/modules/routers';
import { AppError } from '../../shared/errors';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { setupOffice, startCore, TestClock, type Caller } from '../support/core';

let core: Core;
let owner: Caller;
let sim: RouterSim;
let routerId: number;
let clock: TestClock;
let live: LiveSessions;

const prints = (path: string): number => sim.commandsSeen().filter((c) => c === path).length;

beforeAll(async () => {
  sim = await startRouterSim({ user: 'billing', password: 'rahasia' });
  core = await startCore();
  owner = await setupOffice(core);
  routerId = (await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' })).id;
});
afterAll(async () => {
  await core.close();
  await sim.close();
});
beforeEach(async () => {
  clock = new TestClock();
  live = new LiveSessions(core.routers, { now: clock.now, ttlMs: 10_000, errorTtlMs: 3_000 });
  await sim.faults.reset();
  for (const m of ['/ppp/active', '/ppp/secret', '/ppp/profile', '/queue/simple', '/interface'] as const) sim.state.menu(m).clear();
});
afterEach(async () => {
  await sim.faults.reset();
});

describe('liveSessions', () => {
  it('gives address, uptime and this session’s counters of the users online, and leaves the others out', async () => {
    sim.state.menu('/ppp/secret').add({ name: 'siti01', password: 'x', service: 'pppoe' });
    sim.state.pppConnect('siti01', { address: '10.10.0.7', callerId: 'AA:BB:CC:00:00:07', uptime: '1w2d3h4m5s' });
    sim.state.pppTraffic('siti01', { rx: 1_500_000, tx: 73_000_000_000, seconds: 10 });
    sim.state.pppConnect('someone-else', { address: '10.10.0.8' });

    const m = await live.liveSessions(routerId, ['siti01', 'budi']);
    expect([...m.keys()]).toEqual(['siti01']);
    expect(m.get('siti01')).toEqual({
      ip: '10.10.0.7',
      uptimeSeconds: 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5 + 10,
      rx: 1_500_000,
      tx: 73_000_000_000,
      counters: 'interface',
      callerId: 'AA:BB:CC:00:00:07',
      service: 'pppoe',
      sessionKey: expect.stringMatching(/^sid:0x/),
    });
    // What was asked: the active sessions and the interfaces' stats (portal-api.md §2.4), nothing else.
    const sentences = sim.sentencesSeen().filter((s) => s[0] !== '/login');
    expect(sentences.find((s) => s[0] === '/interface/print')).toEqual(expect.arrayContaining(['=stats=', '=.proplist=name,rx-byte,tx-byte']));
    expect(sentences.find((s) => s[0] === '/ppp/active/print')).toEqual(expect.arrayContaining(['=.proplist=.id,name,service,address,uptime,caller-id,session-id']));
    expect(prints('/queue/simple/print')).toBe(0);
  });

  it('reads the dynamic queue’s upload/download bytes when a session has no interface, and says when it has neither', async () => {
    sim.state.menu('/ppp/profile').add({ name: '10M', 'rate-limit': '5M/10M' });
    sim.state.menu('/ppp/secret').add({ name: 'agus', password: 'x', service: 'pppoe', profile: '10M' });
    sim.state.pppConnect('agus', { address: '10.10.0.9' });
    sim.state.pppTraffic('agus', { rx: 200, tx: 9000 });
    expect(sim.state.menu('/queue/simple').find({ name: '<pppoe-agus>' })).toMatchObject({ bytes: '200/9000', dynamic: 'true', target: '10.10.0.9/32', 'max-limit': '5M/10M' });
    sim.state.menu('/interface').remove(sim.state.menu('/interface').find({ name: '<pppoe-agus>' })!['.id']!);
    // A session written by hand: no interface, no queue.
    sim.state.login('/ppp/active', { name: 'dewi', address: '10.10.0.10', uptime: '00:05:10' });

    const m = await live.liveSessions(routerId, ['agus', 'dewi']);
    expect(m.get('agus')).toMatchObject({ rx: 200, tx: 9000, counters: 'queue' });
    expect(m.get('dewi')).toMatchObject({ ip: '10.10.0.10', uptimeSeconds: 310, rx: 0, tx: 0, counters: null, sessionKey: expect.stringMatching(/^id:\*/) });
    expect(sim.sentencesSeen().find((s) => s[0] === '/queue/simple/print')).toEqual(expect.arrayContaining(['?dynamic=true']));
  });

  it('a hang-up removes the session, its interface and its queue; the newest of two sessions of one name is shown', async () => {
    sim.state.menu('/ppp/profile').add({ name: '10M', 'rate-limit': '5M/10M' });
    sim.state.menu('/ppp/secret').add({ name: 'rina', password: 'x', profile: '10M' });
    sim.state.pppConnect('rina', { address: '10.10.0.20', uptime: '2h' });
    sim.state.pppConnect('rina', { address: '10.10.0.21', uptime: '5m' });
    // Online twice (only-one=no): the newest session is shown; whose interface is whose cannot be told, so no counters.
    expect((await live.liveSessions(routerId, ['rina'])).get('rina')).toMatchObject({ ip: '10.10.0.21', uptimeSeconds: 300, counters: null, rx: 0, tx: 0 });
    expect((await live.byAddress(routerId, '10.10.0.20'))?.username).toBe('rina');
    expect((await live.snapshot(routerId)).all).toHaveLength(2);

    // Disconnect through the API, as the outbox's kick does.
    const client = await core.routers.clientFor(routerId);
    for (const r of sim.state.menu('/ppp/active').filter({ name: 'rina' })) await client.run({ path: '/ppp/active/remove', words: [`=.id=${r['.id']}`] });
    expect(sim.state.menu('/interface').find({ name: '<pppoe-rina>' })).toBeUndefined();
    expect(sim.state.menu('/queue/simple').find({ name: '<pppoe-rina>' })).toBeUndefined();
    expect(sim.state.menu('/interface').find({ name: 'ether1' })).toBeDefined();
    clock.advance(10_001);
    expect((await live.liveSessions(routerId, ['rina'])).size).toBe(0);
    expect(await live.byAddress(routerId, '10.10.0.20')).toBeNull();
  });

  it('serves a refresh storm from one snapshot per router for at most the cache time', async () => {
    sim.state.pppConnect('siti01', { address: '10.10.0.7' });
    const before = prints('/ppp/active/print');
    const storm = await Promise.all(Array.from({ length: 50 }, () => live.liveSessions(routerId, ['siti01'])));
    expect(storm.every((m) => m.get('siti01')?.ip === '10.10.0.7')).toBe(true);
    expect(prints('/ppp/active/print') - before).toBe(1);

    // Within the cache time the router is not asked again, and what it says meanwhile is not seen yet.
    sim.state.pppTraffic('siti01', { tx: 5000 });
    clock.advance(9_999);
    expect((await live.liveSessions(routerId, ['siti01'])).get('siti01')?.tx).toBe(0);
    expect(prints('/ppp/active/print') - before).toBe(1);
    clock.advance(2);
    expect((await live.liveSessions(routerId, ['siti01'])).get('siti01')?.tx).toBe(5000);
    expect(prints('/ppp/active/print') - before).toBe(2);
    // A caller that needs fresh facts (the usage sampler) asks for them.
    await live.snapshot(routerId, 0);
    expect(prints('/ppp/active/print') - before).toBe(3);
    // A clock that went back does not keep a snapshot alive.
    clock.advance(-60_000);
    await live.liveSessions(routerId, ['siti01']);
    expect(prints('/ppp/active/print') - before).toBe(4);
    // The cache time is capped at 15 s.
    const capped = new LiveSessions(core.routers, { now: clock.now, ttlMs: 600_000 });
    await capped.liveSessions(routerId, []);
    clock.advance(15_001);
    await capped.liveSessions(routerId, []);
    expect(prints('/ppp/active/print') - before).toBe(6);
  });

  it('throws a clear error for a router that does not answer, remembers it briefly, and recovers', async () => {
    const other = await startRouterSim({ user: 'billing', password: 'rahasia' });
    const port = other.port;
    const id = (await owner.call('routers.create', { name: 'Mati', host: '127.0.0.1', port, tls: false, username: 'billing', password: 'rahasia' })).id;
    other.state.pppConnect('budi', { address: '10.10.1.2' });
    expect((await live.liveSessions(id, ['budi'])).get('budi')?.ip).toBe('10.10.1.2');
    await other.close();
    clock.advance(10_001);

    const err = await live.liveSessions(id, ['budi']).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RouterError);
    expect((err as RouterError).kind).toMatch(/^(connect|closed|timeout)$/);
    expect((err as RouterError).toPayload().code).toBe('routers.unreachable');
    // Within the error time the same failure is given without another attempt.
    clock.advance(1_000);
    await expect(live.liveSessions(id, ['budi'])).rejects.toBe(err);
    // Other routers are not affected.
    sim.state.pppConnect('siti01', { address: '10.10.0.7' });
    expect((await live.liveSessions(routerId, ['siti01'])).size).toBe(1);

    // An unknown router is not found, not unreachable.
    await expect(live.liveSessions(9999, ['x'])).rejects.toBeInstanceOf(AppError);
    await owner.call('routers.remove', { id });
  });

  it('a reply of the wrong shape is an error (kind protocol), never a crash, and the next good reply is read', async () => {
    sim.state.login('/ppp/active', { name: 'bad', address: '10.10.0.30', uptime: 'banana' });
    await expect(live.liveSessions(routerId, ['bad'])).rejects.toMatchObject({ kind: 'protocol', message: expect.stringContaining('uptime "banana"') });

    const bad = sim.state.menu('/ppp/active').find({ name: 'bad' })!['.id']!;
    sim.state.menu('/ppp/active').update(bad, { uptime: '1m', address: 'not-an-address' });
    clock.advance(3_001);
    await expect(live.liveSessions(routerId, ['bad'])).rejects.toMatchObject({ kind: 'protocol', message: expect.stringContaining('/ppp/active') });

    sim.state.menu('/ppp/active').remove(bad);
    sim.state.pppConnect('siti01', { address: '10.10.0.7' });
    const iface = sim.state.menu('/interface').find({ name: '<pppoe-siti01>' })!['.id']!;
    sim.state.menu('/interface').update(iface, { 'rx-byte': '12e5' });
    clock.advance(3_001);
    await expect(live.liveSessions(routerId, ['siti01'])).rejects.toMatchObject({ kind: 'protocol', message: expect.stringContaining('/interface') });
    // Another interface with odd counters (not a session's) does not matter.
    sim.state.menu('/interface').update(iface, { 'rx-byte': '1200000' });
    sim.state.menu('/interface').update('*1', { 'rx-byte': 'n/a' });
    clock.advance(3_001);
    expect((await live.liveSessions(routerId, ['siti01'])).get('siti01')).toMatchObject({ rx: 1_200_000 });
    sim.state.menu('/interface').update('*1', { 'rx-byte': '0' });

    // A router that does not know `=stats=` is asked with a plain print.
    sim.faults.trapCommand('/interface/print', 'unknown parameter stats', 1, { when: (a) => 'stats' in a });
    clock.advance(10_001);
    expect((await live.liveSessions(routerId, ['siti01'])).get('siti01')).toMatchObject({ rx: 1_200_000, counters: 'interface' });
    expect(sim.sentencesSeen().filter((w) => w[0] === '/interface/print').at(-1)).not.toContain('=stats=');
    sim.faults.clearTraps();

    // The router refusing the interface print (a read-only policy, a missing package) is its trap, not a crash.
    sim.faults.trapCommand('/interface/print', 'not enough permissions (9)');
    clock.advance(10_001);
    await expect(live.liveSessions(routerId, ['siti01'])).rejects.toMatchObject({ kind: 'trap' });
  });
});
