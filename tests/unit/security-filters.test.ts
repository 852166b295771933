import { afterEach, describe, expect, it } from 'vitest';
import { likeContains, likeEscape, likePrefix } from '../../main/core/sql';
import { Caller } from '../support/core';
import { billingWorld, seedCustomer, type BillingWorld } from '../support/billing';
import { voucherWorld, type VoucherWorld } from '../support/vouchers';

let bw: BillingWorld | null = null;
let vw: VoucherWorld | null = null;
afterEach(async () => {
  await bw?.close();
  await vw?.close();
  bw = null;
  vw = null;
});

/** A logged-in user of the given role (first password changed, as the app requires). */
async function userOf(core: BillingWorld['core'], owner: Caller, username: string, role: 'cashier' | 'technician' | 'admin'): Promise<Caller> {
  await owner.call('users.create', { username, fullName: `User ${username}`, role, password: 'temp-pass-1' });
  const c = new Caller(core);
  await c.call('auth.login', { username, password: 'temp-pass-1' });
  await c.call('auth.changePassword', { currentPassword: 'temp-pass-1', newPassword: 'real-pass-22' });
  return c;
}

describe('LIKE patterns from user input', () => {
  it('escapes backslash, percent and underscore', () => {
    expect(likeEscape('a_b%c\\d')).toBe('a\\_b\\%c\\\\d');
    expect(likeContains('50%')).toBe('%50\\%%');
    expect(likePrefix('users.')).toBe('users.%');
    expect(likePrefix('a_')).toBe('a\\_%');
  });

  it('users, audit, customers, invoices, subscriptions and payments treat % and _ as plain characters', async () => {
    bw = await billingWorld();
    const { owner, core } = bw;
    await owner.call('users.create', { username: 'kasir_1', fullName: 'Siti Kasir', role: 'cashier', password: 'temp-pass-1' });
    await owner.call('users.create', { username: 'kasir2', fullName: 'Dewi Kasir', role: 'cashier', password: 'temp-pass-1' });
    const customerId = await seedCustomer(core, 'Budi Hartono');
    await owner.call('subscriptions.create', {
      customerId,
      planId: bw.plans.A,
      routerId: bw.routerId,
      username: 'budi01',
      password: 'pw123',
      installDate: '2026-11-01',
      anchor: 'fixed',
      anchorDay: 1,
      installFee: 0,
      discount: 0,
    });
    await owner.call('payments.create', { customerId, amount: 5_000, method: 'transfer', reference: 'BCA-1', idempotencyKey: 'form-0001-abcd' });

    // users: '_' is an underscore, not "any one character"
    expect((await owner.call('users.list', { search: 'kasir' })).map((u) => u.username)).toEqual(['kasir2', 'kasir_1']);
    expect((await owner.call('users.list', { search: '_' })).map((u) => u.username)).toEqual(['kasir_1']);
    expect(await owner.call('users.list', { search: '%' })).toEqual([]);

    // audit: free text and the method prefix
    const all = await owner.call('audit.list', {});
    expect(all.total).toBeGreaterThan(3);
    expect((await owner.call('audit.list', { search: '%' })).total).toBe(0);
    expect((await owner.call('audit.list', { search: '_' })).items.every((a) => JSON.stringify([a.summary, a.username, a.summaryParams]).includes('_'))).toBe(true);
    expect((await owner.call('audit.list', { method: 'users.' })).total).toBe(2);
    expect((await owner.call('audit.list', { method: '_sers.' })).total).toBe(0);
    expect((await owner.call('audit.list', { method: '%.' })).total).toBe(0);

    // customers (already escaped; keep it so)
    expect((await owner.call('customers.list', { q: 'budi' })).total).toBe(1);
    expect((await owner.call('customers.list', { q: '%' })).total).toBe(0);
    expect((await owner.call('customers.list', { q: '_' })).total).toBe(0);

    // billing lists
    expect((await owner.call('invoices.list', {})).total).toBeGreaterThan(0);
    expect((await owner.call('invoices.list', { q: 'budi' })).total).toBeGreaterThan(0);
    expect((await owner.call('invoices.list', { q: '%' })).total).toBe(0);
    expect((await owner.call('invoices.list', { q: '_' })).total).toBe(0);
    expect((await owner.call('subscriptions.list', { q: 'budi' })).total).toBe(1);
    expect((await owner.call('subscriptions.list', { q: '%' })).total).toBe(0);
    expect((await owner.call('subscriptions.list', { q: '_' })).total).toBe(0);
    expect((await owner.call('payments.list', { q: 'BCA' })).total).toBe(1);
    expect((await owner.call('payments.list', { q: '%' })).total).toBe(0);
    expect((await owner.call('payments.list', { q: '_' })).total).toBe(0);
  });
});

describe('voucher list: a cashier cannot search codes they may not see', () => {
  it('wildcards and real code prefixes find no unsold stock for a cashier, and the total says so; a manager finds them', async () => {
    vw = await voucherWorld();
    const w = vw;
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 12, codeLength: 6, charset: 'upper-digits', prefix: 'RT' });
    await w.core.vouchers.pusher.idle();
    const cashier = await userOf(w.core, w.owner, 'kasir1', 'cashier');
    const sold = await cashier.call('vouchers.sell', { profileId: w.profileId, quantity: 2 });

    const stock = (await w.owner.call('vouchers.list', { batchId: b.id, pageSize: 100 })).items.filter((v) => v.soldAt === null);
    expect(stock).toHaveLength(10);
    const secret = stock[0]!.username;

    // Wildcards: nothing, not "every voucher".
    for (const q of ['_', '%', '__', '%%']) {
      const r = await cashier.call('vouchers.list', { q, pageSize: 100 });
      expect({ q, total: r.total, items: r.items.length }).toEqual({ q, total: 0, items: 0 });
      expect((await w.owner.call('vouchers.list', { q, pageSize: 100 })).total).toBe(0);
    }
    // A real code (or a prefix of it) of unsold stock: a cashier learns nothing, not even a count.
    for (const q of [secret, secret.slice(0, 4), secret.slice(0, 3), 'RT']) {
      const r = await cashier.call('vouchers.list', { q, pageSize: 100 });
      expect({ q, total: r.total, stock: r.items.filter((v) => v.soldAt === null).length }).toEqual({ q, total: r.items.length, stock: 0 });
    }
    expect((await cashier.call('vouchers.list', { q: secret })).total).toBe(0);
    // A code already sold is the cashier's to find.
    const found = await cashier.call('vouchers.list', { q: sold[0]!.username });
    expect(found.total).toBe(1);
    expect(found.items[0]!.username).toBe(sold[0]!.username);
    // What a cashier can see (the batch comment, the profile) still finds the stock, masked.
    const byComment = await cashier.call('vouchers.list', { q: b.comment, pageSize: 100 });
    expect(byComment.total).toBe(12);
    expect(byComment.items.filter((v) => v.soldAt === null).every((v) => v.username === '••••••')).toBe(true);
    expect((await cashier.call('vouchers.list', { q: '1 Hari', pageSize: 100 })).total).toBe(12);

    // A manager finds the unsold code by its prefix.
    const mgr = await w.owner.call('vouchers.list', { q: secret.slice(0, 5), pageSize: 100 });
    expect(mgr.items.map((v) => v.username)).toContain(secret);
    expect(mgr.total).toBe(mgr.items.length);
    expect((await w.owner.call('vouchers.list', { q: secret })).items.map((v) => v.username)).toEqual([secret]);
  });
});
