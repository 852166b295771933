import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { login, OWNER, ownerSignedIn, rpc, visible } from './flows';
import { animationsDone, DESKTOP, PHONE, startHarness, type Harness } from './harness';

/** Screenshots for a person to look at (payment links, issue 12); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-link';


/** How far the server's clock is moved so the first invoice is overdue past its grace. */
const SKIP_MS = 15 * 86_400_000;
const localDay = (d: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(d);

describe('payment links: a clerk sends an isolated customer a link; the customer pays on the phone', () => {
  let h: Harness;
  let duitku: DuitkuSim;
  let router: RouterSim;
  let page: Page;
  let invoiceId = 0;
  let subscriptionId = 0;
  let linkUrl = '';

  const shot = async (p: Page, name: string) => {
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };
  const secret = () => router.state.menu('/ppp/secret').find({ name: 'andi-link' });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    duitku = await startDuitkuSim({ callbacks: false });
    router = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    h = await startHarness();
    ({ page } = await h.newPage(DESKTOP));
    await ownerSignedIn(page);
    // What the test is not about, over the API: a router, a plan, the DuitKu account, an isolated customer.
    const r = await rpc<{ id: number }>(page, 'routers.create', { name: 'Tower', host: '127.0.0.1', port: router.port, tls: false, username: 'billing', password: 'rahasia-router' });
    const plan = await rpc<{ id: number }>(page, 'plans.create', { name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M' });
    await rpc(page, 'gateway.createAccount', { gateway: 'duitku', name: 'DuitKu', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, baseUrl: duitku.baseUrl });
    await rpc(page, 'billing.setupIsolation', { routerId: r.id });
    const c = await rpc<{ id: number }>(page, 'customers.create', { name: 'Andi Wijaya', phone: '081234567890' });
    const sub = await rpc<{ id: number }>(page, 'subscriptions.create', { customerId: c.id, planId: plan.id, routerId: r.id, username: 'andi-link', password: 'rahasia1', installDate: localDay(new Date()), dueDays: 10, graceDays: 3 });
    subscriptionId = sub.id;
    // Two weeks later the invoice is overdue past its grace: the hourly check isolates the customer.
    await h.setClock(new Date(Date.now() + SKIP_MS));
    await page.goto('/');
    await login(page, OWNER.username, OWNER.password);
    await visible(page, 'screen-home');
    await rpc(page, 'jobs.runNow', { name: 'billing.enforce' });
    const list = await rpc<{ items: { id: number; status: string }[] }>(page, 'invoices.list', { customerId: c.id, status: 'unpaid' });
    invoiceId = list.items[list.items.length - 1]!.id;
  });
  afterAll(async () => {
    await h?.close();
    await duitku?.close();
    await router?.close();
  });

  it('the clerk opens the invoice, creates the payment link, and sees its short URL, QR and WhatsApp share', async () => {
    // The customer is isolated for the unpaid invoice, on the router too.
    await expect.poll(async () => (await rpc<{ status: string }>(page, 'subscriptions.get', { id: subscriptionId })).status).toBe('isolated');
    await expect.poll(() => secret()?.profile, { timeout: 20_000 }).toBe('isolir');
    await page.goto(`/#/invoices/${invoiceId}`);
    await visible(page, 'invoice-summary');
    await page.getByTestId('paylink-open').click();
    await visible(page, 'paylink-create');
    await page.getByTestId('paylink-create').click();
    await visible(page, 'paylink-made');
    linkUrl = await page.getByTestId('paylink-url').inputValue();
    expect(linkUrl).toMatch(new RegExp(`^${h.url}/p/[0-9a-z]+\\.[A-Za-z0-9_-]{16}$`));
    expect(await page.getByTestId('paylink-qr').innerHTML()).toContain('<svg');
    expect(await page.getByTestId('paylink-whatsapp').getAttribute('href')).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=.*%2Fp%2F/);
    await expect.poll(() => page.getByTestId('paylink-row').count()).toBe(1);
    await shot(page, 'desktop-staff-modal');
  });

  it('at phone size the link lists the methods with fees; a VA is chosen, paid at DuitKu, and the page turns lunas', async () => {
    const { context, page: phone } = await h.newPage(PHONE);
    try {
      await phone.goto(linkUrl);
      await visible(phone, 'pay-methods');
      expect(await phone.getByTestId('pay-method').count()).toBeGreaterThan(3);
      const bca = phone.locator('[data-testid="pay-method"][data-code="BC"]');
      expect(await bca.textContent()).toContain('Biaya Rp5.000');
      expect(await phone.getByTestId('pay-summary').textContent()).toContain('Andi Wijaya');
      await shot(phone, 'phone-pay-methods');

      await bca.click();
      await visible(phone, 'pay-attempt');
      const va = await phone.getByTestId('pay-va').inputValue();
      expect(va).toMatch(/^\d{8,}$/);
      expect(await phone.getByTestId('pay-state').getAttribute('data-state')).toBe('waiting');
      await shot(phone, 'phone-pay-va');

      // The customer pays at the bank; no callback reaches this office: the check (staff's or the poll) confirms.
      const attempts = await rpc<{ items: { id: number; orderId: string }[] }>(page, 'gateway.attempts', {});
      const attempt = attempts.items[0]!;
      duitku.pay(attempt.orderId);
      await rpc(page, 'gateway.checkAttempt', { id: attempt.id });
      // The page polls its own status and reloads itself into "lunas".
      await expect.poll(() => phone.getByTestId('pay-state').getAttribute('data-state')).toBe('paid');
      expect(await phone.getByTestId('pay-receipt').count()).toBe(1);
      await shot(phone, 'phone-pay-paid');
      const inv = await rpc<{ status: string }>(page, 'invoices.get', { id: invoiceId });
      expect(inv.status).toBe('paid');
      await expect.poll(async () => (await rpc<{ status: string }>(page, 'subscriptions.get', { id: subscriptionId })).status).toBe('active');
      await expect.poll(() => secret()?.profile, { timeout: 20_000 }).toBe('pk-10M');
    } finally {
      await context.close();
    }
  });

  it('an expired link says so and asks to contact the office', async () => {
    const c = await rpc<{ id: number }>(page, 'customers.create', { name: 'Rina', phone: '081298765432' });
    await rpc(page, 'invoices.createCharge', { customerId: c.id, type: 'installation', amount: 250_000, taxed: false });
    const link = await rpc<{ url: string }>(page, 'gateway.createLink', { customerId: c.id, expiresInDays: 1 });
    const { context, page: phone } = await h.newPage(PHONE);
    try {
      await phone.goto(link.url);
      await visible(phone, 'pay-methods');
      expect(await phone.getByTestId('pay-summary').textContent()).toContain('Semua tagihan');
      await shot(phone, 'phone-pay-customer-methods');
      await h.setClock(new Date(Date.now() + SKIP_MS + 2 * 86_400_000));
      await phone.goto(link.url);
      await expect.poll(() => phone.getByTestId('pay-state').getAttribute('data-state')).toBe('expired');
      expect(await phone.getByTestId('pay-state').textContent()).toContain('kedaluwarsa');
      await shot(phone, 'phone-pay-expired');
      await phone.goto(`${link.url}?lang=en`);
      expect(await phone.getByTestId('pay-state').textContent()).toContain('expired');
    } finally {
      await context.close();
    }
  });
});
