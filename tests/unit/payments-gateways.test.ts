import { describe, expect, it } from 'vitest';
import {
  createGateway,
  duitkuCallbackSignature,
  duitkuInquirySignature,
  duitkuPaymentMethodSignature,
  duitkuPopSignature,
  duitkuStatusSignature,
  GatewayError,
  midtransNotificationSignature,
  sanitizeDuitkuPhone,
  tripayCallbackSignature,
  tripayCreateSignature,
  wibDateTime,
  WebhookRejected,
  type CreatePaymentInput,
  type DuitkuSignatureScheme,
  type GatewayAccount,
  type HttpFetch,
} from '../../main/modules/payments/gateways';

// ---- fixtures (shared/reference/payments.md §12) ----
const KEY = '732B39FC61796845775D2C4FB05332AF';
const MC = 'D0001';
const OID = '12345';
const AMT = 10000;
const DATETIME = '2022-01-25 16:23:08'; // WIB
const DATETIME_UTC = new Date('2022-01-25T09:23:08Z');
const TS = 1629219840000;
const SCHEMES: DuitkuSignatureScheme[] = ['md5', 'sha256', 'hmac-sha256'];

/** §12.2, verbatim. */
const V = {
  inquiry: {
    md5: '03d84db1c33fe8a0deb2dd13b054ff27',
    sha256: 'ec43c7b72726df4c42b8d9accbdd8b882cf6b321f96b510b0b0f93f760600938',
    'hmac-sha256': '278a0223242821435497597b516078668aee6761fe5064496c358918ff97a4ed',
  },
  callback: {
    md5: '4104f20a70c933113c66c004fe25a9f1',
    sha256: '9b4a444149a124da03e2e89817fb26b7ed9935debb19e870c8c7f76a007187bb',
    'hmac-sha256': '76ee14f3182810c35bd6581dc53905483e5922f8fab7a0cc14cd576ad1169908',
  },
  status: {
    md5: '6620b1f50d9bb82fc3d5f550d258c4c5',
    sha256: '482ef483507f9186a9aae31d9d073f2bfcf9625067655d9c7441411d36598d1e',
    'hmac-sha256': '533a0e3db8c9526fdd92d2ee053616a1d987119b4d49db0332ffc0ad7ffc18ad',
  },
  // getpaymentmethod and POP header: legacy (md5 accounts) and interim are plain SHA-256.
  methods: { sha256: 'a6df3505377f410e79db4379be6a0ba5fc99c539f83b817f4877b8b61f37750e', hmac: '2d2312172b38ee853ff91fe1367af588c6127bf7f3a0ce9eb56a26cc2ef29245' },
  pop: { sha256: '54156e93ce5bb664d2166de96d01b140955d41bbd9d1d2d8115a5f7fa29ef00e', hmac: '849561ecb4e4b779c0e6434defebca3d528ebad70b2c13f9253839f50ad91794' },
} as const;
const headerStyle = (s: DuitkuSignatureScheme): 'sha256' | 'hmac' => (s === 'hmac-sha256' ? 'hmac' : 'sha256');

// ---- a fake HttpFetch: records every call, answers from a function ----
interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
}
function fake(answer: (c: Call) => { status: number; body: unknown } | Error) {
  const calls: Call[] = [];
  const fetch: HttpFetch = async (url, init) => {
    const c: Call = { url, method: init.method, headers: init.headers, body: init.body === undefined ? undefined : JSON.parse(init.body), timeoutMs: init.timeoutMs };
    calls.push(c);
    const a = answer(c);
    if (a instanceof Error) throw a;
    return { status: a.status, text: typeof a.body === 'string' ? a.body : JSON.stringify(a.body) };
  };
  return { fetch, calls };
}
const only = (calls: Call[]): Call => {
  expect(calls).toHaveLength(1);
  return calls[0] as Call;
};

