import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { refreshSearch } from '../../main/modules/customers/search';
import { Caller, setupOffice, startCore, TestClock } from '../support/core';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function office(): Promise<{ core: Core; owner: Caller }> {
  core = await startCore({ now: new TestClock().now });
  return { core, owner: await setupOffice(core) };
}

async function loginAs(c: Core, username: string, password: string): Promise<Caller> {
  const caller = new Caller(c);
  await caller.call('auth.login', { username, password });
  await caller.call('auth.changePassword', { currentPassword: password, newPassword: `${password}-new` });
  return caller;
}

/** A router, a plan and a subscription written straight to the tables. */
async function rawSubscription(c: Core, customerId: number, username: string, status: string): Promise<number> {
  return c.db.write(async (em) => {
    const at = '2026-11-01T00:00:00.000Z';
    await em.query("INSERT OR IGNORE INTO routers (id, name, host, port, username, password_sealed, created_at, updated_at) VALUES (1, 'Tower', '192.0.2.1', 8728, 'api', '', ?, ?)", [at, at]);
    await em.query("INSERT OR IGNORE INTO plans (id, name, price, profile_name, created_at, updated_at) VALUES (1, 'Paket 10M', 150000, 'pk-10M', ?, ?)", [at, at]);
    const [s] = (await em.query(
      `INSERT INTO subscriptions (customer_id, plan_id, router_id, username, password, status, install_date, anchor, anchor_day, due_days, grace_days, created_at, updated_at)
       VALUES (?, 1, 1, ?, 'pw', ?, '2026-11-01', 'fixed', 1, 10, 3, ?, ?) RETURNING id`,
      [customerId, username, status, at, at],
    )) as { id: number }[];
    await refreshSearch(em, customerId);
    return s!.id;
  });
}

describe('customers: numbers and phones', () => {
  it('numbers customers without gaps, even when a create fails, and follows the prefix setting', async () => {
    const { owner } = await office();
    const a = await owner.call('customers.create', { name: 'Siti Aminah', phone: '0812-3456-7890' });
    const b = await owner.call('customers.create', { name: 'Budi Hartono' });
    expect([a.number, b.number]).toEqual(['PLG-000001', 'PLG-000002']);
    const bad = await owner.fail('customers.create', { name: 'Salah Nomor', phone: '0812' });
    expect(bad).toMatchObject({ code: 'customers.phone_invalid', details: { field: 'phone' } });
    expect((await owner.fail('customers.create', { name: 'Kolektor Hilang', collectorId: 999 })).details).toMatchObject({ field: 'collectorId' });
    const c = await owner.call('customers.create', { name: 'Citra Dewi' });
    expect(c.number).toBe('PLG-000003');
    await owner.call('settings.update', { group: 'billing', value: { customerPrefix: 'RT5/' } });
    expect((await owner.call('customers.create', { name: 'Dodi' })).number).toBe('RT5/000004');
  });

  it('stores every common way of writing a number in international form', async () => {
    const { owner } = await office();
    const forms: [string, string][] = [
      ['0812-3456-7890', '+6281234567890'],
      ['6281234567891', '+6281234567891'],
      ['+62 812-3456-7892', '+6281234567892'],
      ['(0812) 3456 7893', '+6281234567893'],
    ];
    for (const [i, [raw, e164]] of forms.entries()) {
      const c = await owner.call('customers.create', { name: `Pelanggan ${i}`, phone: raw, whatsapp: raw });
      expect([c.phone, c.whatsapp]).toEqual([e164, e164]);
    }
    const empty = await owner.call('customers.create', { name: 'Tanpa HP', phone: '', whatsapp: '  ' });
    expect([empty.phone, empty.whatsapp]).toEqual([null, null]);
    const onlyPhone = await owner.call('customers.create', { name: 'Hanya HP', phone: '081311112222' });
    expect(onlyPhone.whatsapp).toBeNull();
    for (const bad of ['12', '0812-abc-7890', '+62 812 3456 7890 1234']) {
      expect((await owner.fail('customers.create', { name: 'X Y', whatsapp: bad })).details).toMatchObject({ field: 'whatsapp' });
    }
  });
});

