import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { DOMAIN_EVENTS, type DomainEventData, type DomainEventType } from '../../shared/events';
import { billingWorld, moveTo, query, type BillingWorld } from '../support/billing';
import { API_KEY, isolatedCustomer, payWorld, postCallback, q, type PayWorld } from '../support/payments';
import { seedDemo } from '../peers/routeros-sim/demo';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';

/*
 * Domain events (shared/events.ts, main/core/domain-events.ts): each business change publishes its event once,
 * inside its own transaction. The recorder below is what a WhatsApp or webhook outbox will be: a subscriber that
 * writes a row in the publisher's transaction. Its table therefore holds exactly the events of committed changes.
 */

let bw: BillingWorld | null = null;
let pw: PayWorld | null = null;
let extraSim: RouterSim | null = null;
afterEach(async () => {
  await bw?.close();
  await pw?.close();
  await extraSim?.close();
  bw = pw = extraSim = null;
});

interface Recorder {
  of<T extends DomainEventType>(type: T): Promise<DomainEventData[T][]>;
  /** Every recorded event type, in order. */
  types(): Promise<DomainEventType[]>;
  /** While set, a subscriber throws on this event type (after the recorder's row is written). */
  failOn: DomainEventType | null;
}

async function recorder(core: Core): Promise<Recorder> {
  await core.db.write((em) => em.query('CREATE TABLE test_domain_events (id INTEGER PRIMARY KEY, type TEXT NOT NULL, data TEXT NOT NULL, at TEXT NOT NULL)'));
  const rec: Recorder = {
    failOn: null,
    async of(type) {
      const rows = (await core.db.manager.query('SELECT data FROM test_domain_events WHERE type = ? ORDER BY id', [type])) as { data: string }[];
      return rows.map((r) => JSON.parse(r.data) as DomainEventData[typeof type]);
    },
    async types() {
      return ((await core.db.manager.query('SELECT type FROM test_domain_events ORDER BY id')) as { type: DomainEventType }[]).map((r) => r.type);
    },
  };
  core.domainEvents.subscribe(async (em, e) => {
    await em.query('INSERT INTO test_domain_events (type, data, at) VALUES (?,?,?)', [e.type, JSON.stringify(e.data), e.at.toISOString()]);
  });
  core.domainEvents.subscribe(async (_em, e) => {
    if (e.type === rec.failOn) throw new Error(`subscriber refused ${e.type}`);
  });
  return rec;
}

describe('the domain event catalogue and bus', () => {
  it('every event in the catalogue has its data type, and nothing else has', () => {
    expectTypeOf<keyof DomainEventData>().toEqualTypeOf<DomainEventType>();
    expect(new Set(DOMAIN_EVENTS).size).toBe(DOMAIN_EVENTS.length);
  });

  it('refuses a publish outside a write transaction, and an unsubscribed subscriber is not called', async () => {
    bw = await billingWorld();
    await expect(bw.core.domainEvents.publish(bw.core.db.manager, 'customer.updated', { customerId: 1, changed: [] }, new Date())).rejects.toThrow(/outside a write transaction/);
    const seen: string[] = [];
    const off = bw.core.domainEvents.subscribe(async (_em, e) => void seen.push(e.type));
    await bw.owner.call('customers.create', { name: 'Andi' });
    off();
    await bw.owner.call('customers.create', { name: 'Budi' });
    expect(seen).toEqual(['customer.created']);
  });
});