const duitku = (over: Partial<GatewayAccount> = {}): GatewayAccount => ({
  gateway: 'duitku',
  env: 'sandbox',
  merchantCode: MC,
  apiKey: KEY,
  secondaryKey: '',
  signatureScheme: 'hmac-sha256',
  flavour: 'v2',
  baseUrl: null,
  ...over,
});
const input = (over: Partial<CreatePaymentInput> = {}): CreatePaymentInput => ({
  orderId: OID,
  amount: AMT,
  description: 'Tagihan internet Januari',
  customer: { name: 'Budi', email: 'budi@example.com' },
  method: 'BC',
  callbackUrl: 'https://office.example/pay/callback/duitku/1',
  returnUrl: 'https://office.example/pay/return',
  ...over,
});
const inquiryOk = { merchantCode: MC, reference: 'D0001REF1', paymentUrl: 'https://sandbox.duitku.com/topup/topupdirectv2.aspx?ref=D0001REF1', vaNumber: '7007014001234567', qrString: '', amount: '10000', statusCode: '00', statusMessage: 'SUCCESS' };

const form = (fields: Record<string, string>): Buffer => Buffer.from(new URLSearchParams(fields).toString(), 'utf8');
const FORM = 'application/x-www-form-urlencoded';
const callbackFields = (scheme: DuitkuSignatureScheme, over: Record<string, string> = {}): Record<string, string> => ({
  merchantCode: MC,
  amount: '10000',
  merchantOrderId: OID,
  productDetail: '',
  additionalParam: '',
  paymentCode: '',
  resultCode: '00',
  merchantUserId: '',
  reference: 'D00015HL5BJKRM27MCUS',
  signature: V.callback[scheme],
  ...over,
});
const rejection = (f: () => unknown): WebhookRejected => {
  try {
    f();
  } catch (e) {
    if (e instanceof WebhookRejected) return e;
    throw e;
  }
  throw new Error('expected WebhookRejected');
};
const gatewayError = async (p: Promise<unknown>): Promise<GatewayError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof GatewayError) return e;
    throw e;
  }
  throw new Error('expected GatewayError');
};

describe('DuitKu official vector (§12.1) — this test must never change', () => {
  it('MD5("D0001" + "10000" + "12345" + apiKey) = 4104f20a70c933113c66c004fe25a9f1, and the adapter accepts that callback', () => {
    expect(duitkuCallbackSignature('md5', '732B39FC61796845775D2C4FB05332AF', 'D0001', '10000', '12345')).toBe('4104f20a70c933113c66c004fe25a9f1');
    const gw = createGateway(duitku({ signatureScheme: 'md5' }), fake(() => new Error('no network in this test')).fetch);
    const body = form({
      merchantCode: 'D0001',
      amount: '10000',
      merchantOrderId: '12345',
      productDetail: '',
      additionalParam: '',
      paymentCode: '',
      resultCode: '00',
      reference: 'D00015HL5BJKRM27MCUS',
      signature: '4104f20a70c933113c66c004fe25a9f1',
    });
    const ev = gw.parseWebhook({ headers: {}, rawBody: body, contentType: FORM });
    expect(ev).toMatchObject({ orderId: '12345', amount: '10000', gatewayRef: 'D00015HL5BJKRM27MCUS', claimedStatus: 'PAID' });
  });
});

describe('computed vectors (§12.2, §12.3) through the signing code', () => {
  it.each(SCHEMES)('DuitKu %s: inquiry, callback, status, getpaymentmethod, POP header', (s) => {
    expect(duitkuInquirySignature(s, KEY, MC, OID, AMT)).toBe(V.inquiry[s]);
    expect(duitkuCallbackSignature(s, KEY, MC, '10000', OID)).toBe(V.callback[s]);
    expect(duitkuStatusSignature(s, KEY, MC, OID)).toBe(V.status[s]);
    expect(duitkuPaymentMethodSignature(s, KEY, MC, AMT, DATETIME)).toBe(V.methods[headerStyle(s)]);
    expect(duitkuPopSignature(s, KEY, MC, TS)).toBe(V.pop[headerStyle(s)]);
  });

  it('Tripay create and callback, Midtrans notification', () => {
    expect(tripayCreateSignature('private-key-example', 'T0001', 'INV123', 43000)).toBe('8bf98ce8de5fce6717a0dfe8ea5f7c1c57cf3b355f35fd37a9397a7c5f8bf218');
    expect(tripayCallbackSignature('private-key-example', Buffer.from('{"reference":"T0001000000000000006","merchant_ref":"INV123","status":"PAID"}'))).toBe(
      '3b161c6b811595bddfcc6f0205c973468daac3aeaba2f20df866fa8b616065df',
    );
    expect(midtransNotificationSignature('SB-Mid-server-EXAMPLE', 'order-101', '200', '10000.00')).toBe(
      '5a0eb43931ab28413f55ee62f0ae5d265d84d3f0b075bfcf2a8dd85ea690f13fd803ad4d1a6f61959f3d1870391c0afcb5ad078398f882a1fc5d8b691cfa9574',
    );
  });

  it('WIB datetime of getpaymentmethod', () => {
    expect(wibDateTime(DATETIME_UTC)).toBe(DATETIME);
    expect(wibDateTime(new Date('2023-12-31T17:00:00Z'))).toBe('2024-01-01 00:00:00');
  });
});

