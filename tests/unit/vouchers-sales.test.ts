import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { paths } from '../../main/core/config';
import { openDatabase } from '../../main/core/db';
import { MIGRATIONS } from '../../migrations';
import { Caller, OWNER, startCore, tempDir } from '../support/core';
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

describe("an outlet's statement and taking stock back", () => {
  it('lists hand-overs, used vouchers per office day, payments and take-backs with the running balance', async () => {
    w = await voucherWorld();
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 12 });
    await w.core.vouchers.pusher.idle();
    const outlet = await w.owner.call('vouchers.saveOutlet', { name: 'Konter Jaya', prices: [{ profileId: w.profileId, price: 4000 }] });
    await w.owner.call('vouchers.handOver', { outletId: outlet.id, batchId: b.id, quantity: 10 });
    const handed = (await w.owner.call('vouchers.list', { outletId: outlet.id })).items;
    w.clock.advance(600_000);
    // Day 1 (25 Nov, WIB): two used. Then 18:30 UTC = 01:30 WIB on the 26th: one more, on the next office day.
    for (const v of handed.slice(0, 2)) w.sim.state.login('/ip/hotspot/active', { user: v.username, uptime: '1m' });
    await w.core.vouchers.watch();
    w.clock.advance(3_600_000);
    await w.owner.call('vouchers.outletPayment', { outletId: outlet.id, amount: 5000, note: 'titip lewat anak' });
    w.clock.t = new Date('2026-11-25T18:30:00.000Z');
    // (Sessions end after hours idle: both log in again.)
    await w.owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
    await w.owner.call('users.create', { username: 'kasir2', fullName: 'Ani Kasir', role: 'cashier', password: 'kasir-pass1' });
    const cashier = new Caller(w.core);
    await cashier.call('auth.login', { username: 'kasir2', password: 'kasir-pass1' });
    await cashier.call('auth.changePassword', { currentPassword: 'kasir-pass1', newPassword: 'kasir-pass2' });
    w.sim.state.login('/ip/hotspot/active', { user: handed[2]!.username, uptime: '1m' });
    await w.core.vouchers.watch();

    // A cashier cannot take stock back; nothing to take back is a clear error, and changes nothing.
    expect((await cashier.fail('vouchers.takeBack', { outletId: outlet.id })).code).toBe('forbidden');
    // Chosen vouchers that are used, or not this outlet's, do not come back.
    expect((await w.owner.fail('vouchers.takeBack', { outletId: outlet.id, ids: [handed[0]!.id] })).code).toBe('vouchers.nothing_to_return');
    expect(await w.owner.call('vouchers.takeBack', { outletId: outlet.id, ids: [handed[3]!.id, handed[0]!.id] })).toEqual({ returned: 1, used: 0 });
    w.clock.advance(60_000);
    // A buyer used one 10 s ago; no poll has seen it yet. With the router away, nothing comes back (the debt could be lost)...
    w.sim.state.login('/ip/hotspot/active', { user: handed[4]!.username, uptime: '10s' });
    await w.sim.faults.refuseConnections(true);
    w.sim.faults.disconnectAll();
    expect((await w.owner.fail('vouchers.takeBack', { outletId: outlet.id })).code).toBe('vouchers.router_unreachable');
    expect((await w.owner.call('vouchers.outlets', {}))[0]!.stock).toBe(6);
    // ...with the router back, the used one stays the outlet's and is charged; the other 5 come back.
    await w.sim.faults.refuseConnections(false);
    expect(await w.owner.call('vouchers.takeBack', { outletId: outlet.id })).toEqual({ returned: 5, used: 1 });
    expect((await w.owner.fail('vouchers.takeBack', { outletId: outlet.id })).code).toBe('vouchers.nothing_to_return');

    const s = await w.owner.call('vouchers.outletStatement', { outletId: outlet.id });
    expect(s.outlet).toMatchObject({ stock: 0, soldValue: 16_000, paid: 5000, owes: 11_000 });
    expect(s.truncated).toBe(false);
    expect([...s.lines].reverse().map((l) => [l.day, l.kind, l.count, l.debit, l.credit, l.balance, l.note])).toEqual([
      ['2026-11-25', 'handover', 10, 0, 0, 0, ''],
      ['2026-11-25', 'used', 2, 8000, 0, 8000, ''],
      ['2026-11-25', 'payment', 0, 0, 5000, 3000, 'titip lewat anak'],
      ['2026-11-26', 'used', 1, 4000, 0, 7000, ''],
      ['2026-11-26', 'takeback', 1, 0, 0, 7000, ''],
      ['2026-11-26', 'used', 1, 4000, 0, 11_000, ''],
      ['2026-11-26', 'takeback', 5, 0, 0, 11_000, ''],
    ]);
    expect(s.lines.find((l) => l.kind === 'payment')?.by).toBe(s.lines.find((l) => l.kind === 'handover')?.by);
    // Taken-back vouchers are counter stock again, at the counter price.
    expect((await w.owner.call('vouchers.profiles', {}))[0]!.stock).toBe(12 - 10 + 6);
    const back = await w.owner.call('vouchers.lookup', { code: handed[3]!.username });
    expect(back).toMatchObject({ outletName: null, soldPrice: null, state: 'unused' });
  });
});