describe('customers', () => {
  it('created by staff, by a file import (one each) and by a router adoption; updated only when something changed', async () => {
    extraSim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
    seedDemo(extraSim.state);
    bw = await billingWorld({ sim: extraSim, start: '2026-11-17' });
    const rec = await recorder(bw.core);
    const c = await bw.owner.call('customers.create', { name: 'Andi', phone: '081234567890' });
    expect(await rec.of('customer.created')).toEqual([{ customerId: c.id, number: c.number, source: 'staff' }]);

    const same = { id: c.id, name: c.name, phone: c.phone, whatsapp: c.whatsapp, waOptIn: c.waOptIn, address: c.address, area: c.area, lat: c.lat, lng: c.lng, idNumber: c.idNumber, npwp: c.npwp, notes: c.notes, collectorId: c.collectorId };
    await bw.owner.call('customers.update', same);
    expect(await rec.of('customer.updated')).toEqual([]);
    await bw.owner.call('customers.update', { ...same, name: 'Andi Wijaya', area: 'RT 05' });
    await bw.owner.call('customers.setStatus', { id: c.id, status: 'inactive' });
    await bw.owner.call('customers.setStatus', { id: c.id, status: 'inactive' });
    expect(await rec.of('customer.updated')).toEqual([
      { customerId: c.id, changed: ['name', 'area'] },
      { customerId: c.id, changed: ['status'] },
    ]);

    const csv = ['Nama;No HP', 'Siti Aminah;0812-3456-7891', 'Budi Hartono;0857-1111-2222'].join('\r\n');
    expect(await bw.owner.call('customers.import', { format: 'csv', base64: Buffer.from(csv).toString('base64') })).toEqual({ created: 2 });
    const imported = await query<{ id: number; number: string }>(bw, "SELECT id, number FROM customers WHERE name IN ('Siti Aminah', 'Budi Hartono') ORDER BY id");
    expect((await rec.of('customer.created')).slice(1)).toEqual(imported.map((r) => ({ customerId: r.id, number: r.number, source: 'import' })));

    const report = await bw.owner.call('billing.importFromRouter', { routerId: bw.routerId, plans: [{ profile: '10Mbps', name: 'Rumah 10M', price: 150_000 }], secrets: ['cust001', 'cust003'] });
    expect(report).toMatchObject({ customersCreated: 2, subscriptionsCreated: 2 });
    const adopted = await query<{ id: number; customer_id: number; username: string; number: string }>(
      bw,
      "SELECT s.id, s.customer_id, s.username, c.number FROM subscriptions s JOIN customers c ON c.id = s.customer_id WHERE s.username IN ('cust001','cust003') ORDER BY s.id",
    );
    expect((await rec.of('customer.created')).slice(3)).toEqual(adopted.map((a) => ({ customerId: a.customer_id, number: a.number, source: 'adopt' })));
    expect(await rec.of('subscription.activated')).toEqual(adopted.map((a) => ({ subscriptionId: a.id, customerId: a.customer_id, username: a.username, date: '2026-11-17', adopted: true })));
  });
});

