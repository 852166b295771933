import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { setupOffice, startCore, TestClock } from '../support/core';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

const N = 50_000;
const AT = '2026-11-01T00:00:00.000Z';
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** What the seed below writes, to compute the expected answers independently of the SQL. */
const seeded = (n: number) => {
  const number = `PLG-${pad(n, 6)}`;
  const name = `Pelanggan ${n}`;
  const phone = `62813${pad(n, 8)}`;
  const username = n % 10 === 0 ? `user${pad(n, 5)}` : '';
  const search = [number, name, phone, `0${phone.slice(2)}`, `RT ${n % 20}`, username].filter(Boolean).join(' ').toLowerCase();
  return { n, number, name, search, area: `RT ${n % 20}` };
};

describe('customer list at 50,000 customers', () => {
  it('searches, filters and pages the right rows', async () => {
    core = await startCore({ now: new TestClock().now });
    const owner = await setupOffice(core);
    await core.db.write(async (em) => {
      await em.query("INSERT INTO routers (id, name, host, port, username, password_sealed, created_at, updated_at) VALUES (1, 'Tower', '192.0.2.1', 8728, 'api', '', ?, ?)", [AT, AT]);
      await em.query("INSERT INTO plans (id, name, price, profile_name, created_at, updated_at) VALUES (1, 'Paket 10M', 150000, 'pk-10M', ?, ?)", [AT, AT]);
      await em.query(
        `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
         INSERT INTO customers (id, number, name, phone, area, status, search, created_at, updated_at)
         SELECT n, printf('PLG-%06d', n), 'Pelanggan ' || n, printf('+62813%08d', n), 'RT ' || (n % 20), 'active',
                lower(printf('PLG-%06d', n) || ' Pelanggan ' || n || ' ' || printf('62813%08d', n) || ' ' || printf('0813%08d', n) || ' RT ' || (n % 20)
                      || CASE WHEN n % 10 = 0 THEN printf(' user%05d', n) ELSE '' END),
                ?, ? FROM seq`,
        [N, AT, AT],
      );
      // Every tenth customer has a subscription; every customer has a ledger entry, every seventh one an overdue invoice.
      await em.query(
        `INSERT INTO subscriptions (customer_id, plan_id, router_id, username, password, status, install_date, anchor, anchor_day, due_days, grace_days, created_at, updated_at)
         SELECT id, 1, 1, printf('user%05d', id), 'pw', CASE WHEN id % 30 = 0 THEN 'isolated' ELSE 'active' END, '2026-11-01', 'fixed', 1, 10, 3, ?, ? FROM customers WHERE id % 10 = 0`,
        [AT, AT],
      );
      await em.query("INSERT INTO ledger_entries (customer_id, kind, amount, created_at) SELECT id, 'adjustment', id, ? FROM customers", [AT]);
      await em.query(
        `INSERT INTO invoices (number, customer_id, kind, issue_date, due_date, subtotal, tax, total, previous_balance, paid, status, created_at)
         SELECT 'INV-' || id, id, 'manual', '2026-11-01', '2026-11-11', 150000, 0, 150000, 0, 0, 'open', ? FROM customers WHERE id % 7 = 0`,
        [AT],
      );
    });
    const all = Array.from({ length: N }, (_, i) => seeded(i + 1));
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

    let t = performance.now();
    const found = await owner.call('customers.list', { q: 'pelanggan 4242', pageSize: 200 });
    const listMs = performance.now() - t;
    const expected = all.filter((c) => c.search.includes('pelanggan') && c.search.includes('4242')).sort(byName);
    expect(found.total).toBe(expected.length);
    expect(found.items.map((i) => i.number)).toEqual(expected.map((c) => c.number));
    const exact = found.items.find((i) => i.name === 'Pelanggan 4242')!;
    expect(exact).toMatchObject({ phone: '+6281300004242', balance: 4242, overdue: 150_000, usernames: [], serviceStatus: null });

    const byPhone = await owner.call('customers.list', { q: '0813-0004-2410' });
    expect(byPhone.items.map((i) => [i.name, i.usernames, i.plans, i.balance, i.serviceStatus])).toEqual([['Pelanggan 42410', ['user42410'], ['Paket 10M'], 42410, 'active']]);
    expect((await owner.call('customers.list', { q: 'USER42390' })).items.map((i) => [i.name, i.serviceStatus])).toEqual([['Pelanggan 42390', 'isolated']]);

    t = performance.now();
    const page = await owner.call('customers.list', { page: 3, pageSize: 50 });
    const pageMs = performance.now() - t;
    const sorted = [...all].sort(byName);
    expect(page.total).toBe(N);
    expect(page.items.map((i) => i.number)).toEqual(sorted.slice(100, 150).map((c) => c.number));

    const overdueIsolated = await owner.call('customers.list', { overdue: true, isolated: true, area: 'RT 10', pageSize: 200 });
    const want = all.filter((c) => c.n % 7 === 0 && c.n % 30 === 0 && c.area === 'RT 10').sort(byName);
    expect(overdueIsolated.total).toBe(want.length);
    expect(overdueIsolated.items.map((i) => [i.number, i.overdue])).toEqual(want.slice(0, 200).map((c) => [c.number, 150_000]));
    console.log(`customers.list over ${N} customers: search ${listMs.toFixed(0)} ms, page 3 ${pageMs.toFixed(0)} ms`);
  }, 120_000);
});
