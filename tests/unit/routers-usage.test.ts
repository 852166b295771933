// Monthly PPP traffic (issue 14, "Koneksi saya"): the routers.usage job samples the routers' session counters
// and adds them up per router, username and office month. Counter resets (a new session, a reboot,
// reset-counters) add the new value, never a negative one; a session spanning months is split at the sample
// that crossed the month. Property tests over random sample sequences check the sums against a model.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { officeMonth } from '../../shared/dates';
import { countSample, monthUsage, recordUsage, SESSION_START_TOLERANCE_S, type RouterSessions, type SessionCursor } from '../../main/modules/routers';
import type { ServerEvents } from '../../shared/events';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { setupOffice, startCore, TestClock, type Caller } from '../support/core';

const TZ = 'Asia/Jakarta';
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20_261_201;
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : 60;

describe('countSample (pure)', () => {
  const at = Date.parse('2026-11-10T00:00:00Z');
  const cur = (key: string, rx: number, tx: number, up: number) => ({ key, rx, tx, uptimeSeconds: up });

  it('adds growth of a known session, whole counters of a new one, and a reset counter’s new value', () => {
    expect(countSample({}, [cur('a', 100, 1000, 60)], at)).toMatchObject({ rx: 100, tx: 1000, next: { a: { rx: 100, tx: 1000, up: 60, at } } });
    const prev: Record<string, SessionCursor> = { a: { rx: 100, tx: 1000, up: 60, at } };
    expect(countSample(prev, [cur('a', 150, 1600, 660)], at + 600_000)).toMatchObject({ rx: 50, tx: 600 });
    // reset-counters on the interface: rx went down, tx did not.
    expect(countSample(prev, [cur('a', 30, 1700, 660)], at + 600_000)).toMatchObject({ rx: 30, tx: 700 });
    // Same key, smaller uptime: a new session (the router rebooted and gave the same .id).
    expect(countSample(prev, [cur('a', 500, 5000, 20)], at + 600_000)).toMatchObject({ rx: 500, tx: 5000 });
    expect(countSample(prev, [cur('a', 500, 5000, 20)], at + 30_000)).toMatchObject({ rx: 500, tx: 5000 });
    // Same key, uptime grew but the session started much later than the one seen: new.
    expect(countSample(prev, [cur('a', 500, 5000, 100)], at + 3_600_000)).toMatchObject({ rx: 500, tx: 5000 });
    // A session that ended is dropped from the cursor; a new key counts whole.
    const r = countSample(prev, [cur('b', 7, 8, 5)], at + 600_000);
    expect(r).toMatchObject({ rx: 7, tx: 8 });
    expect(Object.keys(r.next)).toEqual(['b']);
    // A start estimate that moved by less than the tolerance (clock jitter) is the same session.
    expect(countSample(prev, [cur('a', 120, 1100, 660 - SESSION_START_TOLERANCE_S + 1)], at + 600_000)).toMatchObject({ rx: 20, tx: 100 });
  });

  it('over random sample sequences: total = traffic seen by a sample, never negative (property)', () => {
    type Ev = { k: 'traffic'; rx: number; tx: number } | { k: 'sample'; advance: number } | { k: 'redial' } | { k: 'hangup' } | { k: 'reboot'; down: number };
    const ev: fc.Arbitrary<Ev> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ k: fc.constant('traffic' as const), rx: fc.nat(5_000_000), tx: fc.nat(50_000_000) }) },
      { weight: 4, arbitrary: fc.record({ k: fc.constant('sample' as const), advance: fc.nat(3600) }) },
      { weight: 1, arbitrary: fc.constant({ k: 'redial' as const }) },
      { weight: 1, arbitrary: fc.constant({ k: 'hangup' as const }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('reboot' as const), down: fc.integer({ min: SESSION_START_TOLERANCE_S + 1, max: 3600 }) }) },
    );
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 60 }), (events) => {
        let t = Date.parse('2026-11-10T00:00:00Z');
        let n = 0;
        let s: { key: string; start: number; rx: number; tx: number; seenRx: number; seenTx: number } | null = null;
        let cursor: Record<string, SessionCursor> = {};
        let expected = { rx: 0, tx: 0 };
        let counted = { rx: 0, tx: 0 };
        for (const e of events) {
          if (e.k === 'traffic' && s) [s.rx, s.tx] = [s.rx + e.rx, s.tx + e.tx];
          if (e.k === 'redial') s = { key: `sid:${++n}`, start: t, rx: 0, tx: 0, seenRx: 0, seenTx: 0 };
          if (e.k === 'hangup') s = null;
          if (e.k === 'reboot') {
            // The router comes back after `down` seconds and numbers sessions from *1 again.
            t += e.down * 1000;
            s = { key: 'id:*1', start: t, rx: 0, tx: 0, seenRx: 0, seenTx: 0 };
          }
          if (e.k === 'sample') {
            t += e.advance * 1000;
            const current = s ? [{ key: s.key, rx: s.rx, tx: s.tx, uptimeSeconds: Math.floor((t - s.start) / 1000) }] : [];
            if (s) {
              expected = { rx: expected.rx + s.rx - s.seenRx, tx: expected.tx + s.tx - s.seenTx };
              [s.seenRx, s.seenTx] = [s.rx, s.tx];
            }
            const r = countSample(cursor, current, t);
            if (r.rx < 0 || r.tx < 0) return false;
            counted = { rx: counted.rx + r.rx, tx: counted.tx + r.tx };
            cursor = r.next;
          }
        }
        expect(counted).toEqual(expected);
        return true;
      }),
      { seed, numRuns: numRuns * 10 },
    );
  });
});

