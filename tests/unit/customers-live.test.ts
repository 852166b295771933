import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { setupOffice, startCore } from '../support/core';

let core: Core | null = null;
let sim: RouterSim | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = null;
  sim = null;
});

describe('customers.routerStatus', () => {
  it('asks each router about the live PPPoE accounts and reports an unreachable router without failing', async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia' });
    core = await startCore();
    const owner = await setupOffice(core);
    const good = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' });
    const down = await owner.call('routers.create', { name: 'Mati', host: '127.0.0.1', port: 1, tls: false, username: 'billing', password: 'rahasia' });
    const a = await owner.call('customers.create', { name: 'Siti Aminah' });
    const at = '2026-11-01T00:00:00.000Z';
    await core.db.write(async (em) => {
      await em.query("INSERT INTO plans (id, name, price, profile_name, created_at, updated_at) VALUES (1, 'Paket 10M', 150000, 'pk-10M', ?, ?)", [at, at]);
      const add = (router: number, username: string, status: string) =>
        em.query(
          `INSERT INTO subscriptions (customer_id, plan_id, router_id, username, password, status, install_date, anchor, anchor_day, due_days, grace_days, created_at, updated_at)
           VALUES (?, 1, ?, ?, 'pw', ?, '2026-11-01', 'fixed', 1, 10, 3, ?, ?)`,
          [a.id, router, username, status, at, at],
        );
      await add(good.id, 'siti01', 'active');
      await add(good.id, 'siti02', 'isolated');
      await add(down.id, 'siti03', 'active');
      await add(good.id, 'siti-old', 'terminated');
    });
    sim.state.login('/ppp/active', { name: 'siti01', address: '10.10.0.7', uptime: '3h12m', 'caller-id': 'AA:BB:CC:00:00:07' });
    sim.state.login('/ppp/active', { name: 'someone-else', address: '10.10.0.8' });

    const status = await owner.call('customers.routerStatus', { id: a.id });
    expect(status.map((s) => s.username)).toEqual(['siti01', 'siti02', 'siti03']);
    expect(status[0]).toMatchObject({ routerName: 'Tower', reachable: true, online: true, address: '10.10.0.7', uptime: '3h12m', callerId: 'AA:BB:CC:00:00:07', error: null });
    expect(status[1]).toMatchObject({ reachable: true, online: false, address: null, error: null });
    expect(status[2]).toMatchObject({ routerName: 'Mati', reachable: false, online: false });
    expect(status[2]!.error).toEqual(expect.any(String));
    expect((await owner.fail('customers.routerStatus', { id: 999 })).code).toBe('not_found');
  });
});