describe('DuitKu V2 inquiry', () => {
  it.each(SCHEMES)('%s: POSTs the exact URL, headers and body, and the vector signature', async (s) => {
    const f = fake(() => ({ status: 200, body: inquiryOk }));
    const res = await createGateway(duitku({ signatureScheme: s }), f.fetch).createPayment(input());
    const c = only(f.calls);
    expect(c.url).toBe('https://sandbox.duitku.com/webapi/api/merchant/v2/inquiry');
    expect(c.method).toBe('POST');
    expect(c.headers['Content-Type']).toBe('application/json');
    expect(c.timeoutMs).toBeGreaterThan(0);
    expect(c.body).toEqual({
      merchantCode: MC,
      paymentAmount: 10000,
      paymentMethod: 'BC',
      merchantOrderId: OID,
      productDetails: 'Tagihan internet Januari',
      email: 'budi@example.com',
      customerVaName: 'Budi',
      customerDetail: { firstName: 'Budi', email: 'budi@example.com' },
      callbackUrl: 'https://office.example/pay/callback/duitku/1',
      returnUrl: 'https://office.example/pay/return',
      signature: V.inquiry[s],
      ...(s === 'sha256' ? { hashAlgorithm: 'sha256' } : {}),
    });
    expect(res).toMatchObject({ gatewayRef: 'D0001REF1', paymentUrl: inquiryOk.paymentUrl, vaNumber: '7007014001234567' });
    expect(res.qrString).toBeUndefined();
  });

  it('production host; baseUrl keeps the path; truncation, phone sanitising, items, expiry; AppUrl read', async () => {
    const f = fake(() => ({ status: 200, body: { ...inquiryOk, vaNumber: null, AppUrl: 'shopeeid://pay/1' } }));
    const now = new Date('2026-01-01T00:00:00Z');
    const gw = createGateway(duitku({ env: 'production' }), f.fetch, { now: () => now });
    const res = await gw.createPayment(
      input({
        description: 'x'.repeat(300),
        customer: { name: 'Bambang Sulistyo Wibowo Raharjo', email: 'b@example.com', phone: '+62 (812) 3456-7890 ext. 12345' },
        items: [
          { name: 'Paket 20 Mbps '.repeat(5), price: 12000, quantity: 1 },
          { name: 'Diskon', price: -2000, quantity: 1 },
        ],
        expiryMinutes: 60,
        method: 'SA',
      }),
    );
    const c = only(f.calls);
    expect(c.url).toBe('https://passport.duitku.com/webapi/api/merchant/v2/inquiry');
    const b = c.body as Record<string, unknown>;
    expect(b.productDetails).toBe('x'.repeat(255));
    expect(b.customerVaName).toBe('Bambang Sulistyo Wib');
    expect(b.phoneNumber).toBe('62(812)3456-78901234');
    expect(b.expiryPeriod).toBe(60);
    expect(b.itemDetails).toEqual([
      { name: 'Paket 20 Mbps '.repeat(5).slice(0, 50), price: 12000, quantity: 1 },
      { name: 'Diskon', price: -2000, quantity: 1 },
    ]);
    expect(res.appUrl).toBe('shopeeid://pay/1');
    expect(res.vaNumber).toBeUndefined();
    expect(res.expiresAt?.toISOString()).toBe('2026-01-01T01:00:00.000Z');

    const g = fake(() => ({ status: 200, body: { ...inquiryOk, appUrl: 'app://lower' } }));
    await createGateway(duitku({ baseUrl: 'http://127.0.0.1:4010/' }), g.fetch)
      .createPayment(input())
      .then((r) => expect(r.appUrl).toBe('app://lower'));
    expect(only(g.calls).url).toBe('http://127.0.0.1:4010/webapi/api/merchant/v2/inquiry');
    expect(sanitizeDuitkuPhone('0812-345 678')).toBe('0812-345678');
  });

  it('refuses what DuitKu would refuse before calling: items not adding up, no method on V2', async () => {
    const f = fake(() => ({ status: 200, body: inquiryOk }));
    const gw = createGateway(duitku(), f.fetch);
    await expect(gw.createPayment(input({ items: [{ name: 'a', price: 9000, quantity: 1 }] }))).rejects.toThrow(/add up/);
    await expect(gw.createPayment(input({ method: undefined }))).rejects.toThrow(/method/);
    expect(f.calls).toHaveLength(0);
  });

  it('errors: HTTP 4xx → rejected with DuitKu\'s Message; network and 5xx → unreachable; junk → protocol', async () => {
    const msg = await gatewayError(createGateway(duitku(), fake(() => ({ status: 400, body: { Message: 'Amount is different please try again later.' } })).fetch).createPayment(input()));
    expect(msg).toMatchObject({ kind: 'rejected', httpStatus: 400 });
    expect(msg.message).toContain('Amount is different please try again later.');
    const e401 = await gatewayError(createGateway(duitku(), fake(() => ({ status: 401, body: { statusMessage: 'Wrong signature' } })).fetch).getStatus(OID));
    expect(e401).toMatchObject({ kind: 'rejected', httpStatus: 401 });
    expect(e401.message).toContain('Wrong signature');
    expect(await gatewayError(createGateway(duitku(), fake(() => new TypeError('fetch failed')).fetch).getStatus(OID))).toMatchObject({ kind: 'unreachable' });
    expect(await gatewayError(createGateway(duitku(), fake(() => ({ status: 503, body: 'down' })).fetch).getStatus(OID))).toMatchObject({ kind: 'unreachable', httpStatus: 503 });
    expect(await gatewayError(createGateway(duitku(), fake(() => ({ status: 200, body: '<html>' })).fetch).getStatus(OID))).toMatchObject({ kind: 'protocol' });
    expect(await gatewayError(createGateway(duitku(), fake(() => ({ status: 200, body: { ...inquiryOk, statusCode: '01', statusMessage: 'FAILED' } })).fetch).createPayment(input()))).toMatchObject({
      kind: 'rejected',
    });
    expect(await gatewayError(createGateway(duitku(), fake(() => ({ status: 200, body: { ...inquiryOk, amount: '9999' } })).fetch).createPayment(input()))).toMatchObject({ kind: 'protocol' });
  });
});

