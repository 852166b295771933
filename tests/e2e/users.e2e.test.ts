import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { changePassword, choose, createUser, login, ownerSignedIn, visible } from './flows';
import { startHarness, type Harness } from './harness';

const TEKNISI = { username: 'joko', fullName: 'Joko Teknisi', role: /^Teknisi/, password: 'sementara-joko' };
const ADMIN = { username: 'rina', fullName: 'Rina Admin', role: /^Admin kantor/, password: 'sementara-rina' };

describe('users: manage accounts the way a clerk would', () => {
  let h: Harness;
  let owner: Page;
  let other: Page;

  const row = (p: Page, username: string) => p.getByTestId(`user-row-${username}`);
  const act = async (username: string, action: string) => {
    await owner.getByTestId(`user-actions-${username}`).click();
    await owner.getByTestId(`user-action-${action}`).click();
  };
  const freshLogin = async (username: string, password: string) => {
    await other.goto('/');
    await login(other, username, password);
  };

  beforeAll(async () => {
    h = await startHarness();
    ({ page: owner } = await h.newPage());
    ({ page: other } = await h.newPage());
    await ownerSignedIn(owner);
    await createUser(owner, TEKNISI);
    await createUser(owner, ADMIN);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('explains the roles in plain words and filters the list', async () => {
    await owner.getByTestId('role-guide-toggle').click();
    expect(await owner.getByTestId('role-guide').textContent()).toContain('Menerima pembayaran pelanggan di loket, menjual voucher');
    await choose(owner, 'users-filter-role', /^Teknisi$/);
    await expect.poll(() => owner.locator('[data-testid^="user-row-"]').count()).toBe(1);
    await choose(owner, 'users-filter-role', /^Teknisi$/); // picking it again clears the filter
    await owner.getByTestId('users-search').fill('rina');
    await expect.poll(() => owner.locator('[data-testid^="user-row-"]').count()).toBe(1);
    await owner.getByTestId('users-search').fill('');
    await expect.poll(() => owner.locator('[data-testid^="user-row-"]').count()).toBe(3);
  });

  it('edits a name and role', async () => {
    await act('joko', 'edit');
    await owner.getByTestId('user-fullname').fill('Joko Santoso');
    await choose(owner, 'user-role', /^Penagih/);
    await owner.getByTestId('user-save').click();
    await expect.poll(() => row(owner, 'joko').textContent()).toContain('Joko Santoso');
    expect(await row(owner, 'joko').textContent()).toContain('Penagih');
  });

  it('disables (after a confirmation) and enables an account; a disabled user cannot log in', async () => {
    await act('joko', 'disable');
    await owner.getByTestId('confirm-ok').click();
    await expect.poll(() => row(owner, 'joko').textContent()).toContain('Nonaktif');
    await freshLogin('joko', TEKNISI.password);
    // The same answer as a wrong password: nothing tells whether the account exists or is disabled.
    await expect.poll(() => other.getByTestId('login-error').textContent()).toContain('Nama pengguna atau kata sandi salah');
    await act('joko', 'enable');
    await expect.poll(() => row(owner, 'joko').textContent()).not.toContain('Nonaktif');
  });

  it('shows a lockout with its end time, and unlocks it', async () => {
    await freshLogin('joko', 'salah-1');
    await expect.poll(() => other.getByTestId('login-error').textContent()).toContain('kata sandi salah');
    for (let i = 2; i <= 4; i++) {
      await login(other, 'joko', `salah-${i}`);
      await expect.poll(() => other.getByTestId('login-error').textContent()).toContain('kata sandi salah');
    }
    await login(other, 'joko', 'salah-5');
    // Held from this computer: even the right password gets the same answer.
    await login(other, 'joko', TEKNISI.password);
    await expect.poll(() => other.getByTestId('login-error').textContent()).toContain('ditahan sementara');
    await owner.reload();
    await expect.poll(() => row(owner, 'joko').textContent()).toContain('Terkunci s.d.');
    await act('joko', 'unlock');
    await expect.poll(() => row(owner, 'joko').textContent()).not.toContain('Terkunci');
    await login(other, 'joko', TEKNISI.password);
    await visible(other, 'forced-password');
  });

  it('resets a password to a new temporary one', async () => {
    await act('joko', 'reset');
    await owner.getByTestId('reset-password').fill('baru-sementara-9');
    await owner.getByTestId('reset-save').click();
    await owner.getByText('Kata sandi joko direset.').waitFor();
    // Joko's open screen is told at once that the session has ended.
    await expect.poll(() => other.getByTestId('login-notice').textContent()).toContain('kata sandi Anda diganti');
    await freshLogin('joko', 'baru-sementara-9');
    await visible(other, 'forced-password');
  });

  it('an office admin is told by the server that only owners manage owner accounts', async () => {
    await other.getByTestId('forced-logout').click();
    await login(other, ADMIN.username, ADMIN.password);
    await changePassword(other, ADMIN.password, 'rina-punya-sandi');
    await visible(other, 'screen-home');
    await other.goto('/#/users');
    await other.getByTestId('user-create').click();
    await other.getByTestId('user-username').fill('pemilik2');
    await other.getByTestId('user-fullname').fill('Pemilik Kedua');
    await choose(other, 'user-role', /^Pemilik/);
    await other.getByTestId('user-save').click();
    await expect.poll(() => other.getByTestId('user-form-error').textContent()).toContain('Hanya pemilik yang boleh mengelola akun pemilik');
  });
});
