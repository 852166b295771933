import { afterEach, describe, expect, it } from 'vitest';
import { billingWorld, moveTo, seedCustomer, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function subscribe(world: BillingWorld, opts: { plan?: 'A' | 'B' | 'T'; date?: string; anchor?: 'fixed' | 'anniversary'; installFee?: number; discount?: number; username?: string } = {}) {
  const customerId = await seedCustomer(world.core);
  const sub = await world.owner.call('subscriptions.create', {
    customerId,
    planId: world.plans[opts.plan ?? 'A'],
    routerId: world.routerId,
    username: opts.username ?? `cust${customerId}`,
    password: 'pw123',
    installDate: opts.date ?? '2026-11-01',
    anchor: opts.anchor ?? 'fixed',
    anchorDay: 1,
    installFee: opts.installFee ?? 0,
    discount: opts.discount ?? 0,
  });
  return { customerId, sub };
}

const invoices = async (world: BillingWorld, customerId: number) =>
  (await world.owner.call('invoices.list', { customerId, pageSize: 200 })).items.sort((a, b) => a.id - b.id);
const balance = async (world: BillingWorld, customerId: number) => {
  const [r] = (await world.core.db.manager.query('SELECT COALESCE(SUM(amount),0) AS b FROM ledger_entries WHERE customer_id = ?', [customerId])) as { b: number }[];
  return r!.b;
};
const pay = (world: BillingWorld, customerId: number, amount: number) => world.owner.call('payments.create', { customerId, amount, method: 'cash' });
const runOn = async (world: BillingWorld, date: string) => {
  await moveTo(world, date);
  return world.core.billing.runInvoices();
};

describe('carry-over and proration, to the rupiah', () => {
  it('activation mid-period is prorated per day, with the install fee, and the next period is whole', async () => {
    w = await billingWorld({ start: '2026-11-17' });
    const { customerId } = await subscribe(w, { date: '2026-11-17', installFee: 50_000 });
    let inv = await invoices(w, customerId);
    expect(inv.map((i) => [i.kind, i.total, i.periodStart, i.periodEnd, i.dueDate])).toEqual([['activation', 120_000, '2026-11-17', '2026-12-01', '2026-11-27']]);
    const detail = await w.owner.call('invoices.get', { id: inv[0]!.id });
    expect(detail.lines.map((l) => [l.description, l.amount])).toEqual([['planProrated', 70_000], ['installFee', 50_000]]);
    expect(detail.lines[0]!.params).toMatchObject({ price: 150_000, days: 14, periodDays: 30 });
    expect(inv[0]!.number).toBe('INV/2026/11/00001');
    await runOn(w, '2026-12-01');
    inv = await invoices(w, customerId);
    expect(inv.map((i) => [i.kind, i.total, i.previousBalance, i.number])).toEqual([
      ['activation', 120_000, 0, 'INV/2026/11/00001'],
      ['period', 150_000, 120_000, 'INV/2026/12/00001'],
    ]);
    expect(await balance(w, customerId)).toBe(270_000);
  });

  it('anniversary billing starts whole periods on the activation day', async () => {
    w = await billingWorld({ start: '2026-11-17' });
    const { customerId, sub } = await subscribe(w, { date: '2026-11-17', anchor: 'anniversary' });
    expect(sub.billedUntil).toBe('2026-12-17');
    expect((await invoices(w, customerId)).map((i) => i.total)).toEqual([150_000]);
  });

  it('underpay: the rest stays due and is carried into the next invoice as arrears', async () => {
    w = await billingWorld();
    const { customerId } = await subscribe(w);
    const p = await pay(w, customerId, 100_000);
    expect(p.applied).toEqual([{ invoiceId: expect.any(Number), number: 'INV/2026/11/00001', amount: 100_000 }]);
    expect(p.balanceAfter).toBe(50_000);
    let inv = await invoices(w, customerId);
    expect(inv.map((i) => [i.status, i.paid, i.remaining])).toEqual([['partial', 100_000, 50_000]]);
    await runOn(w, '2026-12-01');
    inv = await invoices(w, customerId);
    expect(inv[1]).toMatchObject({ total: 150_000, previousBalance: 50_000, status: 'open' });
    const lines = (await w.owner.call('invoices.get', { id: inv[1]!.id })).lines;
    expect(lines[0]).toMatchObject({ description: 'previousBalance', amount: 50_000, counted: false });
    const p2 = await pay(w, customerId, 200_000);
    expect(p2.applied.map((a) => a.amount)).toEqual([50_000, 150_000]);
    expect((await invoices(w, customerId)).map((i) => i.status)).toEqual(['paid', 'paid']);
    expect(await balance(w, customerId)).toBe(0);
  });

  it('overpay: the credit stays and is applied to the next invoice automatically', async () => {
    w = await billingWorld();
    const { customerId } = await subscribe(w);
    expect((await pay(w, customerId, 200_000)).balanceAfter).toBe(-50_000);
    await runOn(w, '2026-12-01');
    const inv = await invoices(w, customerId);
    expect(inv.map((i) => [i.status, i.paid, i.remaining, i.previousBalance])).toEqual([
      ['paid', 150_000, 0, 0],
      ['partial', 50_000, 100_000, -50_000],
    ]);
  });

  it('pay twice: the duplicate is credit until an admin reverses it', async () => {
    w = await billingWorld();
    const { customerId } = await subscribe(w);
    await pay(w, customerId, 150_000);
    const dup = await pay(w, customerId, 150_000);
    expect(dup.applied).toEqual([]);
    expect(dup.balanceAfter).toBe(-150_000);
    const rev = await w.owner.call('payments.reverse', { id: dup.id, reason: 'Tercatat dua kali' });
    expect(rev.reversedAt).not.toBeNull();
    expect(await balance(w, customerId)).toBe(0);
    expect((await invoices(w, customerId))[0]!.status).toBe('paid');
    expect((await w.owner.fail('payments.reverse', { id: dup.id, reason: 'lagi' })).code).toBe('billing.already_reversed');
    // Reversing the real payment reopens the invoice.
    const first = (await w.owner.call('payments.list', { customerId })).items.find((x) => x.id !== dup.id)!;
    await w.owner.call('payments.reverse', { id: first.id, reason: 'Uang palsu' });
    expect((await invoices(w, customerId))[0]).toMatchObject({ status: 'open', paid: 0 });
  });

  it('pay before the invoice exists: the next invoice is paid on issue', async () => {
    w = await billingWorld();
    const { customerId } = await subscribe(w);
    await pay(w, customerId, 300_000);
    await runOn(w, '2026-12-01');
    expect((await invoices(w, customerId)).map((i) => i.status)).toEqual(['paid', 'paid']);
    expect(await balance(w, customerId)).toBe(0);
  });

  it('void after a partial payment: reversing entry, the payment becomes credit for the next invoice', async () => {
    w = await billingWorld();
    const { customerId } = await subscribe(w);
    await pay(w, customerId, 100_000);
    const [inv] = await invoices(w, customerId);
    const v = await w.owner.call('invoices.void', { id: inv!.id, reason: 'Salah paket' });
    expect(v).toMatchObject({ status: 'void', remaining: 0, voidReason: 'Salah paket' });
    expect(await balance(w, customerId)).toBe(-100_000);
    expect((await w.owner.fail('invoices.void', { id: inv!.id, reason: 'lagi' })).code).toBe('billing.already_void');
    await runOn(w, '2026-12-01');
    expect((await invoices(w, customerId))[1]).toMatchObject({ paid: 100_000, status: 'partial', remaining: 50_000 });
    const kinds = (await w.core.db.manager.query('SELECT kind, amount FROM ledger_entries WHERE customer_id = ? ORDER BY id', [customerId])) as { kind: string; amount: number }[];
    expect(kinds.map((k) => `${k.kind}:${k.amount}`)).toEqual(['invoice:150000', 'payment:-100000', 'void:-150000', 'invoice:150000']);
  });

  it('plan change on day 17 of 30: old plan credited, new plan charged for 14 days; a downgrade is a credit note', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w);
    await moveTo(w, '2026-11-17');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.B });
    let inv = await invoices(w, customerId);
    expect(inv.map((i) => [i.kind, i.total])).toEqual([['activation', 150_000], ['change', 70_000]]);
    const lines = (await w.owner.call('invoices.get', { id: inv[1]!.id })).lines.map((l) => [l.description, l.amount, l.counted]);
    expect(lines).toEqual([['previousBalance', 150_000, false], ['creditUnused', -70_000, true], ['planProrated', 140_000, true]]);
    await moveTo(w, '2026-11-24');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.A, date: '2026-11-24' });
    inv = await invoices(w, customerId);
    // 7 days left: 300.000 × 7/30 = 70.000 back, 150.000 × 7/30 = 35.000 charged.
    expect(inv[2]).toMatchObject({ kind: 'change', total: -35_000, status: 'paid' });
    expect(await balance(w, customerId)).toBe(150_000 + 70_000 - 35_000);
    // Nothing can be dated before the last change (the 24th).
    const e = await w.owner.fail('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-11-20' });
    expect(e).toMatchObject({ code: 'billing.before_last_change', details: { since: '2026-11-24' } });
  });

  it('tax and discount lines', async () => {
    w = await billingWorld({ start: '2026-11-17' });
    const { customerId } = await subscribe(w, { plan: 'T', date: '2026-11-17' });
    const [inv] = await invoices(w, customerId);
    expect(inv).toMatchObject({ subtotal: 46_667, tax: 5_133, total: 51_800 });
    const d = await subscribe(w, { plan: 'A', date: '2026-11-01', discount: 10_000 });
    expect((await invoices(w, d.customerId))[0]!.total).toBe(140_000);
  });

  it('terminate mid-period credits the unused days and removes the secret', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w);
    await pay(w, customerId, 150_000);
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ppp/secret').find({ name: sub.username })).toBeTruthy();
    await moveTo(w, '2026-11-17');
    const ended = await w.owner.call('subscriptions.terminate', { id: sub.id });
    expect(ended.status).toBe('terminated');
    expect(await balance(w, customerId)).toBe(-70_000);
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ppp/secret').find({ name: sub.username })).toBeFalsy();
    await runOn(w, '2026-12-01');
    expect((await invoices(w, customerId)).length).toBe(2);
  });

  it('pause credits the rest of the period; resume bills from the resume day', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w);
    await moveTo(w, '2026-11-17');
    await w.owner.call('subscriptions.pause', { id: sub.id, date: '2026-11-17' });
    await runOn(w, '2026-12-11');
    await w.owner.call('subscriptions.resume', { id: sub.id, date: '2026-12-11' });
    const inv = await invoices(w, customerId);
    // Dec has 31 days: 21 days from the 11th = 150.000 − 150.000 × 10/31 (48.387) = 101.613.
    expect(inv.map((i) => [i.kind, i.total])).toEqual([['activation', 150_000], ['change', -70_000], ['change', 101_613]]);
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ppp/secret').find({ name: sub.username })?.disabled).toBe('false');
  });

  it('refuses a username already used on the router, and invalid money', async () => {
    w = await billingWorld();
    await subscribe(w, { username: 'budi01' });
    const other = await seedCustomer(w.core, 'Budi');
    const e = await w.owner.fail('subscriptions.create', { customerId: other, planId: w.plans.A, routerId: w.routerId, username: 'budi01', password: 'x1', installDate: '2026-11-01' });
    expect(e.code).toBe('billing.username_taken');
    expect((await w.owner.fail('payments.create', { customerId: other, amount: 1.5, method: 'cash' })).code).toBe('validation');
    expect((await w.owner.fail('payments.create', { customerId: other, amount: 5000, method: 'transfer' })).code).toBe('validation');
    expect((await w.owner.fail('plans.create', { name: 'X', price: 100.5, profileName: 'x' })).code).toBe('validation');
  });

  it('credits give back what was invoiced: a new plan price holds from the next period, a new discount from its day', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, { discount: 10_000 });
    await w.owner.call('plans.update', { id: w.plans.A, name: 'Paket 10M', price: 300_000, profileName: 'pk-10M', rateLimit: '10M/10M' });
    await moveTo(w, '2026-11-11');
    await w.owner.call('subscriptions.update', { id: sub.id, password: 'pw123', anchor: 'fixed', anchorDay: 1, dueDays: 10, graceDays: 3, discount: 0 });
    await moveTo(w, '2026-11-17');
    await w.owner.call('subscriptions.terminate', { id: sub.id });
    // Invoiced 150.000 − 10.000. The discount ends on the 11th: 20 of 30 days give back 10.000 − 10.000 × 10/30 (3.333) = 6.667.
    // Ended on the 17th: 14 of 30 days at 150.000 (not the new 300.000) come back: 150.000 − 150.000 × 16/30 (80.000) = 70.000.
    expect((await invoices(w, customerId)).map((i) => i.total)).toEqual([140_000, 6_667, -70_000]);
    expect(await balance(w, customerId)).toBe(140_000 + 6_667 - 70_000);
  });

  it('voiding the running period leaves nothing to credit; resume cannot go back before the pause', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w);
    const [inv] = await invoices(w, customerId);
    await w.owner.call('invoices.void', { id: inv!.id, reason: 'Gratis bulan pertama' });
    await moveTo(w, '2026-11-17');
    await w.owner.call('subscriptions.pause', { id: sub.id });
    expect(await balance(w, customerId)).toBe(0);
    expect((await w.owner.fail('subscriptions.resume', { id: sub.id, date: '2026-11-10' })).code).toBe('billing.before_last_change');
    await moveTo(w, '2026-11-20');
    expect((await w.owner.call('subscriptions.resume', { id: sub.id, date: '2026-11-20' })).status).toBe('active');
    // The waived period stays free: resuming in it charges nothing.
    expect(await balance(w, customerId)).toBe(0);
  });

  it('a discount above the plan price is refused', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core);
    const e = await w.owner.fail('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'x1', password: 'pw', installDate: '2026-11-01', discount: 200_000 });
    expect(e.code).toBe('billing.discount_too_high');
  });
});
