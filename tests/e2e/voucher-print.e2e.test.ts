import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Input, Method, Output } from '../../shared/contract';
import { qrLoginUrl, qrSvg } from '../../renderer/src/screens/vouchers/print/engine/qr';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { choose, ownerSignedIn, visible } from './flows';
import { startHarness, type Harness } from './harness';

const LOGIN_URL = 'http://hotspot.rt05.net/login';

/** A contract call over HTTP with the page's session, for what the test is not about. */
async function rpc<M extends Method>(page: Page, method: M, input: Input<M>): Promise<Output<M>> {
  const state = await page.request.post('/api/rpc/auth.state', { data: {} });
  const token = ((await state.json()) as { result: { session: { csrfToken: string } | null } }).result.session?.csrfToken ?? '';
  const res = await page.request.post(`/api/rpc/${method}`, { data: input, headers: { 'X-CSRF-Token': token } });
  const body = (await res.json()) as { result?: Output<M>; error?: unknown };
  if (!res.ok() || body.result === undefined) throw new Error(`${method}: ${res.status()} ${JSON.stringify(body.error)}`);
  return body.result;
}

/** page.pdf() of a print document, as its own page (the way a browser prints the sheet frame); returns the page count. */
async function pdfPages(h: Harness, html: string): Promise<number> {
  const { context, page } = await h.newPage();
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  } finally {
    await context.close();
  }
}

