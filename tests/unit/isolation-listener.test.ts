import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/poll';
import { billingWorld, moveTo, seedCustomer, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request: any Host header, any method, from a chosen loopback address (the "customer"). */
function get(url: string, opts: { path?: string; host?: string; method?: string; from?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: opts.path ?? '/', method: opts.method ?? 'GET', localAddress: opts.from ?? '127.0.0.1', headers: { host: opts.host ?? 'detik.com', ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.method === 'POST' ? 'a=1' : undefined);
  });
}

const ISOLATION = { enabled: true, port: 8099, address: '192.168.88.10', allowList: 'isolir-allow', allowHosts: [], perMinute: 30 };

/** Andi, isolated for arrears and online again (isolated) at 127.0.0.1; the listener on a free loopback port. */
async function isolatedWorld(perMinute = 30): Promise<{ world: BillingWorld; url: string; customerId: number; subId: number }> {
  const world = await billingWorld();
  await world.owner.call('settings.update', { group: 'isolation', value: { ...ISOLATION, perMinute } });
  await world.owner.call('settings.update', { group: 'office', value: { ...world.core.settings.get('office'), phone: '0812-3456-7890' } });
  await world.owner.call('billing.setupIsolation', { routerId: world.routerId });
  const customerId = await seedCustomer(world.core, 'Andi Wijaya');
  const sub = await world.owner.call('subscriptions.create', { customerId, planId: world.plans.A, routerId: world.routerId, username: 'andi', password: 'pw1', installDate: '2026-11-01', dueDays: 10, graceDays: 3 });
  await moveTo(world, '2026-11-15');
  await world.core.billing.enforce();
  await world.core.outbox.idle();
  world.sim.state.login('/ppp/active', { name: 'andi', address: '127.0.0.1' });
  await world.core.isolation.start({ host: '127.0.0.1', port: 0 });
  const url = world.core.isolation.url();
  if (!url) throw new Error('isolation listener did not start');
  return { world, url, customerId, subId: sub.id };
}

describe('the isolation listener', () => {
  it('answers any Host and any path with the page of the customer at that address: why, how much, what to do', async () => {
    const s = await isolatedWorld();
    w = s.world;
    for (const [host, path] of [['detik.com', '/news/2026/x?y=1'], ['connectivitycheck.gstatic.com', '/generate_204'], ['captive.apple.com', '/hotspot-detect.html']] as const) {
      const a = await get(s.url, { host, path });
      expect(a.status).toBe(200);
      expect(a.headers['cache-control']).toBe('no-store');
      expect(a.headers['set-cookie']).toBeUndefined();
      expect(a.headers['content-security-policy']).toContain("default-src 'none'");
      expect(a.body).toContain('Halo, Andi Wijaya');
      expect(a.body).toContain('diisolir karena ada tagihan yang belum dibayar');
      expect(a.body).toMatch(/data-testid="iso-owed">Rp150\.000</);
      // No online payment account: pay at the office, call it.
      expect(a.body).toContain('data-testid="iso-no-link"');
      expect(a.body).toContain('href="tel:081234567890"');
    }
    const en = await get(s.url, { path: '/anything?lang=en' });
    expect(en.body).toContain('Your internet service is isolated because of unpaid bills.');
    // A phone set to English still gets the office's language first (English is one tap away).
    const accept = await get(s.url, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(accept.body).toContain('<html lang="id">');
    expect(accept.body).toContain('href="/?lang=en"');
  });

  it('someone at an address we cannot place gets the general page', async () => {
    const s = await isolatedWorld();
    w = s.world;
    const a = await get(s.url, { from: '127.0.0.2', host: 'google.com' });
    expect(a.status).toBe(200);
    expect(a.body).toContain('data-testid="iso-general"');
    expect(a.body).not.toContain('Andi');
    expect(a.body).toContain('href="tel:081234567890"');
  });

  it('serves nothing else: other methods are refused, and no staff or portal API answers on its port', async () => {
    const s = await isolatedWorld();
    w = s.world;
    const post = await get(s.url, { method: 'POST', path: '/api/rpc/auth.login', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    for (const path of ['/api/rpc/system.info', '/portal/api/me', '/api/events', '/p/abc', '/shop']) {
      const a = await get(s.url, { path });
      expect(a.status).toBe(200);
      expect(a.body).toContain('<!doctype html>');
      expect(a.body).toContain('data-testid="iso-why"');
      expect(a.headers['content-type']).toMatch(/^text\/html/);
    }
    const head = await get(s.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('is rate-limited per address', async () => {
    const s = await isolatedWorld(5);
    w = s.world;
    for (let i = 0; i < 5; i++) expect((await get(s.url)).status).toBe(200);
    const busy = await get(s.url);
    expect(busy.status).toBe(429);
    expect(busy.body).toContain('data-testid="iso-busy"');
    expect(busy.body).not.toContain('Andi');
    // Another address has its own allowance.
    expect((await get(s.url, { from: '127.0.0.3' })).status).toBe(200);
  });

  it('follows Settings → Isolation: off closes the port, on opens it again', async () => {
    const s = await isolatedWorld();
    w = s.world;
    await s.world.owner.call('settings.update', { group: 'isolation', value: { ...ISOLATION, enabled: false } });
    await waitFor(() => s.world.core.isolation.url() === null, { message: 'the listener to stop' });
    await expect(get(s.url)).rejects.toThrow(/ECONNREFUSED/);
    await s.world.owner.call('settings.update', { group: 'isolation', value: ISOLATION });
    await waitFor(() => s.world.core.isolation.url(), { message: 'the listener to start again' });
    expect((await get(s.world.core.isolation.url()!)).status).toBe(200);
  });

  it('a paid customer is restored on the router at once (plan profile back, session kicked to redial)', async () => {
    const s = await isolatedWorld();
    w = s.world;
    expect(s.world.sim.state.menu('/ppp/secret').find({ name: 'andi' })?.profile).toBe('isolir');
    await s.world.owner.call('payments.create', { customerId: s.customerId, amount: 150_000, method: 'cash' });
    await s.world.core.outbox.idle();
    expect(s.world.sim.state.menu('/ppp/secret').find({ name: 'andi' })?.profile).toBe('pk-10M');
    expect(s.world.sim.state.menu('/ppp/active').find({ name: 'andi' })).toBeUndefined();
  });
});
