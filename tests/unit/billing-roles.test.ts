import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/permissions';
import { Caller } from '../support/core';
import { billingWorld, seedCustomer, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function staff(world: BillingWorld, username: string, role: Role): Promise<Caller> {
  await world.owner.call('users.create', { username, fullName: `${username} staff`, role, password: 'pass-12345' });
  const c = new Caller(world.core);
  await c.call('auth.login', { username, password: 'pass-12345' });
  await c.call('auth.changePassword', { currentPassword: 'pass-12345', newPassword: 'pass-12345-new' });
  return c;
}

describe('who may do what with money', () => {
  it('a cashier and a collector take payments but cannot reverse, void, adjust or change plans; a technician sees no money', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core, 'Rina');
    const sub = await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'rina', password: 'pw1', installDate: '2026-11-01' });
    const cashier = await staff(w, 'kasir1', 'cashier');
    const collector = await staff(w, 'kolektor1', 'collector');
    const tech = await staff(w, 'teknisi1', 'technician');

    const p = await cashier.call('payments.create', { customerId, amount: 50_000, method: 'cash' });
    expect(p.receivedBy).toBe('kasir1 staff');
    await collector.call('payments.create', { customerId, amount: 20_000, method: 'transfer', reference: 'BRI 998' });
    await collector.call('subscriptions.promise', { id: sub.id, until: '2026-11-10', note: 'Minggu depan' });
    // A long promise is a manager's call; a promise in the past is no promise.
    expect((await collector.fail('subscriptions.promise', { id: sub.id, until: '2026-12-31' })).code).toBe('billing.promise_too_long');
    expect((await collector.fail('subscriptions.promise', { id: sub.id, until: '2026-10-01' })).code).toBe('billing.date_out_of_period');
    await w.owner.call('subscriptions.promise', { id: sub.id, until: '2026-12-31' });
    for (const c of [cashier, collector]) {
      expect((await c.fail('payments.reverse', { id: p.id, reason: 'salah' })).code).toBe('forbidden');
      expect((await c.fail('invoices.void', { id: 1, reason: 'salah' })).code).toBe('forbidden');
      expect((await c.fail('billing.adjust', { customerId, amount: -1000, reason: 'diskon' })).code).toBe('forbidden');
      expect((await c.fail('plans.create', { name: 'Murah', price: 1000, profileName: 'murah' })).code).toBe('forbidden');
      expect((await c.fail('subscriptions.changePlan', { id: sub.id, planId: w.plans.B })).code).toBe('forbidden');
    }
    expect((await cashier.call('invoices.list', {})).total).toBe(1);
    // PPPoE passwords are for installers and managers, not the counter.
    expect((await cashier.call('subscriptions.get', { id: sub.id })).password).toBe('');
    expect((await tech.call('subscriptions.get', { id: sub.id })).password).toBe('pw1');
    expect((await tech.fail('invoices.list', {})).code).toBe('forbidden');
    expect((await tech.fail('payments.create', { customerId, amount: 1000, method: 'cash' })).code).toBe('forbidden');
    expect((await tech.fail('billing.dashboard', {})).code).toBe('forbidden');
    // The admin's reversal is an audited ledger entry; the payment row stays.
    await w.owner.call('payments.reverse', { id: p.id, reason: 'Uang kembali' });
    const audit = await w.owner.call('audit.list', { method: 'payments.' });
    expect(audit.items.map((a) => a.summaryKey)).toEqual(['payments.reversed', 'payments.received', 'payments.received']);
    expect((await w.owner.call('payments.list', { customerId })).total).toBe(2);
  });
});
