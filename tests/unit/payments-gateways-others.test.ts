import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  defaultFetch,
  GatewayError,
  WebhookRejected,
  type CreatePaymentInput,
  type GatewayAccount,
  type HttpFetch,
} from '../../main/modules/payments/gateways';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}
function fake(answer: (c: Call) => { status: number; body: unknown }) {
  const calls: Call[] = [];
  const fetch: HttpFetch = async (url, init) => {
    const c: Call = { url, method: init.method, headers: init.headers, body: init.body === undefined ? undefined : JSON.parse(init.body) };
    calls.push(c);
    const a = answer(c);
    return { status: a.status, text: typeof a.body === 'string' ? a.body : JSON.stringify(a.body) };
  };
  return { fetch, calls };
}
const noNet = fake(() => {
  throw new Error('no network in this test');
}).fetch;
const rejection = (f: () => unknown): WebhookRejected => {
  try {
    f();
  } catch (e) {
    if (e instanceof WebhookRejected) return e;
    throw e;
  }
  throw new Error('expected WebhookRejected');
};
const account = (gateway: GatewayAccount['gateway'], over: Partial<GatewayAccount> = {}): GatewayAccount => ({
  gateway,
  env: 'sandbox',
  merchantCode: '',
  apiKey: '',
  secondaryKey: '',
  signatureScheme: 'hmac-sha256',
  flavour: 'v2',
  baseUrl: null,
  ...over,
});
const input = (over: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
  orderId: 'INV123',
  amount: 43000,
  description: 'Tagihan internet',
  customer: { name: 'Budi', email: 'budi@example.com', phone: '081234567890' },
  items: [{ name: 'Paket 10 Mbps', price: 43000, quantity: 1 }],
  callbackUrl: 'https://office.example/pay/callback/x/1',
  returnUrl: 'https://office.example/pay/return',
  ...over,
});
const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));

describe('createGateway', () => {
  it('returns the adapter named by account.gateway', () => {
    for (const g of ['duitku', 'tripay', 'midtrans', 'xendit'] as const) expect(createGateway(account(g), noNet).name).toBe(g);
  });
});

