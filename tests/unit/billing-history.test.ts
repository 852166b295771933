import { afterEach, describe, expect, it } from 'vitest';
import { billingWorld, moveTo, query, seedCustomer, serviceCharged, type BillingWorld } from '../support/billing';

/**
 * Histories real offices produce (issue: "Billing you can trust to the rupiah"), each with its arithmetic.
 * Plans: A 150.000, B 300.000; anchor day 1; due 10 days; grace 3 days.
 */
let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function subscribe(world: BillingWorld, date: string, opts: { plan?: 'A' | 'B'; customerId?: number; username?: string } = {}) {
  const customerId = opts.customerId ?? (await seedCustomer(world.core));
  const sub = await world.owner.call('subscriptions.create', {
    customerId,
    planId: world.plans[opts.plan ?? 'A'],
    routerId: world.routerId,
    username: opts.username ?? `h${customerId}-${Math.random().toString(36).slice(2, 7)}`,
    password: 'pw123',
    installDate: date,
  });
  return { customerId, sub };
}

const q = query;
const invoices = (world: BillingWorld, customerId: number) =>
  q<{ id: number; number: string; kind: string; total: number; paid: number; status: string; issue_date: string; due_date: string; subscription_id: number }>(
    world,
    'SELECT id, number, kind, total, paid, status, issue_date, due_date, subscription_id FROM invoices WHERE customer_id = ? ORDER BY id',
    [customerId],
  );
const balance = async (world: BillingWorld, customerId: number) => (await q<{ b: number }>(world, 'SELECT COALESCE(SUM(amount), 0) AS b FROM ledger_entries WHERE customer_id = ?', [customerId]))[0]!.b;
const pay = (world: BillingWorld, customerId: number, amount: number) => world.owner.call('payments.create', { customerId, amount, method: 'cash' });

describe('one settlement truth', () => {
  it('a Rp 1 payment never reopens an invoice paid at the counter, and its receipt claims Rp 1', async () => {
    w = await billingWorld();
    const { customerId, sub: first } = await subscribe(w, '2026-11-01');
    await pay(w, customerId, 150_000);
    // A second subscription back-dated to the 21st of October: its invoices are dated the day they are made.
    await moveTo(w, '2026-11-05');
    const { sub: second } = await subscribe(w, '2026-10-21', { customerId });
    const before = await invoices(w, customerId);
    expect(before.find((i) => i.subscription_id === first.id)).toMatchObject({ status: 'paid', paid: 150_000 });
    const p = await pay(w, customerId, 1);
    expect(p.applied.reduce((a, x) => a + x.amount, 0)).toBe(1);
    const after = await invoices(w, customerId);
    expect(after.find((i) => i.subscription_id === first.id)).toMatchObject({ status: 'paid', paid: 150_000 });
    // Oct 21–31 = 11 of 31 days: 150.000 − 150.000 × 20/31 (96.774) = 53.226; then November whole.
    expect(after.filter((i) => i.subscription_id === second.id).map((i) => [i.total, i.paid])).toEqual([[53_226, 1], [150_000, 0]]);
    await w.core.billing.enforce();
    expect((await w.owner.call('subscriptions.get', { id: first.id })).status).toBe('active');
  });

  it('a run 8 days late dates its invoice that day and makes it due 10 days later, not in the past', async () => {
    w = await billingWorld();
    const { customerId } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-12-09');
    await w.core.billing.runInvoices();
    const [, dec] = await invoices(w, customerId);
    // Period 1 Dec; made on 9 Dec: due max(1 Dec, 9 Dec) + 10 = 19 Dec.
    expect(dec).toMatchObject({ kind: 'period', issue_date: '2026-12-09', due_date: '2026-12-19' });
    await moveTo(w, '2026-12-15');
    await w.core.billing.enforce();
    // Only November (due 11 Nov + 3 grace) is past due: 150.000 > 0 → isolated for that, not for December.
    const [row] = await q<{ overdue: number }>(w, "SELECT COALESCE(SUM(total - paid), 0) AS overdue FROM invoices WHERE customer_id = ? AND due_date < '2026-12-12'", [customerId]);
    expect(row!.overdue).toBe(150_000);
  });

  it('a debit adjustment waits its turn: an invoice paid in full stays paid and nobody is isolated before the charge is due', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await w.owner.call('billing.adjust', { customerId, amount: 25_000, reason: 'Ganti kabel' });
    await pay(w, customerId, 150_000);
    const [inv, charge] = await invoices(w, customerId);
    // Ledger order: invoice 150.000, charge 25.000, payment 150.000 → the invoice (older) is paid, the charge is open.
    expect(inv).toMatchObject({ status: 'paid', paid: 150_000 });
    expect(charge).toMatchObject({ kind: 'manual', total: 25_000, status: 'open', due_date: '2026-11-11' });
    await moveTo(w, '2026-11-14');
    await w.core.billing.enforce();
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('active');
    await moveTo(w, '2026-11-15');
    await w.core.billing.enforce();
    // 11 Nov + 3 days of grace has passed with 25.000 unpaid.
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('isolated');
  });

  it('the payments on an invoice follow the ledger after a later void', async () => {
    w = await billingWorld();
    const { customerId } = await subscribe(w, '2026-11-01');
    await w.owner.call('invoices.createCharge', { customerId, type: 'equipment', description: 'ONT', amount: 100_000 });
    const [nov, ont] = await invoices(w, customerId);
    const p = await pay(w, customerId, 150_000);
    expect((await w.owner.call('invoices.get', { id: nov!.id })).payments.map((x) => [x.number, x.amount])).toEqual([[p.number, 150_000]]);
    await w.owner.call('invoices.void', { id: nov!.id, reason: 'Gratis bulan pertama' });
    // The payment now pays the ONT (100.000) and leaves 50.000 credit.
    expect((await w.owner.call('invoices.get', { id: ont!.id })).payments.map((x) => [x.number, x.amount])).toEqual([[p.number, 100_000]]);
    expect((await w.owner.call('payments.get', { id: p.id })).applied.map((a) => a.amount)).toEqual([100_000]);
    expect(await balance(w, customerId)).toBe(-50_000);
  });
});

