import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { type Caller, setupOffice, startCore, tempDir, TestClock } from '../support/core';
import { waitFor } from '../support/poll';

/** The whole path against the DuitKu double: real adapter, real HTTP both ways, callbacks form-encoded and signed. */
let core: Core | null = null;
let sim: DuitkuSim | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.close();
  core = null;
  sim = null;
});

async function world(callbacks: boolean): Promise<{ core: Core; owner: Caller; sim: DuitkuSim; clock: TestClock; accountId: number; customerId: number; invoiceId: number; total: number }> {
  sim = await startDuitkuSim({ callbacks, callbackBackoffMs: 2 });
  const clock = new TestClock(new Date());
  core = await startCore({ dataDir: tempDir(), now: clock.now, http: { enabled: true, host: '127.0.0.1', port: 0 } });
  const owner = await setupOffice(core);
  const acct = await owner.call('gateway.createAccount', { gateway: 'duitku', name: 'DuitKu Sandbox', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, publicBaseUrl: core.url!, baseUrl: sim.baseUrl });
  const c = await owner.call('customers.create', { name: 'Rina Wati', phone: '081298765432' });
  await owner.call('billing.adjust', { customerId: c.id, amount: 150_000, reason: 'Biaya pasang' });
  const inv = (await owner.call('invoices.list', { customerId: c.id })).items[0]!;
  return { core, owner, sim, clock, accountId: acct.id, customerId: c.id, invoiceId: inv.id, total: inv.total };
}

describe('online payments with the DuitKu double', () => {
  it('the customer pays: DuitKu calls back, the status API confirms, one payment settles the invoice; resends change nothing; a forgery is refused', async () => {
    const w = await world(true);
    const methods = await w.owner.call('gateway.testAccount', { id: w.accountId, amount: w.total });
    expect(methods.methods.find((m) => m.code === 'BC')).toBeTruthy();
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId: w.invoiceId, method: 'BC' });
    expect(a.state).toBe('pending');
    expect(a.payCode).not.toBe('');
    const fee = methods.methods.find((m) => m.code === 'BC')!.fee;
    expect(a.amount).toBe(w.total + fee);

    const d = w.sim.pay(a.orderId)!;
    await d.done;
    expect(d.ok).toBe(true);
    const paid = await waitFor(async () => {
      const t = await w.owner.call('gateway.attempt', { id: a.id });
      return t.state === 'paid' ? t : null;
    });
    expect(paid).toMatchObject({ needsReview: false });
    expect((await w.owner.call('invoices.get', { id: w.invoiceId })).status).toBe('paid');
    expect((await w.owner.call('payments.list', { customerId: w.customerId })).items.map((p) => [p.method, p.amount])).toEqual([['gateway', w.total]]);

    await w.sim.resendCallback(a.orderId)!.done;
    const forged = w.sim.sendCallback(a.orderId, { signWith: { apiKey: 'not-the-key' }, maxAttempts: 1 })!;
    await forged.done;
    expect(forged.attempts[0]!.status).toBe(400);
    expect((await w.owner.call('payments.list', { customerId: w.customerId })).total).toBe(1);
    const log = await w.owner.call('gateway.callbacks', { accountId: w.accountId });
    expect(log.items.map((c) => c.accepted)).toEqual([false, true, true]);
  });

  it('no callback reaches the office: the polling job alone confirms the payment', async () => {
    const w = await world(false);
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId: w.invoiceId, method: 'BC' });
    w.sim.pay(a.orderId);
    w.clock.advance(20_000);
    expect(await w.core.payments.pollDue()).toMatchObject({ checked: 1, paid: 1 });
    expect((await w.owner.call('invoices.get', { id: w.invoiceId })).status).toBe('paid');
  });
});
