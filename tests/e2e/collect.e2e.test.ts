import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Input } from '../../shared/contract';
import { api } from './billing-flows';
import { CASHIER, COLLECTOR, pageWidth, seedRoute, signedIn, staffUser, type Seeded } from './collect-flows';
import { ownerSignedIn, visible } from './flows';
import { PHONE, startHarness, type Harness } from './harness';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';

const TECHNICIAN = { username: 'joko', fullName: 'Joko Teknisi', password: 'teknisi-rahasia-1' };
const money = (n: string) => new RegExp(`^Rp\\s${n.replace('.', '\\.')}$`);

describe('field collection on a phone (390×844): route, payment, hand-over at the office', () => {
  let h: Harness;
  let sim: RouterSim;
  let owner: Page;
  let kol: Page;
  let kasir: Page;
  let seeded: Seeded;

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
    h = await startHarness();
    ({ page: owner } = await h.newPage());
    await ownerSignedIn(owner);
    const { page: scratch, context } = await h.newPage();
    const collectorId = await staffUser(owner, scratch, COLLECTOR, 'collector');
    await staffUser(owner, scratch, CASHIER, 'cashier');
    await context.close();
    seeded = await seedRoute(owner, collectorId);
    // Voucher stock for the counter's sale box.
    const router = await api(owner, 'routers.create', { name: 'Tower RT05', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia-router' });
    const profile = await api(owner, 'vouchers.createProfile', { routerId: router.id, name: 'Voucher 1 Hari', profileName: 'vc-1hari', price: 4000, sellingPrice: 5000, validity: '1d' } as Input<'vouchers.createProfile'>);
    await api(owner, 'vouchers.generate', { profileId: profile.id, quantity: 5 } as Input<'vouchers.generate'>);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it("the collector sees today's route: customers in arrears in their areas, by area then address, with map and WhatsApp links", async () => {
    ({ page: kol } = await h.newPage(PHONE));
    await signedIn(kol, COLLECTOR, '/#/collect');
    await visible(kol, 'stop');
    expect(await kol.getByTestId('stop-name').allTextContents()).toEqual(['Budi Hartono', 'Siti Aminah', 'Ahmad Fauzi']);
    expect(await kol.getByTestId('route-area').evaluateAll((els) => els.map((e) => e.getAttribute('data-area')))).toEqual(['RT05', 'RT07']);
    const budi = kol.getByTestId('stop').filter({ hasText: 'Budi Hartono' });
    expect(await budi.getByTestId('stop-owed').textContent()).toMatch(money('150.000'));
    expect(await budi.getByTestId('stop-map').getAttribute('href')).toBe('https://www.google.com/maps?q=-6.2412,106.9921');
    expect(await budi.getByTestId('stop-wa').getAttribute('href')).toBe('https://wa.me/6281234567801');
    expect(await budi.getByTestId('stop-call').getAttribute('href')).toBe('tel:+6281234567801');
    const siti = kol.getByTestId('stop').filter({ hasText: 'Siti Aminah' });
    expect(await siti.getByTestId('stop-map').getAttribute('href')).toBe(`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent('Jl. Melati No. 12, RT05')}`);
    // Big tap targets: the pay button spans the card and is at least 48 px high.
    const box = await siti.getByTestId('stop-pay').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(48);
    expect(box!.width).toBeGreaterThan(300);
    expect(await pageWidth(kol)).toBeLessThanOrEqual(PHONE.width);
    expect(await kol.getByTestId('collect-today-total').textContent()).toMatch(money('0'));
  });

  it('records a cash payment in three taps (amount prefilled, confirm); a double tap records it once; the total updates', async () => {
    const siti = kol.getByTestId('stop').filter({ hasText: 'Siti Aminah' });
    await siti.getByTestId('stop-pay').click();
    const amount = kol.getByTestId('pay-amount');
    await amount.waitFor();
    expect(await amount.inputValue()).toBe('275.000');
    await amount.fill('200000');
    await kol.getByTestId('pay-next').click();
    expect(await kol.getByTestId('pay-confirm-text').textContent()).toMatch(/Rp\s200\.000 dari Siti Aminah/);
    expect(await pageWidth(kol)).toBeLessThanOrEqual(PHONE.width);
    // Two taps in the same instant, before the button can show it is busy: two calls with the form's one key.
    await kol.getByTestId('pay-confirm').evaluate((el) => {
      const button = el as unknown as { click(): void };
      button.click();
      button.click();
    });
    await visible(kol, 'pay-done');
    expect(await kol.getByTestId('pay-receipt').textContent()).toMatch(/^Kuitansi KW\/\d{4}\/\d{2}\/00001$/);
    await kol.getByTestId('pay-close').click();
    await expect.poll(() => kol.getByTestId('collect-today-total').textContent()).toMatch(money('200.000'));
    expect(await kol.getByTestId('collect-outstanding').textContent()).toMatch(money('200.000'));
    await expect.poll(() => siti.getByTestId('stop-owed').textContent()).toMatch(money('75.000'));
    expect(await siti.getByTestId('stop-paid-today').textContent()).toMatch(/Rp\s200\.000/);
    // One payment, through the counter's path: cash, received by the collector, paying Siti's invoice in part.
    const payments = await api(owner, 'payments.list', {});
    expect(payments.items.map((p) => [p.customerName, p.amount, p.method, p.receivedBy])).toEqual([['Siti Aminah', 200_000, 'cash', COLLECTOR.fullName]]);
    const inv = await api(owner, 'invoices.list', { customerId: seeded.customers[1]!.id });
    expect(inv.items[0]!.status).toBe('partial');
  });

  it('hands the cash over; the cashier counts and confirms it at the office; nothing is outstanding after', async () => {
    await kol.goto('/#/collect/day');
    await visible(kol, 'collect-handover');
    expect(await kol.getByTestId('collect-handover').textContent()).toMatch(/Rp\s200\.000/);
    await kol.getByTestId('collect-handover').click();
    await kol.getByTestId('confirm-ok').click();
    await visible(kol, 'collect-pending');
    expect(await kol.getByTestId('collect-pending').textContent()).toMatch(/STR\/\d{4}\/\d{2}\/00001 · Rp\s200\.000 · 1 pembayaran/);
    expect(await pageWidth(kol)).toBeLessThanOrEqual(PHONE.width);

    ({ page: kasir } = await h.newPage(PHONE));
    await signedIn(kasir, CASHIER, '/#/collect');
    const card = kasir.getByTestId('collector-card').filter({ hasText: COLLECTOR.fullName });
    await card.getByTestId('collector-pending').waitFor();
    expect(await card.getByTestId('collector-outstanding').textContent()).toMatch(money('200.000'));
    expect(await pageWidth(kasir)).toBeLessThanOrEqual(PHONE.width);
    await card.getByTestId('collector-receive').click();
    expect(await kasir.getByTestId('receive-due').textContent()).toMatch(money('200.000'));
    expect(await kasir.getByTestId('receive-counted').inputValue()).toBe('200.000');
    await kasir.getByTestId('receive-confirm').click();
    await expect.poll(() => card.getByTestId('collector-outstanding').textContent()).toMatch(money('0'));
    expect(await card.getByTestId('collector-pending').count()).toBe(0);
    const row = kasir.getByTestId('handover-row').first();
    expect(await row.getByTestId('handover-state').getAttribute('data-state')).toBe('confirmed');
    expect(await row.textContent()).toContain(CASHIER.fullName);

    await kol.reload();
    await visible(kol, 'collect-nothing');
    expect(await kol.getByTestId('collect-outstanding').textContent()).toMatch(money('0'));
    // Today's collection stays what it was: handing over is not un-collecting.
    expect(await kol.getByTestId('collect-today-total').textContent()).toMatch(money('200.000'));
  });

  it("the cashier's and technician's everyday screens fit 390 px: no sideways scrolling", async () => {
    const id = seeded.customers[0]!.id;
    const screens: [string, string][] = [
      ['/#/payments', 'screen-payments'],
      ['/#/payments/new', 'screen-payment-new'],
      ['/#/customers', 'screen-customers'],
      [`/#/customers/${id}`, 'screen-customer'],
      ['/#/vouchers', 'sell-box'],
      ['/#/invoices', 'screen-invoices'],
      ['/#/collect', 'screen-collect'],
    ];
    for (const [hash, testId] of screens) {
      await kasir.goto(hash);
      await visible(kasir, testId);
      await kasir.waitForLoadState('networkidle');
      expect({ hash, width: await pageWidth(kasir) }).toEqual({ hash, width: PHONE.width });
    }
    // Payment entry with a customer chosen (the widest state of the counter's form), and the voucher sale's choice.
    await kasir.goto('/#/payments/new');
    await kasir.getByTestId('pay-customer-search').fill('Ahmad');
    await kasir.getByTestId('pay-customer-option').first().click();
    await visible(kasir, 'pay-amount');
    expect(await pageWidth(kasir)).toBe(PHONE.width);
    await kasir.goto('/#/vouchers');
    await visible(kasir, 'sell-profile');
    const sell = await kasir.getByTestId('sell-profile').boundingBox();
    // The package choice takes the whole row on a phone, so its price is not cut off.
    expect(sell!.width).toBeGreaterThan(300);

    const { page: tech } = await h.newPage(PHONE);
    await api(owner, 'users.create', { username: TECHNICIAN.username, fullName: TECHNICIAN.fullName, role: 'technician', password: 'sementara-123' });
    await staffLogin(tech, TECHNICIAN.username);
    for (const [hash, testId] of [
      ['/#/customers', 'screen-customers'],
      [`/#/customers/${id}`, 'screen-customer'],
      ['/#/routers', 'screen-routers'],
    ] as const) {
      await tech.goto(hash);
      await visible(tech, testId);
      await tech.waitForLoadState('networkidle');
      expect({ hash, width: await pageWidth(tech) }).toEqual({ hash, width: PHONE.width });
    }
  });
});

/** A technician's first login: the temporary password, then their own (over the API), then the app. */
async function staffLogin(page: Page, username: string): Promise<void> {
  const r = await page.request.post('/api/rpc/auth.login', { data: { username, password: 'sementara-123' } });
  if (!r.ok()) throw new Error(`login ${username}: ${r.status()}`);
  await api(page, 'auth.changePassword', { currentPassword: 'sementara-123', newPassword: TECHNICIAN.password });
  await page.goto('/');
}