describe('dates that respect history', () => {
  it('a change dated before the last change is refused and changes nothing', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-11-21');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-11-21' });
    const count = (await invoices(w, customerId)).length;
    const e = await w.owner.fail('subscriptions.changePlan', { id: sub.id, planId: w.plans.A, date: '2026-11-11' });
    expect(e).toMatchObject({ code: 'billing.before_last_change', details: { since: '2026-11-21' } });
    expect((await w.owner.fail('subscriptions.terminate', { id: sub.id, date: '2026-11-05' })).code).toBe('billing.before_last_change');
    expect((await invoices(w, customerId)).length).toBe(count);
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).planName).toBe('Paket 20M');
  });

  it('a terminate inside a pause that was resumed is refused', async () => {
    w = await billingWorld();
    const { sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-11-10');
    await w.owner.call('subscriptions.pause', { id: sub.id, date: '2026-11-10' });
    await moveTo(w, '2026-11-20');
    await w.owner.call('subscriptions.resume', { id: sub.id, date: '2026-11-20' });
    expect((await w.owner.fail('subscriptions.terminate', { id: sub.id, date: '2026-11-15' })).code).toBe('billing.before_last_change');
  });

  it('a change more than a year ahead is refused and changes nothing', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    const count = (await invoices(w, customerId)).length;
    expect((await w.owner.fail('subscriptions.pause', { id: sub.id, date: '2027-12-01' })).code).toBe('billing.future_date');
    expect((await invoices(w, customerId)).length).toBe(count);
    expect(await w.owner.call('subscriptions.get', { id: sub.id })).toMatchObject({ status: 'active', scheduled: null });
  });

  it('a plan change in a period not invoiced yet invoices the period first, then bills the difference', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    // The December run has not happened; the change is made on 10 December.
    await moveTo(w, '2026-12-10');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-12-10' });
    const inv = await invoices(w, customerId);
    // December at A (150.000), then from the 10th (22 of 31 days): −(150.000 − 150.000×9/31) + (300.000 − 300.000×9/31)
    // = −(150.000 − 43.548) + (300.000 − 87.097) = −106.452 + 212.903 = 106.451.
    expect(inv.map((i) => [i.kind, i.total])).toEqual([['activation', 150_000], ['period', 150_000], ['change', 106_451]]);
    expect(await serviceCharged(w, sub.id, '2026-12-01')).toBe(43_548 + 212_903);
  });

  it('a pause in a period not invoiced yet bills the days before it', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-12-10');
    await w.owner.call('subscriptions.pause', { id: sub.id, date: '2026-12-10' });
    // 9 of 31 December days at 150.000: 43.548.
    expect(await serviceCharged(w, sub.id, '2026-12-01')).toBe(43_548);
    expect(await balance(w, customerId)).toBe(150_000 + 43_548);
  });

  it('an end recorded after the next run credits both periods it reaches', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-12-01');
    await w.core.billing.runInvoices();
    await moveTo(w, '2026-12-03');
    await w.owner.call('subscriptions.terminate', { id: sub.id, date: '2026-11-25' });
    const inv = await invoices(w, customerId);
    // November 25–30: 150.000 − 150.000×24/30 = 30.000 back; all of December (150.000) back.
    expect(inv[2]).toMatchObject({ kind: 'final', total: -180_000 });
    expect(await serviceCharged(w, sub.id, '2026-11-01')).toBe(120_000);
    expect(await serviceCharged(w, sub.id, '2026-12-01')).toBe(0);
    // The credit note pays the December invoice it corrects first, then November.
    expect(inv.map((i) => i.status)).toEqual(['partial', 'paid', 'paid']);
    expect(await balance(w, customerId)).toBe(120_000);
  });
});

