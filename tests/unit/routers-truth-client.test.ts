import { describe, expect, it } from 'vitest';
import { RouterError } from '../../main/modules/routers/client/index';
import { useRouterFixture } from '../support/router-fixture';

/** The client's reconnect backoff and "connect now" (the staff's retry / test connection). */
describe('connectNow', () => {
  // Ten minutes between attempts: anything that waits for the backoff would time out the test.
  const { sim, client } = useRouterFixture({ options: { backoff: { initialMs: 600_000, maxMs: 600_000 }, random: () => 1 } });

  it('a client backing off for minutes fails fast; after connectNow the next command connects at once', async () => {
    const s = await sim();
    await s.faults.refuseConnections(true);
    const c = client(s);
    await expect(c.print('/system/identity')).rejects.toBeInstanceOf(RouterError);
    expect(c.state).toBe('backoff');
    await s.faults.refuseConnections(false);
    // The router is back, but the client still waits out its backoff: fails fast, no attempt made.
    const logins = s.commandsSeen().filter((w) => w === '/login').length;
    await expect(c.print('/system/identity')).rejects.toMatchObject({ kind: 'connect', message: /next connection attempt in \d+ s/ });
    expect(s.commandsSeen().filter((w) => w === '/login')).toHaveLength(logins);

    c.connectNow();
    expect(await c.print('/system/identity', { proplist: ['name'] })).toEqual([{ name: 'MikroTik' }]);
    expect(c.state).toBe('connected');
  });

  it('a lost connection reconnecting in the background, with a bulk waiting for it, is retried at once', async () => {
    const s = await sim();
    const c = client(s);
    await c.print('/system/identity');
    await s.faults.refuseConnections(true);
    const lost = new Promise<void>((resolve) => c.onStateChange((state) => state === 'backoff' && resolve()));
    s.faults.disconnectAll();
    await lost;
    const waiting = c.bulk(['u1', 'u2'], (n) => ({ path: '/ip/hotspot/user/add', words: [`=name=${n}`] }), { reconnectTimeoutMs: 3_600_000 });
    await s.faults.refuseConnections(false);
    c.connectNow();
    const results = await waiting;
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok', 'ok']);
    expect(s.state.menu('/ip/hotspot/user').count()).toBe(2);
  });
});
