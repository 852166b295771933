import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { waitFor } from '../support/poll';
import { api } from './billing-flows';
import { login, OWNER, ownerSignedIn, visible } from './flows';
import { animationsDone, freePort, PHONE, startHarness, type Harness } from './harness';

/** Screenshots for a person to look at (the customer portal, issue 14); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-portal';
const DESK = { width: 1280, height: 800 };
/** The portal's first load (HTML + JS + CSS, gzipped) on a cheap phone over 3G: the budget. */
const FIRST_LOAD_BUDGET = 150 * 1024;
/** How far the server's clock moves so the first invoice is overdue past its grace (the customer is isolated). */
const SKIP_MS = 15 * 86_400_000;
const ANDI_WA = '6281234567801';
const NEW_WA = '6281234567802';
const localDay = (d: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(d);

/** The DOM types this project lacks, for the functions run in the page. */
type Doc = { documentElement: { scrollWidth: number; clientWidth: number } };

/*
 * The customer portal end to end (issue 14) at phone size: a customer isolated for an unpaid invoice signs in
 * with a code sent over WhatsApp (the production whatsapp-web.js adapter over the stand-in, tests/e2e/wa-server.ts),
 * sees what is owed, pays in the DuitKu double and sees the service restored, on the router too. Every screen is
 * pictured at 390×844 and 1280×800.
 */
describe('customer portal: sign in with a WhatsApp code, pay, restored; every screen on a phone', () => {
  let h: Harness;
  let ctl: string;
  let duitku: DuitkuSim;
  let router: RouterSim;
  let staff: Page;
  let phone: { context: BrowserContext; page: Page };
  let customerId = 0;
  let subscriptionId = 0;

  /** The page as it is at 390×844, then the same page at 1280×800 (then back to the phone). */
  const shot = async (p: Page, name: string) => {
    await p.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, `phone-${name}.png`), fullPage: true });
    // Nothing wider than the phone: no sideways scrolling anywhere.
    const overflow = await p.evaluate(() => {
      const el = (globalThis as unknown as { document: Doc }).document.documentElement;
      return el.scrollWidth - el.clientWidth;
    });
    expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    await p.setViewportSize(DESK);
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, `desktop-${name}.png`), fullPage: true });
    await p.setViewportSize(PHONE);
  };
  /** What WhatsApp does, through the stand-in's control server; 409 (no client yet) is "not yet". */
  const whatsapp = async (route: string, data?: unknown): Promise<void> => {
    const status = await waitFor(
      async () => {
        const s = (await fetch(`${ctl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data ?? {}) })).status;
        return s === 409 ? 0 : s;
      },
      { message: `the WhatsApp stand-in to take ${route}` },
    );
    if (status !== 200) throw new Error(`control ${route}: ${status}`);
  };
  /** The newest sign-in code WhatsApp delivered to a number. */
  const codeSentTo = async (number: string, after = 0): Promise<string> => {
    let code = '';
    await expect
      .poll(async () => {
        const sent = (await (await fetch(`${ctl}/sent`)).json()) as { chatId: string; content: unknown }[];
        const mine = sent.filter((s) => s.chatId === `${number}@c.us`).slice(after);
        const m = mine.map((s) => /\b(\d{6})\b/.exec(String(s.content))).filter((x) => x !== null).at(-1);
        code = m?.[1] ?? '';
        return code;
      }, { timeout: 30_000 })
      .toMatch(/^\d{6}$/);
    return code;
  };
  const sentCount = async (number: string) => ((await (await fetch(`${ctl}/sent`)).json()) as { chatId: string }[]).filter((s) => s.chatId === `${number}@c.us`).length;
  const secret = () => router.state.menu('/ppp/secret').find({ name: 'andi-portal' });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    ctl = `http://127.0.0.1:${port}`;
    duitku = await startDuitkuSim({ callbacks: false });
    router = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    h = await startHarness({ server: 'wa-standin', env: { MB_WA_CONTROL_PORT: String(port) } });
    ({ page: staff } = await h.newPage(DESK));
    await ownerSignedIn(staff);
    // What the test is not about, over the API: WhatsApp Web paired, a router, a plan, DuitKu, a customer.
    await api(staff, 'settings.update', { group: 'whatsapp', value: { channel: 'webjs', minGapSeconds: 5, maxGapSeconds: 5, quietStart: '06:00', quietEnd: '06:00' } });
    await whatsapp('/qr');
    await whatsapp('/ready');
    await whatsapp('/numbers', { numbers: [ANDI_WA] });
    const r = await api(staff, 'routers.create', { name: 'Tower', host: '127.0.0.1', port: router.port, tls: false, username: 'billing', password: 'rahasia-router' });
    const plan = await api(staff, 'plans.create', { name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M' });
    await api(staff, 'gateway.createAccount', { gateway: 'duitku', name: 'DuitKu', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, baseUrl: duitku.baseUrl });
    await api(staff, 'billing.setupIsolation', { routerId: r.id });
    const c = await api(staff, 'customers.create', { name: 'Andi Wijaya', phone: '081234567801', whatsapp: '081234567801', waOptIn: true, area: 'RT05' });
    customerId = c.id;
    const sub = await api(staff, 'subscriptions.create', { customerId, planId: plan.id, routerId: r.id, username: 'andi-portal', password: 'rahasia1', installDate: localDay(new Date()), dueDays: 10, graceDays: 3 });
    subscriptionId = sub.id;
    // Two weeks later the invoice is overdue past its grace: the hourly check isolates Andi.
    await h.setClock(new Date(Date.now() + SKIP_MS));
    await staff.goto('/');
    await login(staff, OWNER.username, OWNER.password);
    await visible(staff, 'screen-home');
    await api(staff, 'jobs.runNow', { name: 'billing.enforce' });
    await waitFor(async () => (await api(staff, 'subscriptions.get', { id: subscriptionId })).status === 'isolated', { message: 'Andi to be isolated' });
    phone = await h.newPage(PHONE);
  });
  afterAll(async () => {
    await h?.close();
    await duitku?.close();
    await router?.close();
  });

  it('the first load (HTML, JS and CSS, gzipped) fits the 150 kB budget, with a manifest and home-screen icons', async () => {
    const res = await fetch(`${h.url}/portal/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const assets = [...html.matchAll(/<(?:script[^>]+src|link[^>]+href)="([^"]+)"/g)].map((m) => m[1]!).filter((u) => /\.(js|css)$/.test(u));
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    let total = gzipSync(html).length;
    const sizes: Record<string, number> = { 'index.html': total };
    for (const a of assets) {
      const body = Buffer.from(await (await fetch(new URL(a, `${h.url}/portal/`))).arrayBuffer());
      sizes[a] = gzipSync(body, { level: 9 }).length;
      total += sizes[a];
    }
    console.log(`portal first load: ${(total / 1024).toFixed(1)} kB gzipped ${JSON.stringify(sizes)}`);
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);

    const manifest = (await (await fetch(`${h.url}/portal/manifest.webmanifest`)).json()) as { start_url: string; scope: string; display: string; icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ start_url: '/portal/', scope: '/portal/', display: 'standalone' });
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size)!;
      const png = Buffer.from(await (await fetch(`${h.url}${icon.src}`)).arrayBuffer());
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(size);
    }
    expect((await fetch(`${h.url}/portal/sw.js`)).status).toBe(200);
    expect((await fetch(`${h.url}/portal/offline.html`)).status).toBe(200);
  });

  it('on a cheap phone over 3G (Chrome\'s "Fast 3G", CPU 4× slower) the sign-in form is usable within 8 s', async () => {
    const { context, page } = await h.newPage(PHONE);
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      // DevTools' "Fast 3G": 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up.
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const t0 = Date.now();
      await page.goto('/portal/');
      await visible(page, 'signin-login');
      const ms = Date.now() - t0;
      console.log(`portal sign-in form usable after ${ms} ms on Fast 3G with a 4× slower CPU`);
      expect(ms).toBeLessThan(8_000);
    } finally {
      await context.close();
    }
  });

  it('signs in with a code sent over WhatsApp and sees the blocked service, what is owed and the Bayar button', async () => {
    const p = phone.page;
    await p.goto('/portal/');
    await visible(p, 'portal-signin');
    // Plain HTTP: no service worker is even tried.
    expect(await p.evaluate(() => (globalThis as unknown as { navigator: { serviceWorker?: { controller: unknown } } }).navigator.serviceWorker?.controller ?? null)).toBeNull();
    expect(await p.getByTestId('portal-signin').textContent()).toContain('Masuk ke akun Anda');
    await shot(p, '01-signin');
    await p.getByTestId('signin-tab-password').click();
    await visible(p, 'signin-username');
    await shot(p, '02-signin-password');
    // A wrong password says so in words, and nothing else.
    await p.getByTestId('signin-username').fill('andi-portal');
    await p.getByTestId('signin-password').fill('salah-sekali');
    await p.getByTestId('signin-password-submit').click();
    await expect.poll(() => p.getByTestId('error').textContent()).toContain('tidak cocok');

    await p.getByTestId('signin-tab-code').click();
    const before = await sentCount(ANDI_WA);
    await p.getByTestId('signin-login').fill('0812 3456 7801');
    await p.getByTestId('signin-send').click();
    await visible(p, 'signin-sent');
    expect(await p.getByTestId('signin-sent').textContent()).toMatch(/dikirim ke WhatsApp/);
    // The resend link waits its turn.
    await visible(p, 'signin-resend-wait');
    const code = await codeSentTo(ANDI_WA, before);
    await shot(p, '03-signin-code');
    // A wrong code first: refused, still on the form.
    const wrong = code === '000000' ? '111111' : '000000';
    await p.getByTestId('signin-code').fill(wrong);
    await expect.poll(() => p.getByTestId('error').textContent()).toContain('Kode salah');
    await p.getByTestId('signin-code').fill(code);
    await visible(p, 'portal-home');

    await expect.poll(() => p.getByTestId('home-status').getAttribute('data-status')).toBe('isolated');
    expect(await p.getByTestId('home-status').textContent()).toContain('Internet diblokir sementara');
    const owed = await p.getByTestId('home-owed-amount').textContent();
    expect(owed).toMatch(/^Rp\d{1,3}(\.\d{3})+$/);
    const home = await p.evaluate(async () => {
      const r = await fetch('/portal/api/portal.home', { method: 'POST', headers: { 'content-type': 'application/json', 'x-portal': '1' }, body: '{}' });
      return ((await r.json()) as { result: { owed: number } }).result;
    });
    expect(owed).toBe(`Rp${new Intl.NumberFormat('id-ID').format(home.owed)}`);
    expect(await p.getByTestId('home-next-due').textContent()).toContain('Lewat jatuh tempo');
    expect(await p.getByTestId('home-pay').textContent()).toBe(`Bayar ${owed}`);
    await shot(p, '04-home-isolated');
  });

  it('the bills, an invoice with its PDF link, the payments, the connection and the account screens read well', async () => {
    const p = phone.page;
    await p.getByTestId('nav-bills').click();
    await visible(p, 'invoice-list');
    const row = p.getByTestId('invoice-row').first();
    expect(await row.getAttribute('data-status')).toBe('open');
    expect(await row.textContent()).toContain('Belum dibayar');
    await shot(p, '05-bills');
    await row.click();
    await visible(p, 'invoice-detail');
    const id = Number(/invoice\/(\d+)/.exec(p.url())?.[1]);
    expect(await p.getByTestId('invoice-pdf').getAttribute('href')).toBe(`/portal/files/invoice/${id}.pdf`);
    // The link downloads the invoice's PDF with the portal's session (and nobody's without it).
    const pdf = await p.request.get(`/portal/files/invoice/${id}.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await fetch(`${h.url}/portal/files/invoice/${id}.pdf`)).status).toBe(401);
    await visible(p, 'invoice-pay');
    await shot(p, '06-invoice');
    await p.getByTestId('back').click();
    await p.getByTestId('bills-tab-payments').click();
    await visible(p, 'payments');
    await shot(p, '07-payments-empty');

    // Andi is online on the router: the connection screen shows the session.
    router.state.pppConnect('andi-portal', { uptime: '3h12m', rx: 120_000_000, tx: 2_400_000_000 });
    await p.getByTestId('nav-connection').click();
    await visible(p, 'conn-card');
    await expect.poll(() => p.locator('[data-testid="conn-state"] [data-state]').getAttribute('data-state')).toBe('online');
    expect(await p.getByTestId('conn-uptime').textContent()).toContain('3 jam 12 mnt');
    expect(await p.getByTestId('conn-session').textContent()).toContain('2,5 GB');
    await shot(p, '08-connection');

    await p.getByTestId('nav-account').click();
    await visible(p, 'account-profile');
    expect(await p.getByTestId('account-whatsapp-number').textContent()).toBe('+6281234567801');
    await shot(p, '09-account');
    // A new WhatsApp number takes a code sent to that number.
    await whatsapp('/numbers', { numbers: [NEW_WA] });
    await p.getByTestId('account-whatsapp-change').click();
    await p.getByTestId('account-whatsapp-new').fill('0812-3456-7802');
    await p.getByTestId('account-whatsapp-send').click();
    await visible(p, 'account-whatsapp-code');
    await shot(p, '09b-account-whatsapp-code');
    await p.getByTestId('account-whatsapp-code').fill(await codeSentTo(NEW_WA));
    await p.getByTestId('account-whatsapp-confirm').click();
    await visible(p, 'account-whatsapp-done');
    expect(await p.getByTestId('account-whatsapp-number').textContent()).toBe('+6281234567802');
    // Opting out of WhatsApp messages is saved at once.
    await p.getByTestId('account-optin').uncheck();
    await visible(p, 'account-saved');
    await expect.poll(async () => (await api(staff, 'customers.get', { id: customerId })).customer.waOptIn).toBe(false);
    await p.getByTestId('account-optin').check();
    await expect.poll(async () => (await api(staff, 'customers.get', { id: customerId })).customer.waOptIn).toBe(true);
  });

  it('Bayar opens the pay page; paid in DuitKu, the home screen shows the service on again and the receipt', async () => {
    const p = phone.page;
    await p.getByTestId('nav-home').click();
    await visible(p, 'home-pay');
    await p.getByTestId('home-pay').click();
    await p.waitForURL(/\/p\/[0-9a-z]+\.[A-Za-z0-9_-]{16}/);
    await visible(p, 'pay-methods');
    await p.locator('[data-testid="pay-method"][data-code="BC"]').click();
    await visible(p, 'pay-attempt');
    await shot(p, '10-pay-page');
    const attempt = (await api(staff, 'gateway.attempts', {})).items[0]!;
    duitku.pay(attempt.orderId);
    await api(staff, 'gateway.checkAttempt', { id: attempt.id });
    await expect.poll(() => p.getByTestId('pay-state').getAttribute('data-state')).toBe('paid');

    await p.goto('/portal/');
    await expect.poll(() => p.getByTestId('home-status').getAttribute('data-status')).toBe('active');
    expect(await p.getByTestId('home-status').textContent()).toContain('Internet aktif');
    await visible(p, 'home-nothing-owed');
    await expect.poll(() => p.getByTestId('payment-row').count()).toBe(1);
    const receipt = p.getByTestId('payment-row').first();
    expect(await receipt.textContent()).toContain('Pembayaran online');
    expect(await receipt.getByTestId('receipt-pdf').getAttribute('href')).toMatch(/^\/portal\/files\/receipt\/\d+\.pdf$/);
    await shot(p, '11-home-active');
    // Restored on the router too: the plan's profile again.
    await expect.poll(() => secret()?.profile, { timeout: 20_000 }).toBe('pk-10M');
    expect((await api(staff, 'subscriptions.get', { id: subscriptionId })).status).toBe('active');

    await p.getByTestId('nav-bills').click();
    await expect.poll(() => p.getByTestId('invoice-row').first().getAttribute('data-status')).toBe('paid');
    await p.getByTestId('bills-tab-payments').click();
    await expect.poll(() => p.getByTestId('payment-row').count()).toBe(1);
    await shot(p, '12-payments');
  });

  it('a trouble report with a photo scaled down on the phone; staff solve it and the customer sees it', async () => {
    const p = phone.page;
    await p.getByTestId('nav-report').click();
    await visible(p, 'report-form');
    await p.getByTestId('report-send').click();
    await p.getByText('Tulis minimal 3 huruf.').waitFor();
    await p.getByTestId('report-category').selectOption('slow');
    await p.getByTestId('report-text').fill('Sejak tadi pagi internet lambat sekali, lampu LOS modem berkedip merah.');
    // A 3000×2000 camera-size picture, made in the page.
    const big = await p.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(t: 'canvas'): { width: number; height: number; getContext(t: '2d'): { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void }; toDataURL(t: string): string } } }).document;
      const c = doc.createElement('canvas');
      c.width = 3000;
      c.height = 2000;
      const g = c.getContext('2d');
      for (let i = 0; i < 30; i++) {
        g.fillStyle = `hsl(${i * 12} 70% 50%)`;
        g.fillRect(i * 100, 0, 100, 2000);
      }
      return c.toDataURL('image/png').split(',')[1]!;
    });
    await p.getByTestId('report-photo-input').setInputFiles({ name: 'modem.png', mimeType: 'image/png', buffer: Buffer.from(big, 'base64') });
    await visible(p, 'report-photo-preview');
    expect(await p.getByTestId('report-photo-preview').getAttribute('data-width')).toBe('1280');
    expect(await p.getByTestId('report-photo-preview').getAttribute('data-height')).toBe('853');
    expect(await p.getByTestId('report-photo-preview').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    await shot(p, '13-report-form');
    await p.getByTestId('report-send').click();
    await visible(p, 'report-sent');
    await expect.poll(() => p.getByTestId('ticket').count()).toBe(1);
    expect(await p.getByTestId('ticket-state').textContent()).toBe('Diterima');
    await visible(p, 'ticket-photo');

    const tickets = await api(staff, 'tickets.list', { page: 1, pageSize: 10, customerId });
    const ticket = tickets.items[0]!;
    await api(staff, 'tickets.setState', { id: ticket.id, state: 'solved', note: 'Kabel optik di tiang depan sudah diganti. Silakan dicoba lagi.', visibleToCustomer: true });
    await p.reload();
    await expect.poll(() => p.getByTestId('ticket-state').textContent()).toBe('Selesai');
    expect(await p.getByTestId('ticket-updates').textContent()).toContain('Kabel optik di tiang depan sudah diganti');
    await shot(p, '14-report-solved');
  });

  it('English on the switch, kept after a reload and in the account; the router unreachable is said in words', async () => {
    const p = phone.page;
    await p.getByTestId('nav-home').click();
    await visible(p, 'home-status');
    await p.getByTestId('lang-en').click();
    await expect.poll(() => p.getByTestId('home-status').textContent()).toContain('Internet is on');
    expect(await p.getByTestId('nav-bills').textContent()).toBe('Bills');
    await p.reload();
    await expect.poll(() => p.getByTestId('home-status').textContent()).toContain('Internet is on');
    expect(await p.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe('en');
    await shot(p, '15-home-english');
    await expect.poll(async () => (await p.evaluate(async () => {
      const r = await fetch('/portal/api/portal.profile', { method: 'POST', headers: { 'content-type': 'application/json', 'x-portal': '1' }, body: '{}' });
      return ((await r.json()) as { result: { language: string } }).result.language;
    }))).toBe('en');

    await router.close();
    await p.getByTestId('nav-connection').click();
    await visible(p, 'conn-card');
    // The server keeps a router's answer for up to 15 s: "check again" until it has asked the router.
    await expect
      .poll(async () => {
        if ((await p.getByTestId('conn-unreachable').count()) > 0) return true;
        if (await p.getByTestId('conn-refresh').isEnabled()) await p.getByTestId('conn-refresh').click();
        return false;
      }, { timeout: 30_000, interval: 1_000 })
      .toBe(true);
    expect(await p.getByTestId('conn-unreachable').textContent()).toContain('cannot be asked');
    await shot(p, '16-connection-unreachable');
    await p.getByTestId('lang-id').click();
    await expect.poll(() => p.getByTestId('conn-unreachable').textContent()).toContain('tidak bisa ditanya');

    // Signing out ends the session: the portal asks to sign in again.
    await p.getByTestId('nav-account').click();
    await p.getByTestId('account-logout').click();
    await visible(p, 'portal-signin');
    expect((await phone.context.cookies()).find((c) => c.name === 'mb_portal')).toBeUndefined();
  });

  it('staff find the portal address to give customers in Settings → Portal', async () => {
    await staff.goto('/#/settings/portal');
    await visible(staff, 'portal-address-card');
    expect(await staff.getByTestId('portal-url').textContent()).toMatch(/\/portal\/$/);
    expect(await staff.getByTestId('portal-open').getAttribute('href')).toMatch(/\/portal\/$/);
    expect(await staff.getByTestId('portal-enabled').isChecked()).toBe(true);
    await animationsDone(staff);
    await staff.screenshot({ path: path.join(SHOTS, 'desktop-17-staff-settings-portal.png'), fullPage: true });
    await staff.setViewportSize(PHONE);
    await visible(staff, 'settings-tab-select');
    await animationsDone(staff);
    await staff.screenshot({ path: path.join(SHOTS, 'phone-17-staff-settings-portal.png'), fullPage: true });
    await staff.setViewportSize(DESK);
    // Password sign-in off: the portal's sign-in offers only the code.
    await staff.getByTestId('portal-password-login').click({ force: true });
    await staff.getByTestId('settings-save-portal').click();
    await expect.poll(async () => (await api(staff, 'settings.get', {})).portal.passwordLogin).toBe(false);
    const p = phone.page;
    await p.goto('/portal/');
    await visible(p, 'signin-code-form');
    expect(await p.getByTestId('signin-tab-password').count()).toBe(0);
  });
});