describe('customers: edit, status, collector, audit, roles', () => {
  it('updates fields and search, names the collector, and records changes under the customer', async () => {
    const { core: c, owner } = await office();
    const kol = await owner.call('users.create', { username: 'kolektor1', fullName: 'Joko Kolektor', role: 'collector', password: 'kolektor-1' });
    const a = await owner.call('customers.create', { name: 'Siti Aminah', area: 'RT 05' });
    const other = await owner.call('customers.create', { name: 'Budi Hartono' });
    const edited = await owner.call('customers.update', { id: a.id, name: 'Siti Rahma', area: 'RT 05', phone: '081234567890', collectorId: kol.id, lat: -6.2, lng: 106.8 });
    expect(edited).toMatchObject({ number: 'PLG-000001', name: 'Siti Rahma', phone: '+6281234567890', collectorId: kol.id, collectorName: 'Joko Kolektor', lat: -6.2 });
    expect(edited.updatedAt).toBe('2026-11-25T03:00:00.000Z');
    expect((await owner.call('customers.list', { q: 'rahma' })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await owner.call('customers.list', { q: 'aminah' })).total).toBe(0);
    expect((await owner.fail('customers.update', { id: 999, name: 'Nobody' })).code).toBe('not_found');

    await owner.call('customers.setStatus', { id: a.id, status: 'inactive' });
    await owner.call('customers.update', { id: other.id, name: 'Budi H' });
    const log = await owner.call('audit.list', { customerId: a.id });
    expect(log.items.map((e) => e.summary)).toEqual([
      'Set customer PLG-000001 Siti Rahma to inactive',
      'Changed customer PLG-000001 Siti Rahma',
      'Added customer PLG-000001 Siti Aminah',
    ]);
    expect(log.items[1]!.details?.changed).toEqual(['name', 'phone', 'lat', 'lng', 'collectorId']);
    expect(log.items[0]!.summaryParams).toEqual({ number: 'PLG-000001', name: 'Siti Rahma', status: 'inactive' });
    expect((await owner.call('audit.list', { customerId: other.id })).total).toBe(2);
    expect((await owner.call('customers.get', { id: a.id })).customer.status).toBe('inactive');
    void c;
  });

  it('refuses to deactivate a customer while a subscription still gives service', async () => {
    const { core: c, owner } = await office();
    const a = await owner.call('customers.create', { name: 'Siti Aminah' });
    const subId = await rawSubscription(c, a.id, 'siti01', 'paused');
    const err = await owner.fail('customers.setStatus', { id: a.id, status: 'inactive' });
    expect(err).toMatchObject({ code: 'customers.has_service', details: { count: 1 } });
    expect((await owner.call('customers.get', { id: a.id })).customer.status).toBe('active');
    await c.db.write((em) => em.query("UPDATE subscriptions SET status = 'terminated' WHERE id = ?", [subId]));
    expect((await owner.call('customers.setStatus', { id: a.id, status: 'inactive' })).status).toBe('inactive');
    expect((await owner.call('customers.setStatus', { id: a.id, status: 'active' })).status).toBe('active');
  });

  it('a cashier reads customers but cannot create or change them', async () => {
    const { core: c, owner } = await office();
    const a = await owner.call('customers.create', { name: 'Siti Aminah' });
    await owner.call('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'kasir-pass1' });
    const kasir = await loginAs(c, 'kasir1', 'kasir-pass1');
    expect((await kasir.call('customers.list', {})).total).toBe(1);
    expect((await kasir.call('customers.get', { id: a.id })).customer.name).toBe('Siti Aminah');
    expect((await kasir.fail('customers.create', { name: 'Baru' })).code).toBe('forbidden');
    expect((await kasir.fail('customers.update', { id: a.id, name: 'Ganti' })).code).toBe('forbidden');
    expect((await kasir.fail('customers.importPreview', { format: 'csv', base64: '' })).code).toBe('forbidden');
    expect((await owner.call('customers.list', {})).total).toBe(1);
  });

  it('get returns subscriptions; areas are distinct, sorted and non-empty', async () => {
    const { core: c, owner } = await office();
    const a = await owner.call('customers.create', { name: 'Siti Aminah', area: 'RT 07' });
    await owner.call('customers.create', { name: 'Budi', area: 'RT 05' });
    await owner.call('customers.create', { name: 'Citra', area: 'RT 07' });
    await owner.call('customers.create', { name: 'Dodi' });
    expect(await owner.call('customers.areas', {})).toEqual(['RT 05', 'RT 07']);
    await rawSubscription(c, a.id, 'siti01', 'active');
    const d = await owner.call('customers.get', { id: a.id });
    expect(d.subscriptions.map((s) => [s.username, s.planName, s.routerName, s.status])).toEqual([['siti01', 'Paket 10M', 'Tower', 'active']]);
    expect([d.balance, d.overdue]).toEqual([0, 0]);
    expect((await owner.fail('customers.get', { id: 999 })).code).toBe('not_found');
  });
});