describe('DuitKu POP createInvoice', () => {
  it.each(SCHEMES)('%s: api- host, x-duitku-* headers (epoch ms), body without merchantCode and signature', async (s) => {
    const f = fake(() => ({ status: 200, body: { merchantCode: MC, reference: 'D0001POP1', paymentUrl: 'https://app-sandbox.duitku.com/redirect_checkout?reference=D0001POP1', statusCode: '00', statusMessage: 'SUCCESS' } }));
    const res = await createGateway(duitku({ flavour: 'pop', signatureScheme: s }), f.fetch, { now: () => new Date(TS) }).createPayment(input({ method: undefined }));
    const c = only(f.calls);
    expect(c.url).toBe('https://api-sandbox.duitku.com/api/merchant/createInvoice');
    expect(c.headers).toMatchObject({ 'Content-Type': 'application/json', 'x-duitku-signature': V.pop[headerStyle(s)], 'x-duitku-timestamp': '1629219840000', 'x-duitku-merchantcode': MC });
    const b = c.body as Record<string, unknown>;
    expect(b).not.toHaveProperty('merchantCode');
    expect(b).not.toHaveProperty('signature');
    expect(b).not.toHaveProperty('paymentMethod');
    expect(b).toMatchObject({ paymentAmount: 10000, merchantOrderId: OID, email: 'budi@example.com', callbackUrl: input().callbackUrl, returnUrl: input().returnUrl });
    expect(res).toMatchObject({ gatewayRef: 'D0001POP1', paymentUrl: 'https://app-sandbox.duitku.com/redirect_checkout?reference=D0001POP1' });
  });

  it('production POP host', async () => {
    const f = fake(() => ({ status: 200, body: { reference: 'R', statusCode: '00' } }));
    await createGateway(duitku({ flavour: 'pop', env: 'production' }), f.fetch).createPayment(input());
    expect(only(f.calls).url).toBe('https://api-prod.duitku.com/api/merchant/createInvoice');
  });
});

