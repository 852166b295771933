import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changePassword, choose, login, OWNER, ownerSignedIn, rpc, visible } from './flows';
import { animationsDone, PHONE, startHarness, type Harness } from './harness';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';

/** MB_SHOTS=/tmp/shots-customers also writes screenshots of each step there (for a human to look at). */
const SHOTS = process.env.MB_SHOTS;


const csv = (rows: string[][]) => ({ name: 'pelanggan.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.map((r) => r.join(';')).join('\r\n')) });

describe('customers: add, find, edit, import and serve a customer', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;
  const shot = async (name: string, p: Page = page) => {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await p.waitForLoadState('networkidle');
    // Let dialogs finish fading in.
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const rows = () => page.getByTestId('customer-row');

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
    h = await startHarness();
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
    await rpc(page, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia-router' });
    await rpc(page, 'plans.create', { name: 'Rumah 10M', price: 150000, profileName: 'rumah-10m', rateLimit: '10M/10M' });
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('adds a customer: a wrong phone is marked on its field, a right one is stored in +62 form', async () => {
    await page.goto('/#/customers');
    await visible(page, 'customers-empty');
    await shot('desktop-customers-empty');
    await page.getByTestId('customers-add').click();
    await page.getByTestId('customer-save').click();
    await expect.poll(() => page.getByTestId('customer-form').textContent()).toContain('Minimal 2 karakter');
    await page.getByTestId('customer-name').fill('Siti Aminah');
    await page.getByTestId('customer-phone-input').fill('0812 34');
    await page.getByTestId('customer-address').fill('Jl. Kenanga No. 7');
    await page.getByTestId('customer-area').fill('RT 05');
    await page.getByTestId('customer-save').click();
    await expect.poll(() => page.getByTestId('customer-form').textContent()).toContain('Nomor telepon tidak valid');
    await shot('desktop-customer-form-error');
    await page.getByTestId('customer-phone-input').fill('0812-3456-7890');
    await page.getByTestId('customer-save').click();
    // Saving opens the new customer's page.
    await visible(page, 'screen-customer');
    expect(await page.getByTestId('customer-title').textContent()).toBe('Siti Aminah');
    await page.getByTestId('tab-profile').click();
    expect(await page.getByTestId('profile-phone').textContent()).toBe('+6281234567890');
    expect(await page.getByTestId('profile-whatsapp').textContent()).toContain('+6281234567890');
    expect(await page.getByTestId('profile-area').textContent()).toBe('RT 05');
  });

  it('finds the customer as you type, by phone in any form and by name', async () => {
    await page.getByTestId('customer-back').click();
    await visible(page, 'customers-table');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().getByTestId('customer-phone').textContent()).toBe('+6281234567890');
    for (const q of ['081234567890', 'siti', 'kenanga']) {
      await page.getByTestId('customers-search').fill(q);
      await expect.poll(() => page.getByTestId('customers-total').textContent()).toBe('Jumlah pelanggan: 1');
    }
    await page.getByTestId('customers-search').fill('tidak ada orang ini');
    await visible(page, 'customers-empty');
    await page.getByTestId('customers-search').fill('');
    await expect.poll(() => rows().count()).toBe(1);
  });

  it('edits the details from the customer page', async () => {
    await rows().first().getByTestId('customer-link').click();
    await visible(page, 'screen-customer');
    await page.getByTestId('customer-edit').click();
    await page.getByTestId('customer-name').fill('Siti Aminah Putri');
    await page.getByTestId('customer-same-wa').click();
    await page.getByTestId('customer-whatsapp').fill('0857 1111 2222');
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-form').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('customer-title').textContent()).toBe('Siti Aminah Putri');
    await page.getByTestId('tab-profile').click();
    expect(await page.getByTestId('profile-whatsapp').textContent()).toContain('+6285711112222');
    expect(await page.getByTestId('profile-phone').textContent()).toBe('+6281234567890');
  });

  it('refuses an import file with a bad row (nothing saved), then imports the corrected file', async () => {
    await page.goto('/#/customers');
    await page.getByTestId('customers-import').click();
    const header = ['Nama', 'Telepon', 'Wilayah', 'Alamat'];
    const bad = csv([header, ['Budi Hartono', '0813 2222 3333', 'RT 07', 'Gg. Mawar 1'], ['Dewi Lestari', '12ab', 'RT 07', 'Gg. Mawar 2'], ['Agus', '081234567890', 'RT 05', '']]);
    await page.getByTestId('import-modal').locator('input[type=file]').setInputFiles(bad);
    const summary = page.getByTestId('import-summary');
    await expect.poll(() => summary.getAttribute('data-invalid')).toBe('2');
    expect(await summary.getAttribute('data-valid')).toBe('1');
    const errors = page.getByTestId('import-errors');
    expect(await errors.locator('[data-row="3"]').textContent()).toContain('"12ab" bukan nomor telepon yang benar');
    expect(await errors.locator('[data-row="4"]').textContent()).toMatch(/sudah dipakai pelanggan/);
    expect(await page.getByTestId('import-submit').isDisabled()).toBe(true);
    expect(await summary.textContent()).toContain('Kolom dipakai: Nama, Telepon, Wilayah, Alamat');
    await shot('desktop-customers-import-errors');
    // Nothing was saved: still the one customer behind the dialog.
    expect(await page.getByTestId('customers-total').textContent()).toBe('Jumlah pelanggan: 1');
    const fixed = csv([header, ['Budi Hartono', '0813 2222 3333', 'RT 07', 'Gg. Mawar 1'], ['Dewi Lestari', '0813 4444 5555', 'RT 07', 'Gg. Mawar 2']]);
    await page.getByTestId('import-modal').locator('input[type=file]').setInputFiles(fixed);
    await expect.poll(() => summary.getAttribute('data-invalid')).toBe('0');
    expect(await page.getByTestId('import-submit').textContent()).toBe('Impor 2 pelanggan');
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('customers-total').textContent()).toBe('Jumlah pelanggan: 3');
    await choose(page, 'customers-filter-area', 'RT 07');
    await expect.poll(() => rows().count()).toBe(2);
    await shot('desktop-customers-list');
    // Export follows the filter and arrives as a download.
    await page.getByTestId('customers-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customers-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text).toContain('Budi Hartono');
    expect(text).not.toContain('Siti Aminah');
  });

  it('gives a customer a subscription, shows its invoice, balance and router status, and isolates and restores it', async () => {
    await page.getByTestId('customers-filter-clear').click();
    await page.getByTestId('customers-search').fill('siti');
    await expect.poll(() => rows().count()).toBe(1);
    await rows().first().click();
    await visible(page, 'customer-subs');
    await page.getByTestId('sub-add').click();
    await choose(page, 'sub-plan', /Rumah 10M/);
    expect(await page.getByTestId('sub-router').inputValue()).toBe('Tower RT05');
    expect(await page.getByTestId('sub-username').inputValue()).toMatch(/^siti\d+$/);
    await page.getByTestId('sub-username').fill('siti-rt05');
    await shot('desktop-customer-sub-form');
    await page.getByTestId('sub-save').click();
    await page.getByTestId('sub-form').waitFor({ state: 'hidden' });
    const card = page.getByTestId('sub-card').filter({ hasText: 'siti-rt05' });
    await expect.poll(() => card.getAttribute('data-status')).toBe('active');
    await expect.poll(() => page.getByTestId('customer-balance').getAttribute('data-balance')).not.toBe('0');
    await shot('desktop-customer-page');

    await page.getByTestId('tab-invoices').click();
    await expect.poll(() => page.getByTestId('customer-invoice-row').count()).toBe(1);
    await shot('desktop-customer-invoices');
    await page.getByTestId('tab-ledger').click();
    await expect.poll(() => page.getByTestId('ledger-row').count()).toBe(1);
    await page.getByTestId('tab-router').click();
    await expect.poll(() => page.getByTestId('ppp-status').getAttribute('data-state')).toBe('offline');
    await shot('desktop-customer-router');
    await page.getByTestId('tab-history').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('customer-history').textContent()).toContain('Menambahkan langganan PPPoE siti-rt05');
    await shot('desktop-customer-history');
    await page.getByTestId('tab-profile').click();
    await visible(page, 'customer-profile');
    await shot('desktop-customer-profile');

    // The counter takes what she owes (prefilled); the balance is settled and the payment listed.
    await page.getByTestId('customer-pay').click();
    await expect.poll(() => page.getByTestId('pay-amount').inputValue()).not.toBe('');
    await page.getByTestId('payment-submit').click();
    await visible(page, 'payment-done');
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('customer-balance').getAttribute('data-balance')).toBe('0');
    await page.getByTestId('tab-payments').click();
    await expect.poll(() => page.getByTestId('customer-payment-row').count()).toBe(1);
    await page.getByTestId('tab-ledger').click();
    await expect.poll(() => page.getByTestId('ledger-row').count()).toBe(2);
    await shot('desktop-customer-ledger');

    await page.getByTestId('tab-subscriptions').click();
    await card.getByTestId('sub-menu').click();
    await page.getByTestId('sub-isolate').click();
    await page.getByTestId('sub-action-ok').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('isolated');
    await card.getByTestId('sub-restore').click();
    await page.getByTestId('sub-action-ok').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('active');

    await card.getByTestId('sub-menu').click();
    await page.getByTestId('sub-edit').click();
    await page.getByTestId('sub-discount').fill('10000');
    await page.getByTestId('sub-save').click();
    await page.getByTestId('sub-form').waitFor({ state: 'hidden' });
    await expect.poll(() => card.textContent()).toMatch(/potongan Rp\s10\.000/);

    await card.getByTestId('sub-menu').click();
    await page.getByTestId('sub-promise').click();
    await page.getByTestId('sub-action-note').fill('Bayar setelah gajian');
    await shot('desktop-customer-sub-promise');
    await page.getByTestId('sub-action-ok').click();
    await page.getByTestId('sub-action-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => card.textContent()).toContain('Janji bayar sampai');

    await card.getByTestId('sub-menu').click();
    await page.getByTestId('sub-terminate').click();
    // Ending is undone only by voiding the final invoice while it is the newest change: said before confirming.
    expect(await page.getByTestId('sub-action-modal').textContent()).toContain('batalkan tagihan akhirnya');
    await shot('desktop-customer-sub-terminate');
    // A later date schedules it instead: said before confirming, shown on the card, and cancellable.
    const today = await page.getByTestId('sub-action-date').inputValue();
    const later = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('sub-action-date').fill(later);
    await visible(page, 'sub-action-scheduled');
    expect(await page.getByTestId('sub-action-scheduled').textContent()).toContain('tidak ada yang berubah sampai hari itu');
    expect(await page.getByTestId('sub-action-ok').textContent()).toMatch(/^Jadwalkan untuk /);
    await page.getByTestId('sub-action-ok').click();
    await page.getByTestId('sub-action-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => card.getByTestId('sub-scheduled').getAttribute('data-date')).toBe(later);
    expect(await card.getAttribute('data-status')).toBe('active');
    expect(await card.getByTestId('sub-scheduled').textContent()).toContain('Akhiri langganan');
    await shot('desktop-customer-sub-scheduled');
    await card.getByTestId('sub-unschedule').click();
    await page.getByTestId('sub-unschedule-ok').click();
    await expect.poll(() => card.getByTestId('sub-scheduled').count()).toBe(0);
    expect(await card.getAttribute('data-status')).toBe('active');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('tab-subscriptions').textContent()).toBe('Subscriptions');
    await shot('desktop-customer-page-en');
    await page.getByTestId('lang-id').click();
  });

  it('shows a cashier only what a cashier may do', async () => {
    await rpc(page, 'users.create', { username: 'sari', fullName: 'Sari Kasir', role: 'cashier', password: 'sementara-123' });
    const { context, page: cashier } = await h.newPage();
    await cashier.goto('/');
    await login(cashier, 'sari', 'sementara-123');
    await visible(cashier, 'forced-password');
    await changePassword(cashier, 'sementara-123', 'kasir-baru-123');
    await visible(cashier, 'screen-home');
    await cashier.goto('/#/customers');
    await expect.poll(() => cashier.getByTestId('customer-row').count()).toBe(3);
    // No adding, importing or router filter; exporting is reading.
    expect(await cashier.getByTestId('customers-add').count()).toBe(0);
    expect(await cashier.getByTestId('customers-import').count()).toBe(0);
    expect(await cashier.getByTestId('customers-filter-router').count()).toBe(0);
    await cashier.getByTestId('customers-search').fill('siti');
    await expect.poll(() => cashier.getByTestId('customer-row').count()).toBe(1);
    await cashier.getByTestId('customer-row').first().getByTestId('customer-link').click();
    await visible(cashier, 'customer-subs');
    await visible(cashier, 'customer-pay');
    expect(await cashier.getByTestId('customer-edit').count()).toBe(0);
    expect(await cashier.getByTestId('sub-add').count()).toBe(0);
    expect(await cashier.getByTestId('tab-history').count()).toBe(0);
    // A promise to pay is the one subscription step a cashier takes: a plain button, no menu.
    await visible(cashier, 'sub-promise');
    expect(await cashier.getByTestId('sub-menu').count()).toBe(0);
    await shot('desktop-customer-page-cashier', cashier);
    await context.close();
  });

  it('stays usable on a phone', async () => {
    const { context, page: phone } = await h.newPage(PHONE);
    await phone.goto('/');
    await login(phone, OWNER.username, OWNER.password);
    await visible(phone, 'screen-home');
    await phone.goto('/#/customers');
    await expect.poll(() => phone.getByTestId('customer-row').count()).toBe(3);
    await shot('phone-customers-list', phone);
    await phone.getByTestId('customers-filter-toggle').click();
    await visible(phone, 'customers-filter-overdue');
    // Siti's first invoice is not due yet: nobody is overdue.
    await phone.getByTestId('customers-filter-overdue').click();
    await expect.poll(() => phone.getByTestId('customers-filter-toggle').textContent()).toBe('Filter (1)');
    await visible(phone, 'customers-empty');
    await shot('phone-customers-filtered', phone);
    await phone.getByTestId('customers-filter-clear').click();
    await expect.poll(() => phone.getByTestId('customer-row').count()).toBe(3);
    await phone.getByTestId('customers-search').fill('siti');
    await expect.poll(() => phone.getByTestId('customer-row').count()).toBe(1);
    await phone.getByTestId('customer-row').first().click();
    await visible(phone, 'customer-subs');
    await shot('phone-customer-page', phone);
    await phone.getByTestId('tab-invoices').click();
    await visible(phone, 'customer-invoice-row');
    await shot('phone-customer-invoices', phone);
    await phone.getByTestId('tab-subscriptions').click();
    await phone.getByTestId('sub-add').click();
    await visible(phone, 'sub-username');
    await shot('phone-customer-sub-form', phone);
    await phone.keyboard.press('Escape');
    await phone.getByTestId('customer-more').click();
    await phone.getByTestId('customer-edit').click();
    await visible(phone, 'customer-name');
    await shot('phone-customer-form', phone);
    await context.close();
  });
});
