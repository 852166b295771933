import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
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

async function setup(): Promise<{ core: Core; owner: Caller; routerId: number }> {
  sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  core = await startCore({ outboxPollMs: 60_000 });
  const owner = await setupOffice(core);
  const r = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' });
  return { core, owner, routerId: r.id };
}

const apply = async (c: Core, routerId: number, list: RouterOp[]) => {
  await c.db.write(async (em) => {
    for (const op of list) await c.outbox.enqueue(em, routerId, op, 'test');
  });
  await c.outbox.idle();
};

describe('reconciliation', () => {
  it('finds missing, extra and different objects among those the app manages, ignores the rest, and repairs them', async () => {
    const { core, owner, routerId } = await setup();
    await apply(core, routerId, [
      ops.pppProfile('10M', { 'rate-limit': '10M/10M' }),
      ops.pppSecret('cust001', { password: 'a1', profile: '10M', service: 'pppoe' }),
      ops.pppSecret('cust002', { password: 'a2', profile: '10M', service: 'pppoe' }),
      ops.pppSecret('cust003', { password: 'a3', profile: '10M', service: 'pppoe' }),
      ops.removePppSecret('gone001'),
      ops.addressListAdd('isolir', '10.0.0.9'),
    ]);
    expect((await owner.call('routers.drift', { routerId })).items).toEqual([]);

    // Someone works on the router by hand.
    const secrets = sim!.state.menu('/ppp/secret');
    secrets.remove(secrets.find({ name: 'cust001' })!['.id']!);
    secrets.update(secrets.find({ name: 'cust002' })!['.id']!, { profile: 'default', password: 'changed' });
    secrets.add({ name: 'gone001', password: 'x', profile: 'default' });
    secrets.add({ name: 'hand-made', password: 'x', profile: 'default' });
    const list = sim!.state.menu('/ip/firewall/address-list');
    list.remove(list.find({ list: 'isolir' })!['.id']!);

    const report = await owner.call('routers.drift', { routerId });
    expect(report.managed).toBe(6);
    const byKey = Object.fromEntries(report.items.map((i) => [Object.values(i.key).join(' '), i]));
    expect(Object.keys(byKey).sort()).toEqual(['cust001', 'cust002', 'gone001', 'isolir 10.0.0.9']);
    expect(byKey.cust001!.kind).toBe('missing');
    expect(byKey.gone001!.kind).toBe('extra');
    expect(byKey['isolir 10.0.0.9']!.kind).toBe('missing');
    expect(byKey.cust002).toMatchObject({ kind: 'different' });
    expect(byKey.cust002!.fields).toEqual(expect.arrayContaining([{ field: 'profile', router: 'default', desired: '10M' }, { field: 'password', router: '•••', desired: '•••' }]));
    expect(JSON.stringify(report)).not.toContain('changed');

    expect((await owner.call('routers.repair', { routerId, targets: report.items.map((i) => i.target) })).queued).toBe(4);
    await core.outbox.idle();
    expect((await owner.call('routers.drift', { routerId })).items).toEqual([]);
    expect(secrets.all().map((s) => s.name).sort()).toEqual(['cust001', 'cust002', 'cust003', 'hand-made']);
    expect(secrets.find({ name: 'cust002' })).toMatchObject({ profile: '10M', password: 'a2' });
  });

  it('the hourly job repairs drift by itself and says what it did', async () => {
    const { core, owner, routerId } = await setup();
    await apply(core, routerId, [ops.hotspotUser('vc001', { password: 'p1', profile: 'default' })]);
    const users = sim!.state.menu('/ip/hotspot/user');
    users.remove(users.find({ name: 'vc001' })!['.id']!);
    await owner.call('jobs.runNow', { name: 'routers.reconcile' });
    await core.scheduler.idle();
    await core.outbox.idle();
    expect(users.find({ name: 'vc001' })).toBeTruthy();
    const [run] = (await owner.call('jobs.history', { job: 'routers.reconcile' })).items;
    expect(run).toMatchObject({ status: 'succeeded', summaryKey: 'routers.reconciled', summaryParams: { routers: 1, drift: 1, queued: 1, unreachable: 0 } });
  });
});
