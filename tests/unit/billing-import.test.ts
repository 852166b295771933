import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../peers/routeros-sim/demo';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { billingWorld, moveTo, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
let sim: RouterSim | null = null;
afterEach(async () => {
  await w?.close();
  await sim?.close();
  w = null;
  sim = null;
});

describe('adopting an existing router', () => {
  it('previews, imports PPP profiles as plans and secrets as customers + subscriptions, and reports', async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
    seedDemo(sim.state);
    w = await billingWorld({ sim, start: '2026-11-17' });
    const router = (await w.owner.call('routers.list', {}))[0]!;
    await w.owner.call('routers.update', { ...router, isolationProfile: 'ISOLIR' });
    const before = sim.state.menu('/ppp/secret').all().map((r) => ({ ...r }));

    const preview = await w.owner.call('billing.importPreview', { routerId: w.routerId });
    expect(preview.profiles.map((p) => [p.name, p.rateLimit, p.secrets, p.planName])).toEqual(
      expect.arrayContaining([['10Mbps', '5M/10M', 2, null], ['20Mbps', '10M/20M', 2, null]]),
    );
    expect(preview.profiles.some((p) => p.name === 'ISOLIR')).toBe(false);
    expect(preview.secrets.map((s) => [s.name, s.customerName, s.problem])).toEqual([
      ['cust001', 'Budi RT05', null],
      ['cust002', 'Siti RT05', null],
      ['cust003', 'Agus RT05', null],
      ['cust004', 'Dewi RT05', null],
      ['cust005', 'Rahmat RT05 (isolated)', 'isolated'],
    ]);
    expect(preview.hotspot).toMatchObject({ profiles: 3, users: 6, mikhmonBatches: [{ comment: 'vc-042-05.12.25', users: 4 }, { comment: 'up-117-05.12.25', users: 1 }] });
    // The preview wrote nothing.
    expect((await w.owner.call('customers.list', {})).total).toBe(0);

    const report = await w.owner.call('billing.importFromRouter', {
      routerId: w.routerId,
      plans: [{ profile: '10Mbps', name: 'Rumah 10M', price: 150_000 }, { profile: '20Mbps', name: 'Rumah 20M', price: 250_000 }],
      secrets: ['cust001', 'cust002', 'cust003', 'cust005', 'nobody'],
    });
    expect(report).toEqual({
      plansCreated: 2,
      customersCreated: 3,
      subscriptionsCreated: 3,
      paused: 0,
      skipped: [{ name: 'cust005', reason: 'isolated' }, { name: 'nobody', reason: 'not_on_router' }],
    });
    const subs = (await w.owner.call('subscriptions.list', {})).items;
    expect(subs.map((s) => [s.username, s.planName, s.status, s.billedUntil, s.password])).toEqual([
      ['cust003', 'Rumah 10M', 'active', '2026-12-01', 'agus123'],
      ['cust001', 'Rumah 10M', 'active', '2026-12-01', 'budi123'],
      ['cust002', 'Rumah 20M', 'active', '2026-12-01', 'siti123'],
    ]);
    // Found by their PPPoE username; no invoice until the next period; the router was not touched.
    expect((await w.owner.call('customers.list', { q: 'cust002' })).items[0]?.name).toBe('Siti RT05');
    expect((await w.owner.call('invoices.list', {})).total).toBe(0);
    await w.core.outbox.idle();
    expect(sim.state.menu('/ppp/secret').all()).toEqual(before);
    // What the app writes on a secret is desired state: the adopted ones differ only in their comment (the
    // customer number the app labels them with) — password, profile, service and enabled are the router's.
    const drift = (await w.owner.call('routers.drift', { routerId: w.routerId })).items.filter((i) => i.menu === '/ppp/secret');
    const customers = new Map((await w.owner.call('customers.list', {})).items.map((c) => [c.name, c.number]));
    expect(drift.map((d) => [d.key.name, d.kind, d.fields.map((f) => [f.field, f.router, f.desired])])).toEqual([
      ['cust001', 'different', [['comment', 'Budi RT05', `${customers.get('Budi RT05')} Budi RT05`]]],
      ['cust002', 'different', [['comment', 'Siti RT05', `${customers.get('Siti RT05')} Siti RT05`]]],
      ['cust003', 'different', [['comment', 'Agus RT05', `${customers.get('Agus RT05')} Agus RT05`]]],
    ]);
    // A second preview knows they are imported now.
    const again = await w.owner.call('billing.importPreview', { routerId: w.routerId });
    expect(again.secrets.filter((s) => s.problem === 'imported').map((s) => s.name)).toEqual(['cust001', 'cust002', 'cust003']);
    await moveTo(w, '2026-12-01');
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 3, total: 550_000 });
  });

  it('reconciliation compares subscriptions with the router: a secret changed by hand is drift, and repaired', async () => {
    w = await billingWorld();
    const customerId = (await w.owner.call('customers.create', { name: 'Dewi Lestari', phone: '081234567890' })).id;
    await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'dewi', password: 'pw1', installDate: '2026-11-01' });
    await w.core.outbox.idle();
    const secrets = w.sim.state.menu('/ppp/secret');
    secrets.update(secrets.find({ name: 'dewi' })!['.id']!, { profile: 'default', disabled: 'true' });
    const drift = await w.owner.call('routers.drift', { routerId: w.routerId });
    const item = drift.items.find((i) => i.key.name === 'dewi');
    expect(item?.kind).toBe('different');
    expect(item?.fields.map((f) => f.field).sort()).toEqual(['disabled', 'profile']);
    await w.owner.call('routers.repair', { routerId: w.routerId });
    await w.core.outbox.idle();
    expect(secrets.find({ name: 'dewi' })).toMatchObject({ profile: 'pk-10M', disabled: 'false' });
  });
});

describe('import is audited and leaves the write queue free while the router answers', () => {
  it('writes one audit entry for the import', async () => {
    const s = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
    seedDemo(s.state);
    const world = await billingWorld({ sim: s });
    try {
      await world.owner.call('billing.importFromRouter', { routerId: world.routerId, plans: [{ profile: '10Mbps', name: 'Rumah 10M', price: 150_000 }], secrets: ['cust001'] });
      const audit = await world.owner.call('audit.list', { method: 'billing.importFromRouter' });
      expect(audit.items.map((a) => a.summaryKey)).toEqual(['billing.imported']);
    } finally {
      await world.close();
      await s.close();
    }
  });
});