describe('billing', () => {
  it('invoices issued (activation, manual charge, monthly run — a rerun over the same window issues nothing), paid by any path, voided; payments received once per idempotency key, reversed', async () => {
    bw = await billingWorld();
    const w = bw;
    const rec = await recorder(w.core);
    const c = await w.owner.call('customers.create', { name: 'Andi', phone: '081234567890' });
    const sub = await w.owner.call('subscriptions.create', { customerId: c.id, planId: w.plans.A, routerId: w.routerId, username: 'andi', password: 'pw1', installDate: '2026-11-01', dueDays: 10, graceDays: 3 });
    expect(await rec.of('subscription.activated')).toEqual([{ subscriptionId: sub.id, customerId: c.id, username: 'andi', date: '2026-11-01', adopted: false }]);
    const [act] = await query<{ id: number; number: string; total: number; due_date: string }>(w, 'SELECT id, number, total, due_date FROM invoices WHERE customer_id = ?', [c.id]);
    expect(act!.total).toBeGreaterThan(0);
    expect(await rec.of('invoice.issued')).toEqual([{ invoiceId: act!.id, customerId: c.id, subscriptionId: sub.id, number: act!.number, kind: 'activation', total: act!.total, dueDate: act!.due_date }]);

    // A payment at the counter, sent twice with the same form key: one payment, one event, the invoice paid once.
    const form = { customerId: c.id, amount: act!.total, method: 'cash' as const, idempotencyKey: 'form-0001-andi' };
    const p = await w.owner.call('payments.create', form);
    await w.owner.call('payments.create', form);
    expect(await rec.of('payment.received')).toEqual([{ paymentId: p.id, customerId: c.id, amount: act!.total, number: p.number, method: 'cash' }]);
    expect(await rec.of('invoice.paid')).toEqual([{ invoiceId: act!.id, customerId: c.id, number: act!.number, total: act!.total }]);
    // Received comes before what it pays.
    const order = await rec.types();
    expect(order.indexOf('payment.received')).toBeLessThan(order.indexOf('invoice.paid'));

    // Reversed: the invoice is open again (no event); paid again by a new payment: paid again.
    await w.owner.call('payments.reverse', { id: p.id, reason: 'salah input' });
    expect(await rec.of('payment.reversed')).toEqual([{ paymentId: p.id, customerId: c.id, amount: act!.total, number: p.number, reason: 'salah input' }]);
    expect(await rec.of('invoice.paid')).toHaveLength(1);
    const p2 = await w.owner.call('payments.create', { customerId: c.id, amount: act!.total + 20_000, method: 'transfer', reference: 'BCA-778' });
    expect((await rec.of('payment.received')).at(-1)).toEqual({ paymentId: p2.id, customerId: c.id, amount: act!.total + 20_000, number: p2.number, method: 'transfer' });
    expect(await rec.of('invoice.paid')).toHaveLength(2);

    // A manual charge is issued, and paid at once from the 20.000 credit when it is small enough.
    const charge = await w.owner.call('invoices.createCharge', { customerId: c.id, type: 'equipment', description: 'Kabel', amount: 15_000 });
    expect((await rec.of('invoice.issued')).at(-1)).toEqual({ invoiceId: charge.id, customerId: c.id, subscriptionId: null, number: charge.number, kind: 'manual', total: 15_000, dueDate: charge.dueDate });
    const paidAct = { invoiceId: act!.id, customerId: c.id, number: act!.number, total: act!.total };
    expect(await rec.of('invoice.paid')).toEqual([paidAct, paidAct, { invoiceId: charge.id, customerId: c.id, number: charge.number, total: 15_000 }]);
    const big = await w.owner.call('invoices.createCharge', { customerId: c.id, type: 'installation', amount: 200_000 });
    await w.owner.call('invoices.void', { id: big.id, reason: 'batal pasang' });
    expect(await rec.of('invoice.voided')).toEqual([{ invoiceId: big.id, customerId: c.id, number: big.number, total: 200_000, reason: 'batal pasang' }]);
    // Settlement ran again for each of them: nothing already paid is paid again.
    expect(await rec.of('invoice.paid')).toHaveLength(3);

    // The monthly run: one period invoice; the same window again (by hand through the job, then directly) issues nothing.
    await moveTo(w, '2026-12-01');
    const before = (await rec.of('invoice.issued')).length;
    expect(await w.owner.call('billing.runInvoices', {})).toMatchObject({ created: 1 });
    await w.owner.call('billing.runInvoices', {});
    await w.core.billing.runInvoices();
    const issued = (await rec.of('invoice.issued')).slice(before);
    const [dec] = await query<{ id: number; number: string; total: number; due_date: string }>(w, "SELECT id, number, total, due_date FROM invoices WHERE kind = 'period'");
    expect(issued).toEqual([{ invoiceId: dec!.id, customerId: c.id, subscriptionId: sub.id, number: dec!.number, kind: 'period', total: dec!.total, dueDate: dec!.due_date }]);
  });

  it('subscription isolated and restored (by the rules, by a promise to pay, by staff), paused, resumed and terminated, each once', async () => {
    bw = await billingWorld();
    const w = bw;
    await w.owner.call('billing.setupIsolation', { routerId: w.routerId });
    const c = await w.owner.call('customers.create', { name: 'Andi' });
    const sub = await w.owner.call('subscriptions.create', { customerId: c.id, planId: w.plans.A, routerId: w.routerId, username: 'andi', password: 'pw1', installDate: '2026-11-01', dueDays: 10, graceDays: 3 });
    const rec = await recorder(w.core);
    const base = { subscriptionId: sub.id, customerId: c.id, username: 'andi' };

    await moveTo(w, '2026-11-15');
    await w.core.billing.enforce();
    await w.core.billing.enforce();
    expect(await rec.of('subscription.isolated')).toEqual([{ ...base, date: '2026-11-15', reason: 'overdue' }]);

    await w.owner.call('subscriptions.promise', { id: sub.id, until: '2026-11-20' });
    await w.owner.call('subscriptions.promise', { id: sub.id, until: '2026-11-20' });
    expect(await rec.of('promise.made')).toEqual([{ customerId: c.id, subscriptionId: sub.id, until: '2026-11-20' }]);
    expect(await rec.of('subscription.restored')).toEqual([{ ...base, date: '2026-11-15' }]);
    const order = await rec.types();
    expect(order.indexOf('promise.made')).toBeLessThan(order.indexOf('subscription.restored'));
    await w.core.billing.enforce();
    expect(await rec.of('subscription.isolated')).toHaveLength(1);

    await w.owner.call('subscriptions.isolate', { id: sub.id });
    await w.owner.call('subscriptions.restore', { id: sub.id });
    expect((await rec.of('subscription.isolated')).at(-1)).toEqual({ ...base, date: '2026-11-15', reason: 'manual' });
    expect(await rec.of('subscription.restored')).toHaveLength(2);

    await w.owner.call('subscriptions.pause', { id: sub.id, date: '2026-11-15' });
    expect(await rec.of('subscription.paused')).toEqual([{ ...base, date: '2026-11-15' }]);
    await moveTo(w, '2026-11-18');
    await w.owner.call('subscriptions.resume', { id: sub.id });
    expect(await rec.of('subscription.resumed')).toEqual([{ ...base, date: '2026-11-18' }]);
    await w.owner.call('subscriptions.terminate', { id: sub.id });
    expect(await rec.of('subscription.terminated')).toEqual([{ ...base, date: '2026-11-18' }]);

    // Voiding the final invoice undoes the termination: the service runs again.
    const [final] = await query<{ id: number }>(w, "SELECT id FROM invoices WHERE kind = 'final' AND subscription_id = ?", [sub.id]);
    await w.owner.call('invoices.void', { id: final!.id, reason: 'salah tutup' });
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('active');
    expect(await rec.of('subscription.resumed')).toEqual([{ ...base, date: '2026-11-18' }, { ...base, date: '2026-11-18' }]);
    expect(await rec.of('subscription.activated')).toEqual([]);
  });

  it('a subscriber that throws rolls the business change back: no payment, no customer, no invoice — and the failed run is a job.failed', async () => {
    bw = await billingWorld();
    const w = bw;
    const rec = await recorder(w.core);
    rec.failOn = 'customer.created';
    expect((await w.owner.fail('customers.create', { name: 'Andi' })).code).toBe('internal');
    expect(await query(w, 'SELECT id FROM customers')).toEqual([]);
    rec.failOn = null;
    const c = await w.owner.call('customers.create', { name: 'Andi' });
    // The gap-free number was given back with the rollback.
    expect(c.number).toMatch(/0+1$/);
    const sub = await w.owner.call('subscriptions.create', { customerId: c.id, planId: w.plans.A, routerId: w.routerId, username: 'andi', password: 'pw1', installDate: '2026-11-01', dueDays: 10, graceDays: 3 });

    rec.failOn = 'payment.received';
    expect((await w.owner.fail('payments.create', { customerId: c.id, amount: 50_000, method: 'cash', idempotencyKey: 'form-0002-andi' })).code).toBe('internal');
    expect(await query(w, 'SELECT id FROM payments')).toEqual([]);
    expect(await query(w, "SELECT id FROM ledger_entries WHERE kind = 'payment'")).toEqual([]);
    expect(await rec.of('payment.received')).toEqual([]);
    rec.failOn = null;
    // The same form key is free again: the first attempt left nothing behind.
    const p = await w.owner.call('payments.create', { customerId: c.id, amount: 50_000, method: 'cash', idempotencyKey: 'form-0002-andi' });
    expect(await rec.of('payment.received')).toEqual([{ paymentId: p.id, customerId: c.id, amount: 50_000, number: p.number, method: 'cash' }]);

    await moveTo(w, '2026-12-01');
    rec.failOn = 'invoice.issued';
    expect((await w.owner.fail('billing.runInvoices', {})).code).toBe('internal');
    expect(await query(w, "SELECT id FROM invoices WHERE kind = 'period'")).toEqual([]);
    const [run] = await query<{ id: number; status: string; error: string }>(w, "SELECT id, status, error FROM job_runs WHERE job = 'billing.invoices' ORDER BY id DESC LIMIT 1");
    expect(run).toMatchObject({ status: 'failed', error: 'subscriber refused invoice.issued' });
    expect(await rec.of('job.failed')).toEqual([{ jobRunId: run!.id, job: 'billing.invoices', error: 'subscriber refused invoice.issued' }]);
    rec.failOn = null;
    expect(await w.owner.call('billing.runInvoices', {})).toMatchObject({ created: 1 });
    expect((await rec.of('invoice.issued')).filter((i) => i.kind === 'period')).toEqual([expect.objectContaining({ subscriptionId: sub.id, kind: 'period' })]);
    expect(await rec.of('job.failed')).toHaveLength(1);
  });
});

