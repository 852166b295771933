import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { login, OWNER, ownerSignedIn, rpc, visible } from './flows';
import { animationsDone, DESKTOP, freePort, PHONE, startHarness, type Harness } from './harness';

/** Screenshots for a person to look at (issue 12 UI); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-pay';


describe('online payments: gateway accounts in settings, attempts screen', () => {
  let h: Harness;
  let sim: DuitkuSim;
  let page: Page;

  const shot = async (p: Page, name: string) => {
    await p.waitForLoadState('networkidle');
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    sim = await startDuitkuSim({ callbacks: false });
    h = await startHarness();
    ({ page } = await h.newPage(DESKTOP));
    await ownerSignedIn(page);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('an owner adds a DuitKu sandbox account; the key is never shown again; "Tes koneksi" lists its methods', async () => {
    await page.goto('/#/settings/gateway');
    await visible(page, 'accounts-empty');
    // The explanation says a public address is optional (polling).
    expect(await page.getByTestId('gateway-how').textContent()).toContain('polling');
    await shot(page, 'desktop-settings-gateway-empty');

    await page.getByTestId('account-add').click();
    await visible(page, 'account-name');
    expect(await page.getByTestId('account-keys-needed').textContent()).toContain('kode merchant dan API key');
    // Saving without the key says what is missing on the field.
    await page.getByTestId('account-name').fill('DuitKu kantor');
    await page.getByTestId('account-save').click();
    await page.getByTestId('account-form').getByText('wajib', { exact: false }).first().waitFor();
    await page.getByTestId('account-merchant').fill(DEFAULT_MERCHANT.code);
    await page.getByTestId('account-api-key').fill(DEFAULT_MERCHANT.apiKey);
    await page.getByTestId('account-advanced').click();
    await page.getByTestId('account-base-url').fill(sim.baseUrl);
    await shot(page, 'desktop-settings-gateway-form');
    await page.getByTestId('account-save').click();

    const row = page.locator('[data-testid="account-row"][data-name="DuitKu kantor"]');
    await row.waitFor();
    expect(await row.getByTestId('account-env').getAttribute('data-env')).toBe('sandbox');
    expect(await row.textContent()).toContain('Sandbox');
    expect(await row.textContent()).toContain('dibayar pelanggan');
    // Without a public address there is no callback URL: the row says payments are polled.
    await row.getByTestId('account-no-callback').waitFor();
    // The key is write-only: not on the page, not in the API's answer.
    expect(await page.content()).not.toContain(DEFAULT_MERCHANT.apiKey);

    await row.getByTestId('account-test-button').click();
    await page.getByTestId('account-test-method').first().waitFor();
    expect(await page.getByTestId('account-test-method').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('account-test-methods').textContent()).toContain('Rp');
    await shot(page, 'desktop-settings-gateway-test');
    await page.getByTestId('account-test-close').click();
  });

  it('edits the account without re-typing the key, and sets a public address to get a callback URL', async () => {
    const row = page.locator('[data-testid="account-row"][data-name="DuitKu kantor"]');
    await row.getByTestId('account-edit').click();
    await visible(page, 'account-name');
    const key = page.getByTestId('account-api-key');
    expect(await key.inputValue()).toBe('');
    expect(await page.getByTestId('account-form').textContent()).toContain('kosongkan untuk tetap memakai');
    await page.getByTestId('account-name').fill('DuitKu sandbox');
    await page.getByTestId('account-public-url').fill('https://billing.contoh.net');
    await shot(page, 'desktop-settings-gateway-edit');
    await page.getByTestId('account-save').click();
    const renamed = page.locator('[data-testid="account-row"][data-name="DuitKu sandbox"]');
    await renamed.waitFor();
    const url = await renamed.getByTestId('account-callback-url').textContent();
    expect(url).toMatch(/^https:\/\/billing\.contoh\.net\//);
    // The stored key still works: the test connection answers.
    await renamed.getByTestId('account-test-button').click();
    await page.getByTestId('account-test-method').first().waitFor();
    await page.getByTestId('account-test-close').click();
    await shot(page, 'desktop-settings-gateway-list');
  });

  it('"Tes koneksi" against an address that refuses connections says the gateway is not connected', async () => {
    const closed = await freePort();
    await page.getByTestId('account-add').click();
    await visible(page, 'account-name');
    await page.getByTestId('account-name').fill('DuitKu mati');
    await page.getByTestId('account-merchant').fill('D0002');
    await page.getByTestId('account-api-key').fill('kunci-yang-tidak-dipakai');
    await page.getByTestId('account-advanced').click();
    await page.getByTestId('account-base-url').fill(`http://127.0.0.1:${closed}`);
    await page.getByTestId('account-save').click();
    const row = page.locator('[data-testid="account-row"][data-name="DuitKu mati"]');
    await row.getByTestId('account-test-button').click();
    const err = page.getByTestId('account-test-error');
    await err.waitFor();
    expect(await err.textContent()).toContain('tidak terhubung');
    await shot(page, 'desktop-settings-gateway-unreachable');
    await page.getByTestId('account-test-close').click();
  });

  it('the online payments screen (nav near Payments) shows empty states for attempts, review and callbacks', async () => {
    await page.getByTestId('nav-online').click();
    await visible(page, 'screen-online');
    expect(await page.getByTestId('attempts-empty').textContent()).toContain('Belum ada pembayaran online');
    await shot(page, 'desktop-online-empty');
    await page.getByTestId('online-tab-review').click();
    await visible(page, 'online-review');
    await visible(page, 'attempts-empty');
    expect(await page.getByTestId('attempts-empty').textContent()).toContain('perlu dicek');
    await page.getByTestId('online-tab-callbacks').click();
    await visible(page, 'callbacks-empty');
    await shot(page, 'desktop-online-callbacks');
  });

  it('works at phone size: the settings tab and the attempts screen', async () => {
    const { context, page: phone } = await h.newPage(PHONE);
    try {
      await phone.goto('/');
      await login(phone, OWNER.username, OWNER.password);
      await visible(phone, 'screen-home');
      await phone.goto('/#/settings/gateway');
      await phone.locator('[data-testid="account-row"][data-name="DuitKu sandbox"]').waitFor();
      await shot(phone, 'phone-settings-gateway-list');
      await phone.locator('[data-testid="account-row"][data-name="DuitKu sandbox"]').getByTestId('account-edit').click();
      await visible(phone, 'account-name');
      await shot(phone, 'phone-settings-gateway-edit');
      await phone.keyboard.press('Escape');
      await phone.goto('/#/online');
      await visible(phone, 'attempts-empty');
      await shot(phone, 'phone-online-empty');
      await phone.goto('/#/online/callbacks');
      await visible(phone, 'callbacks-empty');
      await shot(phone, 'phone-online-callbacks');
    } finally {
      await context.close();
    }
  });
  it('an attempt paid at the gateway: "Cek sekarang" asks the gateway, and the detail shows the payment it became', async () => {
    const accounts = await rpc<{ id: number; name: string }[]>(page, 'gateway.accounts', {});
    const account = accounts.find((a) => a.name === 'DuitKu sandbox')!;
    const customer = await rpc<{ id: number }>(page, 'customers.create', { name: 'Siti Aminah' });
    const attempt = await rpc<{ id: number; orderId: string; state: string }>(page, 'gateway.createAttempt', { accountId: account.id, customerId: customer.id, amount: 150_000, method: 'BC' });
    expect(attempt.state).toBe('pending');
    await page.goto('/#/online');
    const row = page.locator(`[data-testid="attempt-row"][data-order="${attempt.orderId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Siti Aminah');
    await shot(page, 'desktop-online-list');
    await row.click();
    await visible(page, 'screen-online-attempt');
    expect(await page.getByTestId('attempt-state').getAttribute('data-state')).toBe('pending');
    expect(await page.getByTestId('attempt-payment').textContent()).toContain('Belum menjadi pembayaran');
    await shot(page, 'desktop-online-attempt-pending');
    // The customer pays at DuitKu; no callback (no public address reaches this test): staff ask the gateway.
    sim.pay(attempt.orderId);
    await page.getByTestId('attempt-check').click();
    await expect.poll(() => page.getByTestId('attempt-state').getAttribute('data-state')).toBe('paid');
    await page.getByTestId('attempt-payment').locator('a').waitFor();
    expect(await page.getByTestId('attempt-payment').textContent()).toMatch(/\S+/);
    const sources = await page.getByTestId('attempt-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-source')));
    expect(sources).toContain('staff');
    await shot(page, 'desktop-online-attempt-paid');
    const phone = await h.newPage(PHONE);
    try {
      await phone.page.goto('/');
      await login(phone.page, OWNER.username, OWNER.password);
      await visible(phone.page, 'screen-home');
      await phone.page.goto(`/#/online/${attempt.id}`);
      await visible(phone.page, 'attempt-events');
      await shot(phone.page, 'phone-online-attempt-paid');
      await phone.page.goto('/#/online');
      await visible(phone.page, 'attempt-row');
      await shot(phone.page, 'phone-online-list');
    } finally {
      await phone.context.close();
    }
  });

  it('the "Laporan" tab shows the paid attempt\'s gross, fee and net for the day, and the reconciliation lists nothing unmatched', async () => {
    const REPORT_SHOTS = '/tmp/shots-pay-report';
    fs.mkdirSync(REPORT_SHOTS, { recursive: true });
    const snap = async (p: Page, name: string) => {
      await p.waitForLoadState('networkidle');
      await animationsDone(p);
      await p.screenshot({ path: path.join(REPORT_SHOTS, `${name}.png`), fullPage: true });
    };
    const paid = await rpc<{ items: { amount: number; fee: number; accountName: string }[] }>(page, 'gateway.attempts', { state: 'paid' });
    expect(paid.items.length).toBeGreaterThan(0);
    const gross = paid.items.reduce((a, x) => a + x.amount, 0);
    const fee = paid.items.reduce((a, x) => a + x.fee, 0);
    expect(fee).toBeGreaterThan(0);
    await page.goto('/#/online/report');
    const row = page.getByTestId('gw-report-row').first();
    await row.waitFor();
    expect(Number(await row.getAttribute('data-gross'))).toBe(gross);
    expect(Number(await row.getAttribute('data-fee'))).toBe(fee);
    expect(Number(await row.getAttribute('data-net'))).toBe(gross - fee);
    const money = (n: number) => new Intl.NumberFormat('id-ID').format(n);
    expect(await row.textContent()).toContain(money(gross - fee));
    expect(await page.getByTestId('gw-report-total-row').textContent()).toContain(money(fee));
    await visible(page, 'gw-report-chart');
    await snap(page, 'desktop-report');
    // Reconciliation of the account: the paid attempt matches its ledger payment.
    await page.getByTestId('gw-report-view').getByText('Rekonsiliasi').click();
    await visible(page, 'gw-reconcile-pick');
    await page.getByTestId('gw-report-account').click();
    await page.getByRole('option', { name: paid.items[0]!.accountName }).click();
    await visible(page, 'gw-reconcile-clean');
    expect(Number(await page.getByTestId('gw-reconcile-matched').getAttribute('data-count'))).toBe(paid.items.length);
    await snap(page, 'desktop-reconcile');
    const phone = await h.newPage(PHONE);
    try {
      await phone.page.goto('/');
      await login(phone.page, OWNER.username, OWNER.password);
      await visible(phone.page, 'screen-home');
      await phone.page.goto('/#/online/report');
      const card = phone.page.getByTestId('gw-report-row').first();
      await card.waitFor();
      expect(Number(await card.getAttribute('data-net'))).toBe(gross - fee);
      await snap(phone.page, 'phone-report');
    } finally {
      await phone.context.close();
    }
  });

});
