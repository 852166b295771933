import type { Page } from 'playwright-core';

/** UI steps shared by the e2e tests and the screenshot script. Locators auto-wait; no sleeps. */

export const OWNER = { fullName: 'Budi Santoso', username: 'budi', password: 'rahasia-pemilik-1' };
export const OFFICE = { name: 'RT/RW Net Sejahtera', address: 'Jl. Melati No. 5, Bekasi', phone: '081234567890' };

export const visible = (page: Page, testId: string) => page.getByTestId(testId).first().waitFor({ state: 'visible' });

export async function completeSetup(page: Page, opts: { shot?: (name: string) => Promise<void> } = {}): Promise<void> {
  await page.goto('/');
  await page.getByTestId('office-name-input').fill(OFFICE.name);
  await page.getByTestId('office-address-input').fill(OFFICE.address);
  await page.getByTestId('office-phone-input').fill(OFFICE.phone);
  await opts.shot?.('setup-1-office');
  await page.getByTestId('setup-next').click();
  await visible(page, 'setup-timezone');
  await opts.shot?.('setup-2-locale');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('owner-fullname').fill(OWNER.fullName);
  await page.getByTestId('owner-username').fill(OWNER.username);
  await page.getByTestId('owner-password').fill(OWNER.password);
  await page.getByTestId('owner-password-confirm').fill(OWNER.password);
  await opts.shot?.('setup-3-owner');
  await page.getByTestId('setup-submit').click();
  await visible(page, 'screen-home');
}

/** The office and its owner over the API (for tests about something else than the wizard); logged out after. */
export async function setupOverApi(page: Page): Promise<void> {
  const res = await page.request.post('/api/rpc/setup.complete', {
    data: { office: { name: OFFICE.name }, locale: { language: 'id', timezone: 'Asia/Jakarta' }, owner: OWNER },
  });
  if (res.status() !== 200) throw new Error(`setup.complete: ${res.status()} ${await res.text()}`);
  const { csrfToken } = ((await res.json()) as { result: { csrfToken: string } }).result;
  await page.request.post('/api/rpc/auth.logout', { data: {}, headers: { 'X-CSRF-Token': csrfToken } });
}

/** A fresh office (set up over the API) with its owner signed in on this page, at the home screen. */
export async function ownerSignedIn(page: Page): Promise<void> {
  await setupOverApi(page);
  await page.goto('/');
  await login(page, OWNER.username, OWNER.password);
  await visible(page, 'screen-home');
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('user-menu-logout').click();
  await visible(page, 'login-username');
}

/** Pick an option of a Mantine Select (the input carries the test id). */
export async function choose(page: Page, testId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).first().click();
}

export async function createUser(page: Page, u: { username: string; fullName: string; role: RegExp; password: string }): Promise<void> {
  await page.goto('/#/users');
  await page.getByTestId('user-create').click();
  await page.getByTestId('user-username').fill(u.username);
  await page.getByTestId('user-fullname').fill(u.fullName);
  await choose(page, 'user-role', u.role);
  await page.getByTestId('user-password').fill(u.password);
  await page.getByTestId('user-save').click();
  await visible(page, `user-row-${u.username}`);
}

export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByTestId('pw-current').fill(current);
  await page.getByTestId('pw-new').fill(next);
  await page.getByTestId('pw-confirm').fill(next);
  await page.getByTestId('pw-submit').click();
}

/** A contract call with the page's session (cookie + CSRF token), for setting up what a test is not about. */
export async function rpc<T>(page: Page, method: string, data: unknown): Promise<T> {
  const state = await page.request.post('/api/rpc/auth.state', { data: {} });
  const token = ((await state.json()) as { result: { session: { csrfToken: string } } }).result.session.csrfToken;
  const res = await page.request.post(`/api/rpc/${method}`, { data, headers: { 'X-CSRF-Token': token } });
  if (res.status() !== 200) throw new Error(`${method}: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { result: T }).result;
}
