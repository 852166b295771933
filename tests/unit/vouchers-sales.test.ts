import { afterEach, describe, expect, it } from 'vitest';
import { Caller } from '../support/core';
import { voucherWorld, type VoucherWorld } from '../support/vouchers';

let w: VoucherWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

describe('voucher sales and outlets', () => {
  it('counter sales, outlet stock and what an outlet owes, and the sales report by day, profile and outlet', async () => {
    w = await voucherWorld();
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 30 });
    await w.core.vouchers.pusher.idle();
    // A cashier sells 3 at the counter.
    await w.owner.call('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'kasir-pass1' });
    const cashier = new Caller(w.core);
    await cashier.call('auth.login', { username: 'kasir1', password: 'kasir-pass1' });
    await cashier.call('auth.changePassword', { currentPassword: 'kasir-pass1', newPassword: 'kasir-pass2' });
    const sold = await cashier.call('vouchers.sell', { profileId: w.profileId, quantity: 3 });
    expect(sold.map((v) => [v.serial, v.soldPrice, v.soldBy])).toEqual([[1, 5000, 'Siti Kasir'], [2, 5000, 'Siti Kasir'], [3, 5000, 'Siti Kasir']]);
    expect((await cashier.fail('vouchers.generate', { profileId: w.profileId, quantity: 1 })).code).toBe('forbidden');
    // Unsold stock is not a cashier's to read or print: codes come by selling.
    const seen = (await cashier.call('vouchers.list', { batchId: b.id, pageSize: 100 })).items;
    expect(seen.filter((v) => v.soldAt === null).every((v) => v.username === '••••••' && v.password === '••••••')).toBe(true);
    expect(seen.filter((v) => v.soldAt !== null).map((v) => v.username)).toEqual(sold.map((v) => v.username));
    expect((await cashier.call('vouchers.printData', { batchId: b.id })).vouchers.map((v) => v.serial)).toEqual([1, 2, 3]);
    expect((await cashier.call('vouchers.lookup', { code: '10' }))?.username).toBe('••••••');
    expect((await cashier.fail('vouchers.sell', { profileId: w.profileId, quantity: 100 })).code).toBe('vouchers.out_of_stock');
    // An outlet gets 10 at its own price of 4.500; 2 of them get used; it pays 5.000.
    const outlet = await w.owner.call('vouchers.saveOutlet', { name: 'Warung Bu Tini', phone: '0812', prices: [{ profileId: w.profileId, price: 4500 }] });
    expect(await w.owner.call('vouchers.handOver', { outletId: outlet.id, batchId: b.id, quantity: 10 })).toEqual({ handed: 10 });
    const handed = (await w.owner.call('vouchers.list', { outletId: outlet.id })).items;
    expect(handed).toHaveLength(10);
    for (const v of handed.slice(0, 2)) w.sim.state.login('/ip/hotspot/active', { user: v.username, uptime: '1m' });
    await w.core.vouchers.watch();
    let o = (await w.owner.call('vouchers.outlets', {}))[0]!;
    expect(o).toMatchObject({ stock: 8, soldValue: 9000, paid: 0, owes: 9000 });
    o = await w.owner.call('vouchers.outletPayment', { outletId: outlet.id, amount: 5000 });
    expect(o.owes).toBe(4000);
    const lookup = await w.owner.call('vouchers.lookup', { code: handed[0]!.username });
    expect(lookup).toMatchObject({ outletName: 'Warung Bu Tini', state: 'active' });
    // Counter stock excludes what outlets hold and what was sold.
    expect((await w.owner.call('vouchers.profiles', {}))[0]!.stock).toBe(30 - 3 - 10);

    const byDay = await w.owner.call('vouchers.sales', { from: '2026-11-25', to: '2026-11-25', groupBy: 'day' });
    expect(byDay).toMatchObject({ totalCount: 5, totalAmount: 3 * 5000 + 2 * 4500, rows: [{ key: '2026-11-25', count: 5 }] });
    const byOutlet = await w.owner.call('vouchers.sales', { from: '2026-11-25', to: '2026-11-25', groupBy: 'outlet' });
    expect(byOutlet.rows.map((r) => [r.key, r.count, r.amount])).toEqual([['', 3, 15000], ['Warung Bu Tini', 2, 9000]]);
    const nextDay = await w.owner.call('vouchers.sales', { from: '2026-11-26', to: '2026-11-30' });
    expect(nextDay.totalCount).toBe(0);
  });
});
