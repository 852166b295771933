import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payWorld, postCallback, q, API_KEY, type PayWorld } from '../support/payments';
import { waitFor } from '../support/poll';

/**
 * The public voucher shop (issue 12): a voucher is taken from stock (or generated and pushed) only once the
 * gateway confirms the payment, exactly once, and its page keeps showing it; the voucher works on the router.
 */

let w: PayWorld;
let profileId = 0;

const get = async (path: string) => {
  const res = await fetch(`${w.url}${path}`, { redirect: 'manual' });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
};
const form = async (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await fetch(`${w.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
};
const nonceOf = (html: string) => /name="nonce" value="([^"]+)"/.exec(html)![1]!;
const attempts = () => q<{ id: number; order_id: string; state: string; voucher_id: number | null; buyer_phone: string; needs_review: number; review_reason: string | null }>(w, "SELECT * FROM payment_attempts WHERE purpose = 'voucher' ORDER BY id");
const sold = () => q<{ id: number; username: string; password: string; on_router: number; batch_id: number; sold_price: number }>(w, 'SELECT * FROM vouchers WHERE sold_at IS NOT NULL ORDER BY id');

/** A purchase through the pages: the profile page's nonce, the method, then the purchase page's address. */
async function buy(phone = ''): Promise<{ code: string; orderId: string }> {
  const page = await get(`/shop/${profileId}`);
  expect(page.status).toBe(200);
  const res = await form(`/shop/${profileId}/buy`, { method: `${w.accountId}:BC`, nonce: nonceOf(page.text), lang: 'id', phone });
  expect(res.status).toBe(303);
  const code = /^\/v\/([^?]+)/.exec(res.location!)![1]!;
  return { code, orderId: code.split('.')[0]! };
}

/** The gateway says paid; the polling job confirms it (no callback needed). */
async function payAndConfirm(orderId: string, amount?: number): Promise<void> {
  const [a] = await q<{ amount: number }>(w, 'SELECT amount FROM payment_attempts WHERE order_id = ?', [orderId]);
  w.gw.set(orderId, 'PAID', amount ?? a!.amount);
  w.clock.advance(20_000);
  await w.core.payments.pollDue();
}

beforeAll(async () => {
  w = await payWorld({ core: { shopRateLimits: { buyRateLimit: 1000, pageRateLimit: 1000 } } });
  const p = await w.owner.call('vouchers.createProfile', { routerId: w.routerId, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d', online: true });
  profileId = p.id;
  await w.core.outbox.idle();
}, 60_000);
afterAll(async () => w?.close());

describe('voucher shop', () => {
  it('lists the profiles sold online with their price, and is closed without one', async () => {
    const shop = await get('/shop');
    expect(shop.status).toBe(200);
    expect(shop.text).toContain('1 Hari');
    expect(shop.text).toContain('Rp5.000');
    expect(shop.text).toContain(`href="/shop/${profileId}"`);
    const other = await w.owner.call('vouchers.createProfile', { routerId: w.routerId, name: 'Offline', profileName: 'offline', price: 1000, sellingPrice: 2000, validity: '1h' });
    expect((await get('/shop')).text).not.toContain('Offline');
    expect((await get(`/shop/${other.id}`)).status).toBe(404);
    const info = await w.owner.call('gateway.shop', {});
    expect(info.url).toBe('https://billing.example.net/shop');
    expect(info.profiles).toEqual([{ id: profileId, name: '1 Hari', price: 5000 }]);
    expect(info.accounts).toBe(1);
    expect(info.qrSvg).toContain('<svg');
  });

  it('sells a generated voucher only after the payment is confirmed; it works on the router; its page keeps it', async () => {
    const { code, orderId } = await buy('0812-3456-7890');
    const [a] = await attempts();
    expect(a).toMatchObject({ order_id: orderId, state: 'pending', voucher_id: null, buyer_phone: '+6281234567890' });
    // The fee is the customer's: 5.000 + 4.000.
    expect(w.gw.created.at(-1)).toMatchObject({ orderId, amount: 9000 });
    expect(w.gw.created.at(-1)!.returnUrl).toBe(`https://billing.example.net/v/${code}`);
    const waiting = await get(`/v/${code}`);
    expect(waiting.status).toBe(200);
    expect(waiting.text).toContain('8808123456');
    expect(await sold()).toEqual([]);

    // A forged or unknown purchase address is a 404, never someone else's voucher.
    expect((await get(`/v/${orderId}.AAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await get(`/v/${code.slice(0, -1)}${code.endsWith('x') ? 'y' : 'x'}`)).status).toBe(404);
    expect((await get('/v/nonsense')).status).toBe(404);

    await payAndConfirm(orderId);
    const [paid] = await attempts();
    expect(paid).toMatchObject({ state: 'paid', needs_review: 0 });
    expect(paid!.voucher_id).not.toBeNull();
    // No stock: one was generated for this sale and is pushed to the router.
    const [v] = await waitFor(async () => {
      const s = await sold();
      return s[0]?.on_router === 1 ? s : null;
    });
    expect(v).toMatchObject({ id: paid!.voucher_id, sold_price: 5000 });
    const page = await get(`/v/${code}`);
    expect(page.text).toContain('data-testid="shop-voucher"');
    expect(page.text).toContain(v!.username);
    expect(w.sim.state.hotspotLogin(v!.username, v!.password)).toMatchObject({ ok: true });
    // The buyer gave a WhatsApp number: the voucher and its page (with the QR login) are queued for them, once.
    const wa = await q<{ to_number: string; kind: string; body: string }>(w, "SELECT to_number, kind, body FROM wa_messages WHERE kind = 'voucher_bought'");
    expect(wa).toHaveLength(1);
    expect(wa[0]!.to_number).toBe('6281234567890');
    expect(wa[0]!.body).toContain(v!.username);
    expect(wa[0]!.body).toContain(`https://billing.example.net/v/${code}`);

    // A second confirmation (callback, another poll) changes nothing.
    expect((await postCallback(w, { orderId, amount: '9000', status: 'PAID', key: API_KEY })).status).toBe(200);
    w.clock.advance(60_000);
    await w.core.payments.pollDue();
    expect(await sold()).toHaveLength(1);
    expect((await get(`/v/${code}`)).text).toContain(v!.username);
  });

  it('takes the oldest voucher from stock when there is one', async () => {
    const batch = await w.owner.call('vouchers.generate', { profileId, quantity: 2, mode: 'vc', codeLength: 6, charset: 'upper-digits', avoidAmbiguous: true, prefix: '', note: '' });
    await waitFor(async () => (await q<{ n: number }>(w, 'SELECT count(*) AS n FROM vouchers WHERE batch_id = ? AND on_router = 1', [batch.id]))[0]!.n === 2);
    const before = await q<{ n: number }>(w, 'SELECT count(*) AS n FROM voucher_batches');
    const { code, orderId } = await buy();
    await payAndConfirm(orderId);
    const [first] = await q<{ id: number; username: string }>(w, 'SELECT id, username FROM vouchers WHERE batch_id = ? ORDER BY serial LIMIT 1', [batch.id]);
    const [a] = await q<{ voucher_id: number }>(w, 'SELECT voucher_id FROM payment_attempts WHERE order_id = ?', [orderId]);
    expect(a!.voucher_id).toBe(first!.id);
    expect(await q(w, 'SELECT count(*) AS n FROM voucher_batches')).toEqual(before);
    expect((await get(`/v/${code}`)).text).toContain(first!.username);
  });

  it('a double tap makes one purchase; a cross-site form is refused', async () => {
    const page = await get(`/shop/${profileId}`);
    const fields = { method: `${w.accountId}:SP`, nonce: nonceOf(page.text), lang: 'en', phone: '' };
    const n0 = (await attempts()).length;
    const one = await form(`/shop/${profileId}/buy`, fields);
    const two = await form(`/shop/${profileId}/buy`, fields);
    expect(one.location).toBe(two.location);
    expect(one.location).toMatch(/\?lang=en$/);
    expect(await attempts()).toHaveLength(n0 + 1);
    const cross = await form(`/shop/${profileId}/buy`, { ...fields, nonce: nonceOf((await get(`/shop/${profileId}`)).text) }, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(await attempts()).toHaveLength(n0 + 1);
  });

  it('bad input is a 4xx that changes nothing', async () => {
    const n0 = (await attempts()).length;
    const nonce = nonceOf((await get(`/shop/${profileId}`)).text);
    expect((await form(`/shop/${profileId}/buy`, { method: `${w.accountId}:BC`, nonce, lang: 'id', phone: 'not a phone' })).status).toBe(400);
    expect((await form(`/shop/${profileId}/buy`, { method: `${w.accountId}:XX`, nonce, lang: 'id' })).status).toBe(400);
    expect((await form(`/shop/${profileId}/buy`, { method: 'nonsense', nonce, lang: 'id' })).status).toBe(400);
    expect((await form(`/shop/${profileId}/buy`, { method: `${w.accountId}:BC`, nonce: 'x.AAAAAAAAAAAAAAAA', lang: 'id' })).status).toBe(400);
    expect((await form('/shop/999999/buy', { method: `${w.accountId}:BC`, nonce, lang: 'id' })).status).toBe(404);
    expect((await form('/shop/abc/buy', { method: `${w.accountId}:BC`, nonce, lang: 'id' })).status).toBe(404);
    expect((await get('/shop/0')).status).toBe(404);
    expect(await attempts()).toHaveLength(n0);
  });

  it('paid less than the price: no voucher, the attempt waits for a person, the page says so', async () => {
    const { code, orderId } = await buy();
    const n0 = (await sold()).length;
    await payAndConfirm(orderId, 3000);
    const [a] = await q<{ state: string; voucher_id: number | null; needs_review: number; review_reason: string }>(w, 'SELECT * FROM payment_attempts WHERE order_id = ?', [orderId]);
    expect(a).toMatchObject({ state: 'paid', voucher_id: null, needs_review: 1, review_reason: 'amount_mismatch' });
    expect(await sold()).toHaveLength(n0);
    expect((await get(`/v/${code}`)).text).toContain('data-state="short"');
  });

  it('the reconciliation counts delivered vouchers as sales, not as missing ledger payments', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(w.clock.now());
    const r = await w.owner.call('gateway.reconcile', { accountId: w.accountId, from: '2026-10-01', to: today });
    expect(r.vouchers.count).toBe(2);
    expect(r.vouchers.net).toBe(10_000);
    // The short one delivered nothing: it is listed.
    expect(r.paidWithoutPayment.map((i) => i.asked)).toEqual([9000]);
    // The vouchers' own sales report counts them at the selling price.
    const sales = await w.owner.call('vouchers.sales', { from: '2026-10-01', to: today, groupBy: 'profile' });
    expect(sales.rows).toEqual([expect.objectContaining({ key: '1 Hari', count: 2, amount: 10_000 })]);
  });
});