describe('Tripay', () => {
  const PK = 'private-key-example';
  const tripay = (over: Partial<GatewayAccount> = {}) => account('tripay', { merchantCode: 'T0001', apiKey: 'DEV-api-key', secondaryKey: PK, ...over });
  const tx = { reference: 'T0001000000000000006', merchant_ref: 'INV123', payment_method: 'BCAVA', amount: 43000, fee_merchant: 4250, fee_customer: 0, total_fee: 4250, amount_received: 38750, pay_code: '123456789012', pay_url: null, checkout_url: 'https://tripay.co.id/checkout/T0001000000000000006', status: 'UNPAID', expired_time: 1767229200, qr_string: null };

  it('closed payment create: URL, Bearer, body with the vector signature', async () => {
    const f = fake(() => ({ status: 200, body: { success: true, message: '', data: tx } }));
    const now = new Date('2026-01-01T00:00:00Z');
    const r = await createGateway(tripay(), f.fetch, { now: () => now }).createPayment(input({ method: 'BCAVA', expiryMinutes: 60 }));
    expect(f.calls).toHaveLength(1);
    const c = f.calls[0] as Call;
    expect(c.url).toBe('https://tripay.co.id/api-sandbox/transaction/create');
    expect(c.method).toBe('POST');
    expect(c.headers).toMatchObject({ Authorization: 'Bearer DEV-api-key', 'Content-Type': 'application/json' });
    expect(c.body).toEqual({
      method: 'BCAVA',
      merchant_ref: 'INV123',
      amount: 43000,
      customer_name: 'Budi',
      customer_email: 'budi@example.com',
      customer_phone: '081234567890',
      order_items: [{ name: 'Paket 10 Mbps', price: 43000, quantity: 1 }],
      callback_url: 'https://office.example/pay/callback/x/1',
      return_url: 'https://office.example/pay/return',
      expired_time: Math.floor(now.getTime() / 1000) + 3600,
      signature: '8bf98ce8de5fce6717a0dfe8ea5f7c1c57cf3b355f35fd37a9397a7c5f8bf218',
    });
    expect(r).toMatchObject({ gatewayRef: 'T0001000000000000006', vaNumber: '123456789012', paymentUrl: tx.checkout_url });
    expect(r.expiresAt?.getTime()).toBe(1767229200_000);
  });

  it('production path, success=false is a rejection, status via transaction/detail and merchant_ref lookup', async () => {
    const bad = fake(() => ({ status: 400, body: { success: false, message: 'Invalid signature' } }));
    const e = await createGateway(tripay({ env: 'production' }), bad.fetch).createPayment(input({ method: 'BCAVA' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GatewayError);
    expect(e).toMatchObject({ kind: 'rejected' });
    expect((e as Error).message).toContain('Invalid signature');
    expect(bad.calls[0]?.url).toBe('https://tripay.co.id/api/transaction/create');

    const f = fake((c) => ({ status: 200, body: { success: true, data: c.url.includes('detail') ? { ...tx, status: 'PAID' } : [{ ...tx, merchant_ref: 'OTHER' }, { ...tx, status: 'EXPIRED' }] } }));
    const gw = createGateway(tripay(), f.fetch);
    expect(await gw.getStatus('INV123', 'T0001000000000000006')).toMatchObject({ status: 'PAID', amount: 43000, fee: 4250, gatewayRef: 'T0001000000000000006' });
    expect(f.calls[0]?.url).toBe('https://tripay.co.id/api-sandbox/transaction/detail?reference=T0001000000000000006');
    expect(f.calls[0]?.method).toBe('GET');
    expect(f.calls[0]?.headers.Authorization).toBe('Bearer DEV-api-key');
    expect((await gw.getStatus('INV123')).status).toBe('EXPIRED');
    expect(f.calls[1]?.url).toBe('https://tripay.co.id/api-sandbox/merchant/transactions?merchant_ref=INV123');
  });

  it('listMethods: active channels within their amount bounds, fee from the fee calculator', async () => {
    const f = fake((c) =>
      c.url.includes('payment-channel')
        ? {
            status: 200,
            body: {
              success: true,
              data: [
                { code: 'BCAVA', name: 'BCA Virtual Account', active: true, icon_url: 'https://tripay.co.id/i/bca.png', minimum_amount: 10000, maximum_amount: 10000000 },
                { code: 'QRIS', name: 'QRIS', active: false },
                { code: 'ALFAMART', name: 'Alfamart', active: true, minimum_amount: 50000 },
              ],
            },
          }
        : { status: 200, body: { success: true, data: [{ code: 'BCAVA', name: 'BCA', fee: { flat: 5500, percent: '0.00' }, total_fee: { merchant: 5500, customer: 0 } }, { code: 'ALFAMART', total_fee: { merchant: 3500, customer: 0 } }] } },
    );
    expect(await createGateway(tripay(), f.fetch).listMethods(43000)).toEqual([{ code: 'BCAVA', name: 'BCA Virtual Account', fee: 5500, image: 'https://tripay.co.id/i/bca.png' }]);
    expect(f.calls.map((c) => c.url)).toEqual(['https://tripay.co.id/api-sandbox/merchant/payment-channel', 'https://tripay.co.id/api-sandbox/merchant/fee-calculator?amount=43000']);
  });

  describe('callback over the exact raw bytes', () => {
    const gw = createGateway(tripay(), noNet);
    const VECTOR_BODY = '{"reference":"T0001000000000000006","merchant_ref":"INV123","status":"PAID"}';
    const VECTOR_SIG = '3b161c6b811595bddfcc6f0205c973468daac3aeaba2f20df866fa8b616065df';
    const hdr = (sig: string) => ({ 'X-Callback-Signature': sig, 'X-Callback-Event': 'payment_status' });

    it('the §12.3 vector authenticates the raw body (then fails only on the missing total_amount)', () => {
      expect(rejection(() => gw.parseWebhook({ headers: hdr(VECTOR_SIG), rawBody: Buffer.from(VECTOR_BODY), contentType: 'application/json' })).reason).toBe('malformed');
      expect(rejection(() => gw.parseWebhook({ headers: hdr(VECTOR_SIG.replace(/^./, '4')), rawBody: Buffer.from(VECTOR_BODY), contentType: 'application/json' })).reason).toBe('bad_signature');
    });

    it('accepts a correctly signed body as sent (spacing included); re-serialised JSON does NOT verify', async () => {
      const { tripayCallbackSignature } = await import('../../main/modules/payments/gateways');
      const raw = Buffer.from('{ "reference": "T0001000000000000006", "merchant_ref": "INV123", "status": "PAID", "total_amount": 43000 }\n');
      const sig = tripayCallbackSignature(PK, raw);
      const ev = gw.parseWebhook({ headers: { 'x-callback-signature': sig, 'x-callback-event': 'payment_status' }, rawBody: raw, contentType: 'application/json' });
      expect(ev).toMatchObject({ orderId: 'INV123', gatewayRef: 'T0001000000000000006', amount: '43000', claimedStatus: 'PAID' });
      const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
      expect(rejection(() => gw.parseWebhook({ headers: hdr(sig), rawBody: reserialised, contentType: 'application/json' })).reason).toBe('bad_signature');
    });

    it('rejects a missing signature, a wrong key, another event and a malformed body', async () => {
      const { tripayCallbackSignature } = await import('../../main/modules/payments/gateways');
      const raw = Buffer.from('{"reference":"R","merchant_ref":"INV123","status":"PAID","total_amount":43000}');
      expect(rejection(() => gw.parseWebhook({ headers: {}, rawBody: raw, contentType: 'application/json' })).reason).toBe('bad_signature');
      expect(rejection(() => gw.parseWebhook({ headers: hdr(tripayCallbackSignature('other-key', raw)), rawBody: raw, contentType: 'application/json' })).reason).toBe('bad_signature');
      expect(rejection(() => gw.parseWebhook({ headers: { ...hdr(tripayCallbackSignature(PK, raw)), 'X-Callback-Event': 'other' }, rawBody: raw, contentType: 'application/json' })).reason).toBe('malformed');
      const junk = Buffer.from('reference=R&status=PAID');
      expect(rejection(() => gw.parseWebhook({ headers: hdr(tripayCallbackSignature(PK, junk)), rawBody: junk, contentType: 'application/json' })).reason).toBe('malformed');
    });

    it('ack is {"success":true}', () => {
      expect(gw.webhookAck(true)).toEqual({ status: 200, body: '{"success":true}', contentType: 'application/json' });
      expect(JSON.parse(gw.webhookAck(false).body)).toMatchObject({ success: false });
    });
  });
});

describe('Midtrans Snap', () => {
  const SK = 'SB-Mid-server-EXAMPLE';
  const midtrans = (over: Partial<GatewayAccount> = {}) => account('midtrans', { apiKey: SK, ...over });
  const basic = `Basic ${Buffer.from(`${SK}:`).toString('base64')}`;

  it('create: Snap URL, Basic serverKey:, body; status: Core API URL and mapping', async () => {
    const f = fake((c) =>
      c.method === 'POST'
        ? { status: 201, body: { token: '66e4fa55-fdac-4ef9-91b5-733b97d1b862', redirect_url: 'https://app.sandbox.midtrans.com/snap/v2/vtweb/66e4fa55' } }
        : { status: 200, body: { status_code: '200', transaction_status: 'settlement', gross_amount: '43000.00', order_id: 'INV123', transaction_id: 'tx-1' } },
    );
    const gw = createGateway(midtrans(), f.fetch);
    const r = await gw.createPayment(input({ method: 'bca_va', expiryMinutes: 30 }));
    const c = f.calls[0] as Call;
    expect(c.url).toBe('https://app.sandbox.midtrans.com/snap/v1/transactions');
    expect(c.headers).toMatchObject({ Authorization: basic, 'Content-Type': 'application/json', Accept: 'application/json', 'X-Override-Notification': 'https://office.example/pay/callback/x/1' });
    expect(c.body).toEqual({
      transaction_details: { order_id: 'INV123', gross_amount: 43000 },
      customer_details: { first_name: 'Budi', email: 'budi@example.com', phone: '081234567890' },
      item_details: [{ id: '1', name: 'Paket 10 Mbps', price: 43000, quantity: 1 }],
      enabled_payments: ['bca_va'],
      expiry: { unit: 'minutes', duration: 30 },
      callbacks: { finish: 'https://office.example/pay/return' },
    });
    expect(r).toMatchObject({ gatewayRef: '66e4fa55-fdac-4ef9-91b5-733b97d1b862', paymentUrl: 'https://app.sandbox.midtrans.com/snap/v2/vtweb/66e4fa55' });
    expect(await gw.getStatus('INV123')).toMatchObject({ status: 'PAID', amount: 43000, gatewayRef: 'tx-1' });
    expect(f.calls[1]).toMatchObject({ url: 'https://api.sandbox.midtrans.com/v2/INV123/status', method: 'GET' });
    expect(f.calls[1]?.headers.Authorization).toBe(basic);
  });

  it.each([
    ['settlement', undefined, 'PAID'],
    ['capture', 'accept', 'PAID'],
    ['capture', 'challenge', 'PENDING'],
    ['pending', undefined, 'PENDING'],
    ['expire', undefined, 'EXPIRED'],
    ['cancel', undefined, 'FAILED'],
    ['deny', undefined, 'FAILED'],
    ['refund', undefined, 'REFUNDED'],
  ])('status %s/%s → %s', async (ts, fraud, want) => {
    const f = fake(() => ({ status: 200, body: { status_code: '201', transaction_status: ts, fraud_status: fraud, gross_amount: '43000.00' } }));
    expect((await createGateway(midtrans({ env: 'production' }), f.fetch).getStatus('INV123')).status).toBe(want);
    expect(f.calls[0]?.url).toBe('https://api.midtrans.com/v2/INV123/status');
  });

  it('no transaction yet (404) is PENDING; a 401 is a rejection with Midtrans\' message', async () => {
    expect((await createGateway(midtrans(), fake(() => ({ status: 404, body: { status_code: '404', status_message: "Transaction doesn't exist." } })).fetch).getStatus('X')).status).toBe('PENDING');
    const e = await createGateway(midtrans(), fake(() => ({ status: 401, body: { error_messages: ['Access denied due to unauthorized transaction'] } })).fetch)
      .createPayment(input())
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'rejected', httpStatus: 401 });
    expect((e as Error).message).toContain('Access denied');
  });

  it('notification: the §12.3 vector verifies; a wrong key, a changed amount, a wrong merchant and junk are rejected', () => {
    const gw = createGateway(midtrans({ merchantCode: 'G123' }), noNet);
    const body = { order_id: 'order-101', status_code: '200', gross_amount: '10000.00', transaction_status: 'settlement', transaction_id: 'tx-9', merchant_id: 'G123', signature_key: '5a0eb43931ab28413f55ee62f0ae5d265d84d3f0b075bfcf2a8dd85ea690f13fd803ad4d1a6f61959f3d1870391c0afcb5ad078398f882a1fc5d8b691cfa9574' };
    expect(gw.parseWebhook({ headers: {}, rawBody: json(body), contentType: 'application/json' })).toMatchObject({ orderId: 'order-101', amount: '10000.00', gatewayRef: 'tx-9', claimedStatus: 'PAID' });
    expect(rejection(() => gw.parseWebhook({ headers: {}, rawBody: json({ ...body, gross_amount: '10000' }), contentType: 'application/json' })).reason).toBe('bad_signature');
    expect(rejection(() => createGateway(midtrans({ apiKey: 'SB-Mid-server-OTHER' }), noNet).parseWebhook({ headers: {}, rawBody: json(body), contentType: 'application/json' })).reason).toBe('bad_signature');
    expect(rejection(() => gw.parseWebhook({ headers: {}, rawBody: json({ ...body, merchant_id: 'G999' }), contentType: 'application/json' })).reason).toBe('wrong_merchant');
    expect(rejection(() => gw.parseWebhook({ headers: {}, rawBody: Buffer.from('order_id=order-101'), contentType: 'application/json' })).reason).toBe('malformed');
    expect(rejection(() => gw.parseWebhook({ headers: {}, rawBody: json({ ...body, status_code: 200 }), contentType: 'application/json' })).reason).toBe('malformed');
    expect(gw.webhookAck(true).status).toBe(200);
  });
});

