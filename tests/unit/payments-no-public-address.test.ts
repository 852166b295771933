import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, payWorld, q, type PayWorld } from '../support/payments';
import { waitFor } from '../support/poll';

/*
 * Most offices have no public address: an account without one still takes payments (the gateway's callback
 * field points at the listener, which the gateway cannot reach, and polling confirms), and an office that has
 * one gets its host accepted by the listener as soon as the account is saved.
 */
let w: PayWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

/** A POST to the listener with a chosen Host header (fetch does not let a test set it). */
function postWithHost(url: string, host: string, path: string, body: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'POST', headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('online payments without a public address', () => {
  it('an account without a public address creates attempts (callback URL on the listener) and polling confirms them', async () => {
    w = await payWorld();
    const local = await w.owner.call('gateway.createAccount', { gateway: 'duitku', name: 'DuitKu tanpa IP publik', merchantCode: 'D0001', apiKey: API_KEY, flavour: 'pop' });
    expect(local.callbackUrl).toBe('');
    const c = await w.owner.call('customers.create', { name: 'Budi', phone: '081234567891' });
    const a = await w.owner.call('gateway.createAttempt', { accountId: local.id, customerId: c.id, amount: 50_000 });
    const sent = w.gw.created.at(-1)!;
    expect(sent.callbackUrl).toBe(`${w.url}/pay/callback/duitku/${local.id}`);
    expect(sent.returnUrl.startsWith(`${w.url}/pay/return?order=`)).toBe(true);
    w.gw.set(a.orderId, 'PAID', 50_000);
    w.clock.advance(16_000);
    expect(await w.core.payments.pollDue()).toMatchObject({ paid: 1 });
    expect(await q(w, "SELECT amount, method FROM payments WHERE customer_id = ?", [c.id])).toEqual([{ amount: 50_000, method: 'gateway' }]);
  });

  it("the public address's host is accepted by the listener once the account is saved, and not before", async () => {
    w = await payWorld();
    const body = JSON.stringify({ orderId: 'nope', amount: '1', status: 'PAID', key: API_KEY });
    const path = `/pay/callback/duitku/${w.accountId}`;
    expect(await postWithHost(w.url, 'pay.rtrw-sejahtera.example', path, body)).toBe(403);
    await w.owner.call('gateway.updateAccount', { id: w.accountId, gateway: 'duitku', name: 'DuitKu', merchantCode: 'D0001', flavour: 'pop', publicBaseUrl: 'https://pay.rtrw-sejahtera.example' });
    // Accepted by the listener: the callback itself is then judged (an unknown order is answered as the gateway expects).
    await waitFor(async () => (await postWithHost(w!.url, 'pay.rtrw-sejahtera.example', path, body)) === 200, { message: 'the listener to accept the public host' });
  });
});

describe('the return page', () => {
  it('only reads: pending refreshes itself, paid shows the receipt, unknown and malformed orders are 4xx', async () => {
    w = await payWorld();
    const c = await w.owner.call('customers.create', { name: 'Citra', phone: '081234567892' });
    const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, customerId: c.id, amount: 75_000 });
    const load = async (order: string, lang = '') => {
      const res = await fetch(`${w!.url}/pay/return?order=${encodeURIComponent(order)}${lang}`);
      return { status: res.status, html: await res.text() };
    };
    let p = await load(a.orderId);
    expect(p.status).toBe(200);
    expect(p.html).toContain('data-state="pending"');
    expect(p.html).toContain('http-equiv="refresh"');
    expect(p.html).toContain('Rp75.000');
    // The customer's browser claims success: nothing changes (the URL is the customer's to edit).
    await fetch(`${w.url}/pay/return?order=${a.orderId}&resultCode=00&reference=X`);
    expect((await w.owner.call('gateway.attempt', { id: a.id })).state).toBe('pending');
    w.gw.set(a.orderId, 'PAID', 75_000);
    w.clock.advance(16_000);
    await w.core.payments.pollDue();
    const paid = await w.owner.call('gateway.attempt', { id: a.id });
    p = await load(a.orderId, '&lang=en');
    expect(p.html).toContain('data-state="paid"');
    expect(p.html).toContain(paid.paymentNumber!);
    expect(p.html).not.toContain('http-equiv="refresh"');
    expect((await load('MBX-unknown')).status).toBe(404);
    expect((await load('<script>')).status).toBe(400);
    expect((await load('x'.repeat(60))).status).toBe(400);
  });
});
