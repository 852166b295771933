import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { login, OWNER, ownerSignedIn, rpc, visible } from './flows';
import { animationsDone, DESKTOP, freePort, PHONE, startHarness, type Harness } from './harness';

/** Screenshots for a person to look at (the isolation page and Settings → Isolir); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-isolation';

/** How far the server's clock is moved so the first invoice is overdue past its grace. */
const SKIP_MS = 15 * 86_400_000;
const localDay = (d: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(d);

describe('isolation: the router set-up is previewed and applied; an isolated customer’s redirected request shows the page, pays, and is restored', () => {
  let h: Harness;
  let duitku: DuitkuSim;
  let router: RouterSim;
  let page: Page;
  let isoPort = 0;
  let subscriptionId = 0;
  let routerId = 0;

  const shot = async (p: Page, name: string, fullPage = true) => {
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  };
  const secret = () => router.state.menu('/ppp/secret').find({ name: 'andi-iso' });
  const ours = (menu: '/ip/firewall/nat' | '/ip/firewall/filter') => router.state.menu(menu).all().filter((r) => (r.comment ?? '').startsWith('mb:isolation'));

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    duitku = await startDuitkuSim({ callbacks: false });
    router = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    // Loopback only: the isolation listener binds where the main listener does.
    h = await startHarness({ env: { MB_HOST: '127.0.0.1' } });
    isoPort = await freePort();
    ({ page } = await h.newPage(DESKTOP));
    await ownerSignedIn(page);
    const r = await rpc<{ id: number }>(page, 'routers.create', { name: 'Tower', host: '127.0.0.1', port: router.port, tls: false, username: 'billing', password: 'rahasia-router' });
    const plan = await rpc<{ id: number }>(page, 'plans.create', { name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M' });
    await rpc(page, 'gateway.createAccount', { gateway: 'duitku', name: 'DuitKu', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, baseUrl: duitku.baseUrl });
    await rpc(page, 'settings.update', { group: 'office', value: { name: 'RT05 Net', address: 'Jl. Melati 5', phone: '0812-1111-2222', npwp: '', logo: null } });
    await rpc(page, 'settings.update', { group: 'isolation', value: { enabled: true, port: isoPort, address: '127.0.0.1', allowList: 'isolir-allow', allowHosts: ['bank.example.id'], perMinute: 60 } });
    const c = await rpc<{ id: number }>(page, 'customers.create', { name: 'Andi Wijaya', phone: '081234567890' });
    const sub = await rpc<{ id: number }>(page, 'subscriptions.create', { customerId: c.id, planId: plan.id, routerId: r.id, username: 'andi-iso', password: 'rahasia1', installDate: localDay(new Date()), dueDays: 10, graceDays: 3 });
    subscriptionId = sub.id;
    routerId = r.id;
  });
  afterAll(async () => {
    await h?.close();
    await duitku?.close();
    await router?.close();
  });

  it('Settings → Isolir shows the listener and, per router, the RouterOS commands before they are applied', async () => {
    await page.goto('/#/settings/isolation');
    await visible(page, 'isolation-tab');
    await expect.poll(() => page.getByTestId('isolation-listening').textContent()).toContain(String(isoPort));
    expect(await page.getByTestId('isolation-router-state').textContent()).toBe('Belum dipasang');
    await shot(page, 'desktop-settings-isolation');

    await page.getByTestId('isolation-check').click();
    await visible(page, 'isolation-change');
    const count = Number(await page.getByTestId('isolation-change-count').getAttribute('data-count'));
    expect(count).toBeGreaterThan(15);
    const commands = await page.getByTestId('isolation-command').allTextContents();
    expect(commands).toContain(`/ip/firewall/nat/add =comment=mb:isolation:http =chain=dstnat =src-address-list=isolir =dst-address-list=!isolir-allow =protocol=tcp =dst-port=80 =action=dst-nat =to-addresses=127.0.0.1 =to-ports=${isoPort} =disabled=no`);
    expect(commands.some((c) => c.includes('=dst-port=443 =action=reject =reject-with=tcp-reset'))).toBe(true);
    // Shown, not sent: the router has none of it yet.
    expect(ours('/ip/firewall/nat')).toHaveLength(0);
    await shot(page, 'desktop-isolation-preview', false);

    await page.getByTestId('isolation-apply').click();
    await expect.poll(() => ours('/ip/firewall/filter').map((r) => r.comment), { timeout: 20_000 }).toEqual(['mb:isolation:nat', 'mb:isolation:allow', 'mb:isolation:dns-udp', 'mb:isolation:dns-tcp', 'mb:isolation:https', 'mb:isolation:drop']);
    expect(ours('/ip/firewall/nat')).toEqual([expect.objectContaining({ 'to-addresses': '127.0.0.1', 'to-ports': String(isoPort) })]);
    expect(router.state.menu('/ppp/profile').find({ name: 'isolir' })).toMatchObject({ 'address-list': 'isolir' });
    await expect.poll(() => page.getByTestId('isolation-router-state').textContent()).toBe('Terpasang');

    // Drift: a rule deleted by hand shows up in the routers' drift check.
    const https = router.state.menu('/ip/firewall/filter').find({ comment: 'mb:isolation:https' })!;
    router.state.menu('/ip/firewall/filter').remove(https['.id']!);
    const drift = await rpc<{ items: { kind: string; key: Record<string, string> }[] }>(page, 'routers.drift', { routerId });
    expect(drift.items).toEqual([expect.objectContaining({ kind: 'missing', key: { comment: 'mb:isolation:https' } })]);

    // At phone size: the same card, and the preview of what the repair will send.
    const { context, page: phone } = await h.newPage(PHONE);
    try {
      await ownerSignedInAgain(phone);
      await phone.goto('/#/settings/isolation');
      await visible(phone, 'isolation-tab');
      await shot(phone, 'phone-settings-isolation');
      await phone.getByTestId('isolation-check').click();
      await visible(phone, 'isolation-reorder');
      await shot(phone, 'phone-isolation-preview', false);
    } finally {
      await context.close();
    }
    await page.getByTestId('isolation-check').click();
    await visible(page, 'isolation-reorder');
    await page.getByTestId('isolation-apply').click();
    await expect.poll(() => ours('/ip/firewall/filter').map((r) => r.comment), { timeout: 20_000 }).toEqual(['mb:isolation:nat', 'mb:isolation:allow', 'mb:isolation:dns-udp', 'mb:isolation:dns-tcp', 'mb:isolation:https', 'mb:isolation:drop']);
    await expect.poll(async () => (await rpc<{ items: unknown[] }>(page, 'routers.drift', { routerId })).items).toEqual([]);
  });

  it('the isolated customer’s HTTP request to any site shows the page; “Bayar sekarang” pays at DuitKu and the router restores them', async () => {
    await h.setClock(new Date(Date.now() + SKIP_MS));
    await page.goto('/');
    await login(page, OWNER.username, OWNER.password);
    await visible(page, 'screen-home');
    await rpc(page, 'jobs.runNow', { name: 'billing.enforce' });
    await expect.poll(async () => (await rpc<{ status: string }>(page, 'subscriptions.get', { id: subscriptionId })).status).toBe('isolated');
    await expect.poll(() => secret()?.profile, { timeout: 20_000 }).toBe('isolir');
    // The customer's modem redials with the isolation profile; the router puts its address in the isolation list.
    router.state.login('/ppp/active', { name: 'andi-iso', address: '127.0.0.1' });

    // The router's dst-nat: the phone asks for http://detik.com/…, the request (Host: detik.com) lands on the isolation port.
    const context = await h.browser.newContext({ viewport: PHONE, proxy: { server: `http://127.0.0.1:${isoPort}`, bypass: '127.0.0.1' }, locale: 'id-ID' });
    const phone = await context.newPage();
    try {
      const res = await phone.goto('http://detik.com/berita/hari-ini');
      expect(res?.status()).toBe(200);
      expect(res?.headers()['cache-control']).toBe('no-store');
      await visible(phone, 'iso-why');
      expect(await phone.getByTestId('iso-why').textContent()).toContain('diisolir karena ada tagihan yang belum dibayar');
      expect(await phone.getByTestId('iso-owed').textContent()).toMatch(/^Rp\d{1,3}(\.\d{3})+$/);
      expect(await phone.content()).toContain('Andi Wijaya');
      const payUrl = await phone.getByTestId('iso-pay').getAttribute('href');
      expect(payUrl).toMatch(new RegExp(`^${h.url}/p/[0-9a-z]+\\.[A-Za-z0-9_-]{16}$`));
      await shot(phone, 'phone-isolation-page');
      // A captive-portal probe gets the same page (the phone then offers "sign in to network").
      await phone.goto('http://connectivitycheck.gstatic.com/generate_204');
      await visible(phone, 'iso-pay');
      await phone.goto('http://detik.com/?lang=en');
      expect(await phone.getByTestId('iso-pay').textContent()).toBe('Pay now');
      await shot(phone, 'phone-isolation-page-en');
      await phone.goto('http://detik.com/');

      // "Bayar sekarang": the pay page (the office's own address: the router's walled garden lets it through).
      await phone.getByTestId('iso-pay').click();
      await visible(phone, 'pay-methods');
      await phone.locator('[data-testid="pay-method"][data-code="BC"]').click();
      await visible(phone, 'pay-attempt');
      const attempts = await rpc<{ items: { id: number; orderId: string }[] }>(page, 'gateway.attempts', {});
      const started = Date.now();
      duitku.pay(attempts.items[0]!.orderId);
      await rpc(page, 'gateway.checkAttempt', { id: attempts.items[0]!.id });
      await expect.poll(() => phone.getByTestId('pay-state').getAttribute('data-state')).toBe('paid');
      await expect.poll(async () => (await rpc<{ status: string }>(page, 'subscriptions.get', { id: subscriptionId })).status).toBe('active');
      // Restored on the router within a minute: the plan's profile again, and the session kicked to redial.
      await expect.poll(() => secret()?.profile, { timeout: 60_000 }).toBe('pk-10M');
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(router.state.menu('/ppp/active').find({ name: 'andi-iso' })).toBeUndefined();
      await shot(phone, 'phone-isolation-paid');
    } finally {
      await context.close();
    }
  });
});

async function ownerSignedInAgain(p: Page): Promise<void> {
  await p.goto('/');
  await login(p, OWNER.username, OWNER.password);
  await visible(p, 'screen-home');
}