describe('Xendit Invoice', () => {
  const xendit = (over: Partial<GatewayAccount> = {}) => account('xendit', { apiKey: 'xnd_development_secret', secondaryKey: 'callback-token-123', ...over });
  const inv = { id: '579c8d61f23fa4ca35e52da4', external_id: 'INV123', status: 'PENDING', amount: 43000, invoice_url: 'https://checkout-staging.xendit.co/web/579c8d61f23fa4ca35e52da4', expiry_date: '2026-01-02T00:00:00.000Z' };
  const basic = `Basic ${Buffer.from('xnd_development_secret:').toString('base64')}`;

  it('create invoice, get by id, find by external_id', async () => {
    const f = fake((c) => (c.method === 'POST' ? { status: 200, body: inv } : c.url.includes('external_id') ? { status: 200, body: [{ ...inv, status: 'SETTLED' }] } : { status: 200, body: { ...inv, status: 'PAID', paid_amount: 43000 } }));
    const gw = createGateway(xendit(), f.fetch);
    const r = await gw.createPayment(input({ expiryMinutes: 60, method: 'BCA' }));
    const c = f.calls[0] as Call;
    expect(c.url).toBe('https://api.xendit.co/v2/invoices');
    expect(c.headers).toMatchObject({ Authorization: basic, 'Content-Type': 'application/json' });
    expect(c.body).toEqual({
      external_id: 'INV123',
      amount: 43000,
      description: 'Tagihan internet',
      payer_email: 'budi@example.com',
      customer: { given_names: 'Budi', email: 'budi@example.com', mobile_number: '081234567890' },
      items: [{ name: 'Paket 10 Mbps', price: 43000, quantity: 1 }],
      invoice_duration: 3600,
      success_redirect_url: 'https://office.example/pay/return',
      failure_redirect_url: 'https://office.example/pay/return',
      currency: 'IDR',
      payment_methods: ['BCA'],
    });
    expect(r).toMatchObject({ gatewayRef: inv.id, paymentUrl: inv.invoice_url });
    expect(r.expiresAt?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(await gw.getStatus('INV123', inv.id)).toMatchObject({ status: 'PAID', amount: 43000, gatewayRef: inv.id });
    expect(f.calls[1]).toMatchObject({ url: `https://api.xendit.co/v2/invoices/${inv.id}`, method: 'GET' });
    expect((await gw.getStatus('INV123')).status).toBe('PAID');
    expect(f.calls[2]?.url).toBe('https://api.xendit.co/v2/invoices?external_id=INV123');
    const base = fake(() => ({ status: 200, body: { ...inv, status: 'EXPIRED' } }));
    expect((await createGateway(xendit({ baseUrl: 'http://127.0.0.1:9/x' }), base.fetch).getStatus('INV123', 'abc')).status).toBe('EXPIRED');
    expect(base.calls[0]?.url).toBe('http://127.0.0.1:9/x/v2/invoices/abc');
  });

  it('callback: x-callback-token must equal the verification token', () => {
    const gw = createGateway(xendit(), noNet);
    const body = json({ id: inv.id, external_id: 'INV123', status: 'PAID', amount: 43000, paid_amount: 43000 });
    expect(gw.parseWebhook({ headers: { 'x-callback-token': 'callback-token-123' }, rawBody: body, contentType: 'application/json' })).toMatchObject({ orderId: 'INV123', amount: '43000', claimedStatus: 'PAID', gatewayRef: inv.id });
    expect(rejection(() => gw.parseWebhook({ headers: { 'x-callback-token': 'callback-token-124' }, rawBody: body, contentType: 'application/json' })).reason).toBe('bad_signature');
    expect(rejection(() => gw.parseWebhook({ headers: {}, rawBody: body, contentType: 'application/json' })).reason).toBe('bad_signature');
    expect(rejection(() => createGateway(xendit({ secondaryKey: '' }), noNet).parseWebhook({ headers: { 'x-callback-token': '' }, rawBody: body, contentType: 'application/json' })).reason).toBe('bad_signature');
    expect(rejection(() => gw.parseWebhook({ headers: { 'X-CALLBACK-TOKEN': 'callback-token-123' }, rawBody: Buffer.from('nope'), contentType: 'application/json' })).reason).toBe('malformed');
  });
});

describe('defaultFetch (loopback)', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (req.url === '/hang') return; // never answers: the timeout must fire
        res.writeHead(req.url === '/err' ? 400 : 200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('sends method, headers and body; returns status and text; times out', async () => {
    const f = defaultFetch();
    const r = await f(`${base}/ok`, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: '{"a":1}', timeoutMs: 5000 });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ method: 'POST', auth: 'Bearer k', body: '{"a":1}' });
    expect((await f(`${base}/err`, { method: 'GET', headers: {}, timeoutMs: 5000 })).status).toBe(400);
    await expect(f(`${base}/hang`, { method: 'GET', headers: {}, timeoutMs: 200 })).rejects.toThrow();
    // Through an adapter: a 200 that is not an invoice is a protocol error, never a guess.
    const e = await createGateway(account('xendit', { baseUrl: `${base}/other` }), defaultFetch()).getStatus('x', 'y').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GatewayError);
    expect(e).toMatchObject({ kind: 'protocol' });
  });
});
