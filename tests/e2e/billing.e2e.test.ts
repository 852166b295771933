import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, OWNER, ownerSignedIn, visible } from './flows';
import { startHarness, type Harness } from './harness';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { api, createPlanInUi, oldestUnpaid, PLAN, seedCustomers } from './billing-flows';

const digits = (s: string | null) => Number((s ?? '').replace(/\D/g, ''));

describe('billing: plans, invoice run, a partial payment at the counter, receipt, dashboard', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;
  let siti: { id: number; name: string };
  let routerId: number;

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
    h = await startHarness();
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('creates a plan in the UI, with the tax typed as a percentage', async () => {
    await createPlanInUi(page, { ...PLAN, tax: '11,5' });
    const row = page.getByTestId('plan-row').filter({ hasText: PLAN.name });
    expect(await row.textContent()).toContain('11,5%');
    expect(await row.getByTestId('plan-price-cell').textContent()).toMatch(/Rp\s?150\.000/);
    const [plan] = await api(page, 'plans.list', {});
    expect(plan!.taxRateBp).toBe(1150);
    // Back to 11 % through the edit form (integers only: "11" → 1100).
    await row.getByTestId('plan-edit').click();
    await page.getByTestId('plan-tax').fill('11');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-form').waitFor({ state: 'hidden' });
    await expect.poll(async () => (await api(page, 'plans.list', {}))[0]!.taxRateBp).toBe(1100);
    // A percentage with three decimals is refused before anything is sent.
    await row.getByTestId('plan-edit').click();
    await page.getByTestId('plan-tax').fill('11,125');
    await page.getByTestId('plan-save').click();
    await page.getByText(/paling banyak 2 angka/).waitFor();
    await page.keyboard.press('Escape');
  });

  it('issues the invoices that are due from the dashboard and shows what it did', async () => {
    const seeded = await seedCustomers(page, sim.port);
    routerId = seeded.routerId;
    siti = seeded.customers[0]!;
    // Their months so far were invoiced when they were added; next month's are due on its first day.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const next = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 1)).toISOString().slice(0, 10);
    await h.setClock(new Date(`${next}T10:00:00+07:00`));
    await page.goto('/');
    await page.reload();
    await login(page, OWNER.username, OWNER.password);
    await visible(page, 'screen-home');
    await page.getByTestId('dash-run-invoices').click();
    const result = page.getByTestId('dash-run-result');
    await result.waitFor();
    expect(Number(await result.getAttribute('data-created'))).toBeGreaterThan(0);
    expect(await result.textContent()).toMatch(/tagihan baru dibuat, total Rp/);
    // Running again finds nothing left to issue.
    await page.getByTestId('dash-run-invoices').click();
    await expect.poll(() => result.getAttribute('data-created')).toBe('0');
  });

  it('takes a partial payment in the payment dialog in under 10 seconds, and the receipt says what it paid', async () => {
    const invoice = await oldestUnpaid(page, siti!.id);
    const partial = Math.floor(invoice.remaining / 2);
    await page.goto(`/#/invoices/${invoice.id}`);
    await visible(page, 'invoice-document');
    // The arithmetic of a prorated line is shown.
    expect(await page.getByTestId('invoice-lines').textContent()).toMatch(/Rp\s?150\.000 × \d+\/\d+ hari/);

    const started = Date.now();
    await page.getByTestId('invoice-pay').click();
    const amount = page.getByTestId('pay-amount');
    await expect.poll(() => amount.inputValue()).not.toBe('');
    // The amount is prefilled with everything owed and selected: typing replaces it.
    await page.keyboard.type(String(partial));
    await page.keyboard.press('Enter');
    await visible(page, 'payment-saved');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000);

    const receipt = page.getByTestId('receipt');
    const text = (await receipt.textContent()) ?? '';
    expect(text).toContain('KUITANSI PEMBAYARAN');
    expect(text).toContain(invoice.number);
    expect(text).toContain(siti!.name);
    expect(text).toMatch(/Masih kurang/);
    expect(text).toContain(OWNER.fullName);
    await page.getByTestId('payment-close').click();
    await page.getByTestId('payment-modal').waitFor({ state: 'hidden' });

    // The invoice is now partly paid.
    await expect.poll(() => page.getByTestId('screen-invoice').getByTestId('invoice-status').first().getAttribute('data-status')).toBe('partial');
    expect(digits(await page.getByTestId('invoice-paid').textContent())).toBe(partial);
    expect(digits(await page.getByTestId('invoice-remaining').textContent())).toBe(invoice.remaining - partial);
    await page.getByTestId('invoice-payment').first().waitFor();
  });

  it('takes a payment at the counter with the keyboard only and can reprint and reverse it', async () => {
    await page.goto('/');
    await page.getByTestId('dash-take-payment').click();
    await visible(page, 'pay-customer-search');
    const started = Date.now();
    await page.keyboard.type('agus');
    await visible(page, 'pay-customer-option');
    await page.keyboard.press('Enter');
    await visible(page, 'pay-customer');
    await expect.poll(() => page.getByTestId('pay-amount').inputValue()).not.toBe('');
    await page.keyboard.type('20000');
    await page.keyboard.press('Enter');
    await visible(page, 'payment-saved');
    expect(Date.now() - started).toBeLessThan(10_000);
    await page.getByTestId('payment-open').click();
    await visible(page, 'screen-payment');
    expect(await page.getByTestId('receipt').textContent()).toMatch(/Rp\s?20\.000/);
    // Thermal 80 mm, then back to 58 mm: the choice is remembered on this computer.
    await page.getByTestId('receipt-size').getByText('80 mm').click();
    await expect.poll(() => page.locator('.mb-print-active').getAttribute('data-print-size')).toBe('80mm');
    await page.getByTestId('payment-reverse').click();
    await page.getByTestId('reason-input').fill('Salah pelanggan');
    await page.getByTestId('reason-ok').click();
    await visible(page, 'payment-reversed');
    expect(await page.getByTestId('receipt').textContent()).toContain('Dibatalkan');
  });

  it('shows the receivables on the dashboard and the payments with their sum', async () => {
    const agus = (await api(page, 'customers.list', { q: 'agus' })).items[0]!;
    const sitiNow = (await api(page, 'customers.list', { q: 'siti' })).items[0]!;
    await page.goto('/');
    await visible(page, 'dash-receivables');
    expect(digits(await page.getByTestId('dash-receivables-value').textContent())).toBe(agus.balance + sitiNow.balance);
    expect(digits(await page.getByTestId('dash-revenue-value').textContent())).toBeGreaterThan(0);
    await visible(page, 'dash-revenue-chart');
    await page.goto('/#/payments');
    await expect.poll(() => page.getByTestId('payment-row').count()).toBe(2);
    await page.goto('/#/invoices');
    await page.getByTestId('invoices-status').click();
    await page.getByRole('option', { name: 'Dibayar sebagian' }).click();
    await expect.poll(() => page.getByTestId('invoice-row').count()).toBe(1);
  });

  it('voids an invoice with a reason; it stays on record, greyed', async () => {
    const agus = (await api(page, 'customers.list', { q: 'agus' })).items[0]!;
    const invoice = await oldestUnpaid(page, agus.id);
    await page.goto(`/#/invoices/${invoice.id}`);
    await page.getByTestId('invoice-void').click();
    await page.getByTestId('reason-ok').click();
    await page.getByText('Minimal 3 karakter', { exact: true }).waitFor();
    await page.getByTestId('reason-input').fill('Pelanggan belum tersambung');
    await page.getByTestId('reason-ok').click();
    await expect.poll(() => page.getByTestId('screen-invoice').getByTestId('invoice-status').first().getAttribute('data-status')).toBe('void');
    expect(await page.getByTestId('invoice-document').textContent()).toContain('Pelanggan belum tersambung');
    await expect.poll(() => page.getByTestId('invoice-void').count()).toBe(0);
  });

  it('has the billing settings tab and sets up the isolation profile on a router', async () => {
    await page.goto('/#/settings/billing');
    await page.getByTestId('billing-due-days').fill('7');
    await page.getByTestId('settings-save-billing').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).billing.dueDays).toBe(7);
    await page.goto('/#/routers');
    const card = page.getByTestId('router-card').first();
    expect(await card.getByTestId('router-isolation').textContent()).toContain('isolir');
    await card.getByTestId('router-setup-isolation').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByText(/perubahan dijadwalkan ke router Tower RT05/).waitFor();
    await expect.poll(() => sim.state.rows('/ppp/profile').some((r) => r.name === 'isolir'), { timeout: 20_000 }).toBe(true);
    expect(routerId).toBeGreaterThan(0);
  });
});