describe('online payments', () => {
  it('a gateway payment confirmed by callbacks and polls is received once, pays its invoice once and restores once', async () => {
    pw = await payWorld();
    const w = pw;
    const { customerId, sub, invoiceId, total, number } = await isolatedCustomer(w);
    const rec = await recorder(w.core);
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId });
    w.gw.set(a.orderId, 'PAID', total);
    await Promise.all([...Array(3)].map(() => postCallback(w, { orderId: a.orderId, amount: String(total), status: 'PAID', key: API_KEY })));
    await w.core.payments.service.confirm(a.id, 'poll');
    await w.core.payments.service.confirm(a.id, 'poll');
    const [pay] = await q<{ id: number; number: string }>(w, 'SELECT id, number FROM payments WHERE customer_id = ?', [customerId]);
    expect(await rec.of('payment.received')).toEqual([{ paymentId: pay!.id, customerId, amount: total, number: pay!.number, method: 'gateway' }]);
    expect(await rec.of('invoice.paid')).toEqual([{ invoiceId, customerId, number, total }]);
    expect(await rec.of('subscription.restored')).toEqual([{ subscriptionId: sub.id, customerId, username: 'andi', date: '2026-11-15' }]);
    expect(await rec.of('payment_attempt.paid')).toEqual([{ attemptId: a.id, orderId: a.orderId, purpose: 'invoice', amount: a.amount, customerId, invoiceId, paymentId: pay!.id, voucherId: null }]);
    // Another attempt the gateway says failed: one failed event, however often it is asked.
    const b = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, customerId, amount: 10_000 });
    w.gw.set(b.orderId, 'FAILED');
    await w.core.payments.service.confirm(b.id, 'poll');
    await w.core.payments.service.confirm(b.id, 'poll');
    expect(await rec.of('payment_attempt.failed')).toEqual([{ attemptId: b.id, orderId: b.orderId, purpose: 'customer', state: 'failed', customerId, invoiceId: null }]);
  });
});

