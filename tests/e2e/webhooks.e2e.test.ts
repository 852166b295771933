import fs from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { waitFor } from '../support/poll';
import { startReceiver, type Received, type Receiver } from '../support/webhook-receiver';
import { api } from './billing-flows';
import { changePassword, login, OWNER, ownerSignedIn, visible } from './flows';
import { PHONE, startHarness, type Harness } from './harness';
import { picture as shoot } from './pictures';

/** Screenshots for a person to look at (issue 15 UI); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-webhooks';
const DESKTOP_1280 = { width: 1280, height: 800 };

/** The DOM types this project lacks, for the functions run in the page. */
type Win = { scrollTo(x: number, y: number): void; document: { documentElement: { scrollWidth: number; clientWidth: number } }; navigator: { clipboard: { readText(): Promise<string> } } };

const picture = (page: Page, name: string, full = true) => shoot(page, SHOTS, name, full);

/** Requests the receiver got at a path whose body is of an event type. */
const got = (r: Receiver, pathname: string, type: string): Received[] => r.received.filter((x) => x.path === pathname && (JSON.parse(x.body) as { type: string }).type === type);

/*
 * Settings → "API & webhook" over a real server and a loopback receiver (tests/support/webhook-receiver.ts, in this
 * process). The receiver is on 127.0.0.1, a private address: the owner allows it in the tab first. Signatures are
 * checked with the `standardwebhooks` package, an implementation independent of the app's.
 */
