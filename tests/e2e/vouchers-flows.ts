import type { Page } from 'playwright-core';
import { choose, visible } from './flows';

/** Voucher steps shared by vouchers.e2e.test.ts and the screenshot script. */

export const ROUTER = { name: 'Tower RT05', user: 'billing', password: 'rahasia-router' };
export const PROFILE = { name: 'Voucher 1 Hari', sellingPrice: '5000', price: '4000', validity: '1d', routerProfile: 'vc-1hari', rate: '2M/5M' };

/** Adds the simulator as a router through the routers screen. */
export async function addRouterInUi(page: Page, port: number, name = ROUTER.name): Promise<void> {
  await page.goto('/#/routers');
  await page.getByTestId('routers-add').click();
  await page.getByTestId('router-name').fill(name);
  await page.getByTestId('router-host').fill('127.0.0.1');
  await page.getByTestId('router-port').fill(String(port));
  await page.getByTestId('router-username').fill(ROUTER.user);
  await page.getByTestId('router-password').fill(ROUTER.password);
  await page.getByTestId('router-save').click();
  await page.getByTestId('router-form').waitFor({ state: 'hidden' });
}

/** Creates a voucher profile through the profiles tab. */
export async function createProfileInUi(page: Page, p = PROFILE, router = ROUTER.name): Promise<void> {
  await page.goto('/#/vouchers/profiles');
  await page.getByTestId('profiles-add').click();
  await page.getByTestId('profile-name').fill(p.name);
  await choose(page, 'profile-router', router);
  await page.getByTestId('profile-selling-price').fill(p.sellingPrice);
  await page.getByTestId('profile-price').fill(p.price);
  await page.getByTestId('profile-validity').fill(p.validity);
  await page.getByTestId('profile-router-profile').fill(p.routerProfile);
  await page.getByTestId('profile-rate').fill(p.rate);
  await page.getByTestId('profile-save').click();
  await page.getByTestId('profile-form').waitFor({ state: 'hidden' });
  await page.getByTestId('profile-row').filter({ hasText: p.name }).first().waitFor();
}

/** Opens "Buat voucher" and makes a batch; leaves the modal open on its progress. */
export async function generateInUi(page: Page, quantity: number, profile = PROFILE.name): Promise<void> {
  await page.goto('/#/vouchers');
  await page.getByTestId('vouchers-generate').click();
  await choose(page, 'gen-profile', new RegExp(profile));
  await page.getByTestId('gen-quantity').fill(String(quantity));
  await page.getByTestId('gen-submit').click();
  await visible(page, 'generate-progress');
}
