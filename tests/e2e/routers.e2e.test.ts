import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ownerSignedIn, visible } from './flows';
import { startHarness, type Harness } from './harness';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';

describe('routers: add a router in the UI and see how it is doing', () => {
  let h: Harness;
  let sim: RouterSim;
  let page: Page;

  beforeAll(async () => {
    sim = await startRouterSim({ user: 'billing', password: 'rahasia-router', version: '7.18.2', identity: 'RT05-Tower' });
    sim.state.login('/ppp/active', { name: 'cust001', address: '10.0.0.2', 'caller-id': 'AA:BB:CC:00:00:01' });
    sim.state.login('/ppp/active', { name: 'cust002', address: '10.0.0.3', 'caller-id': 'AA:BB:CC:00:00:02' });
    h = await startHarness();
    ({ page } = await h.newPage());
    await ownerSignedIn(page);
  });
  afterAll(async () => {
    await h?.close();
    await sim?.close();
  });

  it('tests the connection before saving, then shows the live status', async () => {
    await page.getByTestId('nav-routers').click();
    await visible(page, 'routers-empty');
    await page.getByTestId('routers-add').click();
    await page.getByTestId('router-name').fill('Tower RT05');
    await page.getByTestId('router-host').fill('127.0.0.1');
    await page.getByTestId('router-port').fill(String(sim.port));
    await page.getByTestId('router-username').fill('billing');
    await page.getByTestId('router-password').fill('salah');
    await page.getByTestId('router-test').click();
    await expect.poll(() => page.getByTestId('router-probe').textContent()).toMatch(/kata sandi router salah/);
    await page.getByTestId('router-password').fill('rahasia-router');
    await page.getByTestId('router-test').click();
    await expect.poll(() => page.getByTestId('router-probe').textContent()).toContain('RT05-Tower');
    await page.getByTestId('router-save').click();
    const card = page.getByTestId('router-card').filter({ hasText: 'Tower RT05' });
    await expect.poll(() => card.getByTestId('router-status').getAttribute('data-reachable')).toBe('true');
    expect(await card.getByTestId('router-identity').textContent()).toBe('RT05-Tower');
    expect(await card.getByTestId('router-ppp-active').textContent()).toBe('2');
    expect(await card.getByTestId('router-queue').textContent()).toContain('Semua perubahan sudah diterapkan');
    // Nothing is managed yet on this router, so there is nothing to differ; the hand-made objects are not touched.
    await card.getByTestId('router-drift').click();
    await expect.poll(() => page.getByTestId('drift-summary').getAttribute('data-count')).toBe('0');
    await page.keyboard.press('Escape');
    await page.getByTestId('drift-modal').waitFor({ state: 'hidden' });
  });

  it('shows a router that went away as not connected, with the reason', async () => {
    await sim.faults.refuseConnections(true);
    // The pooled connection is dropped too: the router "lost power".
    sim.faults.disconnectAll();
    await page.getByTestId('routers-refresh').click();
    const card = page.getByTestId('router-card').filter({ hasText: 'Tower RT05' });
    await expect.poll(() => card.getByTestId('router-status').getAttribute('data-reachable'), { timeout: 20_000 }).toBe('false');
    expect(await card.getByTestId('router-error').textContent()).toMatch(/tidak dapat dihubungi|terputus|tidak menjawab/);
    await sim.faults.refuseConnections(false);
  });
});
