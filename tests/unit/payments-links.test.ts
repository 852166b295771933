import { afterEach, describe, expect, it } from 'vitest';
import { isolatedCustomer, payWorld, q, type PayWorld } from '../support/payments';
import { OWNER } from '../support/core';

let w: PayWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const secret = (world: PayWorld) => world.sim.state.menu('/ppp/secret').find({ name: 'andi' });

async function get(world: PayWorld, path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${world.url}${path}`, { redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

const nonceIn = (html: string): string => /name="nonce" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function pay(world: PayWorld, code: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; location: string | null; html: string }> {
  const res = await fetch(`${world.url}/p/${code}/pay`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** Every row of the tables a pay page could touch: equal before and after loads means loads wrote nothing. */
async function snapshot(world: PayWorld): Promise<string> {
  const tables = ['payment_attempts', 'payment_attempt_events', 'payment_links', 'payment_link_keys', 'payments', 'invoices', 'ledger_entries', 'subscriptions', 'audit_log'];
  const out: unknown[] = [];
  for (const t of tables) out.push(await q(world, `SELECT * FROM ${t} ORDER BY rowid`));
  return JSON.stringify(out);
}

const rp = (n: number) => `Rp${new Intl.NumberFormat('id-ID').format(n)}`;

describe('payment links and the pay page', () => {
  it('a link pays its invoice end to end: methods with fees, a VA, the gateway says PAID, the poll confirms, the page says lunas with the receipt', async () => {
    w = await payWorld();
    const { customerId, sub, invoiceId, total, number } = await isolatedCustomer(w);
    expect(secret(w)?.profile).toBe('isolir');
    const link = await w.owner.call('gateway.createLink', { invoiceId });
    expect(link).toMatchObject({ kind: 'invoice', invoiceId, customerId, state: 'active' });
    expect(link.url).toBe(`https://billing.example.net/p/${link.code}`);
    expect(link.shortUrl).toBe(`billing.example.net/p/${link.code}`);
    expect(link.code).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{16}$/);
    expect(link.code.length).toBeLessThanOrEqual(20);
    expect(link.qrSvg).toContain('<svg');
    expect(new Date(link.expiresAt).getTime() - w.clock.now().getTime()).toBe(7 * 86_400_000);
    expect((await w.owner.call('gateway.links', { invoiceId })).map((l) => l.id)).toEqual([link.id]);
    expect((await w.owner.call('gateway.links', { customerId })).map((l) => l.id)).toEqual([link.id]);

    const before = await snapshot(w);
    const first = await get(w, `/p/${link.code}`);
    expect(first.status).toBe(200);
    expect(first.html).toContain(number);
    expect(first.html).toContain('Andi');
    expect(first.html).toContain(rp(total));
    expect(first.html).toContain('BCA Virtual Account');
    // The customer bears the fee: the VA costs the invoice plus 4.000, QRIS nothing more.
    expect(first.html).toContain(rp(total + 4_000));
    expect(first.html).toContain('Biaya layanan ditanggung pembeli');
    expect((await get(w, `/p/${link.code}?lang=en`)).html).toContain('Choose how to pay');
    expect(await snapshot(w)).toBe(before);

    const posted = await pay(w, link.code, { method: `${w.accountId}:BC`, nonce: nonceIn(first.html), lang: 'id' });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/p/${link.code}`);
    const [attempt] = await q<{ id: number; order_id: string; amount: number; fee: number; link_id: number; method: string }>(w, 'SELECT * FROM payment_attempts');
    expect(attempt).toMatchObject({ amount: total + 4_000, fee: 4_000, link_id: link.id, method: 'BC' });
    // A double tap on the same method shows the same attempt.
    expect((await pay(w, link.code, { method: `${w.accountId}:BC`, nonce: nonceIn(first.html) })).status).toBe(303);
    expect(await q(w, 'SELECT id FROM payment_attempts')).toHaveLength(1);

    const waiting = await get(w, `/p/${link.code}`);
    expect(waiting.html).toContain('Menunggu pembayaran');
    expect(waiting.html).toContain('value="8808123456"');
    expect(waiting.html).toContain(`data-poll="/p/${link.code}/status"`);
    const key = /data-key="([^"]+)"/.exec(waiting.html)![1]!;
    const status1 = (await (await fetch(`${w.url}/p/${link.code}/status`)).json()) as { key: string; paid: boolean };
    expect(status1).toMatchObject({ key, paid: false });

    // The gateway says PAID: loading the page or its status still changes nothing (only the poll or a callback confirm).
    w.gw.set(attempt!.order_id, 'PAID', total + 4_000);
    const quiet = await snapshot(w);
    await get(w, `/p/${link.code}`);
    await fetch(`${w.url}/p/${link.code}/status`);
    await get(w, `/pay/return?order=${attempt!.order_id}`);
    expect(await snapshot(w)).toBe(quiet);

    const polled = await w.core.payments.pollDue(new Date(w.clock.now().getTime() + 60_000));
    expect(polled.paid).toBe(1);
    const status2 = (await (await fetch(`${w.url}/p/${link.code}/status`)).json()) as { key: string; paid: boolean };
    expect(status2.paid).toBe(true);
    expect(status2.key).not.toBe(key);
    const [payment] = await q<{ number: string; amount: number }>(w, 'SELECT number, amount FROM payments WHERE customer_id = ?', [customerId]);
    expect(payment!.amount).toBe(total);
    const done = await get(w, `/p/${link.code}`);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Sudah lunas');
    expect(done.html).toContain(payment!.number);
    expect(done.html).not.toContain('name="nonce"');
    expect((await w.owner.call('invoices.get', { id: invoiceId })).status).toBe('paid');
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('active');
    await w.core.outbox.idle();
    expect(secret(w)?.profile).toBe('pk-10M');
    // Paid is paid, even once the link has expired.
    w.clock.t = new Date(w.clock.now().getTime() + 30 * 86_400_000);
    expect((await get(w, `/p/${link.code}`)).html).toContain('Sudah lunas');
  });

  it('tampered, unknown and malformed codes are one and the same 404; expired and revoked links say so and take no payment; bad input is 4xx', async () => {
    w = await payWorld();
    const { invoiceId } = await isolatedCustomer(w);
    const link = await w.owner.call('gateway.createLink', { invoiceId, expiresInDays: 2 });
    const [id, sig] = link.code.split('.') as [string, string];
    const flipped = `${id}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    const otherId = `${(parseInt(id, 36) + 1).toString(36)}.${sig}`;
    const pages = await Promise.all([flipped, otherId, 'zzzzz.AAAAAAAAAAAAAAAA', 'nope', `${id}.${sig}x`].map((c) => get(w!, `/p/${encodeURIComponent(c)}`)));
    expect(pages.map((p) => p.status)).toEqual([404, 404, 404, 404, 404]);
    expect(new Set(pages.map((p) => p.html)).size).toBe(1);
    expect(pages[0]!.html).toContain('Tautan pembayaran tidak dikenal');
    expect((await fetch(`${w.url}/p/${flipped}/status`)).status).toBe(404);
    expect((await pay(w, flipped, { method: `${w.accountId}:BC`, nonce: 'x' })).status).toBe(404);

    const good = await get(w, `/p/${link.code}`);
    const nonce = nonceIn(good.html);
    expect((await get(w, `/p/${link.code}?lang=xx`)).status).toBe(400);
    // Without our page's nonce, from another site, or with a method nobody offers: refused, nothing created.
    expect((await pay(w, link.code, { method: `${w.accountId}:BC`, nonce: `${Date.now().toString(36)}.AAAAAAAAAAAAAAAA` })).status).toBe(400);
    expect((await pay(w, link.code, { method: `${w.accountId}:BC` })).status).toBe(400);
    expect((await pay(w, link.code, { method: `${w.accountId}:BC`, nonce }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await pay(w, link.code, { method: `${w.accountId}:XX`, nonce })).status).toBe(400);
    expect((await pay(w, link.code, { method: `999:BC`, nonce })).status).toBe(400);
    expect((await pay(w, link.code, { method: `<script>`, nonce })).status).toBe(400);
    expect(await q(w, 'SELECT id FROM payment_attempts')).toHaveLength(0);

    // Expired: says so (both languages), takes nothing.
    w.clock.t = new Date(w.clock.now().getTime() + 2 * 86_400_000 + 1);
    const expired = await get(w, `/p/${link.code}`);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('sudah kedaluwarsa');
    expect((await get(w, `/p/${link.code}?lang=en`)).html).toContain('This payment link has expired');
    expect((await pay(w, link.code, { method: `${w.accountId}:BC`, nonce })).status).toBe(303);
    expect(await q(w, 'SELECT id FROM payment_attempts')).toHaveLength(0);
    await w.owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
    expect((await w.owner.call('gateway.links', { invoiceId }))[0]!.state).toBe('expired');

    // Revoked: the page says so at once.
    const fresh = await w.owner.call('gateway.createLink', { invoiceId });
    expect((await get(w, `/p/${fresh.code}`)).status).toBe(200);
    const revoked = await w.owner.call('gateway.revokeLink', { id: fresh.id });
    expect(revoked.state).toBe('revoked');
    const r = await get(w, `/p/${fresh.code}`);
    expect(r.status).toBe(410);
    expect(r.html).toContain('sudah tidak berlaku');
    expect((await w.owner.try('gateway.revokeLink', { id: fresh.id })).ok).toBe(false);
    expect(await q(w, 'SELECT id FROM payment_attempts')).toHaveLength(0);

    // Staff input: an invoice or a customer, a sane expiry.
    expect((await w.owner.try('gateway.createLink', {} as never)).ok).toBe(false);
    const bad = await w.owner.try('gateway.createLink', { invoiceId, expiresInDays: 0 });
    expect(bad.ok ? '' : bad.error.code).toBe('validation');
    const missing = await w.owner.try('gateway.createLink', { invoiceId: 999_999 });
    expect(missing.ok ? '' : missing.error.code).toBe('not_found');
  });

  it('a customer link pays everything they owe in one payment; a customer who owes nothing gets no link', async () => {
    w = await payWorld();
    const { customerId, invoiceId, total } = await isolatedCustomer(w);
    const charge = await w.owner.call('invoices.createCharge', { customerId, type: 'installation', amount: 200_000, taxed: false });
    const owed = total + charge.total;
    const link = await w.owner.call('gateway.createLink', { customerId, expiresInDays: 3 });
    expect(link).toMatchObject({ kind: 'customer', invoiceId: null, customerId });
    const page = await get(w, `/p/${link.code}`);
    expect(page.html).toContain('Semua tagihan');
    expect(page.html).toContain(charge.number);
    expect(page.html).toContain(rp(owed));
    expect((await pay(w, link.code, { method: `${w.accountId}:SP`, nonce: nonceIn(page.html) })).status).toBe(303);
    const [attempt] = await q<{ order_id: string; amount: number; purpose: string }>(w, 'SELECT * FROM payment_attempts');
    expect(attempt).toMatchObject({ amount: owed, purpose: 'customer' });
    w.gw.set(attempt!.order_id, 'PAID', owed);
    await w.core.payments.pollDue(new Date(w.clock.now().getTime() + 60_000));
    const invoices = await q<{ status: string }>(w, 'SELECT status FROM invoices WHERE customer_id = ? ORDER BY id', [customerId]);
    expect(invoices.map((i) => i.status)).toEqual(['paid', 'paid']);
    expect((await w.owner.call('invoices.get', { id: invoiceId })).status).toBe('paid');
    const [payment] = await q<{ number: string }>(w, 'SELECT number FROM payments WHERE customer_id = ?', [customerId]);
    const done = await get(w, `/p/${link.code}`);
    expect(done.html).toContain('Sudah lunas');
    expect(done.html).toContain(payment!.number);
    // Nothing left: no new link for them, nor for a paid invoice.
    const none = await w.owner.try('gateway.createLink', { customerId });
    expect(none.ok ? '' : none.error.code).toBe('conflict');
    const paid = await w.owner.try('gateway.createLink', { invoiceId });
    expect(paid.ok ? '' : paid.error.code).toBe('billing.bad_state');
  });
});
