import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { choose, login, OWNER, ownerSignedIn, visible } from './flows';
import { startHarness, type Harness } from './harness';
import { animationsDone } from './harness';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { api } from './billing-flows';

/** 10:00 in Jakarta on a date. */
const wib = (date: string, time = '10:00') => new Date(`${date}T${time}:00+07:00`);

/**
 * A few months in the life of two customers, in the UI, with the office clock moved on as a real office
 * lives them: a subscription that started two months before it was entered (its months caught up at once,
 * due from today), the next month's invoices from the dashboard, a partial payment, isolation on the router,
 * a plan change that is then voided (the old plan comes back), full payment and restore — and a prepaid
 * customer invoiced a week ahead and isolated when the month starts unpaid.
 */
describe('monthly cycle: catch-up → invoices → partial payment → isolated → plan change voided → paid → restored; prepaid', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;
  const secret = (name = 'dewi-rt05') => sim.state.menu('/ppp/secret').find({ name });
  const card = () => page.getByTestId('sub-card').filter({ hasText: 'dewi-rt05' });
  const shot = async (name: string) => {
    if (!process.env.MB_SHOTS) return;
    await animationsDone(page);
    await page.screenshot({ path: path.join(process.env.MB_SHOTS, `${name}.png`), fullPage: true });
  };
  const balance = async () => Number(await page.getByTestId('customer-balance').getAttribute('data-balance'));
  /**
   * The office clock moves to 10:00 on a date; the session ends, so log in again. Only the server's clock
   * moves: the UI takes "today" from the core (auth.state), not from the browser's PC.
   */
  const travel = async (date: string, time = '10:00') => {
    await h.setClock(wib(date, time));
    await page.goto('/');
    await page.reload();
    // The session has expired by now (unless the clock moved less than the idle time): log in again.
    await page.locator('[data-testid="login-username"], [data-testid="screen-home"]').first().waitFor();
    if (await page.getByTestId('login-username').isVisible()) await login(page, OWNER.username, OWNER.password);
    await visible(page, 'screen-home');
  };
  const openCustomer = async (q: string) => {
    await page.goto('/#/customers');
    await page.getByTestId('customers-search').fill(q);
    await page.getByTestId('customer-row').first().click();
    await visible(page, 'customer-title');
  };

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    h = await startHarness();
    await h.setClock(wib('2027-03-05'));
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
    // Not what this test is about: the router, its isolation profile and two plans.
    const router = await api(page, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia-router', notes: '' });
    await api(page, 'billing.setupIsolation', { routerId: router.id });
    await api(page, 'plans.create', { name: 'Rumah 10M', price: 150_000, profileName: 'rumah-10m', rateLimit: '10M/10M' });
    await api(page, 'plans.create', { name: 'Rumah 20M', price: 300_000, profileName: 'rumah-20m', rateLimit: '20M/20M' });
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('adds a customer whose service started on 10 January: her months are invoiced at once, due ten days from today', async () => {
    await page.goto('/#/customers');
    await page.getByTestId('customers-add').click();
    await page.getByTestId('customer-name').fill('Dewi Lestari');
    await page.getByTestId('customer-phone-input').fill('0812 7777 8888');
    await page.getByTestId('customer-address').fill('Jl. Kenanga 12');
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-form').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('customer-title').textContent()).toBe('Dewi Lestari');

    await page.getByTestId('sub-add').click();
    await choose(page, 'sub-plan', /Rumah 10M/);
    await page.getByTestId('sub-username').fill('dewi-rt05');
    await page.getByTestId('sub-install-date').fill('2027-01-10');
    await page.getByTestId('sub-save').click();
    await page.getByTestId('sub-form').waitFor({ state: 'hidden' });
    await expect.poll(() => card().getAttribute('data-status')).toBe('active');
    await expect.poll(() => secret()?.profile).toBe('rumah-10m');
    // 10–31 January: 150.000 − 150.000 × 9/31 (43.548) = 106.452; February and March whole: 300.000.
    await expect.poll(balance).toBe(406_452);
    const invoices = await api(page, 'invoices.list', { q: 'Dewi', pageSize: 50 });
    expect(invoices.items.map((i) => i.dueDate)).toEqual(['2027-03-15', '2027-03-15', '2027-03-15']);
  });

  it('issues April from the dashboard on the first of the month', async () => {
    await travel('2027-04-01');
    await page.getByTestId('dash-run-invoices').click();
    const result = page.getByTestId('dash-run-result');
    await result.waitFor();
    expect(Number(await result.getAttribute('data-created'))).toBe(1);
    await openCustomer('dewi');
    await expect.poll(balance).toBe(556_452);
  });

  it('a partial payment leaves arrears; on the 20th the isolation check isolates her on the router', async () => {
    sim.state.login('/ppp/active', { name: 'dewi-rt05', address: '10.10.0.9' });
    await page.getByTestId('customer-pay').click();
    await page.getByTestId('pay-amount').fill('100000');
    await page.getByTestId('payment-submit').click();
    await visible(page, 'payment-done');
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-modal').waitFor({ state: 'hidden' });
    await expect.poll(balance).toBe(456_452);
    // Still connected: isolating is the scheduled check's job, not a surprise at the counter.
    expect(await card().getAttribute('data-status')).toBe('active');
    await travel('2027-04-20');
    await page.goto('/#/jobs');
    await page.getByTestId('job-run-billing.enforce').click();
    await expect.poll(() => secret()?.profile, { timeout: 15_000 }).toBe('isolir');
    await expect.poll(() => sim.state.menu('/ppp/active').all().length, { timeout: 15_000 }).toBe(0);
    await openCustomer('dewi');
    await expect.poll(() => card().getAttribute('data-status')).toBe('isolated');
    await shot('desktop-customer-isolated');
    await page.goto('/');
    await expect.poll(() => page.getByTestId('dash-isolated-value').textContent()).toBe('1');
  });

  it('a plan change on the 20th bills the difference; voiding it puts the old plan back', async () => {
    await openCustomer('dewi');
    const changeButton = card().getByTestId('sub-changePlan');
    if (!(await changeButton.isVisible())) await card().getByTestId('sub-menu').click();
    await page.getByTestId('sub-changePlan').first().click();
    await visible(page, 'sub-action-ok');
    await choose(page, 'sub-action-plan', /Rumah 20M/);
    await page.getByTestId('sub-action-ok').click();
    await page.getByTestId('sub-action-modal').waitFor({ state: 'hidden' });
    // 20–30 April (11 of 30 days): back 150.000 − 95.000 = 55.000, charged 300.000 − 190.000 = 110.000: +55.000.
    await expect.poll(balance).toBe(511_452);
    const change = (await api(page, 'invoices.list', { q: 'Dewi', pageSize: 50 })).items.find((i) => i.kind === 'change')!;
    expect(change.total).toBe(55_000);
    await page.goto(`/#/invoices/${change.id}`);
    await page.getByTestId('invoice-void').click();
    await page.getByTestId('reason-input').fill('Salah pilih paket');
    await page.getByTestId('reason-ok').click();
    await page.getByTestId('reason-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('invoice-status').first().getAttribute('data-status')).toBe('void');
    await openCustomer('dewi');
    await expect.poll(balance).toBe(456_452);
    await expect.poll(async () => (await card().textContent()) ?? '').toContain('Rumah 10M');
  });

  it('paying the rest restores her at once: the plan profile is back on the router', async () => {
    await page.getByTestId('customer-pay').click();
    await expect.poll(async () => Number((await page.getByTestId('pay-amount').inputValue()).replace(/\D/g, ''))).toBe(456_452);
    await page.getByTestId('payment-submit').click();
    await visible(page, 'payment-done');
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-modal').waitFor({ state: 'hidden' });
    await expect.poll(balance).toBe(0);
    await expect.poll(() => card().getAttribute('data-status')).toBe('active');
    await expect.poll(() => secret()?.profile, { timeout: 15_000 }).toBe('rumah-10m');
    const dash = await api(page, 'billing.dashboard', {});
    expect(dash).toMatchObject({ receivables: 0, isolated: 0, overdueInvoices: 0 });
  });

  it('a prepaid customer is invoiced a week before the month, and isolated when it starts unpaid', async () => {
    const plans = await api(page, 'plans.list', {});
    const routers = await api(page, 'routers.list', {});
    const c = await api(page, 'customers.create', { name: 'Budi Prabayar', phone: '081299990000', address: 'Gg. Melati 1' });
    await api(page, 'subscriptions.create', { customerId: c.id, planId: plans.find((p) => p.name === 'Rumah 10M')!.id, routerId: routers[0]!.id, username: 'budi-pra', password: 'rahasia-ppp', installDate: '2027-04-20', billingMode: 'prepaid', graceDays: 0 });
    await api(page, 'payments.create', { customerId: c.id, amount: 55_000, method: 'cash' });
    // 24 April + 7 days reaches 1 May: May is invoiced now, due 30 April.
    await travel('2027-04-24');
    await page.getByTestId('dash-run-invoices').click();
    await page.getByTestId('dash-run-result').waitFor();
    await page.goto('/#/invoices');
    await page.getByTestId('invoices-search').fill('Budi');
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(2);
    const may = (await api(page, 'invoices.list', { q: 'Budi', pageSize: 50 })).items.find((i) => i.periodStart === '2027-05-01')!;
    expect(may).toMatchObject({ issueDate: '2027-04-24', dueDate: '2027-04-30', total: 150_000 });
    await travel('2027-05-01', '01:00');
    await page.goto('/#/jobs');
    await page.getByTestId('job-run-billing.enforce').click();
    await expect.poll(() => secret('budi-pra')?.profile, { timeout: 15_000 }).toBe('isolir');
    await openCustomer('budi');
    await expect.poll(async () => page.getByTestId('sub-card').first().getAttribute('data-status')).toBe('isolated');
    await shot('desktop-prepaid-isolated');
  });
});