describe('Webhooks UI: endpoints, secrets, delivery log, resend, test event, allowed hosts', () => {
  let h: Harness;
  let rx: Receiver;
  let page: Page;
  let context: BrowserContext;
  let phone: Page;
  let secret = '';
  let hookUrl = '';
  let customerId = 0;
  const HOOK_PATH = '/hooks/pembukuan';

  const row = (url: string): Locator => page.locator(`[data-testid="webhook-row"][data-url="${url}"]`);
  const openLog = async (url: string) => {
    await row(url).getByTestId('webhook-row-log').click();
    await visible(page, 'webhook-log');
  };
  const closeModal = async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('webhook-log').waitFor({ state: 'hidden' });
  };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    rx = await startReceiver();
    hookUrl = `${rx.url}${HOOK_PATH}`;
    h = await startHarness();
    ({ page, context } = await h.newPage(DESKTOP_1280));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
    await ownerSignedIn(page);
    phone = (await h.newPage(PHONE)).page;
    await phone.goto('/');
    await login(phone, OWNER.username, OWNER.password);
    await visible(phone, 'screen-home');
  });
  afterAll(async () => {
    await h?.close();
    await rx?.close();
  });

  it('the owner allows the local receiver, adds an endpoint in the form and copies the secret shown once', async () => {
    await page.goto('/#/settings/api');
    await visible(page, 'webhooks-empty');
    // Why local addresses are refused is said next to the editor.
    expect(await page.getByTestId('webhook-hosts').textContent()).toContain('router MikroTik');
    expect(await page.getByTestId('webhook-verify-help').textContent()).toContain('webhook-signature');

    await page.getByTestId('webhook-allow-hosts').fill('127.0.0.1');
    await page.getByTestId('webhook-allow-hosts').press('Enter');
    await page.getByTestId('settings-save-webhooks').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).webhooks.allowHosts).toEqual(['127.0.0.1']);

    await page.getByTestId('webhook-add').click();
    await visible(page, 'webhook-form');
    // A wrong address is said at the field, nothing is added.
    await page.getByTestId('webhook-url').fill('pembukuan.lan/hook');
    await page.getByTestId('webhook-save').click();
    await page.getByText('Alamat harus diawali http:// atau https://').waitFor();
    expect(await api(page, 'webhooks.list', {})).toEqual([]);

    await page.getByTestId('webhook-url').fill(hookUrl);
    await page.getByTestId('webhook-description').fill('Server pembukuan');
    await page.getByTestId('webhook-events-pick').check();
    // Choosing "some events" and none: said, not saved.
    await page.getByTestId('webhook-save').click();
    await page.getByText('Pilih minimal satu event').waitFor();
    await page.getByTestId('webhook-events').click();
    await page.getByTestId('webhook-events').fill('Pembayaran diterima');
    await page.getByRole('option', { name: /Pembayaran diterima \(payment\.received\)/ }).click();
    await page.keyboard.press('Escape');
    await picture(page, 'desktop-form', false);
    await page.getByTestId('webhook-save').click();

    await visible(page, 'webhook-secret-modal');
    secret = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await page.getByTestId('webhook-secret-warning').textContent()).toContain('hanya ditampilkan SEKALI');
    await page.getByTestId('webhook-secret-copy').click();
    await page.getByText('Tersalin').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as Win).navigator.clipboard.readText())).toBe(secret);
    await picture(page, 'desktop-secret-once', false);
    await page.getByTestId('webhook-secret-done').click();
    await page.getByTestId('webhook-secret-modal').waitFor({ state: 'hidden' });

    // The list: address, description, events in words, state, counts; the secret only as its start.
    const r = row(hookUrl);
    await r.waitFor();
    expect(await r.textContent()).toContain('Server pembukuan');
    expect(await r.getByTestId('webhook-row-events').textContent()).toBe('1 event: Pembayaran diterima');
    expect(await r.getByTestId('webhook-row-state').textContent()).toBe('Aktif');
    expect(await r.getByTestId('webhook-row-counts').textContent()).toBe('Antre: 0 · Gagal: 0 · Terakhir berhasil: belum pernah');
    expect(await r.textContent()).toContain(`${secret.slice(0, 12)}…`);
    expect(await r.textContent()).not.toContain(secret);
    const [ep] = await api(page, 'webhooks.list', {});
    expect(ep).toMatchObject({ url: hookUrl, description: 'Server pembukuan', events: ['payment.received'], enabled: true });
  });

  it('a payment reaches the receiver signed with that secret (standardwebhooks verifies it); the log shows 200', async () => {
    customerId = (await api(page, 'customers.create', { name: 'Siti Aminah', phone: '081234567891', area: 'RT05' })).id;
    const payment = await api(page, 'payments.create', { customerId, amount: 150_000, method: 'cash', reference: '', note: '' });
    const [req] = await waitFor(() => {
      const x = got(rx, HOOK_PATH, 'payment.received');
      return x.length > 0 ? x : null;
    });
    const payload = new Webhook(secret).verify(req!.body, req!.headers) as { type: string; data: { paymentId: number; customerId: number; amount: number } };
    expect(payload.type).toBe('payment.received');
    expect(payload.data).toMatchObject({ paymentId: payment.id, customerId, amount: 150_000 });
    // A wrong secret does not verify: the check above means something.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(req!.body, req!.headers)).toThrow();
    // Only the chosen event: the new customer was not sent.
    expect(got(rx, HOOK_PATH, 'customer.created')).toEqual([]);

    await openLog(hookUrl);
    const attempt = page.locator('[data-testid="webhook-attempt"][data-type="payment.received"]').first();
    await attempt.waitFor();
    expect(await attempt.getAttribute('data-status')).toBe('200');
    expect(await attempt.getByTestId('webhook-attempt-state').textContent()).toBe('Terkirim');
    expect(await attempt.textContent()).toContain('Percobaan ke-1');
    expect(await attempt.textContent()).toContain('Pembayaran diterima (payment.received)');
    expect(await attempt.getByTestId('webhook-attempt-response').textContent()).toContain('ok');
    expect(await attempt.textContent()).toContain(`webhook-id: ${req!.headers['webhook-id']}`);
    await attempt.getByTestId('webhook-attempt-body-toggle').click();
    await expect.poll(() => attempt.getByTestId('webhook-attempt-body').textContent()).toContain('"amount": 150000');
    // "Copy the exact body" gives the signed bytes, not the laid-out text.
    await attempt.getByTestId('webhook-attempt-body-copy').click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as Win).navigator.clipboard.readText())).toBe(req!.body);
    await closeModal();
    await expect.poll(() => row(hookUrl).getByTestId('webhook-row-counts').textContent()).not.toContain('belum pernah');
  });

  it('a receiver answering 500 shows the failure and the retry; 410 switches the endpoint off in words; after the fix "Kirim ulang" delivers', async () => {
    rx.answers.push(500, 410);
    await api(page, 'payments.create', { customerId, amount: 75_000, method: 'cash', reference: '', note: '' });
    await openLog(hookUrl);
    // The first attempt: HTTP 500, waiting for the automatic retry.
    const failed = page.locator('[data-testid="webhook-attempt"][data-status="500"]');
    await failed.first().waitFor();
    expect(await failed.first().getByTestId('webhook-attempt-response').textContent()).toContain('nope 500');
    await picture(page, 'desktop-log-500', false);
    // The retry (about 5 s later) gets 410 Gone: the delivery fails for good and the endpoint switches itself off.
    const gone = page.locator('[data-testid="webhook-attempt"][data-status="410"]');
    await gone.first().waitFor({ timeout: 30_000 });
    await expect.poll(() => gone.first().getAttribute('data-state')).toBe('failed');
    expect(await gone.first().textContent()).toContain('Percobaan ke-2');
    expect(await gone.first().getByTestId('webhook-attempt-state').textContent()).toBe('Gagal (tidak dicoba lagi)');
    const deliveryId = await gone.first().getAttribute('data-delivery');
    const failedId = rx.received.at(-1)!.headers['webhook-id'];
    await closeModal();

    const r = row(hookUrl);
    await expect.poll(() => r.getAttribute('data-enabled'), { timeout: 20_000 }).toBe('false');
    expect(await r.getByTestId('webhook-row-state').textContent()).toBe('Dimatikan');
    expect(await r.getByTestId('webhook-row-reason').textContent()).toContain('penerima menjawab 410 Gone');
    expect(await r.getByTestId('webhook-row-failing').textContent()).toContain('Gagal sejak');
    await picture(page, 'desktop-endpoint-switched-off');

    // The receiver is fixed (answers 200 again): switch the endpoint on, then resend the failed delivery.
    // The switch follows the server (it flips when the endpoint is saved); its input sits under its track (Mantine).
    await r.getByTestId('webhook-row-switch').click({ force: true });
    await expect.poll(() => r.getAttribute('data-enabled')).toBe('true');
    await expect.poll(() => r.getByTestId('webhook-row-reason').count()).toBe(0);
    const before = rx.received.length;
    await openLog(hookUrl);
    await page.locator(`[data-testid="webhook-attempt"][data-delivery="${deliveryId}"]`).first().getByTestId('webhook-resend').click();
    const again = await waitFor(() => rx.received.slice(before).find((x) => x.headers['webhook-id'] === failedId) ?? null);
    // Same webhook-id (the receiver can dedupe), fresh signature that verifies.
    expect((new Webhook(secret).verify(again.body, again.headers) as { type: string }).type).toBe('payment.received');
    const delivered = page.locator('[data-testid="webhook-attempt"][data-status="200"][data-state="delivered"]').first();
    await expect.poll(async () => (await delivered.count()) > 0 && (await delivered.textContent())!.includes(`webhook-id: ${failedId}`)).toBe(true);
    await picture(page, 'desktop-log-resent', false);
    await closeModal();
  });

  it('"Kirim event uji" arrives signed and shows in the log as a test event', async () => {
    const before = rx.received.length;
    await row(hookUrl).getByTestId('webhook-row-test').click();
    const req = await waitFor(() => rx.received.slice(before).find((x) => (JSON.parse(x.body) as { type: string }).type === 'webhook.test') ?? null);
    expect(req.path).toBe(HOOK_PATH);
    expect((new Webhook(secret).verify(req.body, req.headers) as { type: string }).type).toBe('webhook.test');
    await openLog(hookUrl);
    const test = page.locator('[data-testid="webhook-attempt"][data-type="webhook.test"]').first();
    await test.waitFor();
    await expect.poll(() => test.getAttribute('data-status')).toBe('200');
    expect(await test.textContent()).toContain('Event uji (webhook.test)');
    await picture(page, 'desktop-log', false);
    await closeModal();
  });

  it('rotating the secret shows the new one once; for a day both the new and the old secret verify', async () => {
    const r = row(hookUrl);
    await r.getByTestId('webhook-row-more').click();
    await page.getByTestId('webhook-row-rotate').click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('24 jam');
    await page.getByTestId('confirm-ok').click();
    await visible(page, 'webhook-secret-modal');
    expect(await page.getByTestId('webhook-secret-modal').textContent()).toContain('Kunci lama masih ikut menandatangani selama 24 jam');
    const fresh = (await page.getByTestId('webhook-secret').textContent())!.trim();
    expect(fresh).not.toBe(secret);
    await page.getByTestId('webhook-secret-done').click();
    await expect.poll(() => r.textContent()).toContain('Kunci lama masih ikut menandatangani sampai');

    const before = rx.received.length;
    await r.getByTestId('webhook-row-test').click();
    const req = await waitFor(() => rx.received.slice(before).find((x) => (JSON.parse(x.body) as { type: string }).type === 'webhook.test') ?? null);
    expect(req.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect((new Webhook(fresh).verify(req.body, req.headers) as { type: string }).type).toBe('webhook.test');
    expect((new Webhook(secret).verify(req.body, req.headers) as { type: string }).type).toBe('webhook.test');
    secret = fresh;
  });

  it('on a phone: the tab, the form with all events, the secret and the log fit 390 px', async () => {
    await phone.goto('/#/settings/api');
    await phone.locator(`[data-testid="webhook-row"][data-url="${hookUrl}"]`).waitFor();
    await picture(phone, 'phone-tab');
    const other = `${rx.url}/hooks/telegram`;
    await phone.getByTestId('webhook-add').click();
    await visible(phone, 'webhook-form');
    await phone.getByTestId('webhook-url').fill(other);
    await phone.getByTestId('webhook-description').fill('Bot Telegram kantor');
    await picture(phone, 'phone-form', false);
    await phone.getByTestId('webhook-save').click();
    await visible(phone, 'webhook-secret-modal');
    await picture(phone, 'phone-secret-once', false);
    await phone.getByTestId('webhook-secret-done').click();
    const r = phone.locator(`[data-testid="webhook-row"][data-url="${other}"]`);
    expect(await r.getByTestId('webhook-row-events').textContent()).toBe('Semua event');
    await phone.locator(`[data-testid="webhook-row"][data-url="${hookUrl}"]`).getByTestId('webhook-row-log').click();
    await phone.locator('[data-testid="webhook-attempt"]').first().waitFor();
    await phone.locator('[data-testid="webhook-attempt"]').first().getByTestId('webhook-attempt-body-toggle').click();
    // The body has opened all the way (the collapse animates its height).
    const body = phone.locator('[data-testid="webhook-attempt"]').first().getByTestId('webhook-attempt-body');
    await expect.poll(async () => (await body.boundingBox())?.height ?? 0).toBeGreaterThan(120);
    await picture(phone, 'phone-log', false);
    await phone.keyboard.press('Escape');
    // The desktop list, with two endpoints, for the record.
    await page.goto('/#/settings/api');
    await row(other).waitFor();
    await picture(page, 'desktop-tab');
  });

  it('deleting asks first, then the endpoint is gone; a cashier sees no "API & webhook" tab and may not list webhooks', async () => {
    const other = `${rx.url}/hooks/telegram`;
    // A toast from the step before sits over the menu's corner: its items are clicked once it has gone.
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), { timeout: 15_000 }).toBe(0);
    await row(other).getByTestId('webhook-row-more').click();
    await page.getByTestId('webhook-row-delete').click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('tidak bisa dibatalkan');
    await page.getByTestId('confirm-ok').click();
    await row(other).waitFor({ state: 'detached' });
    expect((await api(page, 'webhooks.list', {})).map((e) => e.url)).toEqual([hookUrl]);

    await api(page, 'users.create', { username: 'kasir1', fullName: 'Rina Kasir', role: 'cashier', password: 'rahasia-kasir-1' });
    const { page: cashier } = await h.newPage(DESKTOP_1280);
    await cashier.goto('/');
    await login(cashier, 'kasir1', 'rahasia-kasir-1');
    await visible(cashier, 'forced-password');
    await changePassword(cashier, 'rahasia-kasir-1', 'kasir-baru-123');
    await visible(cashier, 'screen-home');
    await cashier.goto('/#/settings/api');
    // Cashiers cannot open settings at all, or at least not this tab.
    await cashier.locator('[data-testid="screen-settings"], [data-testid="forbidden"]').first().waitFor();
    expect(await cashier.getByTestId('settings-tab-api').count()).toBe(0);
    expect(await cashier.getByTestId('settings-api').count()).toBe(0);
    await expect(api(cashier, 'webhooks.list', {})).rejects.toThrow(/403|forbidden/);
  });
});