describe('DuitKu transactionStatus', () => {
  it.each(SCHEMES)('%s: V2 on the API host, signature merchantCode+merchantOrderId', async (s) => {
    const f = fake(() => ({ status: 200, body: { merchantOrderId: OID, reference: 'D0001REF1', amount: '10000', fee: '0.00', statusCode: '00', statusMessage: 'SUCCESS' } }));
    const r = await createGateway(duitku({ signatureScheme: s }), f.fetch).getStatus(OID);
    const c = only(f.calls);
    expect(c.url).toBe('https://sandbox.duitku.com/webapi/api/merchant/transactionStatus');
    expect(c.body).toEqual({ merchantCode: MC, merchantOrderId: OID, signature: V.status[s] });
    expect(r).toMatchObject({ status: 'PAID', amount: 10000, fee: 0, gatewayRef: 'D0001REF1' });
  });

  it('POP on the api- host; 01 PENDING, 02 FAILED (the caller decides EXPIRED), unknown codes UNKNOWN, raw kept', async () => {
    let code = '01';
    const f = fake(() => ({ status: 200, body: { merchantOrderId: OID, reference: 'R', amount: '10000', fee: '2775.00', statusCode: code, statusMessage: 'x' } }));
    const gw = createGateway(duitku({ flavour: 'pop', env: 'production' }), f.fetch);
    expect(await gw.getStatus(OID)).toMatchObject({ status: 'PENDING', fee: 2775 });
    expect(f.calls[0]?.url).toBe('https://api-prod.duitku.com/api/merchant/transactionStatus');
    code = '02';
    const failed = await gw.getStatus(OID);
    expect(failed.status).toBe('FAILED');
    expect(failed.raw).toMatchObject({ statusCode: '02' });
    code = '99';
    expect((await gw.getStatus(OID)).status).toBe('UNKNOWN');
  });

  it('an amount with a fraction is a protocol error, never rounded', async () => {
    const f = fake(() => ({ status: 200, body: { amount: '10000.50', statusCode: '00' } }));
    expect(await gatewayError(createGateway(duitku(), f.fetch).getStatus(OID))).toMatchObject({ kind: 'protocol' });
  });
});

describe('DuitKu getpaymentmethod', () => {
  it.each(SCHEMES)('%s: merchantcode + amount + WIB datetime; fees parsed to integers', async (s) => {
    const f = fake(() => ({
      status: 200,
      body: {
        paymentFee: [
          { paymentMethod: 'BC', paymentName: 'BCA VA', paymentImage: 'https://images.duitku.com/hotlink-ok/BCA.SVG', totalFee: '5000' },
          { paymentMethod: 'SP', paymentName: 'QRIS ShopeePay', paymentImage: '', totalFee: 70 },
        ],
        responseCode: '00',
        responseMessage: 'SUCCESS',
      },
    }));
    const list = await createGateway(duitku({ signatureScheme: s }), f.fetch, { now: () => DATETIME_UTC }).listMethods(AMT);
    const c = only(f.calls);
    expect(c.url).toBe('https://sandbox.duitku.com/webapi/api/merchant/paymentmethod/getpaymentmethod');
    expect(c.body).toEqual({ merchantcode: MC, amount: 10000, datetime: DATETIME, signature: V.methods[headerStyle(s)] });
    expect(list).toEqual([
      { code: 'BC', name: 'BCA VA', fee: 5000, image: 'https://images.duitku.com/hotlink-ok/BCA.SVG' },
      { code: 'SP', name: 'QRIS ShopeePay', fee: 70 },
    ]);
  });

  it('a non-00 responseCode is a rejection', async () => {
    const f = fake(() => ({ status: 200, body: { paymentFee: null, responseCode: '01', responseMessage: 'Merchant not found' } }));
    const e = await gatewayError(createGateway(duitku(), f.fetch).listMethods(AMT));
    expect(e.kind).toBe('rejected');
    expect(e.message).toContain('Merchant not found');
  });
});

