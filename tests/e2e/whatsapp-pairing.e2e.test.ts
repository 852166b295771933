import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api } from './billing-flows';
import { login, OWNER, ownerSignedIn, visible } from './flows';
import { DESKTOP, freePort, PHONE, startHarness, type Harness } from './harness';
import { shotBoth } from './whatsapp-shots';

/** Screenshots for a person to look at (issue 13 UI); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-wa';
const SITI = '6281234567891';

/*
 * WhatsApp Web end to end (issue 13): the server runs the PRODUCTION whatsapp-web.js adapter over the scripted
 * stand-in of the library's Client (tests/e2e/wa-server.ts); the test plays WhatsApp through its control port
 * (QR, the phone pairing, numbers on WhatsApp, delivery acks). The sender runs on real time: gaps of 5 s, quiet
 * hours off, so nothing depends on the time of day.
 */
describe('WhatsApp Web: pairing by QR, then a counter payment receipt that reaches "delivered"', () => {
  let h: Harness;
  let ctl: string;
  let page: Page;
  let phone: { context: BrowserContext; page: Page };
  const shot = (name: string, at: string) => shotBoth(page, phone.page, SHOTS, name, at);
  /** What WhatsApp does, through the stand-in's control server; 409 (no client yet) is "not yet". */
  const whatsapp = async (route: string, data?: unknown): Promise<Response> => {
    let res: Response | null = null;
    await expect
      .poll(async () => {
        res = await fetch(`${ctl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data ?? {}) });
        return res.status;
      })
      .not.toBe(409);
    if (!res || !(res as Response).ok) throw new Error(`control ${route}: ${(res as Response | null)?.status}`);
    return res;
  };
  const channelState = (p: Page) => p.getByTestId('wa-channel-state').getAttribute('data-state');

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    ctl = `http://127.0.0.1:${port}`;
    h = await startHarness({ server: 'wa-standin', env: { MB_WA_CONTROL_PORT: String(port) } });
    ({ page } = await h.newPage(DESKTOP));
    await ownerSignedIn(page);
    phone = await h.newPage(PHONE);
    await phone.page.goto('/');
    await login(phone.page, OWNER.username, OWNER.password);
    await visible(phone.page, 'screen-home');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the owner chooses WhatsApp Web; the QR from WhatsApp shows on the settings page, then it turns connected', async () => {
    await page.goto('/#/settings/whatsapp');
    await visible(page, 'wa-status-none');
    await page.getByTestId('wa-channel-webjs').click();
    await visible(page, 'wa-status-unsaved');
    await page.getByTestId('wa-min-gap').fill('5');
    await page.getByTestId('wa-max-gap').fill('5');
    // The same start and end: no quiet hours, whatever time the test runs.
    await page.getByTestId('wa-quiet-start').fill('06:00');
    await page.getByTestId('wa-quiet-end').fill('06:00');
    await page.getByTestId('settings-save-whatsapp').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).whatsapp).toMatchObject({ channel: 'webjs', minGapSeconds: 5, maxGapSeconds: 5, quietStart: '06:00', quietEnd: '06:00' });
    // WhatsApp runs in this server (as in the app): the saved choice starts WhatsApp Web by itself, so there is
    // no "Connect" to press (it is offered only while the channel is off or failed).
    await expect.poll(() => channelState(page)).toBe('starting');
    expect(await page.getByTestId('wa-start').count()).toBe(0);
    expect(await page.getByTestId('wa-qr').count()).toBe(0);

    // WhatsApp Web shows its QR: the status card (polled) draws it without a reload.
    await whatsapp('/qr');
    await visible(page, 'wa-qr');
    expect(await channelState(page)).toBe('qr');
    expect(await page.getByTestId('wa-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.getByTestId('wa-status-me').count()).toBe(0);
    // The phone-size page shows it too (its own poll) before both are pictured.
    await phone.page.goto('/#/settings/whatsapp');
    await visible(phone.page, 'wa-qr');
    await shot('settings-whatsapp-qr', '/#/settings/whatsapp');

    // The phone scans it: connected as the office's number, the QR gone.
    await whatsapp('/ready');
    await expect.poll(() => channelState(page)).toBe('connected');
    await expect.poll(() => page.getByTestId('wa-status-me').textContent()).toContain('Tersambung sebagai +6281100000000');
    expect(await page.getByTestId('wa-qr').count()).toBe(0);
    expect(await page.getByTestId('wa-start').count()).toBe(0);
    await expect.poll(() => channelState(phone.page)).toBe('connected');
    await shot('settings-whatsapp-connected', '/#/settings/whatsapp');
  });

  it('a payment at the counter queues a receipt; the sender sends it, and WhatsApp\'s ack turns it delivered in the outbox', async () => {
    await whatsapp('/numbers', { numbers: [SITI] });
    const siti = await api(page, 'customers.create', { name: 'Siti Aminah', phone: '081234567891', whatsapp: '081234567891', waOptIn: true, area: 'RT05' });
    await api(page, 'invoices.createCharge', { customerId: siti.id, type: 'installation', amount: 250_000 });
    const paid = await api(page, 'payments.create', { customerId: siti.id, amount: 250_000, method: 'cash', idempotencyKey: 'loket-siti-0001' });

    await page.getByTestId('nav-whatsapp').click();
    await visible(page, 'screen-whatsapp');
    const receipt = page.locator('[data-testid="wa-message"][data-kind="payment_received"]');
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain('Siti Aminah');
    expect(await receipt.getByTestId('wa-body').textContent()).toContain(paid.number);

    // The sender sends the invoice message first, then the receipt after the 5 s gap (the outbox polls).
    await expect.poll(() => receipt.getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    expect(await receipt.getByTestId('wa-state').textContent()).toBe('Terkirim');
    const sent = (await (await fetch(`${ctl}/sent`)).json()) as { chatId: string; content: unknown; options: { caption?: string; sendMediaAsDocument?: boolean } }[];
    expect(sent.map((s) => s.chatId)).toEqual([`${SITI}@c.us`, `${SITI}@c.us`]);
    // The receipt goes as a PDF document, its text the caption.
    expect(sent[1]?.content).toMatchObject({ mimetype: 'application/pdf', filename: `${paid.number.replace(/\//g, '-')}.pdf` });
    expect(sent[1]?.options).toMatchObject({ sendMediaAsDocument: true });
    expect(sent[1]?.options.caption).toContain(paid.number);

    // WhatsApp says both reached the phone (ack 2, DEVICE): delivered.
    await whatsapp('/ack-all?ack=2');
    await expect.poll(() => receipt.getAttribute('data-state')).toBe('delivered');
    expect(await receipt.getByTestId('wa-state').textContent()).toBe('Sampai');
    const msgs = await api(page, 'wa.messages', { page: 1, pageSize: 10, customerId: siti.id });
    expect(msgs.items.map((m) => [m.kind, m.state]).sort()).toEqual([
      ['invoice_issued', 'delivered'],
      ['payment_received', 'delivered'],
    ]);
    await phone.page.goto('/#/whatsapp');
    await expect.poll(() => phone.page.locator('[data-testid="wa-message"][data-kind="payment_received"]').getAttribute('data-state')).toBe('delivered');
    await shot('whatsapp-outbox-delivered', '/#/whatsapp');
  });
});