describe('ppp_usage on the database', () => {
  let core: Core;
  let owner: Caller;
  let sim: RouterSim;
  let routerId: number;
  const clock = new TestClock(new Date('2026-11-30T16:40:00.000Z')); // 23:40 in Jakarta, 30 November

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia' });
    core = await startCore({ now: clock.now });
    owner = await setupOffice(core);
    routerId = (await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' })).id;
  });
  afterAll(async () => {
    await core.close();
    await sim.close();
  });

  const monthRows = async (username: string) =>
    (await core.db.manager.query('SELECT month, rx, tx, samples FROM ppp_usage WHERE router_id = ? AND username = ? ORDER BY month', [routerId, username])) as { month: string; rx: number; tx: number; samples: number }[];

  it('officeMonth gives the office month and its bounds in UTC', () => {
    expect(officeMonth(new Date('2026-11-30T16:59:59.999Z'), TZ)).toEqual({ month: '2026-11', start: '2026-10-31T17:00:00.000Z', end: '2026-11-30T17:00:00.000Z' });
    expect(officeMonth(new Date('2026-11-30T17:00:00.000Z'), TZ)).toEqual({ month: '2026-12', start: '2026-11-30T17:00:00.000Z', end: '2026-12-31T17:00:00.000Z' });
  });

  it('the routers.usage job adds up sessions, re-dials, reboots and reset-counters per office month', async () => {
    const dead = (await owner.call('routers.create', { name: 'Mati', host: '127.0.0.1', port: 1, tls: false, username: 'billing', password: 'x' })).id;
    const progress: ServerEvents['routers.usage'][] = [];
    const off = core.events.subscribe((name, payload) => {
      if (name === 'routers.usage') progress.push(payload as ServerEvents['routers.usage']);
    });
    const run = async () => {
      const r = await core.scheduler.trigger('routers.usage', 'manual', null);
      await core.scheduler.idle('routers.usage');
      const [row] = (await core.db.manager.query('SELECT status, summary_key AS key, summary_params AS params FROM job_runs WHERE id = ?', [r.id])) as { status: string; key: string; params: string }[];
      return { ...row!, params: JSON.parse(row!.params) as Record<string, number> };
    };
    const tick = (minutes: number) => clock.advance(minutes * 60_000);

    sim.state.menu('/ppp/secret').add({ name: 'siti01', password: 'x', service: 'pppoe' });
    sim.state.pppConnect('siti01', { address: '10.10.0.7' });
    sim.state.pppTraffic('siti01', { rx: 1000, tx: 10_000 });
    expect(await run()).toMatchObject({ status: 'succeeded', key: 'routers.usageSampled', params: { routers: 2, users: 1, unreachable: 1 } });
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    expect(await monthRows('siti01')).toEqual([{ month: '2026-11', rx: 1000, tx: 10_000, samples: 1 }]);
    // (The dead router would make every later run wait for its reconnect backoff.)
    await owner.call('routers.remove', { id: dead });
    off();

    // Ten minutes later: only the growth is added. The same counters sampled again add nothing.
    tick(10);
    sim.state.pppTraffic('siti01', { rx: 500, tx: 5000, seconds: 600 });
    await run();
    await run();
    expect(await monthRows('siti01')).toEqual([{ month: '2026-11', rx: 1500, tx: 15_000, samples: 3 }]);

    // Traffic after the last sample of a session is not seen; the new session counts from its start.
    sim.state.pppTraffic('siti01', { rx: 7, tx: 7 });
    sim.state.pppDisconnect('siti01');
    sim.state.pppConnect('siti01', { address: '10.10.0.9' });
    sim.state.pppTraffic('siti01', { rx: 200, tx: 2000, seconds: 300 });
    tick(10); // 17:00 UTC = 1 December, 00:00 in Jakarta
    await run();
    expect(await monthRows('siti01')).toEqual([
      { month: '2026-11', rx: 1500, tx: 15_000, samples: 3 },
      { month: '2026-12', rx: 200, tx: 2000, samples: 1 },
    ]);

    // reset-counters on the interface through the API: the smaller counter is added as it is.
    const client = await core.routers.clientFor(routerId);
    const iface = sim.state.menu('/interface').find({ name: '<pppoe-siti01>' })!['.id']!;
    await client.run({ path: '/interface/reset-counters', words: [`=.id=${iface}`] });
    sim.state.pppTraffic('siti01', { rx: 30, tx: 40, seconds: 600 });
    tick(10);
    await run();
    // The router reboots: every session is gone; siti01 dials again.
    sim.state.pppReboot();
    tick(10);
    sim.state.pppConnect('siti01', { address: '10.10.0.7' });
    sim.state.pppTraffic('siti01', { rx: 50, tx: 60, seconds: 120 });
    await run();
    expect(await monthRows('siti01')).toEqual([
      { month: '2026-11', rx: 1500, tx: 15_000, samples: 3 },
      { month: '2026-12', rx: 280, tx: 2100, samples: 3 },
    ]);

    const dec = officeMonth(clock.now(), TZ);
    expect(await monthUsage(core.db.manager, routerId, 'siti01', dec.start)).toEqual({ rx: 280, tx: 2100 });
    // Any instant inside the month works; an earlier month counts from there on.
    expect(await monthUsage(core.db.manager, routerId, 'siti01', '2026-12-15T00:00:00.000Z')).toEqual({ rx: 280, tx: 2100 });
    expect(await monthUsage(core.db.manager, routerId, 'siti01', '2026-11-01T00:00:00.000Z')).toEqual({ rx: 1780, tx: 17_100 });
    expect(await monthUsage(core.db.manager, routerId, 'siti01', '2027-01-01T00:00:00.000Z')).toBeNull();
    expect(await monthUsage(core.db.manager, routerId, 'nobody', dec.start)).toBeNull();
    expect(await monthUsage(core.db.manager, dead, 'siti01', dec.start)).toBeNull();
    await expect(monthUsage(core.db.manager, routerId, 'siti01', 'yesterday')).rejects.toThrow(RangeError);
  });

  it('a router with 3,000 sessions online is sampled in one write, twice, exactly', async () => {
    const at = new Date('2026-12-10T05:00:00.000Z');
    const all = (rx: number, t: Date): RouterSessions['all'] =>
      Array.from({ length: 3000 }, (_, i) => ({ username: `bulk${i}`, session: { ip: null, uptimeSeconds: 3600 + (t.getTime() - at.getTime()) / 1000, rx: rx + i, tx: 2 * rx + i, counters: 'interface' as const, callerId: null, service: 'pppoe', sessionKey: `sid:bulk${i}` } }));
    const t0 = performance.now();
    expect(await core.db.write((em) => recordUsage(em, routerId, at, TZ, all(1000, at)))).toEqual({ users: 3000, rx: 3000 * 1000 + (2999 * 3000) / 2, tx: 3000 * 2000 + (2999 * 3000) / 2 });
    const later = new Date(at.getTime() + 600_000);
    expect(await core.db.write((em) => recordUsage(em, routerId, later, TZ, all(1500, later)))).toEqual({ users: 3000, rx: 3000 * 500, tx: 3000 * 1000 });
    const ms = performance.now() - t0;
    expect(await monthUsage(core.db.manager, routerId, 'bulk2999', '2026-12-01T00:00:00.000Z')).toEqual({ rx: 1500 + 2999, tx: 3000 + 2999 });
    // Generous on a shared 2-core machine (about 0.4 s here).
    expect(ms).toBeLessThan(10_000);
  });

  it('random sample sequences of two users across the month boundary: per-month sums match the model (property)', { timeout: 120_000 }, async () => {
    type Ev = { k: 'traffic'; u: 0 | 1; rx: number; tx: number } | { k: 'sample'; advance: number } | { k: 'redial'; u: 0 | 1 } | { k: 'hangup'; u: 0 | 1 } | { k: 'reboot'; down: number };
    const user = fc.constantFrom<0 | 1>(0, 1);
    const ev: fc.Arbitrary<Ev> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ k: fc.constant('traffic' as const), u: user, rx: fc.nat(5_000_000), tx: fc.nat(80_000_000) }) },
      { weight: 4, arbitrary: fc.record({ k: fc.constant('sample' as const), advance: fc.nat(2400) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('redial' as const), u: user }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('hangup' as const), u: user }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('reboot' as const), down: fc.integer({ min: SESSION_START_TOLERANCE_S + 1, max: 1800 }) }) },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(ev, { minLength: 5, maxLength: 40 }), async (events) => {
        const rid = routerId;
        const names = [`a${++run}`, `b${run}`];
        await core.db.write((em) => em.query('DELETE FROM ppp_usage WHERE username IN (?, ?)', names));
        // Starts 23:00 in Jakarta on 30 November: the month changes at 17:00 UTC.
        let t = Date.parse('2026-11-30T16:00:00Z');
        let n = 0;
        type S = { key: string; start: number; rx: number; tx: number; seenRx: number; seenTx: number };
        const sessions: (S | null)[] = [null, null];
        const expected = new Map<string, { rx: number; tx: number }>();
        const fresh = (key: string): S => ({ key, start: t, rx: 0, tx: 0, seenRx: 0, seenTx: 0 });
        for (const e of events) {
          if (e.k === 'traffic') {
            const s = sessions[e.u];
            if (s) [s.rx, s.tx] = [s.rx + e.rx, s.tx + e.tx];
          }
          if (e.k === 'redial') sessions[e.u] = fresh(`sid:${++n}`);
          if (e.k === 'hangup') sessions[e.u] = null;
          if (e.k === 'reboot') {
            t += e.down * 1000;
            for (const u of [0, 1] as const) if (sessions[u]) sessions[u] = fresh(`id:*${u + 1}`);
          }
          if (e.k === 'sample') {
            t += e.advance * 1000;
            const at = new Date(t);
            const month = officeMonth(at, TZ).month;
            const all: RouterSessions['all'] = [];
            for (const u of [0, 1] as const) {
              const s = sessions[u];
              if (!s) continue;
              const key = `${names[u]}|${month}`;
              const before = expected.get(key) ?? { rx: 0, tx: 0 };
              expected.set(key, { rx: before.rx + s.rx - s.seenRx, tx: before.tx + s.tx - s.seenTx });
              [s.seenRx, s.seenTx] = [s.rx, s.tx];
              all.push({ username: names[u]!, session: { ip: `10.0.0.${u + 2}`, uptimeSeconds: Math.floor((t - s.start) / 1000), rx: s.rx, tx: s.tx, counters: 'interface', callerId: null, service: 'pppoe', sessionKey: s.key } });
            }
            await core.db.write((em) => recordUsage(em, rid, at, TZ, all));
          }
        }
        const rows = (await core.db.manager.query('SELECT username, month, rx, tx FROM ppp_usage WHERE username IN (?, ?)', names)) as { username: string; month: string; rx: number; tx: number }[];
        const got = new Map(rows.map((r) => [`${r.username}|${r.month}`, { rx: r.rx, tx: r.tx }]));
        expect(got).toEqual(expected);
        for (const r of rows) expect(r.rx >= 0 && r.tx >= 0).toBe(true);
        // monthUsage: December alone, and November onwards; null for a user never seen online.
        for (const name of names) {
          const nov = expected.get(`${name}|2026-11`);
          const dec = expected.get(`${name}|2026-12`);
          const sum = (...xs: ({ rx: number; tx: number } | undefined)[]) => (xs.some(Boolean) ? { rx: xs.reduce((a, x) => a + (x?.rx ?? 0), 0), tx: xs.reduce((a, x) => a + (x?.tx ?? 0), 0) } : null);
          expect(await monthUsage(core.db.manager, rid, name, '2026-11-30T17:00:00.000Z')).toEqual(sum(dec));
          expect(await monthUsage(core.db.manager, rid, name, '2026-10-31T17:00:00.000Z')).toEqual(sum(nov, dec));
        }
      }),
      { seed, numRuns },
    );
  });
});
