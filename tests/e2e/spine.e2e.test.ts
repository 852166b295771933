import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { changePassword, choose, completeSetup, createUser, login, logout, OFFICE, OWNER, visible } from './flows';
import { startHarness, type Harness } from './harness';

const CASHIER = { username: 'sari', fullName: 'Sari Wulandari', role: /^Kasir/, password: 'sementara-123' };
const CASHIER_OWN_PASSWORD = 'kasir-sari-2026';

describe('spine: setup → owner → cashier → permissions → audit', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ context, page } = await h.newPage());
  });
  afterAll(async () => {
    await h?.close();
  });

  it('first-run wizard ends logged in as the owner', async () => {
    await completeSetup(page);
    expect(await page.getByTestId('office-name').first().textContent()).toBe(OFFICE.name);
    expect(await page.getByTestId('user-menu-name').textContent()).toBe(OWNER.fullName);
    await visible(page, 'nav-users');
  });

  it('the owner logs out and back in', async () => {
    await logout(page);
    // The login screen shows the office.
    expect(await page.getByTestId('office-name').textContent()).toBe(OFFICE.name);
    await login(page, OWNER.username, OWNER.password);
    await visible(page, 'screen-home');
  });

  it('the owner creates a cashier (kasir) with a temporary password', async () => {
    await createUser(page, CASHIER);
    const row = page.getByTestId(`user-row-${CASHIER.username}`);
    expect(await row.textContent()).toContain('Kasir');
    expect(await row.textContent()).toContain('Harus mengganti kata sandi sementara');
    await logout(page);
  });

  it('the cashier must replace the temporary password first', async () => {
    await login(page, CASHIER.username, CASHIER.password);
    await visible(page, 'forced-password');
    // A too-short password is refused in the UI language before anything is sent.
    await changePassword(page, CASHIER.password, 'pendek');
    await page.getByText('Minimal 8 karakter').first().waitFor();
    await changePassword(page, CASHIER.password, CASHIER_OWN_PASSWORD);
    await visible(page, 'screen-home');
  });

  it('the cashier sees no Users in the navigation and is told so when opening it by URL', async () => {
    await visible(page, 'nav-home');
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-settings').count()).toBe(0);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.goto('/#/users');
    await visible(page, 'forbidden');
    expect(await page.getByTestId('forbidden').textContent()).toContain('Anda tidak diizinkan membuka halaman ini');
    expect(await page.getByTestId('screen-users').count()).toBe(0);
  });

  it('users.list over HTTP with the cashier session is refused with 403 forbidden', async () => {
    // page.request shares the browser context's cookies (the httpOnly session cookie).
    const state = await page.request.post('/api/rpc/auth.state', { data: {} });
    const csrf = ((await state.json()) as { result: { session: { csrfToken: string; user: { username: string } } } }).result.session;
    expect(csrf.user.username).toBe(CASHIER.username);
    const res = await page.request.post('/api/rpc/users.list', { data: {}, headers: { 'X-CSRF-Token': csrf.csrfToken } });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('the owner finds setup and the new user in the audit log, and can filter it', async () => {
    await page.goto('/#/');
    await logout(page);
    await login(page, OWNER.username, OWNER.password);
    await visible(page, 'screen-home');
    await page.getByTestId('nav-audit').click();
    await visible(page, 'audit-row');
    const methods = () => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-method')));
    expect(await methods()).toEqual(expect.arrayContaining(['setup.complete', 'users.create', 'auth.login', 'auth.changePassword']));

    // By action: only the user creation.
    await choose(page, 'audit-method', /^Buat pengguna$/);
    await expect.poll(methods).toEqual(['users.create']);
    expect(await page.getByTestId('audit-summary').first().textContent()).toBe(`Membuat pengguna ${CASHIER.username} (Kasir)`);
    await page.getByTestId('audit-row').first().click();
    expect(await page.getByTestId('audit-details').textContent()).toContain('"fullName": "Sari Wulandari"');

    // By user: the cashier did not create anyone.
    await choose(page, 'audit-user', /Sari Wulandari/);
    await visible(page, 'audit-empty');
    await page.getByTestId('audit-clear').click();

    // Text search finds names inside the entries (here the office name of the first-run setup).
    await page.getByTestId('audit-search').fill('sejahtera');
    await expect.poll(methods).toEqual(['setup.complete']);
    await context.close();
  });
});
