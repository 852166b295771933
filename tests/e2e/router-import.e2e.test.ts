import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, OWNER, ownerSignedIn } from './flows';
import { PHONE, startHarness, type Harness } from './harness';
import { animationsDone } from './harness';
import { api } from './billing-flows';
import { seedDemo, startRouterSim, type RouterSim } from '../peers/routeros-sim';

/** Issue 3: adopt an existing (Mikhmon-run) router from the routers screen. MB_SHOTS=dir also writes screenshots. */
describe('router import: PPPoE customers and Mikhmon vouchers from an existing router', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;
  const shot = async (p: Page, name: string) => {
    if (!process.env.MB_SHOTS) return;
    await animationsDone(p);
    await p.screenshot({ path: path.join(process.env.MB_SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2' });
    seedDemo(sim.state);
    h = await startHarness();
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('adds the router in the UI and sees it connected', async () => {
    await page.goto('/#/routers');
    await page.getByTestId('routers-add').click();
    await page.getByTestId('router-name').fill('Tower Mawar');
    await page.getByTestId('router-host').fill('127.0.0.1');
    await page.getByTestId('router-port').fill(String(sim.port));
    await page.getByTestId('router-username').fill('billing');
    await page.getByTestId('router-password').fill('rahasia-router');
    await page.getByTestId('router-save').click();
    await expect.poll(async () => (await page.getByTestId('router-card').first().textContent()) ?? '', { timeout: 15_000 }).toContain('RT05-Mawar');
  });

  it('previews the PPPoE side, prices the profiles and imports the customers; the router is not touched', async () => {
    const before = JSON.stringify(sim.state.menu('/ppp/secret').all());
    await page.getByTestId('router-import').first().click();
    await expect.poll(() => page.getByTestId('import-secret').count()).toBe(5);
    expect(await page.locator('[data-testid=import-secret][data-name=cust005]').textContent()).toContain('Rahmat RT05');
    await shot(page, 'desktop-import-ppp');
    const run = page.getByTestId('import-run');
    expect(await run.isDisabled()).toBe(true);
    // Leave Rahmat (on the ISOLIR profile) out; price the two real plans.
    await page.locator('[data-testid=import-secret][data-name=cust005] input[type=checkbox]').uncheck();
    await page.locator('[data-testid=import-profile][data-name="10Mbps"] [data-testid=import-plan-name]').fill('Rumah 10M');
    await page.locator('[data-testid=import-profile][data-name="10Mbps"] [data-testid=import-plan-price]').fill('150000');
    await page.locator('[data-testid=import-profile][data-name="20Mbps"] [data-testid=import-plan-price]').fill('250000');
    expect(await run.textContent()).toBe('Impor 4 pelanggan');
    await run.click();
    await expect.poll(() => page.getByTestId('import-report').textContent()).toContain('2 paket, 4 pelanggan baru, 4 langganan');
    await shot(page, 'desktop-import-ppp-report');
    const customers = await api(page, 'customers.list', {});
    expect(customers.items.map((c) => c.name).sort()).toEqual(['Agus RT05', 'Budi RT05', 'Dewi RT05', 'Siti RT05']);
    expect((await api(page, 'plans.list', {})).map((p) => [p.name, p.price]).sort()).toEqual([['20Mbps', 250_000], ['Rumah 10M', 150_000]]);
    expect(JSON.stringify(sim.state.menu('/ppp/secret').all())).toBe(before);
  });

  it("keeps the Mikhmon operator's voucher stock; shows every router change per profile and, left to Mikhmon, changes nothing", async () => {
    const hotspot = () => JSON.stringify([sim.state.menu('/ip/hotspot/user/profile').all(), sim.state.menu('/ip/hotspot/user').all()]);
    const before = hotspot();
    await page.getByTestId('import-tab-hotspot').click();
    await expect.poll(() => page.getByTestId('voucher-import-profile').count()).toBe(2);
    expect(await page.getByTestId('voucher-import-summary').textContent()).toContain('2 batch Mikhmon (5 voucher)');
    // Default: Mikhmon keeps ending its vouchers; nothing changes on the router.
    await expect.poll(() => page.getByTestId('voucher-import-total').textContent()).toBe('Impor ini tidak mengubah apa pun di router.');
    expect(await page.getByTestId('voucher-import-no-change').count()).toBe(2);
    await shot(page, 'desktop-import-hotspot');
    // Taking over one profile lists its script rewrite (the server's computation, not a guess).
    const hari = page.locator('[data-testid=voucher-import-profile][data-name="1Hari"]');
    await hari.getByText('Aplikasi ambil alih').click();
    await expect.poll(() => hari.locator('[data-testid=voucher-import-change][data-kind=script]').count()).toBe(1);
    expect(await hari.getByTestId('voucher-import-changes').textContent()).toContain('Skrip on-login diganti dengan skrip aplikasi.');
    await expect.poll(() => page.getByTestId('voucher-import-total').textContent()).toContain('1 perubahan di router');
    await shot(page, 'desktop-import-hotspot-takeover');
    await hari.getByText('Biarkan Mikhmon').click();
    await expect.poll(() => page.getByTestId('voucher-import-total').textContent()).toBe('Impor ini tidak mengubah apa pun di router.');
    await page.getByTestId('voucher-import-run').click();
    await expect.poll(() => page.getByTestId('voucher-import-report').textContent()).toContain('2 profil, 3 batch; 5 belum dipakai');
    const profiles = await api(page, 'vouchers.profiles', {});
    expect(profiles.map((p) => [p.profileName, p.sellingPrice, p.validity, p.expiry]).sort()).toEqual([['1Hari', 5000, '1d', 'router'], ['1Minggu', 25000, '1w', 'router']]);
    expect((await api(page, 'vouchers.lookup', { code: 'K7P2Q' }))?.batchComment).toBe('vc-042-05.12.25');
    // Nothing queued for the router, and the reconcile finds nothing to change on the hotspot side.
    expect(hotspot()).toBe(before);
    const drift = await api(page, 'routers.drift', { routerId: profiles[0]!.routerId });
    expect(drift.items.filter((d) => d.menu.startsWith('/ip/hotspot'))).toEqual([]);
  });

  it('fits a phone', async () => {
    const { page: phone, context } = await h.newPage(PHONE);
    await phone.goto('/');
    await login(phone, OWNER.username, OWNER.password);
    await phone.goto('/#/routers');
    await phone.getByTestId('router-import').first().click();
    await expect.poll(() => phone.getByTestId('import-secret').count()).toBe(5);
    await shot(phone, 'phone-import-ppp');
    await phone.getByTestId('import-tab-hotspot').click();
    await expect.poll(() => phone.getByTestId('voucher-import-profile').count()).toBe(2);
    await shot(phone, 'phone-import-hotspot');
    const width = await phone.evaluate('document.documentElement.scrollWidth');
    expect(Number(width)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });
});
