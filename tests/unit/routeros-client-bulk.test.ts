/**
 * RouterClient.bulk against the simulator: pipelining, per-item results, progress, connection loss mid-batch
 * (every item applied exactly once after reconnecting), abort.
 */
import { describe, expect, it } from 'vitest';
import {
  isDuplicateTrap,
  RouterError,
  type BulkItemResult,
  type Command,
} from '../../main/modules/routers/client/index';
import type { RouterSim } from '../peers/routeros-sim/index';
import { useRouterFixture } from '../support/router-fixture';

const { sim, client } = useRouterFixture({ endpoint: { commandTimeoutMs: 5000 }, options: { backoff: { initialMs: 20, maxMs: 200 } } });

interface HsUser {
  name: string;
  password: string;
}

const users = (n: number, prefix = 'hs'): HsUser[] => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${String(i).padStart(4, '0')}`, password: `p${i}` }));
const addUser = (u: HsUser): Command => ({ path: '/ip/hotspot/user/add', words: [`=name=${u.name}`, `=password=${u.password}`, '=profile=default'] });

function namesOnRouter(s: RouterSim): string[] {
  return s.state.menu('/ip/hotspot/user').all().map((r) => r.name ?? '');
}

describe('bulk: results and progress', () => {
  it('returns one result per item in input order, one trapped item does not fail the batch', async () => {
    const s = await sim();
    const c = client(s);
    s.state.menu('/ip/hotspot/user').add({ name: 'hs0005', password: 'x' }); // exists already: duplicate trap
    s.faults.trapCommand('/ip/hotspot/user/add', 'failure: not today', 4, { when: (a) => a.name === 'hs0002' || a.name === 'hs0011' });
    const items = users(20);
    const results = await c.bulk(items, addUser);
    expect(results.map((r) => r.item)).toEqual(items);
    const failed = results.flatMap((r, i) => (r.ok ? [] : [{ i, kind: r.error.kind, category: r.error.category, message: r.error.message }]));
    expect(failed).toEqual([
      { i: 2, kind: 'trap', category: 4, message: 'failure: not today' },
      { i: 5, kind: 'trap', category: undefined, message: 'failure: already have user with this name for this server' },
      { i: 11, kind: 'trap', category: 4, message: 'failure: not today' },
    ]);
    for (const r of results) if (r.ok) expect(r.result.ret).toMatch(/^\*[0-9A-F]+$/);
    expect(new Set(results.flatMap((r) => (r.ok ? [r.result.ret] : []))).size).toBe(17);
    expect(s.state.menu('/ip/hotspot/user').count()).toBe(18);
  });

  it('reports progress once per item, up to (total, total)', async () => {
    const s = await sim({ latencyMs: 1 });
    const c = client(s);
    const seen: [number, number][] = [];
    const results = await c.bulk(users(100), addUser, { window: 8, onProgress: (done, total) => seen.push([done, total]) });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => [i + 1, 100]));
  });

  it('survives a throwing progress callback or toCommand, and an empty batch', async () => {
    const s = await sim();
    const c = client(s);
    expect(await c.bulk([], addUser)).toEqual([]);
    const results = await c.bulk(users(5), (u) => {
      if (u.name === 'hs0003') throw new Error('bad item');
      return addUser(u);
    }, { onProgress: () => {
      throw new Error('progress bug');
    } });
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false, true]);
    expect(results[3]).toMatchObject({ ok: false, error: { kind: 'protocol' } });
  });

  it('pipelines: with 2 ms latency per reply, 1,000 adds pipelined are ≥ 5× faster than one at a time', async () => {
    const s = await sim({ latencyMs: 2 });
    const c = client(s);
    await c.print('/system/identity'); // connected before timing
    const items = users(1000, 'pipe');
    let t0 = performance.now();
    const piped = await c.bulk(items, addUser, { window: 64 });
    const pipelinedMs = performance.now() - t0;
    expect(piped.every((r) => r.ok)).toBe(true);

    const seq = users(1000, 'seq');
    t0 = performance.now();
    for (const u of seq) await c.run(addUser(u));
    const sequentialMs = performance.now() - t0;
    expect(s.state.menu('/ip/hotspot/user').count()).toBe(2000);
    expect(sequentialMs / pipelinedMs).toBeGreaterThanOrEqual(5);
  });
});

describe('bulk: connection loss', () => {
  it('router drops the connection mid-bulk: unsent items go after reconnect, in-flight ones are closed; an idempotent retry applies every item exactly once', async () => {
    const s = await sim();
    const c = client(s);
    await c.print('/system/identity');
    s.faults.dropAfterSentences(250); // the 250th add is applied, its reply (and everyone's pending replies) lost
    const items = users(500);
    const progress: number[] = [];
    const first = await c.bulk(items, addUser, { window: 32, onProgress: (done) => progress.push(done) });
    expect(first.map((r) => r.item)).toEqual(items);
    const failed = first.filter((r): r is Extract<BulkItemResult<HsUser>, { ok: false }> => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThanOrEqual(32); // at most one window was in flight
    expect(new Set(failed.map((r) => r.error.kind))).toEqual(new Set(['closed']));
    expect(progress.at(-1)).toBe(500);
    expect(s.commandsSeen().filter((w) => w === '/login')).toHaveLength(2); // reconnected once

    // The caller's idempotent retry: an add whose first attempt was applied gets the duplicate-name trap.
    const again = await c.bulk(failed.map((r) => r.item), addUser, { alreadyApplied: isDuplicateTrap });
    expect(again.every((r) => r.ok)).toBe(true);
    expect(again.some((r) => r.ok && r.alreadyApplied)).toBe(true); // the 250th was applied before the drop
    const names = namesOnRouter(s);
    expect(names).toHaveLength(500);
    expect(new Set(names)).toEqual(new Set(items.map((u) => u.name)));
  });

  it('retryInFlight + alreadyApplied: idempotent items survive two drops in one call', async () => {
    const s = await sim({ latencyMs: 1 });
    const c = client(s);
    await c.print('/system/identity');
    s.faults.dropAfterSentences(120);
    const items = users(400);
    let dropped = 0;
    const results = await c.bulk(items, addUser, {
      window: 32,
      retryInFlight: true,
      alreadyApplied: isDuplicateTrap,
      onProgress: (done) => {
        if (done === 250 && dropped++ === 0) s.faults.dropAfterSentences(10);
      },
    });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(s.commandsSeen().filter((w) => w === '/login').length).toBe(3);
    const names = namesOnRouter(s);
    expect(names).toHaveLength(400);
    expect(new Set(names).size).toBe(400);
  });

  it('waits for a router that is down when the bulk starts, within reconnectTimeoutMs', async () => {
    const s = await sim();
    const c = client(s);
    await s.faults.refuseConnections(true);
    // The router comes back once the bulk has been refused twice (two failed attempts, each into backoff).
    let refused = 0;
    const back: Promise<void>[] = [];
    const off = c.onStateChange((state) => {
      if (state === 'backoff' && ++refused === 2) back.push(s.faults.refuseConnections(false));
    });
    const results = await c.bulk(users(50), addUser, { reconnectTimeoutMs: 5000 });
    off();
    expect(refused).toBe(2);
    await Promise.all(back);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(s.state.menu('/ip/hotspot/user').count()).toBe(50);
  });

  it('gives up after reconnectTimeoutMs: every item fails with connect, fast', async () => {
    const s = await sim();
    const c = client(s);
    await s.faults.refuseConnections(true);
    const t0 = Date.now();
    const results = await c.bulk(users(200), addUser, { reconnectTimeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(results.every((r) => !r.ok && r.error.kind === 'connect')).toBe(true);
  });

  it('auth failure fails the batch items with auth', async () => {
    const s = await sim();
    const c = client(s, { password: 'wrong' });
    const results = await c.bulk(users(10), addUser);
    expect(results.every((r) => !r.ok && r.error.kind === 'auth')).toBe(true);
  });

  it('abort: items not sent yet fail with aborted, the ones sent complete', async () => {
    const s = await sim({ latencyMs: 2 });
    const c = client(s);
    const ctrl = new AbortController();
    const results = await c.bulk(users(300), addUser, {
      window: 4,
      signal: ctrl.signal,
      onProgress: (done) => {
        if (done === 20) ctrl.abort();
      },
    });
    const ok = results.filter((r) => r.ok).length;
    const aborted = results.filter((r) => !r.ok && r.error instanceof RouterError && r.error.kind === 'aborted').length;
    expect(ok + aborted).toBe(300);
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThanOrEqual(24);
    expect(s.state.menu('/ip/hotspot/user').count()).toBe(ok);
  });
});