describe('void undoes what the invoice did', () => {
  it('voiding a plan change puts the old plan back on the router; a later end credits the old plan', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-11-17');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-11-17' });
    const change = (await invoices(w, customerId)).find((i) => i.kind === 'change')!;
    await w.owner.call('invoices.void', { id: change.id, reason: 'Salah pilih paket' });
    const back = await w.owner.call('subscriptions.get', { id: sub.id });
    expect(back).toMatchObject({ planName: 'Paket 10M', termsSince: '2026-11-01' });
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ppp/secret').find({ name: sub.username })?.profile).toBe('pk-10M');
    await moveTo(w, '2026-11-24');
    await w.owner.call('subscriptions.terminate', { id: sub.id, date: '2026-11-24' });
    // 7 of 30 days of A come back: 150.000 − 150.000×23/30 = 35.000.
    expect((await invoices(w, customerId)).at(-1)).toMatchObject({ kind: 'final', total: -35_000 });
    expect(await serviceCharged(w, sub.id, '2026-11-01')).toBe(115_000);
  });

  it('only the newest change can be undone; a period changed later cannot be waived', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-11-10');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-11-10' });
    await moveTo(w, '2026-11-20');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.A, date: '2026-11-20' });
    const [activation, first, second] = await invoices(w, customerId);
    expect((await w.owner.fail('invoices.void', { id: first!.id, reason: 'coba' })).code).toBe('billing.void_not_latest');
    expect((await w.owner.fail('invoices.void', { id: activation!.id, reason: 'coba' })).code).toBe('billing.void_has_changes');
    await w.owner.call('invoices.void', { id: second!.id, reason: 'batal' });
    await w.owner.call('invoices.void', { id: first!.id, reason: 'batal' });
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).planName).toBe('Paket 10M');
    expect(await serviceCharged(w, sub.id, '2026-11-01')).toBe(150_000);
  });

  it('an end with nothing to credit takes no invoice number', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    const [inv] = await invoices(w, customerId);
    await w.owner.call('invoices.void', { id: inv!.id, reason: 'Gratis' });
    await moveTo(w, '2026-11-20');
    await w.owner.call('subscriptions.terminate', { id: sub.id, date: '2026-11-20' });
    expect((await invoices(w, customerId)).length).toBe(1);
    const [counter] = await q<{ value: number }>(w, "SELECT value FROM counters WHERE name = 'invoice:2026-11'");
    expect(counter!.value).toBe(1);
  });
});

describe('subscriptions billed before the timeline existed', () => {
  it('get a timeline from their current period at the first change', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    // What the previous version left: no timeline, no registered periods.
    await q(w, 'DELETE FROM subscription_terms');
    await q(w, 'DELETE FROM billing_periods');
    await q(w, 'UPDATE subscriptions SET terms_since = NULL');
    await moveTo(w, '2026-11-17');
    await w.owner.call('subscriptions.terminate', { id: sub.id, date: '2026-11-17' });
    // 14 of 30 days come back: 150.000 − 80.000 = 70.000.
    expect((await invoices(w, customerId)).map((i) => i.total)).toEqual([150_000, -70_000]);
  });
  it('are checked against that timeline: a plan change dated before their current period is refused', async () => {
    w = await billingWorld();
    const { sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-12-01');
    await w.core.billing.runInvoices();
    await q(w, 'DELETE FROM subscription_terms');
    await q(w, 'DELETE FROM billing_periods');
    await q(w, 'UPDATE subscriptions SET terms_since = NULL');
    await moveTo(w, '2026-12-05');
    // The known history starts with December: November cannot be re-derived.
    const e = await w.owner.fail('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-11-20' });
    expect(e).toMatchObject({ code: 'billing.before_last_change', details: { since: '2026-12-01' } });
  });
});

