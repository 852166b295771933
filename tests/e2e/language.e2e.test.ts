import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, logout, OWNER, setupOverApi, visible } from './flows';
import { startHarness, type Harness } from './harness';

const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();
/** Waits until an element shows the expected text (no fixed sleeps). */
const shows = (page: Page, testId: string, expected: string) => expect.poll(() => text(page, testId)).toBe(expected);

describe('language: Indonesian by default, English on request, remembered', () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    // The office exists already (set up over the API); this file is about the UI language.
    await setupOverApi(page);
  });
  afterAll(async () => {
    await h?.close();
  });

  const userLanguage = async () => {
    const res = await page.request.post('/api/rpc/auth.state', { data: {} });
    return ((await res.json()) as { result: { session: { user: { language: string | null } } | null } }).result.session?.user.language;
  };

  it('starts in Indonesian', async () => {
    await page.goto('/');
    await shows(page, 'login-submit', 'Masuk');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
  });

  it('switches to English on the login page at once, validation messages included, and keeps it after a reload', async () => {
    await page.getByTestId('login-submit').click();
    await page.getByText('Wajib diisi').first().waitFor();
    await page.getByTestId('lang-en').click();
    await shows(page, 'login-submit', 'Log in');
    await page.getByText('Required').first().waitFor();
    expect(await page.getByText('Wajib diisi').count()).toBe(0);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await shows(page, 'login-submit', 'Log in');
  });

  it('logs in in the language chosen on the login page, and a switch after login is saved on the user', async () => {
    await login(page, OWNER.username, OWNER.password);
    await shows(page, 'nav-users', 'Users');
    expect(await userLanguage()).toBeNull();

    await page.getByTestId('lang-id').click();
    await shows(page, 'nav-users', 'Pengguna');
    await shows(page, 'home-welcome', `Selamat datang, ${OWNER.fullName}`);
    await expect.poll(userLanguage).toBe('id');

    await page.getByTestId('lang-en').click();
    await shows(page, 'nav-users', 'Users');
    await expect.poll(userLanguage).toBe('en');
  });

  it('after a reload the user’s saved language wins, even with this browser’s choice forgotten', async () => {
    await page.evaluate('localStorage.clear()');
    await page.reload();
    await shows(page, 'nav-users', 'Users');
    await shows(page, 'home-welcome', `Welcome, ${OWNER.fullName}`);
    // …and the login page after logout stays in that language.
    await logout(page);
    await shows(page, 'login-submit', 'Log in');
    await visible(page, 'login-username');
  });
});
