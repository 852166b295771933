import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { login, OWNER, ownerSignedIn, rpc, visible } from './flows';
import { animationsDone, DESKTOP, PHONE, startHarness, type Harness } from './harness';

/** Screenshots for a person to look at (the voucher shop's staff side, issue 12); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-shop';
const PUBLIC = 'https://voucher.rtnet-sejahtera.id';


type Profile = { id: number; name: string; online: boolean; sellingPrice: number };
const warnings = (page: Page) => page.getByTestId('shop-warning').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));

describe('voucher shop, staff side: mark a profile online, find the shop address, QR and prices', () => {
  let h: Harness;
  let router: RouterSim;
  let duitku: DuitkuSim;
  let page: Page;
  let accountId = 0;

  const shot = async (p: Page, name: string, what?: Locator) => {
    await animationsDone(p);
    if (what) await what.screenshot({ path: path.join(SHOTS, `${name}.png`) });
    else await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const row = (p: Page, name: string) => p.getByTestId('profile-row').filter({ hasText: name }).first();
  const profiles = async () => rpc<Profile[]>(page, 'vouchers.profiles', {});

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    duitku = await startDuitkuSim({ callbacks: false });
    router = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    h = await startHarness();
    ({ page } = await h.newPage(DESKTOP));
    await ownerSignedIn(page);
    // What the test is not about, over the API: a router and two profiles that are not sold online.
    const r = await rpc<{ id: number }>(page, 'routers.create', { name: 'Tower', host: '127.0.0.1', port: router.port, tls: false, username: 'billing', password: 'rahasia-router' });
    await rpc(page, 'vouchers.createProfile', { routerId: r.id, name: 'Voucher 1 Hari', profileName: 'vc-1hari', sellingPrice: 5000, price: 4000, validity: '1d', rateLimit: '2M/5M' });
    await rpc(page, 'vouchers.createProfile', { routerId: r.id, name: 'Voucher 7 Hari', profileName: 'vc-7hari', sellingPrice: 25_000, price: 20_000, validity: '7d' });
  });
  afterAll(async () => {
    await h?.close();
    await router?.close();
    await duitku?.close();
  });

  it('with nothing on sale and no payment account the shop card says plainly why it cannot sell', async () => {
    await page.goto('/#/vouchers/profiles');
    await visible(page, 'shop-card');
    expect(await page.getByTestId('shop-card').getAttribute('data-ready')).toBe('false');
    // The listener's own address (loopback here): shown, with a warning that a buyer's phone cannot open it.
    expect(await page.getByTestId('shop-url').textContent()).toBe(`${h.url}/shop`);
    expect(await warnings(page)).toEqual(['noAccounts', 'localOnly', 'noProfiles']);
    const noAccounts = page.locator('[data-testid="shop-warning"][data-kind="noAccounts"]');
    expect(await noAccounts.textContent()).toContain('Belum ada akun pembayaran online yang aktif');
    expect(await page.getByTestId('shop-settings-link').getAttribute('href')).toBe('#/settings/gateway');
    // No QR code for an address a phone cannot open, and no poster to print while the shop cannot sell.
    expect(await page.getByTestId('shop-qr').count()).toBe(0);
    expect(await page.getByTestId('shop-print').count()).toBe(0);
    expect(await page.getByTestId('shop-profile').count()).toBe(0);
    expect(await page.getByTestId('profile-online-badge').count()).toBe(0);
    await shot(page, 'desktop-shop-card-closed', page.getByTestId('shop-card'));
  });

  it('the owner ticks "Dijual di toko voucher online" in the profile form; the table and the shop card show it', async () => {
    await row(page, 'Voucher 1 Hari').getByTestId('profile-edit').click();
    await visible(page, 'profile-name');
    const online = page.getByTestId('profile-online');
    expect(await online.isChecked()).toBe(false);
    expect(await page.getByTestId('profile-form').textContent()).toContain('kode voucher diberikan setelah pembayarannya terkonfirmasi');
    await online.check();
    await shot(page, 'desktop-profile-form');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-form').waitFor({ state: 'hidden' });

    await expect.poll(() => row(page, 'Voucher 1 Hari').getByTestId('profile-online-badge').count()).toBe(1);
    expect(await row(page, 'Voucher 7 Hari').getByTestId('profile-online-badge').count()).toBe(0);
    expect((await profiles()).find((p) => p.name === 'Voucher 1 Hari')?.online).toBe(true);
    // The shop card reloads with the list: the profile is on sale at its selling price; the QR is an image.
    await expect.poll(() => page.getByTestId('shop-profile').count()).toBe(1);
    const onSale = page.locator('[data-testid="shop-profile"][data-name="Voucher 1 Hari"]');
    expect(await onSale.textContent()).toMatch(/Voucher 1 Hari\s*Rp\s5\.000/);
    expect(await warnings(page)).toEqual(['noAccounts', 'localOnly']);
  });

  it('an edit of something else keeps the profile in the shop (the form always sends "online")', async () => {
    await row(page, 'Voucher 1 Hari').getByTestId('profile-edit').click();
    await visible(page, 'profile-name');
    expect(await page.getByTestId('profile-online').isChecked()).toBe(true);
    await page.getByTestId('profile-selling-price').fill('6000');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-form').waitFor({ state: 'hidden' });
    await expect.poll(async () => (await profiles()).find((p) => p.name === 'Voucher 1 Hari')?.sellingPrice).toBe(6000);
    expect((await profiles()).find((p) => p.name === 'Voucher 1 Hari')?.online).toBe(true);
    await expect.poll(() => page.locator('[data-testid="shop-profile"][data-name="Voucher 1 Hari"]').textContent()).toMatch(/Rp\s6\.000/);
  });

  it('a disabled payment account still leaves the shop closed; enabled with a public address it is ready, with a poster', async () => {
    const duitkuAccount = { gateway: 'duitku', name: 'DuitKu', merchantCode: DEFAULT_MERCHANT.code, baseUrl: duitku.baseUrl, methods: ['SP', 'BC'], publicBaseUrl: PUBLIC };
    const account = await rpc<{ id: number }>(page, 'gateway.createAccount', { ...duitkuAccount, apiKey: DEFAULT_MERCHANT.apiKey, enabled: false });
    accountId = account.id;
    await page.reload();
    await visible(page, 'shop-card');
    expect(await warnings(page)).toEqual(['noAccounts', 'localOnly']);

    await rpc(page, 'gateway.updateAccount', { ...duitkuAccount, id: accountId, enabled: true });
    await page.reload();
    await visible(page, 'shop-card');
    await expect.poll(() => page.getByTestId('shop-url').textContent()).toBe(`${PUBLIC}/shop`);
    expect(await page.getByTestId('shop-warning').count()).toBe(0);
    expect(await page.getByTestId('shop-card').getAttribute('data-ready')).toBe('true');
    expect(await page.getByTestId('shop-open').getAttribute('href')).toBe(`${PUBLIC}/shop`);
    // The A4 poster waits off-screen for "Cetak poster": office, headline, QR, address, prices.
    const poster = page.getByTestId('shop-poster');
    const text = await poster.textContent();
    expect(text).toContain('RT/RW Net Sejahtera');
    expect(text).toContain('Beli voucher WiFi di sini');
    expect(text).toContain('voucher.rtnet-sejahtera.id/shop');
    expect(text).toMatch(/Voucher 1 Hari\s*Rp\s6\.000/);
    expect(await poster.locator('img').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.getByTestId('shop-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(await page.getByTestId('shop-settings-link').count()).toBe(0);
    await visible(page, 'shop-print');
    await shot(page, 'desktop-shop-card-ready', page.getByTestId('shop-card'));
    await shot(page, 'desktop-profiles-tab');
    // What "Cetak poster" prints: the page in print media shows the poster alone.
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'print-poster');
    await page.emulateMedia({ media: 'screen' });
  });

  it('at phone size the profile form and the shop card fit the screen', async () => {
    const { context, page: phone } = await h.newPage(PHONE);
    try {
      await phone.goto('/');
      await login(phone, OWNER.username, OWNER.password);
      await visible(phone, 'screen-home');
      await phone.goto('/#/vouchers/profiles');
      await visible(phone, 'shop-card');
      await expect.poll(() => phone.getByTestId('shop-url').textContent()).toBe(`${PUBLIC}/shop`);
      expect(await row(phone, 'Voucher 1 Hari').getByTestId('profile-online-badge').count()).toBe(1);
      // Nothing wider than the phone: no sideways scrolling.
      const wide = await phone.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      expect(wide).toBeLessThanOrEqual(PHONE.width);
      await shot(phone, 'phone-shop-card', phone.getByTestId('shop-card'));
      await shot(phone, 'phone-profiles-tab');
      await row(phone, 'Voucher 7 Hari').getByTestId('profile-edit').click();
      await visible(phone, 'profile-name');
      expect(await phone.getByTestId('profile-online').isChecked()).toBe(false);
      await shot(phone, 'phone-profile-form');
    } finally {
      await context.close();
    }
  });

  it('a voucher bought in the shop shows in Pembayaran online as "Voucher · profile" with the buyer\'s WhatsApp, then its code; the reconciliation counts it', async () => {
    // The buyer (the shop's pages are another test's subject): the only profile on sale, QRIS.
    const { context, page: buyer } = await h.newPage(PHONE);
    try {
      await buyer.goto('/shop');
      await buyer.getByTestId('shop-buy').first().click();
      await buyer.getByTestId('shop-phone').fill('0812 3456 7890');
      await buyer.locator('[data-testid="pay-method"][data-code="SP"]').click();
      await visible(buyer, 'pay-attempt');
    } finally {
      await context.close();
    }
    await page.goto('/#/online');
    const attemptRow = page.getByTestId('attempt-row').first();
    await expect.poll(() => attemptRow.textContent()).toContain('Voucher · Voucher 1 Hari');
    expect(await attemptRow.getByTestId('attempt-buyer').textContent()).toBe('WA pembeli +6281234567890');
    const orderId = (await attemptRow.getAttribute('data-order'))!;
    await attemptRow.click();
    await visible(page, 'screen-online-attempt');
    expect(await page.getByTestId('attempt-voucher-pending').textContent()).toBe('Voucher belum diberikan');
    expect(await page.getByTestId('attempt-buyer').textContent()).toContain('+6281234567890');
    // No customer payment for a voucher sale: the "became a payment" line is not shown.
    expect(await page.getByTestId('attempt-payment').count()).toBe(0);
    await shot(page, 'desktop-attempt-voucher-pending');

    duitku.pay(orderId);
    await page.getByTestId('attempt-check').click();
    await visible(page, 'attempt-voucher-code');
    const id = Number(new URL(page.url()).hash.split('/').pop());
    const detail = await rpc<{ voucherCode: string | null; state: string }>(page, 'gateway.attempt', { id });
    expect(detail.state).toBe('paid');
    expect(await page.getByTestId('attempt-voucher-code').textContent()).toBe(detail.voucherCode);
    await shot(page, 'desktop-attempt-voucher-paid');

    await page.goto('/#/online/report');
    await page.getByTestId('gw-report-view').getByText('Rekonsiliasi').click();
    await page.getByTestId('gw-report-account').click();
    await page.getByRole('option', { name: 'DuitKu' }).click();
    const sold = page.getByTestId('gw-reconcile-vouchers');
    await expect.poll(() => sold.getAttribute('data-count')).toBe('1');
    expect(await sold.textContent()).toContain('Voucher terjual (toko online)');
    expect(await sold.textContent()).toMatch(/Neto: Rp\s6\.000/);
    await shot(page, 'desktop-reconcile-vouchers');
  });
});