describe('changes dated in the future wait for their day', () => {
  it('a scheduled pause does nothing now, shows as scheduled, and happens on its date — router and bill together', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await w.core.outbox.idle();
    const s = await w.owner.call('subscriptions.pause', { id: sub.id, date: '2026-11-21' });
    expect(s).toMatchObject({ status: 'active', scheduled: { action: 'pause', date: '2026-11-21', planName: null } });
    expect((await w.owner.fail('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-11-25' })).code).toBe('billing.already_scheduled');
    expect((await invoices(w, customerId)).length).toBe(1);
    await moveTo(w, '2026-11-20');
    await w.core.billing.runInvoices();
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('active');
    await moveTo(w, '2026-11-21');
    await w.core.billing.runInvoices();
    const after = await w.owner.call('subscriptions.get', { id: sub.id });
    expect(after).toMatchObject({ status: 'paused', scheduled: null, termsSince: '2026-11-21' });
    // 10 of 30 days unused from the 21st: −(150.000 − 150.000×20/30) = −50.000.
    expect((await invoices(w, customerId)).map((i) => i.total)).toEqual([150_000, -50_000]);
    await w.core.outbox.idle();
    expect(w.sim.state.menu('/ppp/secret').find({ name: sub.username })?.disabled).toBe('true');
  });

  it('a scheduled plan change can be cancelled; a scheduled activation starts billing on its day', async () => {
    w = await billingWorld();
    const { sub } = await subscribe(w, '2026-11-01');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-12-01' });
    const cancelled = await w.owner.call('subscriptions.cancelScheduled', { id: sub.id });
    expect(cancelled.scheduled).toBeNull();
    const customerId = await seedCustomer(w.core);
    const pending = await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'baru01', password: 'pw', installDate: '2026-11-17' });
    expect(pending).toMatchObject({ status: 'pending', scheduled: { action: 'activate', date: '2026-11-17' } });
    expect((await invoices(w, customerId)).length).toBe(0);
    await moveTo(w, '2026-11-18');
    await w.core.billing.runInvoices();
    expect((await w.owner.call('subscriptions.get', { id: pending.id })).status).toBe('active');
    // From the 17th (missed by a day, applied on its own date): 150.000 − 150.000×16/30 = 70.000.
    expect((await invoices(w, customerId)).map((i) => [i.kind, i.total])).toEqual([['activation', 70_000]]);
  });

  it('a scheduled change that cannot happen any more is marked failed with the reason', async () => {
    w = await billingWorld();
    const { sub } = await subscribe(w, '2026-11-01');
    await w.owner.call('subscriptions.changePlan', { id: sub.id, planId: w.plans.B, date: '2026-11-20' });
    await w.owner.call('plans.setActive', { id: w.plans.B, active: false });
    await moveTo(w, '2026-11-20');
    await w.core.billing.runInvoices();
    const s = await w.owner.call('subscriptions.get', { id: sub.id });
    expect(s.scheduled).toBeNull();
    expect(s.scheduledFailed).toMatchObject({ action: 'changePlan', date: '2026-11-20' });
    expect(s.scheduledFailed!.error).toContain('billing.plan_archived');
    expect(s.planName).toBe('Paket 10M');
  });
});