describe('the OutletStock migration', () => {
  it('reads hand-overs made before it back from the vouchers still at the outlets', async () => {
    const dir = tempDir();
    // The database as it was before OutletStock (and the migrations after it).
    const at = MIGRATIONS.findIndex((m) => m.migrationName === 'OutletStock1764500000000');
    const later = MIGRATIONS.splice(at);
    try {
      // Today's code does not run against yesterday's schema: only the database is opened (migrated up to
      // then), and the old rows are written as they were then.
      const old = await openDatabase({ file: paths(dir).database, entities: [], backupDir: paths(dir).backups, logger: pino({ level: 'silent' }) });
      try {
        const q = (sql: string, params: unknown[] = []) => old.manager.query(sql, params);
        const t = '2026-11-01T00:00:00.000Z';
        await q("INSERT INTO routers (name, host, port, username, password_sealed, created_at, updated_at) VALUES ('R1', '127.0.0.1', 8728, 'admin', 'x', ?, ?)", [t, t]);
        await q(
          "INSERT INTO voucher_profiles (router_id, name, profile_name, price, selling_price, validity_seconds, created_at, updated_at) VALUES (1, '1 Hari', '1Hari', 4000, 5000, 86400, ?, ?)",
          [t, t],
        );
        await q("INSERT INTO voucher_batches (router_id, profile_id, quantity, mode, code_length, charset, comment, status, created_at) VALUES (1, 1, 5, 'vc', 6, 'mix', 'vc-001-11.01.26', 'done', ?)", [t]);
        await q("INSERT INTO outlets (name, created_at, updated_at) VALUES ('Warung Lama', ?, ?)", [t, t]);
        for (let serial = 1; serial <= 5; serial++) {
          const handed = serial <= 3 ? '2026-11-20T02:00:00.000Z' : serial === 4 ? '2026-11-22T02:00:00.000Z' : null;
          await q(
            "INSERT INTO vouchers (batch_id, router_id, profile_id, serial, username, password, state, on_router, outlet_id, handed_at, sold_price, created_at) VALUES (1, 1, 1, ?, ?, ?, 'unused', 1, ?, ?, ?, ?)",
            [serial, `K${serial}`, `K${serial}`, handed ? 1 : null, handed, handed ? 4000 : null, t],
          );
        }
      } finally {
        await old.close();
      }
    } finally {
      MIGRATIONS.push(...later);
    }
    const core = await startCore({ dataDir: dir });
    try {
      expect(await core.db.manager.query('SELECT outlet_id, kind, count, at FROM outlet_stock_moves ORDER BY at')).toEqual([
        { outlet_id: 1, kind: 'handover', count: 3, at: '2026-11-20T02:00:00.000Z' },
        { outlet_id: 1, kind: 'handover', count: 1, at: '2026-11-22T02:00:00.000Z' },
      ]);
    } finally {
      await core.close();
    }
  });
});
