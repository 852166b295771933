import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { ownerSignedIn, rpc, visible } from './flows';
import { animationsDone, DESKTOP, PHONE, startHarness, type Harness } from './harness';

/** Screenshots for a person to look at (the voucher shop, issue 12); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-shop';


describe('voucher shop: a customer buys a voucher on the phone and it works on the router', () => {
  let h: Harness;
  let duitku: DuitkuSim;
  let router: RouterSim;
  let staff: Page;

  const shot = async (p: Page, name: string) => {
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    duitku = await startDuitkuSim({ callbacks: false });
    router = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    h = await startHarness();
    ({ page: staff } = await h.newPage(DESKTOP));
    await ownerSignedIn(staff);
    const r = await rpc<{ id: number }>(staff, 'routers.create', { name: 'Tower', host: '127.0.0.1', port: router.port, tls: false, username: 'billing', password: 'rahasia-router' });
    await rpc(staff, 'gateway.createAccount', { gateway: 'duitku', name: 'DuitKu', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, baseUrl: duitku.baseUrl, methods: ['SP', 'BC'] });
    await rpc(staff, 'vouchers.createProfile', { routerId: r.id, name: 'Harian 1 Hari', profileName: 'harian', price: 4000, sellingPrice: 5000, validity: '1d', rateLimit: '2M/2M', dataQuotaMb: 2048, online: true });
    await rpc(staff, 'vouchers.createProfile', { routerId: r.id, name: 'Mingguan', profileName: 'mingguan', price: 18000, sellingPrice: 20000, validity: '7d', online: true });
    await rpc(staff, 'settings.update', { group: 'vouchers', value: { reportUrl: '', loginUrl: 'http://hotspot.rt05.net/login' } });
  });
  afterAll(async () => {
    await h?.close();
    await duitku?.close();
    await router?.close();
  });

  it('at phone size: choose a package, pay by QRIS in DuitKu, and the page shows the voucher, which logs in on the router', async () => {
    const { context, page: phone } = await h.newPage(PHONE);
    try {
      await phone.goto('/shop');
      await expect.poll(() => phone.getByTestId('shop-profile').count()).toBe(2);
      expect(await phone.getByTestId('shop-profile').first().textContent()).toContain('Rp5.000');
      await shot(phone, 'phone-shop-list');
      await phone.getByTestId('shop-buy').first().click();
      await visible(phone, 'pay-methods');
      expect(await phone.getByTestId('shop-price').textContent()).toBe('Rp5.000');
      await phone.getByTestId('shop-phone').fill('0812 3456 7890');
      await shot(phone, 'phone-shop-methods');
      await phone.locator('[data-testid="pay-method"][data-code="SP"]').click();
      await visible(phone, 'pay-attempt');
      expect(await phone.getByTestId('pay-qr').innerHTML()).toContain('<svg');
      const purchaseUrl = phone.url();
      expect(purchaseUrl).toMatch(/\/v\/MBV\d+-1-[0-9A-Z]+\.[A-Za-z0-9_-]{16}$/);
      await shot(phone, 'phone-shop-qris');

      // Nothing is sold before the payment is confirmed.
      const attempts = await rpc<{ items: { id: number; orderId: string; purpose: string; buyerPhone: string; voucherId: number | null }[] }>(staff, 'gateway.attempts', {});
      const attempt = attempts.items[0]!;
      expect(attempt).toMatchObject({ purpose: 'voucher', buyerPhone: '+6281234567890', voucherId: null });
      // The customer pays; the office's check confirms it (no callback can reach it), and the page reloads itself.
      duitku.pay(attempt.orderId);
      await rpc(staff, 'gateway.checkAttempt', { id: attempt.id });
      await visible(phone, 'shop-voucher');
      const code = await phone.getByTestId('shop-code').inputValue();
      expect(code).toMatch(/^[a-z0-9]{6}$/);
      expect(await phone.getByTestId('shop-qr').innerHTML()).toContain('<svg');
      expect(await phone.getByTestId('shop-login').getAttribute('href')).toBe(`http://hotspot.rt05.net/login?username=${code}&password=${code}`);
      await shot(phone, 'phone-shop-voucher');

      // The voucher is a real hotspot user on the router: it logs in.
      expect(router.state.hotspotLogin(code, code)).toMatchObject({ ok: true });
      const detail = await rpc<{ voucherCode: string | null; state: string }>(staff, 'gateway.attempt', { id: attempt.id });
      expect(detail).toMatchObject({ state: 'paid', voucherCode: code });

      // The purchase's link is the receipt: opened again later, it shows the same voucher (English too).
      await phone.goto(`${purchaseUrl}?lang=en`);
      await visible(phone, 'shop-voucher');
      expect(await phone.getByTestId('shop-code').inputValue()).toBe(code);
      expect(await phone.getByTestId('shop-voucher').textContent()).toContain('Your voucher');
    } finally {
      await context.close();
    }
  });

  it('at desktop size the shop reads well, and a forged purchase link shows nothing', async () => {
    const { context, page: desk } = await h.newPage(DESKTOP);
    try {
      await desk.goto('/shop?lang=en');
      await expect.poll(() => desk.getByTestId('shop-profile').count()).toBe(2);
      await shot(desk, 'desktop-shop-list');
      const res = await desk.goto('/v/MBV1-1-ABC.AAAAAAAAAAAAAAAA');
      expect(res?.status()).toBe(404);
    } finally {
      await context.close();
    }
  });
});
