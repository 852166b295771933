import { afterEach, describe, expect, it } from 'vitest';
import { hotspotLogin } from '../../main/modules/vouchers/templates';
import { Caller } from '../support/core';
import { voucherWorld, type VoucherWorld } from '../support/vouchers';

let w: VoucherWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const TEMPLATE = { name: 'Kartu kecil', paper: 'a4' as const, columns: 5, rows: 10, html: '<div>{{username}}</div>', css: '.x{color:red}' };

async function audit(world: VoucherWorld, method: string) {
  const page = await world.owner.call('audit.list', { page: 1, pageSize: 50 });
  return page.items.filter((e) => e.method === method);
}

describe('voucher templates over the contract', () => {
  it('saves, lists, edits and removes a template, each change audited; names are unique', async () => {
    w = await voucherWorld();
    const saved = await w.owner.call('vouchers.saveTemplate', TEMPLATE);
    expect(saved).toMatchObject({ ...TEMPLATE, id: expect.any(Number) });
    expect(await w.owner.call('vouchers.templates', {})).toEqual([saved]);

    const clash = await w.owner.fail('vouchers.saveTemplate', { ...TEMPLATE, html: '<b>x</b>' });
    expect(clash).toMatchObject({ code: 'conflict', details: { field: 'name' } });

    const edited = await w.owner.call('vouchers.saveTemplate', { ...TEMPLATE, id: saved.id, paper: '58mm', columns: 1, html: '<p>{{password}}</p>' });
    expect(edited).toMatchObject({ id: saved.id, paper: '58mm', columns: 1, html: '<p>{{password}}</p>', createdAt: saved.createdAt });
    expect(await w.owner.call('vouchers.templates', {})).toHaveLength(1);

    expect(await w.owner.call('vouchers.removeTemplate', { id: saved.id })).toEqual({ ok: true });
    expect(await w.owner.call('vouchers.templates', {})).toEqual([]);
    expect((await w.owner.fail('vouchers.removeTemplate', { id: saved.id })).code).toBe('not_found');

    const saves = await audit(w, 'vouchers.saveTemplate');
    expect(saves.map((e) => e.summary)).toEqual(['Saved voucher template Kartu kecil', 'Saved voucher template Kartu kecil']);
    expect((await audit(w, 'vouchers.removeTemplate')).map((e) => e.summary)).toEqual(['Removed voucher template Kartu kecil']);
  });

  it('refuses bad templates: empty HTML, unknown paper, too many columns', async () => {
    w = await voucherWorld();
    for (const bad of [{ ...TEMPLATE, html: '   ' }, { ...TEMPLATE, paper: 'a5' }, { ...TEMPLATE, columns: 9 }, { ...TEMPLATE, name: '' }]) {
      expect((await w.owner.fail('vouchers.saveTemplate', bad as typeof TEMPLATE)).code).toBe('validation');
    }
    expect(await w.owner.call('vouchers.templates', {})).toEqual([]);
  });

  it('a cashier may read templates and print data but not change templates', async () => {
    w = await voucherWorld();
    await w.owner.call('users.create', { username: 'kasir1', fullName: 'Kasir Satu', role: 'cashier', password: 'kasir-pass-1' });
    const kasir = new Caller(w.core);
    await kasir.call('auth.login', { username: 'kasir1', password: 'kasir-pass-1' });
    await kasir.call('auth.changePassword', { currentPassword: 'kasir-pass-1', newPassword: 'kasir-pass-2' }).catch(() => undefined);
    expect(await kasir.call('vouchers.templates', {})).toEqual([]);
    expect((await kasir.fail('vouchers.saveTemplate', TEMPLATE)).code).toBe('forbidden');
  });
});

describe('vouchers.printData', () => {
  it('gives a batch in serial order with profile fields, the office and the QR login URL', async () => {
    w = await voucherWorld();
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 12, mode: 'up', codeLength: 5 });
    await w.core.vouchers.pusher.idle();
    await w.owner.call('settings.update', { group: 'vouchers', value: { reportUrl: '', loginUrl: 'http://hotspot.rt05.net/login' } });

    const d = await w.owner.call('vouchers.printData', { batchId: b.id });
    expect(d.office).toMatchObject({ name: 'RT05 Net', phone: '0812-3456-7890', logo: null });
    expect(d.hotspotName).toBe('RT05 Net');
    expect(d.routers).toEqual([{ id: w.routerId, name: 'Tower', dnsName: 'hotspot.rt05.net', loginUrl: 'http://hotspot.rt05.net/login' }]);
    expect(d.vouchers).toHaveLength(12);
    expect(d.vouchers.map((v) => v.serial)).toEqual([...d.vouchers.map((v) => v.serial)].sort((a, c) => a - c));
    expect(d.vouchers[0]).toMatchObject({ mode: 'up', profile: '1 Hari', validity: '1d', price: 5000, comment: b.comment, routerId: w.routerId, timeLimit: null, dataQuotaMb: null });
    expect(d.vouchers.every((v) => v.username.length >= 5 && v.password.length > 0)).toBe(true);

    const some = await w.owner.call('vouchers.printData', { ids: [d.vouchers[3]!.id, d.vouchers[1]!.id] });
    expect(some.vouchers.map((v) => v.id)).toEqual([d.vouchers[1]!.id, d.vouchers[3]!.id]);
  });

  it('without a login URL the router hotspot DNS name is used, else no QR', async () => {
    w = await voucherWorld();
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 2 });
    await w.core.vouchers.pusher.idle();
    expect((await w.owner.call('vouchers.printData', { batchId: b.id })).routers[0]).toMatchObject({ dnsName: '', loginUrl: '' });
    await w.core.db.write((em) => em.query("UPDATE routers SET hotspot_dns = 'wifi.rt05' WHERE id = ?", [w!.routerId]));
    expect((await w.owner.call('vouchers.printData', { batchId: b.id })).routers[0]).toMatchObject({ dnsName: 'wifi.rt05', loginUrl: 'http://wifi.rt05/login' });
    expect(hotspotLogin('http://10.5.50.1/login', '')).toEqual({ dnsName: '10.5.50.1', loginUrl: 'http://10.5.50.1/login' });
  });

  it('needs exactly one of batch or ids; an unknown batch is not found; removed vouchers are left out', async () => {
    w = await voucherWorld();
    expect((await w.owner.fail('vouchers.printData', {})).code).toBe('validation');
    expect((await w.owner.fail('vouchers.printData', { batchId: 1, ids: [1] })).code).toBe('validation');
    expect((await w.owner.fail('vouchers.printData', { batchId: 999 })).code).toBe('not_found');
    const b = await w.owner.call('vouchers.generate', { profileId: w.profileId, quantity: 3 });
    await w.core.vouchers.pusher.idle();
    const [first] = (await w.owner.call('vouchers.printData', { batchId: b.id })).vouchers;
    await w.core.db.write((em) => em.query("UPDATE vouchers SET state = 'removed' WHERE id = ?", [first!.id]));
    expect((await w.owner.call('vouchers.printData', { batchId: b.id })).vouchers).toHaveLength(2);
  });
});