describe('prices with PPN inside and rounded totals', () => {
  it('rounds each invoice to Rp 1.000 on its own line while the days stay charged to the rupiah', async () => {
    w = await billingWorld({ start: '2026-11-17' });
    await w.owner.call('settings.update', { group: 'billing', value: { ...w.core.settings.get('billing'), pricesIncludeTax: true, roundingUnit: 1000 } });
    const customerId = await seedCustomer(w.core);
    const sub = await w.owner.call('subscriptions.create', { customerId, planId: w.plans.T, routerId: w.routerId, username: 'ppn01', password: 'pw', installDate: '2026-11-17' });
    // 14 of 30 days of 100.000 (PPN included): 100.000 − 53.333 = 46.667; PPN inside 46.667 − 42.042 = 4.625; rounded to 47.000 (+333).
    let inv = await w.owner.call('invoices.list', { customerId });
    expect(inv.items[0]).toMatchObject({ subtotal: 42_042, tax: 4_625, rounding: 333, total: 47_000 });
    await moveTo(w, '2026-11-24');
    await w.owner.call('subscriptions.terminate', { id: sub.id, date: '2026-11-24' });
    inv = await w.owner.call('invoices.list', { customerId });
    // 7 days back: −(100.000 − 76.667) = −23.333, rounded to −23.000 (+333).
    expect(inv.items[0]).toMatchObject({ total: -23_000, rounding: 333 });
    // The days used, 17–23 November, cost 76.667 − 53.333 = 23.334 before rounding.
    expect(await serviceCharged(w, sub.id, '2026-11-01')).toBe(23_334);
  });
});

describe('late fees and money paid back', () => {
  it('charges one late fee on an invoice still unpaid N days after its due date', async () => {
    w = await billingWorld();
    await w.owner.call('settings.update', { group: 'billing', value: { ...w.core.settings.get('billing'), lateFeeAmount: 10_000, lateFeeDays: 5 } });
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    // Due 11 November; 5 days later is the 16th: on the 16th nothing yet, on the 17th the fee.
    await moveTo(w, '2026-11-16');
    await w.core.billing.enforce();
    expect((await invoices(w, customerId)).length).toBe(1);
    await moveTo(w, '2026-11-17');
    expect(await w.core.billing.enforce()).toMatchObject({ lateFees: 1 });
    await w.core.billing.enforce();
    const inv = await invoices(w, customerId);
    expect(inv.map((i) => [i.kind, i.total, i.subscription_id])).toEqual([['activation', 150_000, sub.id], ['manual', 10_000, sub.id]]);
    // Voided, it is not charged again.
    await w.owner.call('invoices.void', { id: inv[1]!.id, reason: 'Dimaafkan' });
    expect(await w.core.billing.enforce()).toMatchObject({ lateFees: 0 });
  });

  it('pays remaining credit back to a customer who left, never more, and books it as money out', async () => {
    w = await billingWorld();
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await pay(w, customerId, 150_000);
    const refuse = await w.owner.fail('payments.refund', { customerId, amount: 1_000, method: 'cash', note: 'Berhenti' });
    expect(refuse).toMatchObject({ code: 'billing.refund_not_allowed', details: { credit: 0 } });
    await moveTo(w, '2026-11-17');
    await w.owner.call('subscriptions.terminate', { id: sub.id, date: '2026-11-17' });
    // 14 of 30 days come back: 70.000 credit.
    expect(await balance(w, customerId)).toBe(-70_000);
    expect((await w.owner.fail('payments.refund', { customerId, amount: 70_001, method: 'cash', note: 'Berhenti' })).code).toBe('billing.refund_not_allowed');
    const r = await w.owner.call('payments.refund', { customerId, amount: 70_000, method: 'cash', note: 'Berhenti langganan', idempotencyKey: 'refund-key-1' });
    expect(r).toMatchObject({ kind: 'refund', number: 'RF/2026/11/00001', amount: 70_000, balanceAfter: 0 });
    expect((await w.owner.call('payments.refund', { customerId, amount: 70_000, method: 'cash', note: 'Berhenti langganan', idempotencyKey: 'refund-key-1' })).id).toBe(r.id);
    expect(await balance(w, customerId)).toBe(0);
    expect((await w.owner.fail('payments.reverse', { id: r.id, reason: 'coba' })).code).toBe('billing.bad_state');
    // November's cash: 150.000 in, 70.000 out.
    const dash = await w.owner.call('billing.dashboard', {});
    expect(dash.revenueThisMonth).toBe(80_000);
  });
});