describe('DuitKu callback', () => {
  const gw = (s: DuitkuSignatureScheme) => createGateway(duitku({ signatureScheme: s }), fake(() => new Error('no network')).fetch);
  const parse = (s: DuitkuSignatureScheme, body: Buffer, contentType = FORM) => gw(s).parseWebhook({ headers: {}, rawBody: body, contentType });

  it.each(SCHEMES)('%s: accepts the vector signature (also with productDetails plural, charset, uppercase hex)', (s) => {
    expect(parse(s, form(callbackFields(s)))).toMatchObject({ orderId: OID, amount: '10000', gatewayRef: 'D00015HL5BJKRM27MCUS', claimedStatus: 'PAID' });
    const plural = callbackFields(s, { productDetails: 'Tagihan' });
    delete (plural as Partial<Record<string, string>>).productDetail;
    const ev = parse(s, form({ ...plural, signature: V.callback[s].toUpperCase(), resultCode: '01' }), `${FORM}; charset=UTF-8`);
    expect(ev.claimedStatus).toBe('FAILED');
    expect(ev.raw.productDetails).toBe('Tagihan');
  });

  it.each(SCHEMES)('%s: rejects a wrong signature, another scheme\'s signature, a changed amount, and the inquiry order of fields', (s) => {
    const other = SCHEMES.find((x) => x !== s) as DuitkuSignatureScheme;
    expect(rejection(() => parse(s, form(callbackFields(s, { signature: V.callback[other] })))).reason).toBe('bad_signature');
    expect(rejection(() => parse(s, form(callbackFields(s, { signature: V.callback[s].replace(/.$/, (ch) => (ch === '0' ? '1' : '0')) })))).reason).toBe('bad_signature');
    expect(rejection(() => parse(s, form(callbackFields(s, { amount: '100000' })))).reason).toBe('bad_signature');
    expect(rejection(() => parse(s, form(callbackFields(s, { signature: duitkuInquirySignature(s, KEY, MC, OID, AMT) })))).reason).toBe('bad_signature');
    expect(rejection(() => parse(s, form(callbackFields(s, { signature: 'abc' })))).reason).toBe('bad_signature');
  });

  it.each(SCHEMES)('%s: wrong merchantCode → wrong_merchant, even when signed with our key', (s) => {
    const signed = duitkuCallbackSignature(s, KEY, 'D9999', '10000', OID);
    expect(rejection(() => parse(s, form(callbackFields(s, { merchantCode: 'D9999', signature: signed })))).reason).toBe('wrong_merchant');
    expect(rejection(() => parse(s, form(callbackFields(s, { merchantCode: 'D9999' })))).reason).toBe('wrong_merchant');
  });

  it.each(SCHEMES)('%s: malformed bodies are malformed', (s) => {
    const ok = callbackFields(s);
    expect(rejection(() => parse(s, Buffer.from(JSON.stringify(ok)), 'application/json')).reason).toBe('malformed');
    expect(rejection(() => parse(s, Buffer.from(JSON.stringify(ok)))).reason).toBe('malformed');
    expect(rejection(() => parse(s, Buffer.from(''))).reason).toBe('malformed');
    for (const k of ['merchantCode', 'amount', 'merchantOrderId', 'signature']) {
      const f = { ...ok };
      delete (f as Partial<Record<string, string>>)[k];
      expect(rejection(() => parse(s, form(f))).reason).toBe('malformed');
    }
    expect(rejection(() => parse(s, form({ ...ok, amount: '10000.00' }))).reason).toBe('malformed');
  });

  it('ack: 200 text OK for anything recorded, 400 for rejected', () => {
    expect(gw('md5').webhookAck(true)).toEqual({ status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' });
    expect(gw('md5').webhookAck(false).status).toBe(400);
  });
});
