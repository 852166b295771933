import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { choose, login, OWNER, setupOverApi, visible } from './flows';
import { startHarness, type Harness } from './harness';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { api, monthsAgo } from './billing-flows';

/**
 * Issue 4's month in the life of a customer, all in the UI: add the customer and a PPPoE subscription that
 * started two months ago, issue the invoices, take a partial payment, see the isolation reach the router,
 * pay the rest and see the customer restored.
 */
describe('monthly cycle: customer → subscription → invoices → partial payment → isolated → paid → restored', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;
  const secret = () => sim.state.menu('/ppp/secret').find({ name: 'dewi-rt05' });
  const card = () => page.getByTestId('sub-card').filter({ hasText: 'dewi-rt05' });
  const shot = async (name: string) => {
    if (!process.env.MB_SHOTS) return;
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(process.env.MB_SHOTS, `${name}.png`), fullPage: true });
  };
  const balance = async () => Number(await page.getByTestId('customer-balance').getAttribute('data-balance'));

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    h = await startHarness();
    ({ page } = await h.newPage());
    await setupOverApi(page);
    await page.goto('/');
    await login(page, OWNER.username, OWNER.password);
    await visible(page, 'screen-home');
    // Not what this test is about: the router, its isolation profile and a plan.
    const router = await api(page, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia-router', notes: '' });
    await api(page, 'billing.setupIsolation', { routerId: router.id });
    await api(page, 'plans.create', { name: 'Rumah 10M', price: 150_000, profileName: 'rumah-10m', rateLimit: '10M/10M' });
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('adds the customer and a subscription that started two months ago; the secret reaches the router', async () => {
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
    await page.getByTestId('sub-install-date').fill(monthsAgo(2));
    await page.getByTestId('sub-save').click();
    await page.getByTestId('sub-form').waitFor({ state: 'hidden' });
    await expect.poll(() => card().getAttribute('data-status')).toBe('active');
    await expect.poll(() => secret()?.profile).toBe('rumah-10m');
  });

  it('issues the missed invoices from the dashboard', async () => {
    await page.goto('/');
    await page.getByTestId('dash-run-invoices').click();
    const result = page.getByTestId('dash-run-result');
    await result.waitFor();
    expect(Number(await result.getAttribute('data-created'))).toBeGreaterThanOrEqual(1);
    await page.goto('/#/customers');
    await page.getByTestId('customers-search').fill('dewi');
    await page.getByTestId('customer-row').first().click();
    await expect.poll(balance).toBeGreaterThan(150_000);
  });

  it('a partial payment leaves arrears; the isolation check isolates her on the router', async () => {
    sim.state.login('/ppp/active', { name: 'dewi-rt05', address: '10.10.0.9' });
    const owed = await balance();
    await page.getByTestId('customer-pay').click();
    await page.getByTestId('pay-amount').fill('100000');
    await page.getByTestId('payment-submit').click();
    await visible(page, 'payment-done');
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-modal').waitFor({ state: 'hidden' });
    await expect.poll(balance).toBe(owed - 100_000);
    // Still connected: isolating is the scheduled check's job, not a surprise at the counter.
    expect(await card().getAttribute('data-status')).toBe('active');
    await page.goto('/#/jobs');
    await page.getByTestId('job-run-billing.enforce').click();
    await expect.poll(() => secret()?.profile, { timeout: 15_000 }).toBe('isolir');
    // Kicked, so she reconnects into the isolation profile.
    await expect.poll(() => sim.state.menu('/ppp/active').all().length, { timeout: 15_000 }).toBe(0);
    await page.goto('/#/customers');
    await page.getByTestId('customers-search').fill('dewi');
    await page.getByTestId('customer-row').first().click();
    await expect.poll(() => card().getAttribute('data-status')).toBe('isolated');
    await shot('desktop-customer-isolated');
    // The dashboard's "isolated" card opens the office-wide subscriptions view, filtered.
    await page.goto('/');
    await expect.poll(() => page.getByTestId('dash-isolated-value').textContent()).toBe('1');
    await page.getByTestId('dash-isolated').click();
    await expect.poll(() => page.getByTestId('subs-filter-status').inputValue()).toBe('Diisolir');
    await expect.poll(() => page.getByTestId('subs-row').count()).toBe(1);
    expect(await page.getByTestId('subs-row').first().textContent()).toContain('Dewi Lestari');
    await shot('desktop-subscriptions-isolated');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('phone-subscriptions-isolated');
    await page.setViewportSize({ width: 1366, height: 800 });
    await page.goto('/#/customers');
    await page.getByTestId('customers-search').fill('dewi');
    await page.getByTestId('customer-row').first().click();
  });

  it('paying the rest restores her at once: plan profile back on the router', async () => {
    const rest = await balance();
    await page.getByTestId('customer-pay').click();
    await expect.poll(async () => Number((await page.getByTestId('pay-amount').inputValue()).replace(/\D/g, ''))).toBe(rest);
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
});
