import type { Core } from '../../main/app/app';
import { startRouterSim, type RouterSim, type SimOptions } from '../peers/routeros-sim';
import { type Caller, setupOffice, startCore, tempDir, TestClock } from './core';

export interface VoucherWorld {
  core: Core;
  owner: Caller;
  clock: TestClock;
  sim: RouterSim;
  routerId: number;
  profileId: number;
  close(): Promise<void>;
}

/** An office with a simulated router and one voucher profile: "1 Hari", Rp 5.000, valid 1 day. */
export async function voucherWorld(opts: { sim?: Partial<SimOptions>; http?: boolean; dataDir?: string } = {}): Promise<VoucherWorld> {
  const clock = new TestClock(new Date('2026-11-25T03:00:00.000Z'));
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2', ...opts.sim });
  const core = await startCore({ dataDir: opts.dataDir ?? tempDir(), now: clock.now, outboxPollMs: 60_000, http: opts.http ? { enabled: true, port: 0 } : { enabled: false } });
  const owner = await setupOffice(core);
  const r = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' });
  const p = await owner.call('vouchers.createProfile', { routerId: r.id, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d', rateLimit: '1M/2M' });
  await core.outbox.idle();
  return {
    core,
    owner,
    clock,
    sim,
    routerId: r.id,
    profileId: p.id,
    async close() {
      await core.close();
      await sim.close();
    },
  };
}

export const hotspotUsers = (sim: RouterSim) => sim.state.menu('/ip/hotspot/user').all().filter((u) => u.name !== 'admin' && u['.id'] !== '*0');
