import type { Page } from 'playwright-core';
import type { Input, Method, Output } from '../../shared/contract';
import { visible } from './flows';

/** Billing steps shared by billing.e2e.test.ts and the screenshot script. */

/** A contract call over HTTP with the page's session (cookie + CSRF token), for seeding what the test is not about. */
export async function api<M extends Method>(page: Page, method: M, input: Input<M>): Promise<Output<M>> {
  const state = await page.request.post('/api/rpc/auth.state', { data: {} });
  const token = ((await state.json()) as { result: { session: { csrfToken: string } | null } }).result.session?.csrfToken ?? '';
  const res = await page.request.post(`/api/rpc/${method}`, { data: input, headers: { 'X-CSRF-Token': token } });
  const body = (await res.json()) as { result?: Output<M>; error?: unknown };
  if (!res.ok() || body.result === undefined) throw new Error(`${method}: ${res.status()} ${JSON.stringify(body.error)}`);
  return body.result;
}

/** YYYY-MM-DD, n months before today (Asia/Jakarta), on the 10th (so the first invoice is prorated). */
export function monthsAgo(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - n, 10));
  return d.toISOString().slice(0, 10);
}

export const PLAN = { name: 'Paket 10M', price: '150000', tax: '11', profile: 'paket-10m', rate: '10M/10M' };

/** Creates a plan through the plans screen. */
export async function createPlanInUi(page: Page, p = PLAN): Promise<void> {
  await page.goto('/#/plans');
  await page.getByTestId('plans-add').click();
  await page.getByTestId('plan-name').fill(p.name);
  await page.getByTestId('plan-price').fill(p.price);
  await page.getByTestId('plan-tax').fill(p.tax);
  await page.getByTestId('plan-profile').fill(p.profile);
  await page.getByTestId('plan-rate').fill(p.rate);
  await page.getByTestId('plan-save').click();
  await page.getByTestId('plan-form').waitFor({ state: 'hidden' });
  await visible(page, 'plan-row');
}

/** A router (the simulator), customers and subscriptions installed some months ago, over the API. */
export async function seedCustomers(page: Page, simPort: number, planName = PLAN.name): Promise<{ routerId: number; customers: { id: number; name: string }[] }> {
  const router = await api(page, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: simPort, tls: false, username: 'billing', password: 'rahasia-router', notes: '' });
  const plans = await api(page, 'plans.list', {});
  const plan = plans.find((p) => p.name === planName) ?? plans[0]!;
  const people = [
    { name: 'Siti Aminah', phone: '081234567891', address: 'Jl. Mawar No. 3', area: 'RT05', username: 'siti', months: 2 },
    { name: 'Agus Prasetyo', phone: '081234567892', address: 'Gg. Kenanga 7', area: 'RT07', username: 'agus', months: 1 },
  ];
  const customers: { id: number; name: string }[] = [];
  for (const p of people) {
    const c = await api(page, 'customers.create', { name: p.name, phone: p.phone, address: p.address, area: p.area });
    await api(page, 'subscriptions.create', { customerId: c.id, planId: plan.id, routerId: router.id, username: p.username, password: 'rahasia-ppp', installDate: monthsAgo(p.months), activate: true });
    customers.push({ id: c.id, name: c.name });
  }
  return { routerId: router.id, customers };
}

/** The oldest unpaid invoice of a customer. */
export async function oldestUnpaid(page: Page, customerId: number): Promise<Output<'invoices.list'>['items'][number]> {
  const list = await api(page, 'invoices.list', { customerId, status: 'unpaid', page: 1, pageSize: 50 });
  const sorted = [...list.items].sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
  if (!sorted[0]) throw new Error(`customer ${customerId} has no unpaid invoice`);
  return sorted[0];
}
