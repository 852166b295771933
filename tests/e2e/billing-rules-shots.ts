/**
 * Screenshots of the billing screens the rewritten engine changed: an invoice paid by a payment and a credit
 * note, the void dialog of a service-change invoice (and a refusal in it), the add-charge modal, the
 * subscription action modal with its date limits. Desktop (1280×800) and phone (390×844), into /tmp/shots
 * (or the first argument). Run after `node scripts/build.mjs`: npx tsx tests/e2e/billing-rules-shots.ts [dir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { startRouterSim } from '../peers/routeros-sim';
import { api, monthsAgo, PLAN, seedCustomers } from './billing-flows';
import { choose, login, OWNER, ownerSignedIn, visible } from './flows';
import { PHONE, startHarness } from './harness';
import { animationsDone } from './harness';

const dir = process.argv[2] ?? '/tmp/shots';
const DESK = { width: 1280, height: 800 };

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const h = await startHarness();
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
  try {
    const { context, page } = await h.newPage(DESK);
    await ownerSignedIn(page);
    await api(page, 'plans.create', { name: PLAN.name, price: 150000, taxRateBp: 1100, profileName: PLAN.profile, rateLimit: PLAN.rate, localAddress: '', remoteAddress: '' });
    const plan20 = await api(page, 'plans.create', { name: 'Paket 20M', price: 200000, taxRateBp: 1100, profileName: 'paket-20m', rateLimit: '20M/20M', localAddress: '', remoteAddress: '' });
    const { customers } = await seedCustomers(page, sim.port);
    await api(page, 'billing.runInvoices', {});
    const siti = customers[0]!;
    // Part paid in cash, then a credit note: both pay the oldest invoice.
    await api(page, 'payments.create', { customerId: siti.id, amount: 30000, method: 'cash', reference: '', note: '' });
    await api(page, 'billing.adjust', { customerId: siti.id, amount: -50000, reason: 'Kompensasi gangguan jaringan 3 hari' });
    const all = (await api(page, 'invoices.list', { customerId: siti.id, page: 1, pageSize: 50 })).items;
    const oldest = [...all].filter((i) => i.total > 0).sort((a, b) => a.id - b.id)[0]!;
    const creditNote = all.find((i) => i.chargeType === 'credit')!;
    const detail = await api(page, 'customers.get', { id: siti.id });
    const sub = detail.subscriptions[0]!;
    // Yesterday (in the office's time zone) is still allowed: the activation was months ago.
    const yesterday = new Date(Date.now() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    await api(page, 'subscriptions.changePlan', { id: sub.id, planId: plan20.id, date: yesterday });
    const after = (await api(page, 'invoices.list', { customerId: siti.id, page: 1, pageSize: 50 })).items;
    const change = after.find((i) => i.kind === 'change')!;
    const current = after.filter((i) => i.kind === 'period').sort((a, b) => b.id - a.id)[0]!;
    console.log(`install ${monthsAgo(2)}; oldest ${oldest.number}, credit ${creditNote.number}, change ${change.number}, period ${current.number}`);
    await context.close();

    for (const [label, viewport] of [
      ['desktop', DESK],
      ['phone', PHONE],
    ] as const) {
      const { context: ctx, page: p } = await h.newPage(viewport);
      const shot = async (name: string, fullPage = true) => {
        await p.waitForLoadState('networkidle');
        await animationsDone(p); // modal transitions
        await p.screenshot({ path: path.join(dir, `${label}-rules-${name}.png`), fullPage });
      };
      await p.goto('/');
      await login(p, OWNER.username, OWNER.password);
      await visible(p, 'screen-home');

      // An invoice paid by a payment and a credit note.
      await p.goto(`/#/invoices/${oldest.id}`);
      await visible(p, 'invoice-payment');
      await shot('invoice-credit-line');
      await p.goto(`/#/invoices/${creditNote.id}`);
      await visible(p, 'invoice-document');
      await shot('credit-note');

      // The void dialog of a service change, and of a period a change touched (refused, in the dialog).
      await p.goto(`/#/invoices/${change.id}`);
      await visible(p, 'invoice-document');
      await shot('change-invoice');
      await p.getByTestId('invoice-void').click();
      await visible(p, 'void-body');
      await p.getByTestId('reason-input').fill('Salah pilih paket');
      await shot('void-change', false);
      await p.keyboard.press('Escape');
      await p.goto(`/#/invoices/${current.id}`);
      await visible(p, 'invoice-document');
      await p.getByTestId('invoice-void').click();
      await p.getByTestId('reason-input').fill('Gratis bulan ini');
      await p.getByTestId('reason-ok').click();
      await visible(p, 'error-alert');
      await shot('void-period-refused', false);
      await p.keyboard.press('Escape');

      // The add-charge modal on the customer page.
      await p.goto(`/#/customers/${siti.id}`);
      await visible(p, 'screen-customer');
      await shot('customer-header');
      if (label === 'phone') {
        await p.getByTestId('customer-more').click();
        await visible(p, 'customer-charge');
        await shot('customer-menu', false);
      }
      await p.getByTestId('customer-charge').click();
      await visible(p, 'charge-type');
      await p.getByTestId('charge-submit').click();
      await shot('charge-empty', false);
      await choose(p, 'charge-type', /sambung ulang/);
      await p.getByTestId('charge-amount').fill('50000');
      await p.getByTestId('charge-description').fill('setelah isolir, kabel drop diganti');
      await shot('charge-filled', false);
      await p.getByTestId('charge-submit').click();
      await p.getByTestId('charge-modal').waitFor({ state: 'hidden' });
      await visible(p, 'customer-invoice-row');
      await shot('charge-done');
      if (label === 'desktop') {
        // Voiding a one-off charge: what it says.
        await p.getByTestId('customer-invoice-row').first().getByRole('link').click();
        await visible(p, 'invoice-document');
        await shot('charge-invoice');
        await p.getByTestId('invoice-void').click();
        await visible(p, 'void-body');
        await shot('void-charge', false);
        await p.keyboard.press('Escape');
        await p.goto(`/#/customers/${siti.id}`);
        await visible(p, 'screen-customer');
      }

      // The subscription action modal: pause, with a date before the last change.
      await p.getByTestId('tab-subscriptions').click();
      await visible(p, 'sub-card');
      await shot('sub-card');
      await p.getByTestId('sub-menu').first().click();
      await p.getByTestId('sub-pause').click();
      await visible(p, 'sub-action-date');
      await shot('sub-action', false);
      await p.getByTestId('sub-action-date').fill(monthsAgo(1));
      await p.getByTestId('sub-action-ok').click();
      await shot('sub-action-too-early', false);
      await p.keyboard.press('Escape');
      await p.getByTestId('tab-ledger').click();
      await visible(p, 'ledger-row');
      await shot('ledger');
      await p.goto('/#/invoices');
      await visible(p, 'invoice-row');
      await shot('invoices');
      if (label === 'desktop') {
        // The same in English.
        await p.getByTestId('lang-en').click();
        await p.goto(`/#/invoices/${creditNote.id}`);
        await visible(p, 'invoice-document');
        await shot('credit-note-en');
        await p.goto(`/#/invoices/${change.id}`);
        await visible(p, 'invoice-document');
        await p.getByTestId('invoice-void').click();
        await visible(p, 'void-body');
        await shot('void-change-en', false);
        await p.keyboard.press('Escape');
        await p.goto(`/#/customers/${siti.id}`);
        await p.getByTestId('customer-charge').click();
        await choose(p, 'charge-type', /Late fee/);
        await p.getByTestId('charge-amount').fill('25000');
        await shot('charge-en', false);
        await p.keyboard.press('Escape');
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
