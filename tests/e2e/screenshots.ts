/**
 * Screenshots of every screen at desktop and phone size into /tmp/shots (or the first argument), for a
 * human to look at. Run after `node scripts/build.mjs`: npx tsx tests/e2e/screenshots.ts [dir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { changePassword, completeSetup, createUser, login, logout, OWNER, visible } from './flows';
import { DESKTOP, PHONE, startHarness } from './harness';
import { animationsDone } from './harness';
import { seedDemo, startRouterSim } from '../peers/routeros-sim';

const dir = process.argv[2] ?? '/tmp/shots';
const LOGO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#0b7285"/><path d="M12 40a28 28 0 0 1 40 0M20 46a16 16 0 0 1 24 0" stroke="#fff" stroke-width="5" fill="none"/><circle cx="32" cy="52" r="4" fill="#fff"/></svg>';
const CASHIER = { username: 'sari', fullName: 'Sari Wulandari', role: /^Kasir/, password: 'sementara-123' };

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const h = await startHarness();
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
  seedDemo(sim.state);
  let failShot: () => Promise<void> = async () => {};
  try {
    {
      // The wizard on a phone, before the desktop run completes it.
      const { context, page } = await h.newPage(PHONE);
      await page.goto('/');
      await visible(page, 'office-name-input');
      await page.screenshot({ path: path.join(dir, 'phone-setup-1-office.png'), fullPage: true });
      await page.getByTestId('setup-next').click();
      await page.screenshot({ path: path.join(dir, 'phone-setup-0-errors.png'), fullPage: true });
      await context.close();
    }
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context, page } = await h.newPage(viewport);
      failShot = () => page.screenshot({ path: path.join(dir, `${label}-FAILED.png`), fullPage: true }).then(() => undefined);
      const shot = async (name: string) => {
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(dir, `${label}-${name}.png`), fullPage: true });
      };
      if (label === 'desktop') {
        await page.goto('/');
        await page.getByTestId('setup-next').click();
        await shot('setup-0-errors');
        await completeSetup(page, { shot });
      } else {
        await page.goto('/');
        await visible(page, 'login-username');
        await shot('login');
        await login(page, 'budi', 'salah-sekali');
        await visible(page, 'login-error');
        await shot('login-error');
        await login(page, OWNER.username, OWNER.password);
        await visible(page, 'screen-home');
      }
      await shot('home');
      if (label === 'phone') {
        await page.getByTestId('nav-burger').click();
        await visible(page, 'nav-users');
        await shot('nav-open');
        await page.getByTestId('nav-burger').click();
      }
      if (label === 'desktop') await createUser(page, CASHIER);
      await page.goto('/#/users');
      await visible(page, 'user-row-sari');
      await shot('users');
      await page.getByTestId('user-create').click();
      await visible(page, 'user-username');
      await page.getByTestId('user-save').click();
      await shot('users-create');
      await page.keyboard.press('Escape');
      for (const tab of ['office', 'locale', 'server', 'backup', 'update', 'security']) {
        await page.goto(`/#/settings/${tab}`);
        await visible(page, `settings-form-${tab}`);
        if (tab === 'office' && label === 'desktop') {
          await page.getByTestId('logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.alloc(300 * 1024) });
          await page.getByText('terlalu besar').waitFor();
          await shot('settings-office-logo-too-big');
          await page.getByTestId('logo-file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(LOGO_SVG) });
          await visible(page, 'logo-preview');
          await page.getByTestId('settings-save-office').click();
          await page.locator('header img').first().waitFor();
        }
        if (tab === 'locale') {
          await page.getByTestId('settings-timezone').click();
          await page.getByRole('option').first().waitFor();
        }
        if (tab === 'backup' && label === 'desktop') {
          await page.getByTestId('backup-now').click();
          await visible(page, 'backup-row');
        }
        await shot(`settings-${tab}`);
      }
      await page.goto('/#/audit');
      await page.getByTestId('audit-row').first().click();
      await visible(page, 'audit-details');
      await shot('audit');
      await page.goto('/#/jobs');
      await visible(page, 'job-row-backup.nightly');
      await shot('jobs');
      await page.goto('/#/routers');
      if (label === 'desktop') {
        // One router that answers and one that does not, with a failed change in its queue.
        for (const [name, port, password] of [
          ['Tower RT05', sim.port, 'rahasia-router'],
          ['Pos Ronda RT07', 1, 'x'],
        ] as const) {
          await page.getByTestId('routers-add').click();
          await page.getByTestId('router-name').fill(name);
          await page.getByTestId('router-host').fill('127.0.0.1');
          await page.getByTestId('router-port').fill(String(port));
          await page.getByTestId('router-username').fill('billing');
          await page.getByTestId('router-password').fill(password);
          if (name === 'Tower RT05') {
            await page.getByTestId('router-test').click();
            await visible(page, 'router-probe');
            await shot('routers-form');
          }
          await page.getByTestId('router-save').click();
          await page.getByTestId('router-form').waitFor({ state: 'hidden' });
        }
      }
      await page.getByTestId('router-card').first().getByTestId('router-status').waitFor();
      await page.getByTestId('router-status').nth(1).waitFor();
      await shot('routers');
      await page.goto('/#/about');
      await visible(page, 'about-table');
      await shot('about');
      await page.goto('/#/password');
      await visible(page, 'pw-current');
      await shot('password');
      await logout(page);
      await login(page, CASHIER.username, label === 'desktop' ? CASHIER.password : 'kasir-baru-123');
      if (label === 'desktop') {
        await visible(page, 'forced-password');
        await shot('forced-password');
        await changePassword(page, CASHIER.password, 'kasir-baru-123');
      }
      await visible(page, 'screen-home');
      await shot('cashier-home');
      await page.goto('/#/users');
      await visible(page, 'forbidden');
      await shot('cashier-forbidden');
      await page.getByTestId('lang-en').click();
      await shot('cashier-forbidden-en');
      await page.getByTestId('lang-id').click();
      await logout(page);
      await context.close();
    }
    console.log(`screenshots in ${dir}`);
  } catch (err) {
    await failShot().catch(() => undefined);
    throw err;
  } finally {
    await h.close();
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// ─── Billing screens (plans, invoices, payments, receipts and their print views, dashboard, billing settings) ───
// Their own server and router simulator (started once the screens above are done), so they do not depend on them.
import { api, createPlanInUi, oldestUnpaid, seedCustomers } from './billing-flows';

async function billingScreens(): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const h = await startHarness();
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
  try {
    const { context, page } = await h.newPage(DESKTOP);
    await completeSetup(page);
    await createPlanInUi(page);
    const { customers } = await seedCustomers(page, sim.port);
    await page.goto('/');
    await page.getByTestId('dash-run-invoices').click();
    await visible(page, 'dash-run-result');
    const first = await oldestUnpaid(page, customers[0]!.id);
    const pay = await api(page, 'payments.create', { customerId: customers[0]!.id, amount: 50000, method: 'cash', reference: '', note: '' });
    const latest = (await api(page, 'invoices.list', { customerId: customers[0]!.id, page: 1, pageSize: 1 })).items[0]!;
    const cashier = { ...CASHIER };
    await createUser(page, cashier);
    await context.close();
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { context: ctx, page: p } = await h.newPage(viewport);
      const shot = async (name: string) => {
        await p.waitForLoadState('networkidle');
        await animationsDone(p); // modal transitions
        await p.screenshot({ path: path.join(dir, `${label}-billing-${name}.png`), fullPage: true });
      };
      await p.goto('/');
      await login(p, OWNER.username, OWNER.password);
      await visible(p, 'dash-revenue-chart');
      await shot('home-dashboard');
      await p.goto('/#/plans');
      await visible(p, 'plan-row');
      await shot('plans');
      await p.getByTestId('plan-edit').first().click();
      await p.getByTestId('plan-tax').fill('11,125');
      await p.getByTestId('plan-save').click();
      await shot('plans-form-error');
      await p.keyboard.press('Escape');
      await p.goto('/#/invoices');
      await visible(p, 'invoice-row');
      await shot('invoices');
      await p.goto(`/#/invoices/${first.id}`);
      await visible(p, 'invoice-document');
      await shot('invoice-partial');
      await p.goto(`/#/invoices/${latest.id}`);
      await visible(p, 'invoice-document');
      await shot('invoice-previous-balance');
      await p.getByTestId('invoice-pay').click();
      await visible(p, 'pay-amount');
      await shot('payment-modal');
      await p.keyboard.type('100000');
      await p.keyboard.press('Enter');
      await visible(p, 'payment-saved');
      await shot('payment-modal-receipt');
      await p.keyboard.press('Escape');
      await p.goto('/#/payments');
      await visible(p, 'payment-row');
      await shot('payments');
      await p.goto('/#/payments/new');
      await p.getByTestId('pay-customer-search').fill('agus');
      await visible(p, 'pay-customer-option');
      await shot('payment-new-search');
      await p.keyboard.press('Enter');
      await visible(p, 'pay-amount');
      await shot('payment-new');
      await p.goto(`/#/payments/${pay.id}`);
      await visible(p, 'receipt');
      await shot('receipt-page');
      await p.goto('/#/settings/billing');
      await visible(p, 'settings-form-billing');
      await shot('settings');
      await p.goto('/#/routers');
      await visible(p, 'router-card');
      await shot('routers');
      if (label === 'desktop') {
        await p.getByTestId('router-edit').click();
        await visible(p, 'router-isolation-profile');
        await shot('router-form');
        await p.keyboard.press('Escape');
        await p.getByTestId('router-setup-isolation').click();
        await visible(p, 'confirm-ok');
        await shot('router-setup-isolation');
        await p.keyboard.press('Escape');
        // The print views: only the document, at its paper size.
        await p.goto(`/#/payments/${pay.id}`);
        await visible(p, 'receipt');
        for (const size of ['58 mm', '80 mm', 'A4']) {
          await p.getByTestId('receipt-size').getByText(size, { exact: true }).click();
          await p.emulateMedia({ media: 'print' });
          await shot(`print-receipt-${size.replace(' ', '')}`);
          await p.emulateMedia({ media: 'screen' });
        }
        await p.getByTestId('receipt-size').getByText('58 mm', { exact: true }).click();
        await p.goto(`/#/invoices/${latest.id}`);
        await visible(p, 'invoice-document');
        await p.emulateMedia({ media: 'print' });
        await shot('print-invoice-a4');
        await p.emulateMedia({ media: 'screen' });
        await p.getByTestId('lang-en').click();
        await shot('invoice-en');
        await p.goto('/');
        await visible(p, 'dash-revenue-chart');
        await shot('home-dashboard-en');
        await p.getByTestId('lang-id').click();
      }
      await logout(p);
      // The cashier: the dashboard without "issue invoices", taking a payment.
      await login(p, cashier.username, cashier.password);
      if (label === 'desktop') {
        await changePassword(p, cashier.password, 'kasir-baru-123');
        cashier.password = 'kasir-baru-123';
      }
      await visible(p, 'dash-take-payment');
      await shot('cashier-home');
      await ctx.close();
    }
    console.log(`billing screenshots in ${dir}`);
  } finally {
    await h.close();
    await sim.close();
  }
}

// After the screens above have finished (two servers at once would race for a free port): when the event
// loop first runs empty. A failure above exits the process before this, with its own error.
let billingStarted = false;
process.on('beforeExit', () => {
  if (billingStarted) return;
  billingStarted = true;
  billingScreens().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});

// ─── Voucher screens (stock, lookup, generate, profiles, outlets, sales, voucher settings): vouchers-shots.ts ───
// Queued after the billing screens: whenever the event loop runs empty and nothing is running, the next
// queued set starts (own server and simulator each). Others may push onto globalThis.__shotQueue too.
import { vouchersScreens } from './vouchers-shots';

const shotQueue = ((globalThis as { __shotQueue?: (() => Promise<void>)[] }).__shotQueue ??= []);
shotQueue.push(() => vouchersScreens(dir));
let billingSeen = false;
let queueBusy = false;
process.on('beforeExit', () => {
  // The run in which the billing screens were just started is still theirs.
  if (!billingStarted || queueBusy) return;
  if (!billingSeen) {
    billingSeen = true;
    return;
  }
  const next = shotQueue.shift();
  if (!next) return;
  queueBusy = true;
  next()
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    })
    .finally(() => (queueBusy = false));
});
