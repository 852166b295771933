import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, isolatedCustomer, payWorld, postCallback, q, type PayWorld } from '../support/payments';

let w: PayWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const secret = (world: PayWorld) => world.sim.state.menu('/ppp/secret').find({ name: 'andi' });
const paymentsOf = (world: PayWorld, customerId: number) => q<{ id: number; number: string; amount: number; method: string; reference: string }>(world, 'SELECT * FROM payments WHERE customer_id = ?', [customerId]);
const balance = async (world: PayWorld, customerId: number) => (await q<{ b: number }>(world, 'SELECT COALESCE(SUM(amount),0) AS b FROM ledger_entries WHERE customer_id = ?', [customerId]))[0]!.b;

describe('online payments', () => {
  it('a paid attempt becomes exactly one gateway payment: invoice paid, isolated subscription restored on the router, receipt, duplicates are no-ops', async () => {
    w = await payWorld();
    const { customerId, sub, invoiceId, total } = await isolatedCustomer(w);
    expect(secret(w)?.profile).toBe('isolir');
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId });
    expect(a).toMatchObject({ state: 'pending', amount: total, payCode: '8808123456', purpose: 'invoice', customerId });
    expect(w.gw.created[0]).toMatchObject({ orderId: a.orderId, amount: total, callbackUrl: `https://billing.example.net/pay/callback/duitku/${w.accountId}` });
    expect(a.orderId.length).toBeLessThanOrEqual(50);

    // Nothing happens on a callback while the status API still says pending.
    expect((await postCallback(w, { orderId: a.orderId, amount: String(total), status: 'PAID', key: API_KEY })).status).toBe(200);
    expect(await paymentsOf(w, customerId)).toHaveLength(0);

    w.gw.set(a.orderId, 'PAID', total);
    // Five concurrent callbacks (retries + a resend) and a poll: one payment.
    const replies = await Promise.all([...Array(5)].map(() => postCallback(w!, { orderId: a.orderId, amount: String(total), status: 'PAID', key: API_KEY })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await w.core.payments.service.confirm(a.id, 'poll');
    const pays = await paymentsOf(w, customerId);
    expect(pays).toHaveLength(1);
    expect(pays[0]).toMatchObject({ amount: total, method: 'gateway', reference: `REF-${a.orderId}` });
    expect(pays[0]!.number).toMatch(/\/2026\/11\//);
    const inv = await w.owner.call('invoices.get', { id: invoiceId });
    expect(inv.status).toBe('paid');
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('active');
    await w.core.outbox.idle();
    expect(secret(w)?.profile).toBe('pk-10M');
    const detail = await w.owner.call('gateway.attempt', { id: a.id });
    expect(detail).toMatchObject({ state: 'paid', paymentId: pays[0]!.id, paymentNumber: pays[0]!.number, needsReview: false, nextCheckAt: null });
    expect(detail.events.map((e) => e.toState)).toEqual(['pending', 'pending', 'paid']);
    expect(await balance(w, customerId)).toBe(0);
    const cbs = await w.owner.call('gateway.callbacks', { accountId: w.accountId });
    expect(cbs.total).toBe(6);
    expect(cbs.items.every((c) => c.accepted)).toBe(true);
  });

  it('a forged or malformed callback is answered 400, stored with why, and changes nothing', async () => {
    w = await payWorld();
    const { customerId, invoiceId, total } = await isolatedCustomer(w);
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId });
    w.gw.set(a.orderId, 'PAID', total);
    const calls = w.gw.statusCalls;
    expect((await postCallback(w, { orderId: a.orderId, amount: String(total), status: 'PAID', key: 'forged' })).status).toBe(400);
    expect((await postCallback(w, 'not json at all')).status).toBe(400);
    expect((await postCallback(w, { orderId: a.orderId, amount: String(total), key: API_KEY }, 999)).status).toBe(404);
    expect((await postCallback(w, { orderId: a.orderId, amount: String(total), key: API_KEY }, w.accountId, 'tripay')).status).toBe(404);
    expect((await postCallback(w, { orderId: 'MBI1-1-NOPE', amount: '1', key: API_KEY })).status).toBe(200);
    expect(w.gw.statusCalls).toBe(calls);
    expect(await paymentsOf(w, customerId)).toHaveLength(0);
    expect((await w.owner.call('gateway.attempt', { id: a.id })).state).toBe('pending');
    const cbs = await w.owner.call('gateway.callbacks', { accepted: false });
    expect(cbs.items.map((c) => c.reason.split(':')[0]).sort()).toEqual(['bad_signature', 'malformed', 'unknown_account', 'unknown_account', 'unknown_order']);
    expect(cbs.items.find((c) => c.reason.startsWith('bad_signature'))?.body).toContain('forged');
  });

  it('another amount paid: recorded as paid (the ledger keeps the credit) and flagged for review; a person marks it reviewed', async () => {
    w = await payWorld();
    const { customerId, invoiceId, total } = await isolatedCustomer(w);
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId });
    w.gw.set(a.orderId, 'PAID', total + 50_000);
    await postCallback(w, { orderId: a.orderId, amount: String(total + 50_000), status: 'PAID', key: API_KEY });
    const pays = await paymentsOf(w, customerId);
    expect(pays.map((p) => p.amount)).toEqual([total + 50_000]);
    expect(await balance(w, customerId)).toBe(-50_000);
    const t = await w.owner.call('gateway.attempt', { id: a.id });
    expect(t).toMatchObject({ state: 'paid', needsReview: true, reviewReason: 'amount_mismatch' });
    expect((await w.owner.call('gateway.attempts', { needsReview: true })).total).toBe(1);
    await w.owner.call('gateway.markReviewed', { id: a.id, note: 'Kelebihan jadi saldo' });
    expect((await w.owner.call('gateway.attempts', { needsReview: true })).total).toBe(0);
  });

  it('an invoice paid at the counter first, then online: both recorded, the second is credit, flagged', async () => {
    w = await payWorld();
    const { customerId, invoiceId, total } = await isolatedCustomer(w);
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId });
    await w.owner.call('payments.create', { customerId, amount: total, method: 'cash' });
    w.gw.set(a.orderId, 'PAID', total);
    await w.core.payments.service.confirm(a.id, 'poll');
    expect(await paymentsOf(w, customerId)).toHaveLength(2);
    expect(await balance(w, customerId)).toBe(-total);
    expect(await w.owner.call('gateway.attempt', { id: a.id })).toMatchObject({ state: 'paid', needsReview: true, reviewReason: 'invoice_already_paid' });
  });

  it('polling alone confirms within a minute; after expiry it is expired, and a late payment is still recorded and flagged', async () => {
    w = await payWorld();
    const { customerId, invoiceId, total } = await isolatedCustomer(w);
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId });
    const b = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId });
    expect(b.orderId).not.toBe(a.orderId);
    // Not due yet: nobody is asked.
    expect((await w.core.payments.pollDue()).checked).toBe(0);
    w.gw.set(a.orderId, 'PAID', total);
    w.clock.advance(16_000);
    expect(await w.core.payments.pollDue()).toMatchObject({ checked: 2, paid: 1 });
    expect((await w.owner.call('gateway.attempt', { id: a.id })).state).toBe('paid');
    expect(await paymentsOf(w, customerId)).toHaveLength(1);
    // b stays pending, asked less and less often; past expiry + one more check it is expired here.
    let checks = 0;
    for (let i = 0; i < 40 && (await w.owner.call('gateway.attempt', { id: b.id })).state === 'pending'; i++) {
      w.clock.advance(5 * 60_000);
      checks += (await w.core.payments.pollDue()).checked;
    }
    const bd = await w.owner.call('gateway.attempt', { id: b.id });
    expect(bd.state).toBe('expired');
    expect(checks).toBeLessThan(15);
    expect((await w.core.payments.pollDue()).checked).toBe(0);
    // The customer pays anyway (a callback after expiry): recorded, flagged.
    w.gw.set(b.orderId, 'PAID', total);
    expect((await postCallback(w, { orderId: b.orderId, amount: String(total), status: 'PAID', key: API_KEY })).status).toBe(200);
    expect(await paymentsOf(w, customerId)).toHaveLength(2);
    expect(await w.owner.call('gateway.attempt', { id: b.id })).toMatchObject({ state: 'paid', needsReview: true, reviewReason: 'paid_after_expiry' });
  });

  it('the polling job is registered and runs from the scheduler', async () => {
    w = await payWorld();
    const jobs = await w.owner.call('jobs.list', {});
    expect(jobs.map((j) => j.name)).toContain('payments.poll');
  });

  it('keys are sealed at rest and never sent back; the account test lists methods with fees', async () => {
    w = await payWorld();
    const [acct] = await w.owner.call('gateway.accounts', {});
    expect(acct).toMatchObject({ hasApiKey: true, hasSecondaryKey: false, merchantCode: 'D0001' });
    expect(JSON.stringify(acct)).not.toContain(API_KEY);
    const [row] = await q<{ api_key_sealed: string }>(w, 'SELECT api_key_sealed FROM payment_accounts');
    expect(row!.api_key_sealed).not.toContain(API_KEY);
    const updated = await w.owner.call('gateway.updateAccount', { id: acct!.id, gateway: 'duitku', name: 'DuitKu Utama', merchantCode: 'D0001', flavour: 'pop', publicBaseUrl: 'https://billing.example.net' });
    expect(updated).toMatchObject({ name: 'DuitKu Utama', hasApiKey: true });
    // The kept key still works (callbacks are checked with it).
    const t = await w.owner.call('gateway.testAccount', { id: acct!.id });
    expect(t.methods).toEqual([
      { code: 'BC', name: 'BCA Virtual Account', fee: 4_000 },
      { code: 'SP', name: 'QRIS', fee: 0 },
    ]);
    const moved = await w.owner.fail('gateway.updateAccount', { id: acct!.id, gateway: 'duitku', name: 'DuitKu Utama', merchantCode: 'D0002' });
    expect(moved.code).toBe('validation');
  });

  it('the customer bears the fee: the gateway is asked for base + fee, the ledger gets the base', async () => {
    w = await payWorld();
    const { customerId, invoiceId, total } = await isolatedCustomer(w);
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId, method: 'BC' });
    expect(a).toMatchObject({ amount: total + 4_000, fee: 4_000, method: 'BC' });
    w.gw.set(a.orderId, 'PAID', total + 4_000);
    await w.owner.call('gateway.checkAttempt', { id: a.id });
    expect((await paymentsOf(w, customerId)).map((p) => p.amount)).toEqual([total]);
    expect(await balance(w, customerId)).toBe(0);
    expect((await w.owner.call('gateway.attempt', { id: a.id })).needsReview).toBe(false);
  });
});
