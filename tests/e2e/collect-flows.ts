import type { Page } from 'playwright-core';
import type { Input } from '../../shared/contract';
import { api } from './billing-flows';

/** Field collection steps shared by collect.e2e.test.ts and the screenshot script (collect-shots.ts). */

export const COLLECTOR = { username: 'andi', fullName: 'Andi Saputra', password: 'kolektor-rahasia-1' };
export const CASHIER = { username: 'sari', fullName: 'Sari Wulandari', password: 'kasir-rahasia-12' };

/** Today in the office (Asia/Jakarta), YYYY-MM-DD. */
export const officeToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** A user with their own password already chosen (first login and password change over the API, on a throwaway context). */
export async function staffUser(owner: Page, fresh: Page, u: { username: string; fullName: string; password: string }, role: 'collector' | 'cashier'): Promise<number> {
  const created = await api(owner, 'users.create', { username: u.username, fullName: u.fullName, role, password: 'sementara-123' });
  const login = await fresh.request.post('/api/rpc/auth.login', { data: { username: u.username, password: 'sementara-123' } });
  if (!login.ok()) throw new Error(`login ${u.username}: ${login.status()}`);
  await api(fresh, 'auth.changePassword', { currentPassword: 'sementara-123', newPassword: u.password });
  await api(fresh, 'auth.logout', {});
  return created.id;
}

export interface Seeded {
  collectorId: number;
  customers: { id: number; name: string; owes: number }[];
}

/**
 * Customers in the collector's areas (RT05, RT07) with charges due today, one elsewhere, one with nothing owed;
 * the collector's areas set. Names in the order the route shows them (area, then address).
 */
export async function seedRoute(owner: Page, collectorId: number): Promise<Seeded> {
  const today = officeToday();
  const rows: (Input<'customers.create'> & { owes: number })[] = [
    { name: 'Budi Hartono', area: 'RT05', address: 'Jl. Melati No. 5', phone: '081234567801', whatsapp: '081234567801', lat: -6.2412, lng: 106.9921, owes: 150_000 },
    { name: 'Siti Aminah', area: 'RT05', address: 'Jl. Melati No. 12', phone: '081234567802', owes: 275_000 },
    { name: 'Ahmad Fauzi', area: 'RT07', address: 'Gg. Kenanga 3', whatsapp: '081234567803', owes: 100_000 },
    { name: 'Dewi Lestari', area: 'RT09', address: 'Jl. Mawar 1', owes: 90_000 },
    { name: 'Lunas Selalu', area: 'RT05', address: 'Jl. Melati No. 1', owes: 0 },
  ];
  const customers: Seeded['customers'] = [];
  for (const { owes, ...c } of rows) {
    const { id } = await api(owner, 'customers.create', c);
    if (owes > 0) await api(owner, 'invoices.createCharge', { customerId: id, type: 'other', description: 'Iuran internet', amount: owes, dueDate: today });
    customers.push({ id, name: c.name, owes });
  }
  await api(owner, 'collections.setAreas', { userId: collectorId, areas: ['RT05', 'RT07'] });
  return { collectorId, customers };
}

/** Signs a page in over the API (session cookie), then opens a hash. */
export async function signedIn(page: Page, u: { username: string; password: string }, hash = '/'): Promise<void> {
  const r = await page.request.post('/api/rpc/auth.login', { data: { username: u.username, password: u.password } });
  if (!r.ok()) throw new Error(`login ${u.username}: ${r.status()} ${await r.text()}`);
  await page.goto(hash);
}

/** The page is no wider than its viewport: nothing needs a sideways scroll. */
export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
}
