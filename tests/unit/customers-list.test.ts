import { afterEach, describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import type { Core } from '../../main/app/app';
import type { Input } from '../../shared/contract';
import { refreshSearch } from '../../main/modules/customers/search';
import { type Caller, setupOffice, startCore, TestClock } from '../support/core';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

const AT = '2026-11-01T00:00:00.000Z';
let invoiceSeq = 0;

async function office(now = '2026-11-25T03:00:00.000Z'): Promise<{ core: Core; owner: Caller }> {
  core = await startCore({ now: new TestClock(new Date(now)).now });
  invoiceSeq = 0;
  const owner = await setupOffice(core);
  await core.db.write(async (em) => {
    for (const id of [1, 2]) {
      await em.query("INSERT INTO routers (id, name, host, port, username, password_sealed, created_at, updated_at) VALUES (?, ?, '192.0.2.1', 8728, 'api', '', ?, ?)", [id, `Tower ${id}`, AT, AT]);
      await em.query('INSERT INTO plans (id, name, price, profile_name, created_at, updated_at) VALUES (?, ?, 150000, ?, ?, ?)', [id, `Paket ${id}0M`, `pk-${id}`, AT, AT]);
    }
  });
  return { core, owner };
}

async function sub(em: EntityManager, customerId: number, username: string, status: string, routerId = 1, planId = 1): Promise<void> {
  await em.query(
    `INSERT INTO subscriptions (customer_id, plan_id, router_id, username, password, status, install_date, anchor, anchor_day, due_days, grace_days, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'pw', ?, '2026-11-01', 'fixed', 1, 10, 3, ?, ?)`,
    [customerId, planId, routerId, username, status, AT, AT],
  );
  await refreshSearch(em, customerId);
}

async function invoice(em: EntityManager, customerId: number, total: number, paid: number, status: string, due: string): Promise<number> {
  const [r] = (await em.query(
    `INSERT INTO invoices (number, customer_id, kind, issue_date, due_date, subtotal, tax, total, previous_balance, paid, status, created_at)
     VALUES (?, ?, 'manual', '2026-11-01', ?, ?, 0, ?, 0, ?, ?, ?) RETURNING id`,
    [`INV/T/${++invoiceSeq}`, customerId, due, total, total, paid, status, AT],
  )) as { id: number }[];
  await em.query("INSERT INTO ledger_entries (customer_id, kind, amount, invoice_id, created_by, created_at) VALUES (?, 'invoice', ?, ?, 1, ?)", [customerId, total, r!.id, AT]);
  return r!.id;
}

describe('customer list', () => {
  it('finds customers by name, number, phone in any form and PPPoE username', async () => {
    const { core: c, owner } = await office();
    const siti = await owner.call('customers.create', { name: 'Siti Aminah', phone: '0812-3456-7890', address: 'Jl. Melati 5' });
    const budi = await owner.call('customers.create', { name: 'Budi Hartono', whatsapp: '+62 857 1111 2222' });
    await owner.call('customers.create', { name: 'Citra 100%_ok' });
    await owner.call('customers.create', { name: 'Dodi', address: 'Blok 12-05' });
    await c.db.write((em) => sub(em, budi.id, 'budi.rt05', 'active'));
    const ids = async (q: string) => (await owner.call('customers.list', { q })).items.map((i) => i.name);
    expect(await ids('SITI')).toEqual(['Siti Aminah']);
    expect(await ids('aminah melati')).toEqual(['Siti Aminah']);
    expect(await ids('aminah mawar')).toEqual([]);
    expect(await ids('PLG-000002')).toEqual(['Budi Hartono']);
    expect(await ids('000001')).toEqual(['Siti Aminah']);
    expect(await ids('0812-3456')).toEqual(['Siti Aminah']);
    expect(await ids('0812 3456 7890')).toEqual(['Siti Aminah']);
    expect(await ids('+62812 345')).toEqual(['Siti Aminah']);
    expect(await ids('085711112222')).toEqual(['Budi Hartono']);
    expect(await ids('budi.rt05')).toEqual(['Budi Hartono']);
    expect(await ids('12-05')).toEqual(['Dodi']);
    // LIKE wildcards typed by the user are literal.
    expect(await ids('100%_')).toEqual(['Citra 100%_ok']);
    expect(await ids('%')).toEqual(['Citra 100%_ok']);
    expect(await ids('')).toEqual(['Budi Hartono', 'Citra 100%_ok', 'Dodi', 'Siti Aminah']);
    void siti;
  });

  it('filters by status, area, router, plan, overdue and isolation, with totals per row', async () => {
    const { core: c, owner } = await office();
    const mk = (name: string, area = '') => owner.call('customers.create', { name, area });
    const [a, b, d, e] = [await mk('Ani', 'RT 01'), await mk('Bayu', 'RT 02'), await mk('Dewi', 'RT 01'), await mk('Eko')];
    await c.db.write(async (em) => {
      await sub(em, a.id, 'ani1', 'active', 1, 1);
      await sub(em, a.id, 'ani2', 'isolated', 2, 2);
      await sub(em, a.id, 'ani-old', 'terminated', 2, 1);
      await sub(em, b.id, 'bayu', 'paused', 2, 1);
      await sub(em, d.id, 'dewi', 'pending', 1, 1);
      await invoice(em, a.id, 150_000, 50_000, 'partial', '2026-11-20');
      await invoice(em, a.id, 150_000, 0, 'open', '2026-11-25'); // due today: not overdue yet
      await invoice(em, b.id, 150_000, 150_000, 'paid', '2026-11-10');
      await invoice(em, d.id, 99_000, 0, 'void', '2026-11-10');
    });
    await owner.call('customers.setStatus', { id: e.id, status: 'inactive' });
    const names = async (f: Input<'customers.list'>) => (await owner.call('customers.list', f)).items.map((i) => i.name);
    expect(await names({ status: 'inactive' })).toEqual(['Eko']);
    expect(await names({ area: 'RT 01' })).toEqual(['Ani', 'Dewi']);
    expect(await names({ routerId: 2 })).toEqual(['Ani', 'Bayu']);
    expect(await names({ planId: 2 })).toEqual(['Ani']);
    expect(await names({ overdue: true })).toEqual(['Ani']);
    expect(await names({ overdue: false })).toEqual(['Bayu', 'Dewi', 'Eko']);
    expect(await names({ isolated: true })).toEqual(['Ani']);
    expect(await names({ routerId: 1, area: 'RT 01', isolated: false })).toEqual(['Dewi']);

    const all = (await owner.call('customers.list', {})).items;
    const row = (id: number) => all.find((i) => i.id === id)!;
    expect(row(a.id)).toMatchObject({ balance: 300_000, overdue: 100_000, usernames: ['ani1', 'ani2'], plans: ['Paket 10M', 'Paket 20M'], serviceStatus: 'isolated' });
    expect(row(b.id)).toMatchObject({ balance: 150_000, overdue: 0, usernames: ['bayu'], serviceStatus: 'paused' });
    expect(row(d.id)).toMatchObject({ serviceStatus: 'pending', usernames: ['dewi'] });
    expect(row(e.id)).toMatchObject({ balance: 0, overdue: 0, usernames: [], plans: [], serviceStatus: null });
    const detail = await owner.call('customers.get', { id: a.id });
    expect([detail.balance, detail.overdue, detail.subscriptions.length]).toEqual([300_000, 100_000, 3]);

    const p2 = await owner.call('customers.list', { page: 2, pageSize: 3 });
    expect([p2.total, p2.items.map((i) => i.name)]).toEqual([4, ['Eko']]);
  });

  it('decides "past due" by the office calendar, not UTC', async () => {
    // 01:00 on 25 November in Jakarta is still 24 November in UTC.
    const { core: c, owner } = await office('2026-11-24T18:00:00.000Z');
    const a = await owner.call('customers.create', { name: 'Ani' });
    await c.db.write((em) => invoice(em, a.id, 150_000, 0, 'open', '2026-11-24'));
    expect((await owner.call('customers.list', { overdue: true })).items.map((i) => [i.name, i.overdue])).toEqual([['Ani', 150_000]]);
  });

  it('shows the ledger in order with a running balance that is right on every page', async () => {
    const { core: c, owner } = await office();
    const a = await owner.call('customers.create', { name: 'Ani' });
    const b = await owner.call('customers.create', { name: 'Bayu' });
    await c.db.write(async (em) => {
      await invoice(em, a.id, 150_000, 0, 'open', '2026-11-10');
      await invoice(em, b.id, 999_000, 0, 'open', '2026-11-10');
      const [p] = (await em.query(
        "INSERT INTO payments (number, customer_id, amount, method, received_by, received_at, balance_after) VALUES ('KW/T/1', ?, 100000, 'cash', 1, ?, 50000) RETURNING id",
        [a.id, AT],
      )) as { id: number }[];
      await em.query("INSERT INTO ledger_entries (customer_id, kind, amount, payment_id, created_by, created_at) VALUES (?, 'payment', -100000, ?, 1, ?)", [a.id, p!.id, AT]);
      await em.query("INSERT INTO ledger_entries (customer_id, kind, amount, memo, created_at) VALUES (?, 'adjustment', 5000, 'denda', ?)", [a.id, AT]);
      await invoice(em, a.id, 150_000, 0, 'open', '2026-12-10');
      await em.query("INSERT INTO ledger_entries (customer_id, kind, amount, created_at) VALUES (?, 'payment', -205000, ?)", [a.id, AT]);
    });
    const first = await owner.call('customers.ledger', { id: a.id, pageSize: 2 });
    expect(first.total).toBe(5);
    expect(first.items.map((e) => [e.kind, e.amount, e.balance])).toEqual([
      ['invoice', 150_000, 150_000],
      ['payment', -100_000, 50_000],
    ]);
    expect(first.items[0]).toMatchObject({ invoiceNumber: 'INV/T/1', createdBy: 'Budi Santoso', paymentNumber: null });
    expect(first.items[1]).toMatchObject({ paymentNumber: 'KW/T/1', invoiceId: null });
    const second = await owner.call('customers.ledger', { id: a.id, page: 2, pageSize: 2 });
    expect(second.items.map((e) => [e.kind, e.amount, e.balance, e.memo, e.createdBy])).toEqual([
      ['adjustment', 5000, 55_000, 'denda', null],
      ['invoice', 150_000, 205_000, '', 'Budi Santoso'],
    ]);
    const third = await owner.call('customers.ledger', { id: a.id, page: 3, pageSize: 2 });
    expect(third.items.map((e) => e.balance)).toEqual([0]);
    expect((await owner.call('customers.ledger', { id: b.id })).items.map((e) => e.balance)).toEqual([999_000]);
    expect((await owner.fail('customers.ledger', { id: 999 })).code).toBe('not_found');
  });
});