describe('vouchers', () => {
  it('sold at the counter, online (once, however often the payment is confirmed) and by an outlet at first use; first logins and expiry', async () => {
    pw = await payWorld({ core: { shopRateLimits: { buyRateLimit: 1000, pageRateLimit: 1000 } } });
    const w = pw;
    const profile = await w.owner.call('vouchers.createProfile', { routerId: w.routerId, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d', online: true });
    await w.core.outbox.idle();
    const batch = await w.owner.call('vouchers.generate', { profileId: profile.id, quantity: 3 });
    await w.core.vouchers.pusher.idle();
    const stock = (await w.owner.call('vouchers.list', { batchId: batch.id })).items;
    const rec = await recorder(w.core);

    const [counter] = await w.owner.call('vouchers.sell', { profileId: profile.id, quantity: 1 });
    expect(await rec.of('voucher.sold')).toEqual([{ voucherIds: [counter!.id], profileId: profile.id, amount: 5000, channel: 'counter' }]);

    // Online: the shop's purchase, paid, confirmed by two polls.
    const page = await fetch(`${w.url}/shop/${profile.id}`);
    const nonce = /name="nonce" value="([^"]+)"/.exec(await page.text())![1]!;
    const buy = await fetch(`${w.url}/shop/${profile.id}/buy`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ method: `${w.accountId}:BC`, nonce, lang: 'id', phone: '' }).toString(),
    });
    expect(buy.status).toBe(303);
    const [attempt] = await q<{ id: number; order_id: string; amount: number }>(w, "SELECT id, order_id, amount FROM payment_attempts WHERE purpose = 'voucher'");
    w.gw.set(attempt!.order_id, 'PAID', attempt!.amount);
    w.clock.advance(20_000);
    await w.core.payments.pollDue();
    await w.core.payments.service.confirm(attempt!.id, 'poll');
    const [online] = await q<{ voucher_id: number }>(w, 'SELECT voucher_id FROM payment_attempts WHERE id = ?', [attempt!.id]);
    expect(online!.voucher_id).toBe(stock.find((v) => v.id !== counter!.id)!.id);
    expect((await rec.of('voucher.sold')).slice(1)).toEqual([{ voucherIds: [online!.voucher_id], profileId: profile.id, amount: 5000, channel: 'online', attemptId: attempt!.id }]);
    expect(await rec.of('payment_attempt.paid')).toEqual([expect.objectContaining({ attemptId: attempt!.id, purpose: 'voucher', voucherId: online!.voucher_id, paymentId: null })]);

    // An outlet's stock is sold when first used, at the outlet's price.
    const outlet = await w.owner.call('vouchers.saveOutlet', { name: 'Warung Bu Sri', prices: [{ profileId: profile.id, price: 4500 }] });
    const third = stock.find((v) => v.id !== counter!.id && v.id !== online!.voucher_id)!;
    await w.owner.call('vouchers.handOver', { outletId: outlet.id, ids: [third.id] });
    expect(await rec.of('voucher.sold')).toHaveLength(2);
    w.sim.state.login('/ip/hotspot/active', { user: counter!.username, uptime: '5m', 'mac-address': '02:00:00:00:02:01' });
    w.sim.state.login('/ip/hotspot/active', { user: third.username, uptime: '1m', 'mac-address': '02:00:00:00:02:02' });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 2 });
    expect(await w.core.vouchers.watch()).toMatchObject({ firstLogins: 0 });
    const logins = await rec.of('voucher.first_login');
    expect(logins).toHaveLength(2);
    const first = await w.owner.call('vouchers.lookup', { code: counter!.username });
    expect(logins.find((l) => l.voucherId === counter!.id)).toEqual({ voucherId: counter!.id, routerId: w.routerId, profileId: profile.id, username: counter!.username, mac: '02:00:00:00:02:01', expiresAt: first!.expiresAt });
    expect((await rec.of('voucher.sold')).slice(2)).toEqual([{ voucherIds: [third.id], profileId: profile.id, amount: 4500, channel: 'outlet', outletId: outlet.id }]);

    // A day later both have expired: once each.
    w.clock.advance(24 * 3600_000 + 60_000);
    await w.owner.call('auth.login', { username: 'budi', password: 'rahasia-123' });
    expect(await w.core.vouchers.watch()).toMatchObject({ expired: 2 });
    await w.core.vouchers.watch();
    expect((await rec.of('voucher.expired')).sort((a, b) => a.voucherId - b.voucherId)).toEqual(
      [counter!, third].map((v) => ({ voucherId: v.id, routerId: w.routerId, profileId: profile.id, username: v.username })).sort((a, b) => a.voucherId - b.voucherId),
    );
  });
});

