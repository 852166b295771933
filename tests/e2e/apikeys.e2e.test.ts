import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { api } from './billing-flows';
import { login, OWNER, ownerSignedIn, visible } from './flows';
import { PHONE, startHarness, type Harness } from './harness';
import { picture as shoot } from './pictures';

/** Screenshots for a person to look at (issue 15 UI); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-apikeys';
const DESKTOP_1280 = { width: 1280, height: 800 };

/** The DOM types this project lacks, for the functions run in the page. */
type Win = { document: { documentElement: { scrollWidth: number; clientWidth: number } }; navigator: { clipboard: { readText(): Promise<string> } } };

const picture = (page: Page, name: string, full = true) => shoot(page, SHOTS, name, full);

/** YYYY-MM-DD in the office time zone (Asia/Jakarta), n days from today. */
function jakartaDay(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/*
 * Settings → "API & webhook" → API keys over a real server: the owner makes a read-only key in the form, copies it
 * from the one-time modal, and this process (Node fetch, as another program would) calls the REST API with it;
 * after "Cabut" the same call is refused.
 */
describe('API keys UI: create (shown once), use from another program, revoke', () => {
  let h: Harness;
  let page: Page;
  let context: BrowserContext;
  let phone: Page;
  let token = '';

  const row = (name: string): Locator => page.locator(`[data-testid="apikey-row"][data-name="${name}"]`);
  const rest = (method: string, route: string, body?: unknown, key = token) =>
    fetch(`${h.url}/api/v1${route}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    h = await startHarness();
    ({ page, context } = await h.newPage(DESKTOP_1280));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
    await ownerSignedIn(page);
    await api(page, 'customers.create', { name: 'Siti Aminah', phone: '081234567891', address: 'Jl. Mawar No. 3', area: 'RT05' });
    phone = (await h.newPage(PHONE)).page;
    await phone.goto('/');
    await login(phone, OWNER.username, OWNER.password);
    await visible(phone, 'screen-home');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the owner creates a read-only key in the form; wrong fields are said at the fields; the key is shown once and copied', async () => {
    await page.goto('/#/settings/api');
    await visible(page, 'apikeys-empty');
    // Both parts of the tab are there, each under its own heading.
    await page.getByRole('heading', { name: 'Kunci API', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Webhook', exact: true }).waitFor();

    await page.getByTestId('apikey-add').click();
    await visible(page, 'apikey-form');
    // Nothing filled in: said at the fields, nothing sent.
    await page.getByTestId('apikey-save').click();
    await page.getByText('Wajib diisi').waitFor();
    await page.getByText('Pilih minimal satu izin.').waitFor();

    await page.getByTestId('apikey-name').fill('Situs web — cek tagihan');
    // The owner has every permission; "Hanya baca" ticks exactly the *.read ones.
    await page.getByTestId('apikey-preset-billing').click();
    expect(await page.getByTestId('apikey-scopes-count').textContent()).toBe('3 dipilih');
    await page.getByTestId('apikey-preset-read').click();
    const reads = ['users.read', 'settings.read', 'audit.read', 'jobs.read', 'customers.read', 'billing.read', 'vouchers.read', 'routers.read', 'reports.read', 'tickets.read'];
    expect(await page.getByTestId('apikey-scopes-count').textContent()).toBe(`${reads.length} dipilih`);
    for (const p of reads) expect(await page.getByTestId(`apikey-scope-${p}`).isChecked(), p).toBe(true);
    expect(await page.getByTestId('apikey-scope-customers.manage').isChecked()).toBe(false);
    expect(await page.getByTestId('apikey-scope-payments.collect').isChecked()).toBe(false);
    // Readable names with the code beside them.
    expect(await page.getByTestId('apikey-form').textContent()).toContain('Lihat pelanggan & paket');

    // An address that is none, then a day in the past: the server's answers, at the fields; nothing is made.
    const ips = page.getByTestId('apikey-ips');
    await ips.fill('bukan-ip');
    await ips.press('Enter');
    await page.getByTestId('apikey-save').click();
    await page.getByText('"bukan-ip" bukan alamat IP atau rentang').waitFor();
    await ips.press('Backspace');
    for (const ip of ['127.0.0.1', '192.168.1.0/24']) {
      await ips.fill(ip);
      await ips.press('Enter');
    }
    await page.getByTestId('apikey-expires').fill(jakartaDay(-1));
    await page.getByTestId('apikey-save').click();
    await page.getByText('Pilih tanggal hari ini atau sesudahnya.').waitFor();
    expect(await api(page, 'apiKeys.list', {})).toEqual([]);
    await page.getByTestId('apikey-expires').fill(jakartaDay(30));
    await picture(page, 'desktop-form', false);
    await page.getByTestId('apikey-save').click();

    await visible(page, 'apikey-token-modal');
    token = (await page.getByTestId('apikey-token').textContent())!.trim();
    expect(token).toMatch(/^mbk_[0-9A-Za-z]{32}$/);
    expect(await page.getByTestId('apikey-token-warning').textContent()).toContain('hanya ditampilkan SEKALI');
    expect(await page.getByTestId('apikey-curl').textContent()).toBe(`curl -H "Authorization: Bearer ${token}" ${h.url}/api/v1/customers?limit=5`);
    const docs = await page.getByTestId('apikey-docs-link').getAttribute('href');
    expect(docs).toBe(`${h.url}/api/docs`);
    expect((await fetch(docs!)).status).toBe(200);
    await page.getByTestId('apikey-token-copy').click();
    await page.getByText('Tersalin').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as Win).navigator.clipboard.readText())).toBe(token);
    await picture(page, 'desktop-token-once', false);
    await page.getByTestId('apikey-token-done').click();
    await page.getByTestId('apikey-token-modal').waitFor({ state: 'hidden' });

    // The list: the key only by its start and last 4, scopes in words, addresses, expiry, who made it, never used.
    const r = row('Situs web — cek tagihan');
    await r.waitFor();
    expect(await r.getAttribute('data-state')).toBe('active');
    expect(await r.getByTestId('apikey-row-state').textContent()).toBe('Aktif');
    expect(await r.getByTestId('apikey-row-key').textContent()).toBe(`${token.slice(0, 8)}…${token.slice(-4)}`);
    expect(await r.textContent()).not.toContain(token);
    expect(await r.getByTestId('apikey-row-scopes').textContent()).toContain('Lihat pelanggan & paket');
    expect(await r.getByTestId('apikey-row-ips').textContent()).toBe('127.0.0.1, 192.168.1.0/24');
    // The last day chosen, to its end in office time.
    expect(await r.getByTestId('apikey-row-expires').textContent()).toMatch(/, 23\.59$/);
    expect((await api(page, 'apiKeys.list', {}))[0]!.expiresAt).toBe(new Date(Date.parse(`${jakartaDay(31)}T00:00:00+07:00`) - 1000).toISOString());
    expect(await r.getByTestId('apikey-row-created').textContent()).toContain('oleh Budi Santoso');
    expect(await r.getByTestId('apikey-row-used').textContent()).toBe('belum pernah');
    // Ten scopes: six shown, the rest behind "+4 lainnya".
    expect(await r.getByTestId('apikey-row-more-scopes').textContent()).toBe('+4 lainnya');
  });

  it('another program reads with the key (200), cannot write (403); the list shows its last use', async () => {
    const list = await rest('GET', '/customers?limit=5');
    expect(list.status).toBe(200);
    const body = (await list.json()) as { data: { name: string }[] };
    expect(body.data.map((c) => c.name)).toEqual(['Siti Aminah']);

    const write = await rest('POST', '/customers', { name: 'Agus Prasetyo', phone: '081234567892', address: 'Gg. Kenanga 7', area: 'RT07' });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await api(page, 'customers.list', {})).items.map((c) => c.name)).toEqual(['Siti Aminah']);

    await page.reload();
    const used = row('Situs web — cek tagihan').getByTestId('apikey-row-used');
    await expect.poll(async () => (await used.textContent()) ?? '').toMatch(/ dari 127\.0\.0\.1$/);
  });

  it('"Cabut" asks first (it cannot be undone); afterwards the same call is refused (401)', async () => {
    // A second key, so that the pictures show an active key next to a revoked one.
    await api(page, 'apiKeys.create', { name: 'Pembukuan', scopes: ['billing.read', 'customers.read', 'payments.collect'], expiresAt: null, allowIps: [] });
    await page.reload();
    await row('Pembukuan').waitFor();
    const r = row('Situs web — cek tagihan');
    await r.getByTestId('apikey-row-revoke').click();
    const confirm = page.getByRole('dialog', { name: 'Cabut kunci API "Situs web — cek tagihan"?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('tidak bisa dibatalkan');
    await picture(page, 'desktop-revoke-confirm', false);
    await confirm.getByTestId('confirm-ok').click();
    await expect.poll(() => r.getAttribute('data-state')).toBe('revoked');
    expect(await r.getByTestId('apikey-row-state').textContent()).toBe('Dicabut');
    expect(await r.getByTestId('apikey-row-revoke').count()).toBe(0);
    await r.getByTestId('apikey-row-revoked').waitFor();

    const after = await rest('GET', '/customers?limit=5');
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('api_key_revoked');
    expect(await row('Pembukuan').getAttribute('data-state')).toBe('active');
    await picture(page, 'desktop-list');
  });

  it('on a phone: the list, the form and the one-time key fit the screen', async () => {
    await phone.goto('/#/settings/api');
    await phone.locator('[data-testid="apikey-row"][data-name="Pembukuan"]').waitFor();
    await picture(phone, 'phone-list');
    await phone.getByTestId('apikey-add').click();
    await visible(phone, 'apikey-form');
    await phone.getByTestId('apikey-name').fill('Bot Telegram');
    await phone.getByTestId('apikey-preset-billing').click();
    await picture(phone, 'phone-form', false);
    await phone.getByTestId('apikey-save').click();
    await visible(phone, 'apikey-token-modal');
    await picture(phone, 'phone-token-once', false);
    await phone.getByTestId('apikey-token-done').click();
    await phone.locator('[data-testid="apikey-row"][data-name="Bot Telegram"]').waitFor();
  });
});
