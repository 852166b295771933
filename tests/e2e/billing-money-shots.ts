/**
 * Screenshots of the money rules: an invoice with PPN included in the prices and a rounding line, an invoice
 * of a 12-month package, Settings → Billing (tax, rounding, late fee, prepaid) and → Office (NPWP), the
 * one-off charge with "Kena PPN", the refund modal and its receipt, the payments list with a refund, and the
 * revenue report. Desktop (1280×800) and phone (390×844), into /tmp/shots3 (or the first argument).
 * Run after `node scripts/build.mjs`: npx tsx tests/e2e/billing-money-shots.ts [dir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { startRouterSim } from '../peers/routeros-sim';
import { api, monthsAgo } from './billing-flows';
import { choose, login, OFFICE, OWNER, ownerSignedIn, visible } from './flows';
import { PHONE, startHarness } from './harness';
import { animationsDone } from './harness';

const dir = process.argv[2] ?? '/tmp/shots3';
const DESK = { width: 1280, height: 800 };

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const h = await startHarness();
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
  try {
    const { context, page } = await h.newPage(DESK);
    await ownerSignedIn(page);

    // The office's NPWP; prices include PPN, totals rounded to Rp 1.000, installation taxed, a late fee.
    await api(page, 'settings.update', { group: 'office', value: { ...OFFICE, npwp: '01.234.567.8-901.000', logo: null } });
    const settings = await api(page, 'settings.get', {});
    await api(page, 'settings.update', {
      group: 'billing',
      value: { ...settings.billing, pricesIncludeTax: true, chargeTaxRateBp: 1100, taxInstallFee: true, roundingUnit: 1000, roundingMode: 'nearest', lateFeeAmount: 10000, lateFeeDays: 7 },
    });

    const plan10 = await api(page, 'plans.create', { name: 'Paket 10M', price: 150000, taxRateBp: 1100, profileName: 'paket-10m', rateLimit: '10M/10M', localAddress: '', remoteAddress: '' });
    const plan20 = await api(page, 'plans.create', {
      name: 'Paket 20M',
      price: 200000,
      taxRateBp: 1100,
      profileName: 'paket-20m',
      rateLimit: '20M/20M',
      localAddress: '',
      remoteAddress: '',
      cycleDiscounts: { '12': 1000 },
    });
    const router = await api(page, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia-router', notes: '' });

    // Siti: monthly, installed last month on the 10th with a taxed installation fee (prorated: odd totals → rounding).
    const siti = await api(page, 'customers.create', { name: 'Siti Aminah', phone: '081234567891', address: 'Jl. Mawar No. 3', area: 'RT05', npwp: '09.876.543.2-109.000' });
    await api(page, 'subscriptions.create', { customerId: siti.id, planId: plan10.id, routerId: router.id, username: 'siti', password: 'rahasia-ppp', installDate: monthsAgo(1), activate: true, installFee: 247650 });
    // Agus: a 12-month package at the plan's 10 % package discount.
    const agus = await api(page, 'customers.create', { name: 'Agus Prasetyo', phone: '081234567892', address: 'Gg. Kenanga 7', area: 'RT07' });
    await api(page, 'subscriptions.create', { customerId: agus.id, planId: plan20.id, routerId: router.id, username: 'agus', password: 'rahasia-ppp', installDate: monthsAgo(1), activate: true, cycleMonths: 12 });
    await api(page, 'billing.runInvoices', {});
    const sitiInvoices = (await api(page, 'invoices.list', { customerId: siti.id, page: 1, pageSize: 50 })).items;
    const activation = sitiInvoices.find((i) => i.kind === 'activation') ?? sitiInvoices[sitiInvoices.length - 1]!;
    const agusInvoices = (await api(page, 'invoices.list', { customerId: agus.id, page: 1, pageSize: 50 })).items;
    const pkg = [...agusInvoices].sort((a, b) => b.total - a.total)[0]!;
    console.log(`activation ${activation.number} total ${activation.total} rounding ${activation.rounding}; package ${pkg.number} total ${pkg.total}`);
    // Money in: Siti pays her first invoice; Agus pays part of his package.
    await api(page, 'payments.create', { customerId: siti.id, amount: activation.total, method: 'cash', reference: '', note: '' });
    await api(page, 'payments.create', { customerId: agus.id, amount: 1_000_000, method: 'transfer', reference: 'BCA-7781', note: '' });

    // Two customers with credit and no subscription: one for each screen size's refund.
    const budi = await api(page, 'customers.create', { name: 'Budi Hartono', phone: '081234567893', address: 'Jl. Anggrek 12', area: 'RT05' });
    await api(page, 'payments.create', { customerId: budi.id, amount: 75000, method: 'cash', reference: '', note: 'Deposit' });
    const rina = await api(page, 'customers.create', { name: 'Rina Wulandari', phone: '081234567894', address: 'Jl. Dahlia 4', area: 'RT07' });
    await api(page, 'payments.create', { customerId: rina.id, amount: 120000, method: 'cash', reference: '', note: 'Deposit' });
    await context.close();

    for (const [label, viewport, refundTo] of [
      ['desktop', DESK, budi],
      ['phone', PHONE, rina],
    ] as const) {
      const { context: ctx, page: p } = await h.newPage(viewport);
      const shot = async (name: string, fullPage = true) => {
        await p.waitForLoadState('networkidle');
        await animationsDone(p); // modal transitions
        await p.screenshot({ path: path.join(dir, `${label}-${name}.png`), fullPage });
      };
      await p.goto('/');
      await login(p, OWNER.username, OWNER.password);
      await visible(p, 'screen-home');

      // Invoices: PPN included + rounding; a 12-month package.
      await p.goto(`/#/invoices/${activation.id}`);
      await visible(p, 'invoice-document');
      await visible(p, 'invoice-customer-npwp');
      await shot('invoice-ppn-included');
      await p.goto(`/#/invoices/${pkg.id}`);
      await visible(p, 'invoice-document');
      await shot('invoice-12-months');

      // Settings → Billing and → Office.
      await p.goto('/#/settings/billing');
      await visible(p, 'billing-prices-include-tax');
      await shot('settings-billing');
      await p.goto('/#/settings/office');
      await visible(p, 'office-npwp-input');
      await shot('settings-office', false);

      // The one-off charge: an installation is taxed by default.
      await p.goto(`/#/customers/${siti.id}`);
      await visible(p, 'screen-customer');
      if (label === 'phone') await p.getByTestId('customer-more').click();
      await p.getByTestId('customer-charge').click();
      await visible(p, 'charge-type');
      await choose(p, 'charge-type', /pemasangan/);
      await p.getByTestId('charge-amount').fill('100000');
      await shot('charge-taxed', false);
      await p.keyboard.press('Escape');
      await p.getByTestId('tab-profile').click();
      await visible(p, 'profile-npwp');
      await shot('customer-profile');

      // Refund: the menu item, the modal, the receipt.
      await p.goto(`/#/customers/${refundTo.id}`);
      await visible(p, 'screen-customer');
      await p.getByTestId('customer-more').click();
      await visible(p, 'customer-refund');
      await shot('refund-menu', false);
      await p.getByTestId('customer-refund').click();
      await visible(p, 'refund-amount');
      await shot('refund-modal', false);
      await p.getByTestId('refund-submit').click();
      await visible(p, 'refund-note');
      await shot('refund-modal-errors', false);
      await p.getByTestId('refund-note').fill('Tidak jadi berlangganan, deposit dikembalikan');
      await p.getByTestId('refund-submit').click();
      await visible(p, 'screen-payment');
      await visible(p, 'payment-refund');
      await shot('refund-receipt');
      await p.getByTestId('receipt-size').getByText('A4').click();
      await shot('refund-receipt-a4');
      await p.getByTestId('receipt-size').getByText('58 mm').click();
      await p.goto('/#/payments');
      await visible(p, 'payment-row-refund');
      await shot('payments-list');
      await p.goto(`/#/customers/${refundTo.id}`);
      await visible(p, 'screen-customer');
      await p.getByTestId('tab-payments').click();
      await visible(p, 'customer-payment-refund');
      await shot('customer-payments');

      // The revenue report, from the dashboard.
      await p.goto('/');
      await visible(p, 'dash-open-report');
      await p.getByTestId('dash-open-report').click();
      await visible(p, 'report-table');
      await p.mouse.move(0, 0); // no chart tooltip in the picture
      await shot('revenue-report');
      if (label === 'desktop') {
        await p.getByTestId('lang-en').click();
        await visible(p, 'report-table');
        await shot('revenue-report-en');
        await p.goto(`/#/invoices/${activation.id}`);
        await visible(p, 'invoice-document');
        await shot('invoice-ppn-included-en');
        await p.goto('/#/settings/billing');
        await visible(p, 'billing-prices-include-tax');
        await shot('settings-billing-en');
        await p.getByTestId('lang-id').click();
      }
      await ctx.close();
    }
    console.log(`screenshots in ${dir}`);
  } finally {
    await sim.close();
    await h.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