describe('routers', () => {
  it('down and up when the live status flips (status screen, test connection, reconciler), once per flip; a refused event is reported at the next check', async () => {
    bw = await billingWorld();
    const w = bw;
    const rec = await recorder(w.core);
    expect((await w.owner.call('routers.status', {}))[0]).toMatchObject({ reachable: true });
    expect(await rec.types()).toEqual([]);

    await w.sim.faults.refuseConnections(true);
    w.sim.faults.disconnectAll();
    rec.failOn = 'router.down';
    expect((await w.owner.call('routers.status', {}))[0]).toMatchObject({ reachable: false });
    expect(await rec.of('router.down')).toEqual([]);
    rec.failOn = null;
    await w.owner.call('routers.status', {});
    await w.owner.call('routers.status', {});
    await w.owner.call('jobs.runNow', { name: 'routers.reconcile' });
    await w.core.scheduler.idle('routers.reconcile');
    const down = await rec.of('router.down');
    expect(down).toEqual([{ routerId: w.routerId, name: 'Tower', error: expect.any(String) }]);
    expect(down[0]!.error).not.toBe('');

    await w.sim.faults.refuseConnections(false);
    expect(await w.owner.call('routers.test', { id: w.routerId })).toMatchObject({ reachable: true });
    await w.owner.call('routers.status', {});
    expect(await rec.of('router.up')).toEqual([{ routerId: w.routerId, name: 'Tower' }]);

    // Down again, seen by the hourly drift check; up again seen by it too.
    await w.sim.faults.refuseConnections(true);
    w.sim.faults.disconnectAll();
    await w.owner.call('jobs.runNow', { name: 'routers.reconcile' });
    await w.core.scheduler.idle('routers.reconcile');
    expect(await rec.of('router.down')).toHaveLength(2);
    await w.sim.faults.refuseConnections(false);
    w.core.routers.connectNow(w.routerId);
    await w.owner.call('jobs.runNow', { name: 'routers.reconcile' });
    await w.core.scheduler.idle('routers.reconcile');
    expect(await rec.of('router.up')).toHaveLength(2);
    expect(await rec.types()).toEqual(['router.down', 'router.up', 'router.down', 'router.up']);
  });
});