describe('voucher printing: the sheet of a batch with QR codes, its PDF, and a template edited with a live preview', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;
  let batch: Output<'vouchers.generate'>;

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
    h = await startHarness();
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
    const router = await rpc(page, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia-router', notes: '' });
    const profile = await rpc(page, 'vouchers.createProfile', { routerId: router.id, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d' });
    await rpc(page, 'settings.update', { group: 'vouchers', value: { reportUrl: '', loginUrl: LOGIN_URL } });
    batch = await rpc(page, 'vouchers.generate', { profileId: profile.id, quantity: 50, codeLength: 6 });
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('previews all 50 vouchers, each with the QR code of its login URL, and the PDF has 2 A4 pages', async () => {
    await page.goto(`/#/vouchers/print?batch=${batch.id}`);
    const frame = page.frameLocator('[data-testid=print-frame]');
    await expect.poll(() => frame.locator('.mbv-cell').count(), { timeout: 20_000 }).toBe(50);
    expect(await frame.locator('.mbv-cell svg.qr').count()).toBe(50);
    expect(await frame.locator('section.mbv-page').count()).toBe(2);
    expect(await page.getByTestId('print-summary').textContent()).toContain('2 halaman A4');

    // Every voucher of the batch is there once, and its QR code is the one of its login URL.
    const data = await rpc(page, 'vouchers.printData', { batchId: batch.id });
    const shown = await frame.locator('.mbv-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-serial')));
    expect(shown).toEqual(data.vouchers.map((v) => String(v.serial)));
    const first = data.vouchers[0]!;
    const d = /<path stroke="#000" d="([^"]+)"/.exec(qrSvg(qrLoginUrl(LOGIN_URL, first.username, first.password)))![1];
    expect(await frame.locator(`.mbv-cell[data-serial="${first.serial}"] svg.qr path[stroke]`).getAttribute('d')).toBe(d);
    expect(await frame.locator(`.mbv-cell[data-serial="${first.serial}"]`).textContent()).toContain(first.username);

    const html = await page.getByTestId('print-frame').getAttribute('srcdoc');
    expect(await pdfPages(h, html!)).toBe(2);
  });

  it('Print and PDF open the browser print dialog of the sheet frame only (sandboxed, but allowed to print)', async () => {
    const refused: string[] = [];
    page.on('console', (m) => /print\(\)/.test(m.text()) && refused.push(m.text()));
    await page.getByTestId('print-print').click();
    // The frame runs no scripts of its own; the test (like the app) reaches into it from the page.
    type Counting = { contentWindow: { printed?: number; print(): void } };
    const sheetFrame = page.getByTestId('print-frame');
    const printed = () => sheetFrame.evaluate((f) => (f as unknown as Counting).contentWindow.printed ?? 0);
    await sheetFrame.evaluate((f) => {
      const w = (f as unknown as Counting).contentWindow;
      w.printed = 0;
      w.print = () => void (w.printed = (w.printed ?? 0) + 1);
    });
    await page.getByTestId('print-print').click();
    await page.getByTestId('print-pdf').click();
    await expect.poll(printed).toBe(2);
    await page.getByText('Simpan sebagai PDF').first().waitFor();
    expect(refused).toEqual([]);
  });

  it('the thermal 58 mm roll shows the same vouchers as one continuous strip', async () => {
    await choose(page, 'print-template', /58 mm/);
    const frame = page.frameLocator('[data-testid=print-frame]');
    await expect.poll(async () => (await page.getByTestId('print-summary').textContent()) ?? '').toContain('58 mm');
    await expect.poll(() => frame.locator('body.mbv-58mm .mbv-cell svg.qr').count(), { timeout: 20_000 }).toBe(50);
    expect(await frame.locator('section.mbv-page').count()).toBe(1);
    await choose(page, 'print-template', /A4 standar/);
  });

  it('a batch still being sent to the router says so, and its sheet fills in by itself when the push ends', async () => {
    const profile = (await rpc(page, 'vouchers.profiles', {})).find((p) => p.profileName === '1hari')!;
    sim.faults.latencyMs = 400;
    const slow = await rpc(page, 'vouchers.generate', { profileId: profile.id, quantity: 10, codeLength: 6 });
    await page.goto(`/#/vouchers/print?batch=${slow.id}`);
    await visible(page, 'print-pushing');
    sim.faults.latencyMs = 0;
    const frame = page.frameLocator('[data-testid=print-frame]');
    await expect.poll(() => frame.locator('.mbv-cell').count(), { timeout: 20_000 }).toBe(10);
    expect(await page.getByTestId('print-pushing').count()).toBe(0);
  });

  it('a new template edited in the editor shows in the live preview, saves, and prints', async () => {
    await page.goto('/#/vouchers/templates');
    await page.getByTestId('templates-add').click();
    await visible(page, 'template-name');
    await page.getByTestId('template-name').fill('Promo RT05');
    const preview = page.frameLocator('[data-testid=template-preview]');
    await expect.poll(() => preview.locator('.mbv-cell svg.qr').count()).toBeGreaterThan(0);

    // Mikhmon's syntax pasted as is; then a placeholder chip inserts {{price}} at the cursor.
    await page.getByTestId('template-html').fill('<div class="promo">PROMO <?= $username; ?> <?php if ($usermode == "vc") { ?>KODE<?php } ?> </div>');
    await page.getByTestId('template-css').fill('.promo { font-weight: bold; color: #c00 }');
    await expect.poll(async () => (await preview.locator('.mbv-cell').first().textContent()) ?? '').toContain('PROMO K7RT4X KODE');
    await page.getByTestId('template-html').click();
    await page.keyboard.press('End');
    await page.getByTestId('placeholder-price').click();
    await expect.poll(async () => (await preview.locator('.mbv-cell').first().textContent()) ?? '').toMatch(/Rp\s?5\.000/);
    type Styled = { ownerDocument: { defaultView: { getComputedStyle(el: unknown): { color: string } } } };
    expect(await preview.locator('.promo').first().evaluate((el) => (el as unknown as Styled).ownerDocument.defaultView.getComputedStyle(el).color)).toBe('rgb(204, 0, 0)');

    await page.getByTestId('template-save').click();
    await page.getByTestId('template-editor').waitFor({ state: 'hidden' });
    await page.getByTestId('templates-mine').getByText('Promo RT05').waitFor();
    const [saved] = await rpc(page, 'vouchers.templates', {});
    expect(saved).toMatchObject({ name: 'Promo RT05', paper: 'a4', columns: 4, rows: 8 });
    expect(saved!.html).toContain('{{price}}');

    await page.goto(`/#/vouchers/print?batch=${batch.id}`);
    await choose(page, 'print-template', /Promo RT05/);
    const frame = page.frameLocator('[data-testid=print-frame]');
    await expect.poll(() => frame.locator('.promo').count(), { timeout: 20_000 }).toBe(50);
    expect(await frame.locator('script, [onclick]').count()).toBe(0);
  });
});
