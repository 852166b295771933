/**
 * Screenshots of the voucher screens at desktop and phone size, for a human to look at. Called by
 * screenshots.ts; on its own: npx tsx tests/e2e/vouchers-shots.ts [dir] (after `node scripts/build.mjs`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { api } from './billing-flows';
import { changePassword, choose, completeSetup, createUser, login, logout, OWNER, visible } from './flows';
import { DESKTOP, PHONE, startHarness } from './harness';
import { animationsDone } from './harness';
import { addRouterInUi, createProfileInUi, generateInUi, PROFILE } from './vouchers-flows';
import { startRouterSim } from '../peers/routeros-sim';
import { waitFor } from '../support/poll';

const CASHIER = { username: 'sari', fullName: 'Sari Wulandari', role: /^Kasir/, password: 'sementara-123' };

export async function vouchersScreens(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const h = await startHarness();
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
  try {
    // Seed: a router and two profiles, batches (one that failed to reach an unreachable router), sales, an outlet.
    const { context, page } = await h.newPage(DESKTOP);
    await completeSetup(page);
    await addRouterInUi(page, sim.port);
    await createProfileInUi(page);
    const router = (await api(page, 'routers.list', {}))[0]!;
    await api(page, 'settings.update', { group: 'vouchers', value: { reportUrl: 'http://192.168.88.10:8090', loginUrl: '' } });
    const week = await api(page, 'vouchers.createProfile', { routerId: router.id, name: 'Voucher 7 Hari', profileName: 'vc-7hari', price: 20000, sellingPrice: 25000, validity: '7d', rateLimit: '3M/10M', sharedUsers: 2, dataQuotaMb: 10240, lockMac: true });
    const day = (await api(page, 'vouchers.profiles', {})).find((p) => p.name === PROFILE.name)!;
    await generateInUi(page, 120);
    await page.getByTestId('generate-progress').locator('[data-status="done"]').waitFor();
    await page.getByTestId('generate-close').click();
    await api(page, 'vouchers.generate', { profileId: week.id, quantity: 30, prefix: 'RT5', note: 'Warung Sri' });
    await expectDone(page, 2);
    const outlet = await api(page, 'vouchers.saveOutlet', { name: 'Warung Bu Sri', phone: '081298765432', address: 'Gg. Kenanga 7', prices: [{ profileId: day.id, price: 4500 }] });
    await api(page, 'vouchers.saveOutlet', { name: 'Konter Jaya Cell', phone: '081377788899', address: 'Jl. Melati 12' });
    const batches = await api(page, 'vouchers.batches', {});
    await api(page, 'vouchers.handOver', { outletId: outlet.id, batchId: batches.items.find((b) => b.profileId === day.id)!.id, quantity: 20 });
    await api(page, 'vouchers.sell', { profileId: day.id, quantity: 3 });
    await api(page, 'vouchers.sell', { profileId: week.id, quantity: 2 });
    const outletCodes = (await api(page, 'vouchers.list', { outletId: outlet.id, pageSize: 5 })).items.map((v) => v.username);
    outletCodes.forEach((u, i) => sim.state.login('/ip/hotspot/active', { user: u, uptime: `${i + 1}h`, 'mac-address': `AA:BB:CC:00:00:0${i}` }));
    await api(page, 'jobs.runNow', { name: 'vouchers.watch' });
    await api(page, 'vouchers.outletPayment', { outletId: outlet.id, amount: 9000, note: 'setoran minggu 1' });
    // A batch for a router that is down: the push error shows.
    await sim.faults.refuseConnections(true);
    sim.faults.disconnectAll();
    await api(page, 'vouchers.generate', { profileId: day.id, quantity: 40 });
    await createUser(page, CASHIER);
    await context.close();

    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context: ctx, page: p } = await h.newPage(viewport);
      const shot = async (name: string) => {
        await p.waitForLoadState('networkidle');
        // No chart tooltip left over from the last click.
        await p.mouse.move(1, viewport.height - 1);
        await p.screenshot({ path: path.join(dir, `${label}-vouchers-${name}.png`), fullPage: true });
      };
      // A modal: after its opening transition, only what is on screen (a full-page shot cuts the fixed overlay).
      const modalShot = async (name: string) => {
        await p.waitForLoadState('networkidle');
        await animationsDone(p);
        await p.screenshot({ path: path.join(dir, `${label}-vouchers-${name}.png`) });
      };
      await p.goto('/');
      await login(p, OWNER.username, OWNER.password);
      await visible(p, 'screen-home');
      await p.goto('/#/vouchers');
      await p.getByTestId('batch-row').first().getByTestId('push-error').waitFor();
      await shot('stock');
      await p.getByTestId('lookup-code').fill(outletCodes[0]!);
      await p.getByTestId('lookup-submit').click();
      await visible(p, 'lookup-result');
      await shot('lookup');
      // The first 7-day batch (the desktop pass adds another, unpushed one).
      await p.getByTestId('batch-row').filter({ hasText: 'Voucher 7 Hari' }).last().getByTestId('batch-show').click();
      await visible(p, 'list-batch-chip');
      await p.getByTestId('voucher-check').nth(0).check();
      await p.getByTestId('voucher-check').nth(1).check();
      await shot('list-selection');
      await p.getByTestId('list-print').click();
      await p.getByTestId('print-frame').waitFor();
      // The print view (another screen's) is only checked for arriving with the chosen vouchers.
      await p.frameLocator('[data-testid=print-frame]').locator('.mbv-cell').nth(1).waitFor();
      await animationsDone(p);
      await p.screenshot({ path: path.join(dir, `${label}-vouchers-print-selection.png`) });
      await p.goto('/#/vouchers');
      await visible(p, 'batch-row');
      await p.getByTestId('vouchers-generate').click();
      await choose(p, 'gen-profile', /Voucher 7 Hari/);
      await p.getByTestId('gen-quantity').fill('');
      await p.getByTestId('gen-prefix').fill('RT-5');
      await p.getByTestId('gen-submit').click();
      await modalShot('generate-errors');
      await p.getByTestId('gen-prefix').fill('RT5');
      await p.getByTestId('gen-quantity').fill('25');
      await choose(p, 'gen-charset', /Angka saja/);
      await modalShot('generate-form');
      await p.getByTestId('gen-submit').click();
      await p.getByTestId('generate-progress').getByTestId('push-error').waitFor();
      await modalShot('generate-progress-error');
      await p.keyboard.press('Escape');
      await p.goto('/#/vouchers/profiles');
      await visible(p, 'profile-row');
      await shot('profiles');
      await p.getByTestId('profile-edit').first().click();
      await visible(p, 'profile-name');
      await p.getByTestId('profile-validity').fill('1 hari');
      await p.getByTestId('profile-save').click();
      await modalShot('profile-form');
      await p.getByTestId('profile-owner-never').click();
      await modalShot('profile-form-never');
      await p.keyboard.press('Escape');
      await p.goto('/#/vouchers/outlets');
      await visible(p, 'outlet-row');
      await shot('outlets');
      await p.getByTestId('outlet-edit').first().click();
      await visible(p, 'outlet-name');
      await modalShot('outlet-form');
      await p.keyboard.press('Escape');
      await p.getByTestId('outlet-handover').first().click();
      await visible(p, 'handover-batch');
      await modalShot('outlet-handover');
      await p.keyboard.press('Escape');
      await p.getByTestId('outlet-pay').last().click();
      await visible(p, 'outlet-pay-amount');
      await modalShot('outlet-payment');
      await p.keyboard.press('Escape');
      await p.getByTestId('outlet-statement-open').last().click();
      await visible(p, 'statement-line');
      await modalShot('outlet-statement');
      await p.keyboard.press('Escape');
      await p.goto('/#/vouchers/sales');
      await visible(p, 'sales-chart');
      await shot('sales');
      await p.getByTestId('sales-group').getByText('Outlet', { exact: true }).click();
      await visible(p, 'sales-row');
      await shot('sales-outlet');
      await p.goto('/#/settings/vouchers');
      await visible(p, 'vouchers-report-url');
      await shot('settings');
      await p.goto('/#/vouchers');
      await visible(p, 'batch-row');
      await p.getByTestId('lang-en').click();
      await shot('stock-en');
      await p.getByTestId('lang-id').click();
      await logout(p);
      await login(p, CASHIER.username, label === 'desktop' ? CASHIER.password : 'kasir-baru-123');
      if (label === 'desktop') await changePassword(p, CASHIER.password, 'kasir-baru-123');
      await visible(p, 'screen-home');
      await p.goto('/#/vouchers');
      await visible(p, 'sell-box');
      await shot('cashier-stock');
      await ctx.close();
    }
    console.log(`voucher screenshots in ${dir}`);
  } finally {
    await h.close();
    await sim.close();
  }
}

/** Waits until the first `n` batches have reached the router. */
async function expectDone(page: Page, n: number): Promise<void> {
  await waitFor(async () => (await api(page, 'vouchers.batches', {})).items.slice(0, n).every((x) => x.status === 'done'), {
    interval: 100,
    message: 'the batches to reach the router',
  });
}

if (process.argv[1]?.endsWith('vouchers-shots.ts')) {
  vouchersScreens(process.argv[2] ?? '/tmp/shots-vouchers').catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
