import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startWaGatewaySim, type WaGatewaySim } from '../peers/wa-gateway';
import { api } from './billing-flows';
import { choose, login, OWNER, ownerSignedIn, visible } from './flows';
import { DESKTOP, PHONE, startHarness, type Harness } from './harness';
import { shotBoth } from './whatsapp-shots';

/** Screenshots for a person to look at (issue 13 UI); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-wa';
const TOKEN = 'tok-kantor-rahasia-77';

/*
 * The WhatsApp screens over a real server. The harness runs without the scheduler, so the sender does not drain
 * the outbox: messages made by real events stay 'queued', which is what the outbox, cancel/retry and the
 * customer's conversation are checked on. The HTTP gateway is pointed at a local double to show "connected".
 */
describe('WhatsApp: settings, outbox, templates, broadcast, the customer conversation', () => {
  let h: Harness;
  let gw: WaGatewaySim;
  let page: Page;
  let phone: { context: BrowserContext; page: Page };
  let siti: number;
  let agus: number;
  const shot = (name: string, at: string) => shotBoth(page, phone.page, SHOTS, name, at);

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    gw = await startWaGatewaySim({ token: TOKEN });
    h = await startHarness();
    ({ page } = await h.newPage(DESKTOP));
    await ownerSignedIn(page);
    phone = await h.newPage(PHONE);
    await phone.page.goto('/');
    await login(phone.page, OWNER.username, OWNER.password);
    await visible(phone.page, 'screen-home');
  });
  afterAll(async () => {
    await h?.close();
    await gw?.close();
  });

  it('Settings → WhatsApp starts with no channel and says messages wait; the care settings are checked in words', async () => {
    await page.goto('/#/settings/whatsapp');
    await visible(page, 'wa-status-none');
    expect(await page.getByTestId('wa-channel-state').getAttribute('data-state')).toBe('off');
    expect(await page.getByTestId('wa-queue-counts').textContent()).toContain('0 pesan menunggu');
    expect(await page.getByTestId('wa-queue-counts').textContent()).toContain('dari batas 200');
    // Each careful-sending rule says why (bans).
    const form = page.getByTestId('settings-form-whatsapp');
    expect(await form.textContent()).toContain('mudah dikenali sebagai spam');
    expect(await form.textContent()).toContain('melaporkan nomor Anda');
    await shot('settings-whatsapp-none', '/#/settings/whatsapp');

    // The shortest gap longer than the longest: said on the field, nothing saved.
    await page.getByTestId('wa-min-gap').fill('90');
    await page.getByTestId('wa-max-gap').fill('30');
    await page.getByTestId('settings-save-whatsapp').click();
    await page.getByText('Jeda terpendek lebih panjang dari jeda terpanjang').waitFor();
    await page.getByTestId('wa-max-gap').fill('120');
    await page.getByTestId('wa-daily-cap').fill('80');
    await page.getByTestId('wa-keywords').fill('SALDO');
    await page.getByTestId('wa-keywords').press('Enter');
    await page.getByTestId('settings-save-whatsapp').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).whatsapp.dailyCap).toBe(80);
    const saved = (await api(page, 'settings.get', {})).whatsapp;
    expect(saved).toMatchObject({ channel: 'none', minGapSeconds: 90, maxGapSeconds: 120, keywords: ['TAGIHAN', 'BAYAR', 'STATUS', 'SALDO'] });
    await expect.poll(() => page.getByTestId('wa-queue-counts').textContent()).toContain('dari batas 80');
  });

  it('an invoice for an opted-in customer queues an "invoice issued" message in the outbox; cancel and send again', async () => {
    siti = (await api(page, 'customers.create', { name: 'Siti Aminah', phone: '081234567891', whatsapp: '081234567891', waOptIn: true, area: 'RT05' })).id;
    agus = (await api(page, 'customers.create', { name: 'Agus Prasetyo', phone: '081234567892', whatsapp: '081234567892', waOptIn: false, area: 'RT05' })).id;
    await api(page, 'customers.create', { name: 'Dewi Lestari', phone: null, whatsapp: null, area: 'RT05' });
    await api(page, 'invoices.createCharge', { customerId: siti, type: 'installation', amount: 250_000 });
    // Agus did not agree to WhatsApp messages: his invoice queues nothing.
    await api(page, 'invoices.createCharge', { customerId: agus, type: 'installation', amount: 250_000 });

    await page.getByTestId('nav-whatsapp').click();
    await visible(page, 'screen-whatsapp');
    // No channel: the screen says the messages wait.
    expect(await page.getByTestId('wa-not-running').textContent()).toContain('tidak dikirim');
    const row = page.locator('[data-testid="wa-message"][data-kind="invoice_issued"]');
    await row.waitFor();
    expect(await page.getByTestId('wa-message').count()).toBe(1);
    expect(await row.getAttribute('data-state')).toBe('queued');
    expect(await row.textContent()).toContain('Siti Aminah');
    expect(await row.textContent()).toContain('+6281234567891');
    expect(await row.getByTestId('wa-state').textContent()).toBe('Antre');
    expect(await row.getByTestId('wa-body').textContent()).toContain('Siti Aminah');
    await shot('whatsapp-outbox', '/#/whatsapp');

    // Filters: a kind that has none, then a search that finds it.
    await choose(page, 'wa-outbox-kind', 'Siaran');
    await visible(page, 'wa-outbox-empty');
    expect(await page.getByTestId('wa-outbox-empty').textContent()).toContain('Tidak ada pesan yang cocok');
    await page.getByTestId('wa-outbox-clear').click();
    await page.getByTestId('wa-outbox-search').fill('Siti');
    await row.waitFor();

    // Cancel asks first; a cancelled message can be sent again.
    await row.getByTestId('wa-cancel').click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Pesan ke Siti Aminah tidak akan dikirim');
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('cancelled');
    await row.getByTestId('wa-retry').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('queued');
    await choose(page, 'wa-outbox-state', 'Antre');
    await row.waitFor();
  });

  it('the customer page shows the conversation, sends a message, and says why it cannot for a customer without consent', async () => {
    await page.goto(`/#/customers/${siti}`);
    await page.getByTestId('tab-whatsapp').click();
    await visible(page, 'customer-whatsapp');
    expect(await page.getByTestId('wa-panel-optin').getAttribute('data-optin')).toBe('true');
    const bubbles = page.getByTestId('wa-bubble');
    await expect.poll(() => bubbles.count()).toBe(1);
    expect(await bubbles.first().getAttribute('data-state')).toBe('queued');
    await page.getByTestId('wa-send-text').fill('Selamat siang Bu Siti, teknisi kami datang jam 2 siang.');
    await page.getByTestId('wa-send').click();
    await expect.poll(() => bubbles.count()).toBe(2);
    expect(await bubbles.nth(1).textContent()).toContain('teknisi kami datang jam 2 siang');
    expect(await bubbles.nth(1).getAttribute('data-direction')).toBe('out');
    expect((await api(page, 'wa.messages', { page: 1, pageSize: 10, customerId: siti, kind: 'manual' })).items[0]?.createdBy).toBeTruthy();
    await shot('customer-whatsapp', `/#/customers/${siti}?tab=whatsapp`);

    // "?tab=whatsapp" (the inbox's Reply) opens the panel directly; Agus has not agreed: the send box says why.
    await page.goto(`/#/customers/${agus}?tab=whatsapp`);
    await visible(page, 'wa-send-blocked');
    expect(await page.getByTestId('wa-send-blocked').textContent()).toContain('tidak setuju dikirimi WhatsApp');
    expect(await page.getByTestId('wa-send').count()).toBe(0);
    await visible(page, 'wa-conversation-empty');
  });

  it('templates: placeholder chips insert at the cursor, the preview follows live for a chosen customer, unknown placeholders are refused, reset', async () => {
    await page.goto('/#/whatsapp/templates');
    await visible(page, 'wa-template-editor');
    await page.getByTestId('wa-template-payment_received').click();
    const editor = page.locator('[data-testid="wa-template-editor"][data-event="payment_received"]');
    await editor.waitFor();
    const body = page.getByTestId('wa-template-body');
    await body.fill('Terima kasih ');
    await page.getByTestId('wa-placeholder-nama').click();
    await body.press('End');
    await body.pressSequentially(', pembayaran sudah kami terima.');
    await expect.poll(() => body.inputValue()).toBe('Terima kasih {nama}, pembayaran sudah kami terima.');
    // The sample customer first, then the one picked.
    await expect.poll(() => page.getByTestId('wa-template-preview').textContent()).toMatch(/^Terima kasih .+, pembayaran sudah kami terima\.$/);
    await page.getByTestId('wa-template-customer').fill('Siti');
    await page.getByRole('option', { name: 'Siti Aminah' }).click();
    await expect.poll(() => page.getByTestId('wa-template-customer').inputValue()).toBe('Siti Aminah');
    await expect.poll(() => page.getByTestId('wa-template-preview').textContent()).toBe('Terima kasih Siti Aminah, pembayaran sudah kami terima.');
    await shot('whatsapp-templates', '/#/whatsapp/templates');

    // A misspelt placeholder: warned, and the save button stays off.
    await body.fill('Halo {nama_lengkap}');
    await visible(page, 'wa-template-unknown');
    expect(await page.getByTestId('wa-template-unknown').textContent()).toContain('{nama_lengkap}');
    expect(await page.getByTestId('wa-template-save').isDisabled()).toBe(true);

    await body.fill('Terima kasih {nama}, pembayaran {jumlah} sudah kami terima.');
    await expect.poll(() => page.getByTestId('wa-template-unknown').count()).toBe(0);
    await page.getByTestId('wa-template-save').click();
    await page.getByText('Template disimpan').waitFor();
    const saved = (await api(page, 'wa.templates', {})).find((x) => x.event === 'payment_received' && x.lang === 'id');
    expect(saved).toMatchObject({ body: 'Terima kasih {nama}, pembayaran {jumlah} sudah kami terima.', isDefault: false });
    expect(await page.getByTestId('wa-template-payment_received').textContent()).toContain('Diubah');

    await page.getByTestId('wa-template-reset').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByText('Template dikembalikan ke teks bawaan').waitFor();
    await expect.poll(async () => (await api(page, 'wa.templates', {})).find((x) => x.event === 'payment_received' && x.lang === 'id')?.isDefault).toBe(true);
    await expect.poll(() => body.inputValue()).not.toContain('sudah kami terima.');
  });

  it('broadcast: the preview counts who gets it and who is skipped; the confirmation names the count; a changed count is caught', async () => {
    await page.goto('/#/whatsapp/broadcast');
    await visible(page, 'wa-broadcast');
    await choose(page, 'wa-bc-areas', 'RT05');
    await page.keyboard.press('Escape');
    await page.getByTestId('wa-bc-body').fill('Yth. {nama}, ada gangguan jaringan di RT05 sampai pukul 15.00.');
    await page.getByTestId('wa-bc-preview').click();
    await visible(page, 'wa-bc-result');
    expect(await page.getByTestId('wa-bc-result').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('wa-bc-count').textContent()).toBe('1 pelanggan akan menerima pesan ini');
    expect(await page.getByTestId('wa-bc-skipped').textContent()).toBe('Dilewati: 1 tanpa nomor WhatsApp, 1 tidak setuju / minta berhenti, 0 nomornya tidak terdaftar di WhatsApp.');
    expect(await page.getByTestId('wa-bc-sample').first().textContent()).toContain('Yth. Siti Aminah, ada gangguan');
    await shot('whatsapp-broadcast', '/#/whatsapp/broadcast');

    // Changing the text makes the preview stale: no sending until it is looked at again.
    await page.getByTestId('wa-bc-body').fill('Yth. {nama}, ada gangguan jaringan di RT05 sampai pukul 16.00.');
    await visible(page, 'wa-bc-stale');
    expect(await page.getByTestId('wa-bc-send').isDisabled()).toBe(true);
    await page.getByTestId('wa-bc-preview').click();
    await expect.poll(() => page.getByTestId('wa-bc-stale').count()).toBe(0);

    // Someone joins RT05 after the preview: the confirmed count is refused and the new one shown.
    await api(page, 'customers.create', { name: 'Rina Wati', phone: '081234567893', whatsapp: '081234567893', waOptIn: true, area: 'RT05' });
    await page.getByTestId('wa-bc-send').click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Kirim ke 1 pelanggan?');
    await page.getByTestId('confirm-ok').click();
    await visible(page, 'wa-bc-error');
    expect(await page.getByTestId('wa-bc-error').textContent()).toContain('berubah menjadi 2');
    await expect.poll(() => page.getByTestId('wa-bc-result').getAttribute('data-count')).toBe('2');
    expect((await api(page, 'wa.messages', { page: 1, pageSize: 50, kind: 'broadcast' })).total).toBe(0);

    await page.getByTestId('wa-bc-send').click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Kirim ke 2 pelanggan?');
    await page.getByTestId('confirm-ok').click();
    await page.getByText('2 pesan siaran masuk antrean').waitFor();
    const queued = await api(page, 'wa.messages', { page: 1, pageSize: 50, kind: 'broadcast' });
    expect(queued.items.map((m) => m.customerName).sort()).toEqual(['Rina Wati', 'Siti Aminah']);
    expect(queued.items.find((m) => m.customerName === 'Rina Wati')?.body).toBe('Yth. Rina Wati, ada gangguan jaringan di RT05 sampai pukul 16.00.');
  });

  it('the inbox is empty without messages from customers; the unread filter says so', async () => {
    await page.goto('/#/whatsapp/inbox');
    await visible(page, 'wa-inbox-empty');
    await page.getByTestId('wa-inbox-unread').click();
    await expect.poll(() => page.getByTestId('wa-inbox-empty').textContent()).toBe('Semua pesan sudah dibaca.');
    await shot('whatsapp-inbox', '/#/whatsapp/inbox');
  });

  it('an HTTP gateway: presets fill the fields, the token is write-only, and "Connect" turns it connected', async () => {
    await page.goto('/#/settings/whatsapp');
    await visible(page, 'wa-status-none');
    await page.getByTestId('wa-channel-http').click();
    await visible(page, 'wa-status-unsaved');
    // Fonnte by default, filled in.
    expect(await page.getByTestId('wa-http-summary').textContent()).toContain('https://api.fonnte.com/send');
    expect(await page.getByTestId('wa-http-summary').textContent()).toContain('countryCode=62');
    // Fonnte answers a refusal with HTTP 200 and status:false: the preset counts only status:true as sent.
    await page.getByTestId('settings-save-whatsapp').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).whatsapp.http).toMatchObject({ preset: 'fonnte', url: 'https://api.fonnte.com/send', successPath: 'status', extraFields: { countryCode: '62' } });
    await choose(page, 'wa-http-preset', 'Wablas');
    await page.getByTestId('wa-http-wablas-server').fill('solo');
    expect(await page.getByTestId('wa-http-summary').textContent()).toContain('https://solo.wablas.com/api/send-message · phone, message');
    // The double, set by hand.
    await choose(page, 'wa-http-preset', /Lainnya/);
    await page.getByTestId('wa-http-url').fill(`${gw.url}/send`);
    await page.getByTestId('wa-http-number').fill('target');
    await page.getByTestId('wa-http-extra').fill('countryCode=62');
    expect(await page.getByTestId('wa-http-success').inputValue()).toBe('status');
    await page.getByTestId('settings-save-whatsapp').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).whatsapp.channel).toBe('http');
    expect((await api(page, 'settings.get', {})).whatsapp.http).toMatchObject({ preset: 'custom', url: `${gw.url}/send`, numberField: 'target', messageField: 'message', successPath: 'status', extraFields: { countryCode: '62' } });

    expect(await page.getByTestId('wa-token-state').getAttribute('data-set')).toBe('false');
    await page.getByTestId('wa-token').fill(TOKEN);
    await page.getByTestId('wa-token-save').click();
    await expect.poll(() => page.getByTestId('wa-token-state').getAttribute('data-set')).toBe('true');
    expect(await page.getByTestId('wa-token-state').textContent()).toBe('Tersimpan');
    expect(await page.getByTestId('wa-token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(TOKEN);

    await page.getByTestId('wa-start').click();
    // The status is polled: it turns connected without a reload.
    await expect.poll(() => page.getByTestId('wa-channel-state').getAttribute('data-state')).toBe('connected');
    expect(await page.getByTestId('wa-queue-counts').textContent()).toContain('4 pesan menunggu');
    await shot('settings-whatsapp-http', '/#/settings/whatsapp');

    // Back to no channel: the messages wait again.
    await page.getByTestId('wa-channel-none').click();
    await page.getByTestId('settings-save-whatsapp').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).whatsapp.channel).toBe('none');
  });
});
