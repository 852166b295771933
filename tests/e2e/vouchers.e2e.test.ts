import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from './billing-flows';
import { changePassword, choose, createUser, login, logout, OWNER, ownerSignedIn, visible } from './flows';
import { startHarness, type Harness } from './harness';
import { addRouterInUi, createProfileInUi, generateInUi, PROFILE } from './vouchers-flows';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';

describe('vouchers: make a batch, watch it reach the router, sell, hand over, report', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;
  let codes: string[] = [];

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
    h = await startHarness();
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('creates a voucher profile that reaches the router as a hotspot user profile', async () => {
    await addRouterInUi(page, sim.port);
    await createProfileInUi(page);
    const row = page.getByTestId('profile-row').filter({ hasText: PROFILE.name });
    expect(await row.textContent()).toMatch(/Rp\s5\.000/);
    expect(await row.getByTestId('profile-stock').textContent()).toBe('0');
    await expect.poll(() => sim.state.menu('/ip/hotspot/user/profile').all().some((r) => r.name === PROFILE.routerProfile && r['rate-limit'] === '2M/5M')).toBe(true);
  });

  it('generates 50 vouchers and shows the push live until all 50 are on the router', async () => {
    await generateInUi(page, 50);
    const bar = page.getByTestId('generate-progress').getByTestId('push-progress');
    await expect.poll(() => bar.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(await bar.getAttribute('data-pushed')).toBe('50');
    expect(await bar.getByTestId('push-count').textContent()).toBe('50/50');
    expect(sim.state.menu('/ip/hotspot/user').count()).toBe(50);
    await page.getByTestId('generate-close').click();
    const batch = page.getByTestId('batch-row').first();
    await expect.poll(() => batch.getByTestId('batch-status').getAttribute('data-status')).toBe('done');
    expect(await batch.getByTestId('batch-unused').textContent()).toBe('50');
    await expect.poll(() => page.getByTestId('list-total').textContent()).toBe('50 voucher');
    // 25 a page, oldest first.
    expect(await page.getByTestId('voucher-row').count()).toBe(25);
    const firstPage = await page.getByTestId('voucher-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code') ?? ''));
    codes = (await api(page, 'vouchers.list', { pageSize: 100 })).items.map((v) => v.username);
    expect(codes).toHaveLength(50);
    expect(firstPage).toEqual(codes.slice(0, 25));
    // Every code on the router is one of ours, with the batch's profile.
    const onRouter = sim.state.menu('/ip/hotspot/user').all();
    expect(new Set(onRouter.map((u) => u.name))).toEqual(new Set(codes));
    expect(onRouter.every((u) => u.profile === PROFILE.routerProfile && u.password === u.name)).toBe(true);
  });

  it('looks a code up: not sold, unused, in the office', async () => {
    await page.getByTestId('lookup-code').fill(codes[10]!.toLowerCase());
    await page.getByTestId('lookup-submit').click();
    const result = page.getByTestId('lookup-result');
    await expect.poll(() => result.getAttribute('data-code')).toBe(codes[10]);
    expect(await result.getAttribute('data-state')).toBe('unused');
    expect(await result.getByTestId('lookup-sold').textContent()).toContain('Belum terjual');
    await page.getByTestId('lookup-code').fill('TIDAKADA');
    await page.getByTestId('lookup-submit').click();
    await visible(page, 'lookup-none');
  });

  it('sells 2 at the counter and opens them for printing', async () => {
    await choose(page, 'sell-profile', new RegExp(PROFILE.name));
    await page.getByTestId('sell-quantity').fill('2');
    expect(await page.getByTestId('sell-total').textContent()).toMatch(/Rp\s10\.000/);
    await page.getByTestId('sell-submit').click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/vouchers\/print\?ids=\d+,\d+$/);
    await visible(page, 'screen-voucher-print');
    await expect.poll(() => page.getByTestId('print-summary').textContent()).toMatch(/\b2\b/);
    // The oldest two were sold: the first codes of the batch.
    await page.goto('/#/vouchers');
    await page.getByTestId('lookup-code').fill(codes[0]!);
    await page.getByTestId('lookup-submit').click();
    await expect.poll(() => page.getByTestId('lookup-sold').textContent()).toContain(`oleh ${OWNER.fullName}`);
    const profiles = await api(page, 'vouchers.profiles', {});
    expect(profiles[0]!.stock).toBe(48);
  });

  it('adds an outlet, hands it 10 vouchers and records what it owes once one is used', async () => {
    await page.goto('/#/vouchers/outlets');
    await visible(page, 'outlets-empty');
    await page.getByTestId('outlets-add').click();
    await page.getByTestId('outlet-name').fill('Warung Bu Sri');
    await page.getByTestId('outlet-phone').fill('081298765432');
    await page.getByTestId('outlet-price').first().fill('4500');
    await page.getByTestId('outlet-save').click();
    await page.getByTestId('outlet-form').waitFor({ state: 'hidden' });
    const row = page.getByTestId('outlet-row').filter({ hasText: 'Warung Bu Sri' });
    await row.getByTestId('outlet-handover').click();
    await choose(page, 'handover-batch', new RegExp(PROFILE.name));
    await page.getByTestId('handover-quantity').fill('10');
    await page.getByTestId('handover-submit').click();
    await page.getByTestId('handover-modal').waitFor({ state: 'hidden' });
    await expect.poll(() => row.getByTestId('outlet-stock').textContent()).toBe('10');
    expect(await row.getByTestId('outlet-owes').getAttribute('data-owes')).toBe('0');
    // A buyer logs in with one of the outlet's vouchers (codes 2..11 went to the outlet).
    sim.state.login('/ip/hotspot/active', { user: codes[2]!, uptime: '5m', 'mac-address': 'AA:BB:CC:11:22:33' });
    await api(page, 'jobs.runNow', { name: 'vouchers.watch' });
    await page.getByTestId('vouchers-tab-stock').click();
    await page.getByTestId('lookup-code').fill(codes[2]!);
    await page.getByTestId('lookup-submit').click();
    await expect.poll(() => page.getByTestId('lookup-result').getAttribute('data-state')).toBe('active');
    expect(await page.getByTestId('lookup-mac').textContent()).toBe('AA:BB:CC:11:22:33');
    expect(await page.getByTestId('lookup-sold').textContent()).toContain('Warung Bu Sri');
    // Extend by a day, disable (kicked and disabled on the router), enable again.
    const before = await api(page, 'vouchers.lookup', { code: codes[2]! });
    await page.getByTestId('lookup-extend-by').fill('1d');
    await page.getByTestId('lookup-extend').click();
    await expect.poll(async () => (await api(page, 'vouchers.lookup', { code: codes[2]! }))!.expiresAt).toBe(new Date(Date.parse(before!.expiresAt!) + 86_400_000).toISOString());
    await page.getByTestId('lookup-disable').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('lookup-result').getAttribute('data-state')).toBe('disabled');
    await expect.poll(() => sim.state.menu('/ip/hotspot/user').all().find((u) => u.name === codes[2])?.disabled).toBe('true');
    await page.getByTestId('lookup-enable').click();
    await expect.poll(() => page.getByTestId('lookup-result').getAttribute('data-state')).toBe('active');
    await page.getByTestId('vouchers-tab-outlets').click();
    await expect.poll(() => row.getByTestId('outlet-owes').getAttribute('data-owes')).toBe('4500');
    expect(await row.getByTestId('outlet-stock').textContent()).toBe('9');
    await row.getByTestId('outlet-pay').click();
    await page.getByTestId('outlet-pay-amount').fill('4500');
    await page.getByTestId('outlet-pay-submit').click();
    await expect.poll(() => row.getByTestId('outlet-owes').getAttribute('data-owes')).toBe('0');
  });

  it("keeps the outlet's book (rekap), and takes the unused stock back to the office", async () => {
    const row = page.getByTestId('outlet-row').filter({ hasText: 'Warung Bu Sri' });
    await row.getByTestId('outlet-statement-open').click();
    const book = page.getByTestId('outlet-statement');
    await expect.poll(() => book.getByTestId('statement-line').count()).toBe(3);
    // Newest first: the payment; before it the hand-over and the used voucher.
    const kinds = await book.getByTestId('statement-line').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds[0]).toBe('payment');
    expect([...kinds].sort()).toEqual(['handover', 'payment', 'used']);
    expect(await book.locator('[data-kind=used]').textContent()).toMatch(/1 voucher .* terpakai.*Rp\s4\.500/);
    expect(await book.locator('[data-kind=handover]').textContent()).toContain('Titip 10 voucher');
    await book.getByTestId('outlet-take-back').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => book.getByTestId('statement-stock').textContent()).toBe('0');
    expect(await book.getByTestId('statement-line').first().textContent()).toContain('Tarik kembali 9 voucher');
    expect(await book.getByTestId('outlet-take-back').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => row.getByTestId('outlet-stock').textContent()).toBe('0');
  });

  it('shows the sales report with the counter and outlet sales, and exports it', async () => {
    await page.getByTestId('vouchers-tab-sales').click();
    const totals = page.getByTestId('sales-totals');
    await expect.poll(() => totals.getAttribute('data-count')).toBe('3');
    expect(await totals.getAttribute('data-amount')).toBe('14500');
    await visible(page, 'sales-chart');
    await page.getByTestId('sales-group').getByText('Outlet', { exact: true }).click();
    await expect.poll(async () => (await page.getByTestId('sales-row').allTextContents()).map((x) => x.replace(/\s/g, ' '))).toEqual(['Loket kantor2Rp 10.000', 'Warung Bu Sri1Rp 4.500']);
    await page.getByTestId('sales-export').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sales-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^penjualan-voucher-.*-outlet\.csv$/);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('Loket kantor,2,10000');
    expect(text).toContain('Total,3,14500');
    await page.getByTestId('sales-export').click();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sales-export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    // An xlsx file is a zip: PK.
    expect(fs.readFileSync((await xlsx.path())!).subarray(0, 2).toString()).toBe('PK');
  });

  it('shows a push that cannot reach the router, cancels it and resumes it', async () => {
    await sim.faults.refuseConnections(true);
    sim.faults.disconnectAll();
    await generateInUi(page, 10);
    const bar = page.getByTestId('generate-progress').getByTestId('push-progress');
    await expect.poll(() => bar.getByTestId('push-error').textContent(), { timeout: 20_000 }).toContain('Router menolak atau tidak terhubung');
    await bar.getByTestId('push-cancel').click();
    await expect.poll(() => bar.getAttribute('data-status')).toBe('cancelled');
    await sim.faults.refuseConnections(false);
    await bar.getByTestId('push-resume').click();
    await expect.poll(() => bar.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    expect(await bar.getByTestId('push-count').textContent()).toBe('10/10');
    expect(sim.state.menu('/ip/hotspot/user').count()).toBe(60);
    // The batch's print button opens the print view of that batch.
    await page.getByTestId('generate-print').click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/vouchers\/print\?batch=\d+$/);
    await expect.poll(() => page.getByTestId('print-summary').textContent()).toMatch(/\b10\b/);
  });

  it('saves the voucher settings, refusing an address that is not one', async () => {
    await page.goto('/#/settings/vouchers');
    await page.getByTestId('vouchers-report-url').fill('192.168.88.10');
    await page.getByTestId('settings-save-vouchers').click();
    await page.getByText('diawali http://').first().waitFor();
    await page.getByTestId('vouchers-report-url').fill('http://192.168.88.10:8090');
    await page.getByTestId('vouchers-login-url').fill('http://hotspot.rt05.net/login');
    await page.getByTestId('settings-save-vouchers').click();
    await expect.poll(async () => (await api(page, 'settings.get', {})).vouchers.reportUrl).toBe('http://192.168.88.10:8090');
    // The profile on the router reports first logins from now on; a new token replaces the one in its script.
    const script = () => sim.state.menu('/ip/hotspot/user/profile').all().find((r) => r.name === PROFILE.routerProfile)?.['on-login'] ?? '';
    await expect.poll(script).toContain('http://192.168.88.10:8090/hotspot/login');
    const before = script();
    await page.getByTestId('vouchers-rotate-token').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(script).not.toBe(before);
    expect(script()).toContain('/hotspot/login');
  });

  it('a cashier sells and looks up but does not make vouchers or see the sales report', async () => {
    await createUser(page, { username: 'sari', fullName: 'Sari Wulandari', role: /^Kasir/, password: 'sementara-123' });
    await logout(page);
    await login(page, 'sari', 'sementara-123');
    await changePassword(page, 'sementara-123', 'kasir-baru-123');
    await visible(page, 'screen-home');
    await page.goto('/#/vouchers');
    await visible(page, 'sell-box');
    await visible(page, 'lookup-box');
    expect(await page.getByTestId('vouchers-generate').count()).toBe(0);
    expect(await page.getByTestId('vouchers-tab-sales').count()).toBe(0);
    expect(await page.getByTestId('batch-handover').count()).toBe(0);
    await page.getByTestId('vouchers-tab-profiles').click();
    await visible(page, 'profile-row');
    expect(await page.getByTestId('profiles-add').count()).toBe(0);
    expect(await page.getByTestId('profile-edit').count()).toBe(0);
    // The cashier takes outlet payments (payments.collect) but does not manage outlets.
    await page.getByTestId('vouchers-tab-outlets').click();
    await visible(page, 'outlet-pay');
    expect(await page.getByTestId('outlet-handover').count()).toBe(0);
    expect(await page.getByTestId('outlets-add').count()).toBe(0);
    await page.getByTestId('lang-en').click();
    await page.getByTestId('vouchers-tab-stock').click();
    await page.getByTestId('sell-box').getByText('Sell at the counter').waitFor();
    await page.getByTestId('lang-id').click();
  });
});
