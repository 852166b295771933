import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ownerSignedIn, visible } from './flows';
import { startHarness, type Harness } from './harness';

const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0b7285"/></svg>';

describe('settings: office logo, backups, jobs', () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('checks the logo before sending it, previews it, and shows it in the header once saved', async () => {
    await page.goto('/#/settings/office');
    await visible(page, 'settings-form-office');
    const file = page.getByTestId('logo-file');
    await file.setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    await page.getByText('Jenis file ini tidak bisa dipakai').waitFor();
    await file.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(300 * 1024) });
    await page.getByText('Gambar terlalu besar (300 KB)').waitFor();
    await file.setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(LOGO_SVG) });
    await visible(page, 'logo-preview');
    expect(await page.locator('header img').count()).toBe(0);
    await page.getByTestId('settings-save-office').click();
    await page.locator('header img').first().waitFor();
    await page.reload();
    await page.locator('header img').first().waitFor();
    expect(await page.locator('header img').first().getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('says that the listener change applies after a restart and what LAN means', async () => {
    await page.getByTestId('settings-tab-server').click();
    expect(await page.getByTestId('listener-restart-note').textContent()).toContain('setelah aplikasi ditutup dan dibuka lagi');
    expect(await page.getByTestId('settings-form-server').textContent()).toContain('Komputer atau HP lain yang tersambung ke jaringan kantor');
  });

  it('"Backup now" makes a backup and lists it', async () => {
    await page.getByTestId('settings-tab-backup').click();
    await visible(page, 'backups-empty');
    await page.getByTestId('backup-now').click();
    await visible(page, 'backup-row');
    expect(await page.getByTestId('backup-row').first().textContent()).toContain('Harian');
  });

  it('the jobs screen shows that run and follows a new one live', async () => {
    await page.getByTestId('nav-jobs').click();
    await visible(page, 'job-row-backup.nightly');
    expect(await page.getByTestId('job-row-backup.nightly').textContent()).toContain('Setiap hari pukul 02:00');
    const rows = page.getByTestId('job-history-row');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('job-run-backup.nightly').click();
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => rows.first().getByTestId('run-status').getAttribute('data-status')).toBe('succeeded');
  });
});
