import { afterEach, beforeEach, expect } from 'vitest';
import { createRouterClient, type PooledRouterClient, type RouterClientOptions, type RouterEndpoint } from '../../main/modules/routers/client/index';
import { startRouterSim, type RouterSim, type SimOptions } from '../peers/routeros-sim/index';
import { elapse } from './poll';

/**
 * Shared fixture of the client tests: simulators and clients made through it are closed after each test,
 * and the test fails if anything escaped as an uncaught exception or unhandled rejection — the client
 * must never crash the process.
 */
export function useRouterFixture(defaults: { endpoint?: Partial<RouterEndpoint>; options?: RouterClientOptions } = {}) {
  let escaped: unknown[] = [];
  const onEscape = (err: unknown): void => {
    escaped.push(err);
  };
  const sims: RouterSim[] = [];
  const clients: PooledRouterClient[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeEach(() => {
    escaped = [];
    process.on('uncaughtException', onEscape);
    process.on('unhandledRejection', onEscape);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const s of sims.splice(0)) await s.close();
    for (const f of cleanups.splice(0)) await f();
    // The subject is time passing: a grace period in which late socket events of the test could still escape.
    await elapse(20);
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
    expect(escaped).toEqual([]);
  });

  return {
    cleanups,
    /** What escaped so far in this test (checked again after it). */
    escaped: (): unknown[] => escaped,
    /** A simulator the test closed itself. */
    untrack(s: RouterSim): void {
      sims.splice(sims.indexOf(s), 1);
    },
    async sim(opts: SimOptions = {}): Promise<RouterSim> {
      const s = await startRouterSim({ password: 'secret', ...opts });
      sims.push(s);
      return s;
    },
    client(s: { host: string; port: number }, over: Partial<RouterEndpoint> = {}, opts: RouterClientOptions = {}): PooledRouterClient {
      const c = createRouterClient(
        { host: s.host, port: s.port, tls: false, username: 'admin', password: 'secret', commandTimeoutMs: 2000, connectTimeoutMs: 2000, ...defaults.endpoint, ...over },
        { keepaliveMs: 0, ...defaults.options, ...opts },
      );
      clients.push(c);
      return c;
    },
  };
}
