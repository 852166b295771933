import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api } from './billing-flows';
import { changePassword, choose, login, ownerSignedIn, visible } from './flows';
import { animationsDone, DESKTOP, PHONE, startHarness, type Harness } from './harness';
import { shotBoth } from './whatsapp-shots';

/** Screenshots for a person to look at (issue 14 tickets UI); MB_SHOTS overrides the folder. */
const SHOTS = process.env.MB_SHOTS ?? '/tmp/shots-tickets';

/** The DOM types this project lacks, for the functions run in the page. */
type Doc = { documentElement: { scrollWidth: number; clientWidth: number } };
/** Nothing on the page is wider than the screen (a technician's phone never scrolls sideways). */
const sideways = (page: Page) => page.evaluate(() => {
  const d = (globalThis as unknown as { document: Doc }).document.documentElement;
  return d.scrollWidth - d.clientWidth;
});

/*
 * Trouble tickets on the staff side over a real server: the office writes down a customer's call (with a
 * photo), a technician on a 390 px phone takes it, writes an internal note and one for the customer, and
 * closes it; the customer's WhatsApp messages wait in the outbox (the harness runs without the sender).
 */
describe('Trouble tickets: the office opens one, a technician on a phone handles and closes it', () => {
  let h: Harness;
  let page: Page;
  let tech: { context: BrowserContext; page: Page };
  let andi: number;
  let ticketId: number;
  const shot = (name: string, at: string) => shotBoth(page, tech.page, SHOTS, name, at);

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    h = await startHarness();
    ({ page } = await h.newPage(DESKTOP));
    await ownerSignedIn(page);
    andi = (await api(page, 'customers.create', { name: 'Andi Wijaya', phone: '081234567890', whatsapp: '081234567890', waOptIn: true, area: 'RT05', address: 'Jl. Melati 7, gang buntu sebelah masjid' })).id;
    await api(page, 'customers.create', { name: 'Siti Aminah', phone: '081298765432', whatsapp: '081298765432', waOptIn: true, area: 'RT06' });
    await api(page, 'users.create', { username: 'tono', fullName: 'Tono Teknisi', role: 'technician', password: 'sementara-123' });
    tech = await h.newPage(PHONE);
    await tech.page.goto('/');
    await login(tech.page, 'tono', 'sementara-123');
    await changePassword(tech.page, 'sementara-123', 'rahasia-tono-1');
    await visible(tech.page, 'screen-home');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the office writes down a call: customer, kind of trouble, complaint and a photo; the customer gets the confirmation', async () => {
    // Another customer's older ticket, from the portal side's module (via staff here), to have a list.
    await api(page, 'tickets.create', { customerId: (await api(page, 'customers.list', { q: 'Siti' })).items[0]!.id, category: 'slow', text: 'Malam hari lambat sekali, YouTube putus-putus' });
    await page.getByTestId('nav-tickets').click();
    await visible(page, 'screen-tickets');
    await page.getByTestId('ticket-new').click();
    await visible(page, 'ticket-create-text');
    await page.getByTestId('ticket-create-customer').fill('Andi');
    await page.getByRole('option', { name: 'Andi Wijaya' }).click();
    await choose(page, 'ticket-create-category', 'Internet mati');
    await page.getByTestId('ticket-create-text').fill('Internet mati sejak pagi, lampu LOS di modem merah');
    // The customer's photo of their modem (drawn in the browser: a real 480×360 PNG).
    const cam = await h.newPage({ width: 480, height: 360 });
    const led = (c: string) => `<i style="display:inline-block;width:14px;height:14px;border-radius:7px;background:${c};margin:0 14px 0 6px"></i>`;
    await cam.page.setContent(`<body style="margin:0;height:360px;background:linear-gradient(#c9b79c,#8d7b63);display:flex;align-items:center;justify-content:center"><div style="width:340px;height:100px;background:#f4f4f4;border-radius:14px;box-shadow:0 6px 18px #0005;display:flex;align-items:center;justify-content:center;font:bold 15px sans-serif;color:#333">PWR${led('#2c2')}PON${led('#2c2')}LOS${led('#e22')}LAN${led('#2c2')}</div></body>`);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mb-ticket-')), 'modem.png');
    fs.writeFileSync(file, await cam.page.screenshot());
    await cam.context.close();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('ticket-create-photo').click();
    await (await chooser).setFiles(file);
    await page.getByRole('button', { name: 'Hapus foto' }).waitFor();
    await page.getByTestId('ticket-create-submit').click();
    await visible(page, 'ticket-page');
    ticketId = Number(await page.getByTestId('ticket-page').getAttribute('data-id'));
    expect(await page.getByTestId('ticket-number').textContent()).toMatch(/^TK\/\d{4}\/\d{2}\/00002$/);
    expect(await page.getByTestId('ticket-page').getAttribute('data-state')).toBe('open');
    await page.getByTestId('ticket-photo').locator('img').waitFor();
    expect(await page.getByTestId('ticket-customer').textContent()).toContain('Jl. Melati 7');

    const msgs = (await api(page, 'wa.messages', { customerId: andi })).items;
    expect(msgs.map((m) => m.kind)).toEqual(['ticket_opened']);
    expect(msgs[0]!.body).toContain('laporan gangguan Anda sudah kami terima');
    await shot('ticket-new', `/#/tickets/${ticketId}`);
  });

  it('the technician on a phone sees it in the list (no sideways scrolling), takes it, notes and closes it', async () => {
    const p = tech.page;
    await p.goto('/#/tickets');
    await visible(p, 'tickets-list');
    expect(await p.getByTestId('tickets-state-open').textContent()).toContain('(2)');
    expect(await sideways(p)).toBeLessThanOrEqual(0);
    await page.goto('/#/tickets');
    await visible(page, 'tickets-list');
    await shot('tickets-list', '/#/tickets');
    await p.goto('/#/tickets');
    // "Tiket baru" on a phone: the whole screen, nothing sideways.
    await p.getByTestId('ticket-new').click();
    await visible(p, 'ticket-create-text');
    expect(await sideways(p)).toBeLessThanOrEqual(0);
    await animationsDone(p);
    await p.screenshot({ path: path.join(SHOTS, 'phone-ticket-create.png') });
    await p.keyboard.press('Escape');
    await p.getByTestId('ticket-create-text').waitFor({ state: 'hidden' });
    await p.locator(`[data-testid="ticket-item"][data-id="${ticketId}"]`).click();
    await visible(p, 'ticket-page');
    expect(await sideways(p)).toBeLessThanOrEqual(0);

    await p.getByTestId('ticket-take').click();
    await expect.poll(() => p.getByTestId('ticket-page').getAttribute('data-state')).toBe('in_progress');
    expect(await p.getByTestId('ticket-assignee').inputValue()).toBe('Tono Teknisi');

    await p.getByTestId('ticket-note').fill('ODP RT05 port 3 los, bawa konektor');
    await p.getByTestId('ticket-note-save').click();
    await expect.poll(() => p.getByTestId('ticket-note-visibility').count()).toBe(1);
    await p.getByTestId('ticket-note').fill('Teknisi kami menuju lokasi sekitar jam 10');
    await p.getByTestId('ticket-note-visible').check();
    await p.getByTestId('ticket-note-save').click();
    await expect.poll(() => p.getByTestId('ticket-note-visibility').count()).toBe(2);

    await p.getByTestId('ticket-to-solved').click();
    await visible(p, 'ticket-state-note');
    await p.getByTestId('ticket-state-note').fill('Konektor diganti, internet sudah normal');
    expect(await p.getByTestId('ticket-state-visible').isChecked()).toBe(true);
    await p.getByTestId('ticket-state-confirm').click();
    await expect.poll(() => p.getByTestId('ticket-page').getAttribute('data-state')).toBe('solved');
    expect(await sideways(p)).toBeLessThanOrEqual(0);
    // Solved: only "reopen" is left, and the history tells the story newest first.
    expect(await p.getByTestId('ticket-to-open').textContent()).toContain('Buka lagi');
    expect(await p.getByTestId('ticket-to-in_progress').count()).toBe(0);
    const events = await p.getByTestId('ticket-history-item').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: { event: string } }).dataset.event));
    expect(events).toEqual(['state', 'note', 'note', 'state', 'assigned', 'opened']);
    await shot('ticket-solved', `/#/tickets/${ticketId}`);
  });

  it('the customer’s WhatsApp outbox holds one message per change they hear of, and the office sees the ticket solved', async () => {
    const msgs = (await api(page, 'wa.messages', { customerId: andi })).items.reverse();
    expect(msgs.map((m) => m.kind)).toEqual(['ticket_opened', 'ticket_updated', 'ticket_updated', 'ticket_updated']);
    expect(msgs[1]!.body).toContain('sedang dikerjakan');
    expect(msgs[2]!.body).toContain('Teknisi kami menuju lokasi sekitar jam 10');
    expect(msgs[3]!.body).toContain('sudah selesai');
    expect(msgs[3]!.body).toContain('Konektor diganti');
    // The internal note never reaches the customer.
    expect(msgs.some((m) => m.body.includes('ODP RT05'))).toBe(false);

    await page.goto('/#/tickets');
    await page.getByTestId('tickets-state-solved').click();
    await expect.poll(() => page.locator('[data-testid="ticket-item"]').count()).toBe(1);
    expect(await page.locator('[data-testid="ticket-item"]').getAttribute('data-id')).toBe(String(ticketId));
    // The customer's page lists it too.
    await page.goto(`/#/customers/${andi}?tab=tickets`);
    await visible(page, 'customer-tickets');
    expect(await page.getByTestId('customer-ticket').getAttribute('data-state')).toBe('solved');
    await shot('customer-tickets', `/#/customers/${andi}?tab=tickets`);
    await tech.page.goto(`/#/customers/${andi}?tab=tickets`);
    await visible(tech.page, 'customer-ticket');
    expect(await sideways(tech.page)).toBeLessThanOrEqual(0);
  });
});
