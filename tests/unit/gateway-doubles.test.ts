/**
 * The Tripay, Midtrans Snap and Xendit Invoice doubles (tests/peers/gateways) driven with raw HTTP and
 * node:crypto against the reference (shared/reference/payments.md §12.3, §13–§15).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMidtransSim, startTripaySim, startWebhookReceiver, startXenditSim, type MidtransSim, type TripaySim, type WebhookReceiver, type XenditSim } from '../peers/gateways';
import { waitFor } from '../support/poll';

const hmac = (s: string, k: string) => crypto.createHmac('sha256', k).update(s, 'utf8').digest('hex');
const sha512 = (s: string) => crypto.createHash('sha512').update(s, 'utf8').digest('hex');
const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;

async function call(url: string, init: { method?: string; auth?: string; body?: unknown } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json', ...(init.auth ? { Authorization: init.auth } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

let rx: WebhookReceiver;
beforeAll(async () => {
  rx = await startWebhookReceiver();
});
afterAll(async () => {
  await rx.close();
});

describe('reference vectors §12.3 (the formulas the doubles use)', () => {
  it('Tripay create and callback, Midtrans notification', () => {
    expect(hmac('T0001INV12343000', 'private-key-example')).toBe('8bf98ce8de5fce6717a0dfe8ea5f7c1c57cf3b355f35fd37a9397a7c5f8bf218');
    expect(hmac('{"reference":"T0001000000000000006","merchant_ref":"INV123","status":"PAID"}', 'private-key-example')).toBe('3b161c6b811595bddfcc6f0205c973468daac3aeaba2f20df866fa8b616065df');
    expect(sha512('order-101' + '200' + '10000.00' + 'SB-Mid-server-EXAMPLE')).toBe('5a0eb43931ab28413f55ee62f0ae5d265d84d3f0b075bfcf2a8dd85ea690f13fd803ad4d1a6f61959f3d1870391c0afcb5ad078398f882a1fc5d8b691cfa9574');
  });
});

describe('Tripay double', () => {
  let t: TripaySim;
  beforeAll(async () => {
    t = await startTripaySim({ webhookBackoffMs: 2 });
  });
  afterAll(async () => {
    await t.close();
  });
  const create = (ref: string, over: Record<string, unknown> = {}) => call(`${t.baseUrl}/api-sandbox/transaction/create`, {
    auth: `Bearer ${t.apiKey}`,
    body: { method: 'BRIVA', merchant_ref: ref, amount: 43_000, customer_name: 'Budi', customer_email: 'b@x.id', order_items: [{ name: 'Paket', price: 43_000, quantity: 1 }], callback_url: rx.url, return_url: 'http://127.0.0.1:1/r', signature: hmac(`${t.merchantCode}${ref}43000`, t.privateKey), ...over },
  });

  it('create needs the Bearer key and the HMAC signature; detail reports the status across pay', async () => {
    expect((await call(`${t.baseUrl}/transaction/create`, { auth: 'Bearer nope', body: {} })).status).toBe(401);
    expect((await create('INV-T1', { signature: hmac(`${t.merchantCode}INV-T143000`, 'wrong') })).json).toMatchObject({ success: false, message: 'Invalid signature' });
    const ok = await create('INV-T1');
    expect(ok).toMatchObject({ status: 200, json: { success: true, data: { merchant_ref: 'INV-T1', amount: 43_000, status: 'UNPAID' } } });
    const ref = (ok.json.data as { reference: string }).reference;
    const detail = () => call(`${t.baseUrl}/transaction/detail?reference=${ref}`, { auth: `Bearer ${t.apiKey}` });
    expect((await detail()).json).toMatchObject({ success: true, data: { status: 'UNPAID' } });
    const d = t.pay('INV-T1')!;
    await d.done;
    expect((await detail()).json).toMatchObject({ data: { status: 'PAID' } });
    // The callback: HMAC over the exact raw bytes, event header, acknowledged by {"success":true}.
    const got = rx.received().find((r) => r.rawBody.includes('"INV-T1"'))!;
    expect(got.headers['x-callback-event']).toBe('payment_status');
    expect(got.headers['x-callback-signature']).toBe(hmac(got.rawBody, t.privateKey));
    expect(JSON.parse(got.rawBody)).toMatchObject({ merchant_ref: 'INV-T1', reference: ref, status: 'PAID', total_amount: 43_000 });
    expect(d.ok).toBe(true);
  });

  it('expire and forged webhooks; retries until acknowledged', async () => {
    await create('INV-T2');
    await t.expire('INV-T2')!.done;
    expect(t.transaction('INV-T2').status).toBe('EXPIRED');
    const n = rx.received().length;
    await t.sendWebhook('INV-T2', { signWithKey: 'forged', fields: { status: 'PAID' } })!.done;
    const forged = rx.received()[n]!;
    expect(forged.headers['x-callback-signature']).not.toBe(hmac(forged.rawBody, t.privateKey));
    rx.answer([500, 500], 200);
    const d = t.sendWebhook('INV-T2')!;
    await d.done;
    expect(d.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });
});

describe('Midtrans Snap double', () => {
  let m: MidtransSim;
  beforeAll(async () => {
    m = await startMidtransSim({ webhookBackoffMs: 2 });
    m.notificationUrl = rx.url;
  });
  afterAll(async () => {
    await m.close();
  });

  it('Basic auth create → token + redirect_url; status 404 until a channel is picked; settlement notification signed SHA512', async () => {
    const body = { transaction_details: { order_id: 'order-101', gross_amount: 10_000 } };
    expect((await call(`${m.baseUrl}/snap/v1/transactions`, { auth: basic('wrong'), body })).status).toBe(401);
    const created = await call(`${m.baseUrl}/snap/v1/transactions`, { auth: basic(m.serverKey), body });
    expect(created.status).toBe(201);
    expect(created.json.redirect_url).toBe(`${m.baseUrl}/snap/v4/redirection/${String(created.json.token)}`);
    expect((await call(`${m.baseUrl}/snap/v1/transactions`, { auth: basic(m.serverKey), body })).status).toBe(400);
    const status = () => call(`${m.baseUrl}/v2/order-101/status`, { auth: basic(m.serverKey) });
    expect((await status()).json).toMatchObject({ status_code: '404' });
    m.webhooksEnabled = false;
    expect(m.choose('order-101')).toBeNull();
    m.webhooksEnabled = true;
    expect((await status()).json).toMatchObject({ transaction_status: 'pending', status_code: '201', gross_amount: '10000.00' });
    await m.pay('order-101')!.done;
    expect((await status()).json).toMatchObject({ transaction_status: 'settlement', status_code: '200' });
    const got = await waitFor(() => rx.received().find((r) => r.rawBody.includes('"order-101"')));
    const n = JSON.parse(got.rawBody) as Record<string, string>;
    expect(n).toMatchObject({ transaction_status: 'settlement', status_code: '200', gross_amount: '10000.00', order_id: 'order-101' });
    expect(n.signature_key).toBe('5a0eb43931ab28413f55ee62f0ae5d265d84d3f0b075bfcf2a8dd85ea690f13fd803ad4d1a6f61959f3d1870391c0afcb5ad078398f882a1fc5d8b691cfa9574');
  });

  it('expire and a forged notification', async () => {
    await call(`${m.baseUrl}/snap/v1/transactions`, { auth: basic(m.serverKey), body: { transaction_details: { order_id: 'order-102', gross_amount: 5_000 } } });
    await m.expire('order-102')!.done;
    expect((await call(`${m.baseUrl}/v2/order-102/status`, { auth: basic(m.serverKey) })).json).toMatchObject({ transaction_status: 'expire', status_code: '407' });
    const before = rx.received().length;
    await m.sendWebhook('order-102', { signWithKey: 'forged', fields: { transaction_status: 'settlement', status_code: '200' } })!.done;
    const n = JSON.parse(rx.received()[before]!.rawBody) as Record<string, string>;
    expect(n.signature_key).not.toBe(sha512(`${n.order_id}${n.status_code}${n.gross_amount}${m.serverKey}`));
  });
});

describe('Xendit Invoice double', () => {
  let x: XenditSim;
  beforeAll(async () => {
    x = await startXenditSim({ webhookBackoffMs: 2 });
    x.webhookUrl = rx.url;
  });
  afterAll(async () => {
    await x.close();
  });

  it('create / get / expire! with Basic auth; PAID webhook carries the x-callback-token; forged token differs', async () => {
    expect((await call(`${x.baseUrl}/v2/invoices`, { auth: basic('nope'), body: { external_id: 'INV-X1', amount: 20_000 } })).status).toBe(401);
    const inv = await call(`${x.baseUrl}/v2/invoices`, { auth: basic(x.secretKey), body: { external_id: 'INV-X1', amount: 20_000, invoice_duration: 3600 } });
    expect(inv.json).toMatchObject({ external_id: 'INV-X1', amount: 20_000, status: 'PENDING', currency: 'IDR' });
    const id = String(inv.json.id);
    expect(inv.json.invoice_url).toBe(`${x.baseUrl}/web/invoices/${id}`);
    await x.pay('INV-X1')!.done;
    expect((await call(`${x.baseUrl}/v2/invoices/${id}`, { auth: basic(x.secretKey) })).json).toMatchObject({ status: 'PAID', paid_amount: 20_000 });
    const got = rx.received().find((r) => r.rawBody.includes('"INV-X1"'))!;
    expect(got.headers['x-callback-token']).toBe(x.callbackToken);
    expect(JSON.parse(got.rawBody)).toMatchObject({ id, external_id: 'INV-X1', status: 'PAID' });

    const second = await call(`${x.baseUrl}/v2/invoices`, { auth: basic(x.secretKey), body: { external_id: 'INV-X2', amount: 5_000 } });
    const expired = await call(`${x.baseUrl}/invoices/${String(second.json.id)}/expire!`, { method: 'POST', auth: basic(x.secretKey) });
    expect(expired.json).toMatchObject({ status: 'EXPIRED' });
    await x.webhooksIdle();
    const before = rx.received().length;
    await x.sendWebhook('INV-X2', { signature: 'forged-token', fields: { status: 'PAID' } })!.done;
    expect(rx.received()[before]!.headers['x-callback-token']).toBe('forged-token');
    expect((await call(`${x.baseUrl}/v2/invoices?external_id=INV-X2`, { auth: basic(x.secretKey) })).status).toBe(200);
  });

  it('webhooks off: nothing is sent', async () => {
    await call(`${x.baseUrl}/v2/invoices`, { auth: basic(x.secretKey), body: { external_id: 'INV-X3', amount: 5_000 } });
    x.webhooksEnabled = false;
    expect(x.pay('INV-X3')).toBeNull();
    expect(x.webhooks('INV-X3')).toEqual([]);
    x.webhooksEnabled = true;
  });
});