describe('multi-month packages', () => {
  it('a 12-month package is invoiced as one at the plan discount, a change inside it is re-derived over the whole package', async () => {
    w = await billingWorld({ start: '2026-11-17' });
    await w.owner.call('plans.update', { id: w.plans.A, name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M', cycleDiscounts: { '12': 1000 } });
    const customerId = await seedCustomer(w.core);
    const sub = await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'tahunan', password: 'pw', installDate: '2026-11-17', cycleMonths: 12 });
    expect(sub).toMatchObject({ cycleMonths: 12, cycleDiscountBp: 1000 });
    await moveTo(w, '2026-12-01');
    await w.core.billing.runInvoices();
    let inv = await invoices(w, customerId);
    // First the days of November at the monthly price: 150.000 − 150.000×16/30 = 70.000.
    // Then 1 Dec 2026 – 30 Nov 2027 as one: 12 × 150.000 = 1.800.000 less 10 % (180.000) = 1.620.000.
    expect(inv.map((i) => [i.kind, i.total])).toEqual([['activation', 70_000], ['period', 1_620_000]]);
    const lines = (await w.owner.call('invoices.get', { id: inv[1]!.id })).lines.filter((l) => l.counted).map((l) => [l.description, l.amount]);
    expect(lines).toEqual([['planCycle', 1_800_000], ['cycleDiscount', -180_000]]);
    // Ended on 1 June 2027: 182 of 365 days were used; the rest comes back at the package price.
    await moveTo(w, '2027-06-01');
    await w.owner.call('subscriptions.terminate', { id: sub.id, date: '2027-06-01' });
    inv = await invoices(w, customerId);
    // Back: 1.800.000 − 1.800.000×182/365 (897.534) = 902.466 and the discount's share 180.000 − 89.753 = 90.247 → −812.219.
    expect(inv.at(-1)).toMatchObject({ kind: 'final', total: -812_219 });
    expect(await serviceCharged(w, sub.id, '2026-12-01')).toBe(1_620_000 - 812_219);
  });
});

describe('revenue month by month', () => {
  it('counts a 12-month package month by month (to the rupiah over the year) and cash in the month it moves', async () => {
    w = await billingWorld({ start: '2026-11-17' });
    await w.owner.call('plans.update', { id: w.plans.A, name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M', cycleDiscounts: { '12': 1000 } });
    const customerId = await seedCustomer(w.core);
    await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'tahunan2', password: 'pw', installDate: '2026-11-17', cycleMonths: 12 });
    await moveTo(w, '2026-12-01');
    await w.core.billing.runInvoices();
    const p = await pay(w, customerId, 1_690_000);
    await moveTo(w, '2027-01-05');
    await w.owner.call('payments.reverse', { id: p.id, reason: 'Giro ditolak' });
    const r = await w.owner.call('billing.revenue', { from: '2026-11', to: '2027-11' });
    const by = Object.fromEntries(r.months.map((m) => [m.month, m]));
    // November: the 14 first days, 70.000. December: 31 of 365 days of 1.800.000 (152.877) less the discount's share (15.288).
    expect(by['2026-11']!.invoiced).toBe(70_000);
    expect(by['2026-12']!.invoiced).toBe(152_877 - 15_288);
    expect(r.months.filter((m) => m.month >= '2026-12').reduce((a, m) => a + m.invoiced, 0)).toBe(1_620_000);
    // The payment counts in December, its reversal in January.
    expect([by['2026-12']!.cash, by['2027-01']!.cash]).toEqual([1_690_000, -1_690_000]);
    expect(r.totals.cash).toBe(0);
  });
});

describe('isolated subscriptions not billed (office setting)', () => {
  it('a period that starts while isolated waits for the restore and is charged from that day', async () => {
    w = await billingWorld();
    await w.owner.call('settings.update', { group: 'billing', value: { ...w.core.settings.get('billing'), billIsolated: false } });
    const { customerId, sub } = await subscribe(w, '2026-11-01');
    await moveTo(w, '2026-11-15');
    await w.core.billing.enforce();
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('isolated');
    await moveTo(w, '2026-12-01');
    await w.core.billing.runInvoices();
    // November stays charged (it began before the isolation); December is not invoiced while isolated.
    expect((await invoices(w, customerId)).map((i) => i.total)).toEqual([150_000]);
    await moveTo(w, '2026-12-10');
    await pay(w, customerId, 150_000);
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('active');
    // Restored on the 10th: 22 of 31 days, 150.000 − 150.000×9/31 (43.548) = 106.452.
    expect((await invoices(w, customerId)).map((i) => [i.kind, i.total])).toEqual([['activation', 150_000], ['change', 106_452]]);
    expect(await serviceCharged(w, sub.id, '2026-12-01')).toBe(106_452);
  });
});
