/**
 * Screenshots of the field-collection screens and the cashier's essentials at phone (390×844) and desktop
 * (1280×800) size, with each page's scroll width printed (a phone page wider than 390 px scrolls sideways).
 * Run after `npm run build`: npx tsx tests/e2e/collect-shots.ts [dir]
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Input } from '../../shared/contract';
import type { Page } from 'playwright-core';
import { api } from './billing-flows';
import { CASHIER, COLLECTOR, pageWidth, seedRoute, signedIn, staffUser } from './collect-flows';
import { ownerSignedIn, visible } from './flows';
import { animationsDone, PHONE, startHarness } from './harness';
import { startRouterSim } from '../peers/routeros-sim';

const dir = process.argv[2] ?? '/tmp/collect-shots';
const DESKTOP = { width: 1280, height: 800 };

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const h = await startHarness();
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
  const widths: string[] = [];
  try {
    const { page: owner } = await h.newPage(DESKTOP);
    await ownerSignedIn(owner);
    const { page: scratch } = await h.newPage(DESKTOP);
    const collectorId = await staffUser(owner, scratch, COLLECTOR, 'collector');
    await staffUser(owner, scratch, CASHIER, 'cashier');
    const seeded = await seedRoute(owner, collectorId);
    const router = await api(owner, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia-router' });
    const profile = await api(owner, 'vouchers.createProfile', { routerId: router.id, name: 'Voucher 1 Hari', profileName: 'vc-1hari', price: 4000, sellingPrice: 5000, validity: '1d' } as Input<'vouchers.createProfile'>);
    await api(owner, 'vouchers.generate', { profileId: profile.id, quantity: 10 } as Input<'vouchers.generate'>);

    for (const [label, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const shot = async (page: Page, name: string) => {
        await page.waitForLoadState('networkidle');
        await animationsDone(page);
        await page.screenshot({ path: path.join(dir, `${label}-${name}.png`), fullPage: true });
        widths.push(`${label} ${name}: scrollWidth ${await pageWidth(page)} (viewport ${viewport.width})`);
      };
      const { page: kol, context: kc } = await h.newPage(viewport);
      await signedIn(kol, COLLECTOR, '/#/collect');
      await visible(kol, 'stop');
      await shot(kol, 'collect-route');
      if (label === 'phone') {
        await kol.getByTestId('stop-pay').first().click();
        await visible(kol, 'pay-amount');
        await shot(kol, 'collect-pay-amount');
        await kol.getByTestId('pay-next').click();
        await visible(kol, 'pay-confirm');
        await shot(kol, 'collect-pay-confirm');
        await kol.getByTestId('pay-confirm').click();
        await visible(kol, 'pay-done');
        await shot(kol, 'collect-pay-done');
        await kol.getByTestId('pay-close').click();
        await shot(kol, 'collect-route-after');
      }
      await kol.goto('/#/collect/day');
      await visible(kol, 'collect-daybar');
      await shot(kol, 'collect-day');
      if (label === 'phone') {
        await kol.getByTestId('collect-handover').click();
        await visible(kol, 'confirm-ok');
        await shot(kol, 'collect-handover-confirm');
        await kol.getByTestId('confirm-ok').click();
        await visible(kol, 'collect-pending');
        await shot(kol, 'collect-day-pending');
      }
      await kc.close();

      const { page: kas, context: cc } = await h.newPage(viewport);
      await signedIn(kas, CASHIER, '/#/collect');
      await visible(kas, 'collector-card');
      await shot(kas, 'collect-office');
      if (label === 'phone') {
        await kas.getByTestId('collector-receive').click();
        await visible(kas, 'receive-counted');
        await kas.getByTestId('receive-counted').fill('140000');
        await shot(kas, 'collect-receive');
        await kas.keyboard.press('Escape');
      }
      if (label === 'phone') {
        // The counter's quick entry with a customer chosen, then its receipt; a payment's and an invoice's page.
        await kas.goto('/#/payments/new');
        await kas.getByTestId('pay-customer-search').fill('Siti');
        await kas.getByTestId('pay-customer-option').first().click();
        await visible(kas, 'pay-amount');
        await shot(kas, 'cashier-payment-entry');
        await kas.getByTestId('payment-submit').click();
        await kas.getByTestId('payment-done').waitFor().catch(() => undefined);
        await shot(kas, 'cashier-payment-done');
        const [p] = (await api(owner, 'payments.list', {})).items;
        await kas.goto(`/#/payments/${p!.id}`);
        await kas.getByTestId('screen-payment').waitFor().catch(() => undefined);
        await shot(kas, 'cashier-payment-page');
        const [inv] = (await api(owner, 'invoices.list', {})).items;
        await kas.goto(`/#/invoices/${inv!.id}`);
        await kas.getByTestId('invoice-number').waitFor().catch(() => undefined);
        await shot(kas, 'cashier-invoice-page');
      }
      for (const [name, hash, testId] of [
        ['payments', '/#/payments', 'screen-payments'],
        ['payment-new', '/#/payments/new', 'screen-payment-new'],
        ['customers', '/#/customers', 'screen-customers'],
        ['customer', `/#/customers/${seeded.customers[1]!.id}`, 'screen-customer'],
        ['vouchers', '/#/vouchers', 'sell-profile'],
        ['invoices', '/#/invoices', 'screen-invoices'],
      ] as const) {
        await kas.goto(hash);
        await kas.getByTestId(testId).first().waitFor().catch(() => undefined);
        await shot(kas, `cashier-${name}`);
      }
      await cc.close();
    }
  } finally {
    console.log(widths.join('\n'));
    await h.close();
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
