/**
 * The DuitKu sandbox double (tests/peers/duitku-sim) driven with raw HTTP and node:crypto only, so it is checked
 * against the reference (shared/reference/payments.md §4, §5, §6, §8, §12) and not against our adapter.
 */
import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sign, startDuitkuSim, type DuitkuScheme, type DuitkuSim } from '../peers/duitku-sim';
import { startWebhookReceiver, type WebhookReceiver } from '../peers/gateways/receiver';
import { waitFor } from '../support/poll';

const md5 = (s: string) => crypto.createHash('md5').update(s, 'utf8').digest('hex');
const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (s: string, k: string) => crypto.createHmac('sha256', k).update(s, 'utf8').digest('hex');

/** The reference's formula (§4.1) for "inquiry / status / callback" calls. */
function refSign(scheme: DuitkuScheme, str: string, key: string): string {
  if (scheme === 'hmac-sha256') return hmac(str, key);
  return scheme === 'sha256' ? sha256(str + key) : md5(str + key);
}

const MERCHANTS = [
  { code: 'DH001', apiKey: 'key-hmac-0001', scheme: 'hmac-sha256' as const },
  { code: 'DS001', apiKey: 'key-sha-0001', scheme: 'sha256' as const },
  { code: 'DM001', apiKey: 'key-md5-0001', scheme: 'md5' as const },
];
const [H, S, M] = MERCHANTS as [typeof MERCHANTS[0], typeof MERCHANTS[1], typeof MERCHANTS[2]];

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

let sim: DuitkuSim;
let rx: WebhookReceiver;
let seq = 0;
const newOrderId = () => `INV-${Date.now()}-${++seq}`;

function inquiryBody(m: (typeof MERCHANTS)[number], over: Record<string, unknown> = {}) {
  const merchantOrderId = (over.merchantOrderId as string | undefined) ?? newOrderId();
  const paymentAmount = (over.paymentAmount as number | undefined) ?? 150_000;
  return {
    merchantCode: m.code,
    paymentAmount,
    paymentMethod: 'BC',
    merchantOrderId,
    productDetails: 'Paket 10 Mbps Juli',
    email: 'budi@example.com',
    customerVaName: 'Budi',
    callbackUrl: rx.url,
    returnUrl: 'http://127.0.0.1:1/return',
    signature: refSign(m.scheme, `${m.code}${merchantOrderId}${paymentAmount}`, m.apiKey),
    ...(m.scheme === 'sha256' ? { hashAlgorithm: 'sha256' } : {}),
    ...over,
  };
}

async function inquiry(m: (typeof MERCHANTS)[number], over: Record<string, unknown> = {}) {
  const body = inquiryBody(m, over);
  const res = await post(`${sim.baseUrl}/webapi/api/merchant/v2/inquiry`, body);
  return { ...res, orderId: body.merchantOrderId };
}

async function status(m: (typeof MERCHANTS)[number], orderId: string, path = '/webapi/api/merchant/transactionStatus') {
  return post(`${sim.baseUrl}${path}`, { merchantCode: m.code, merchantOrderId: orderId, signature: refSign(m.scheme, `${m.code}${orderId}`, m.apiKey) });
}

beforeAll(async () => {
  rx = await startWebhookReceiver();
  sim = await startDuitkuSim({ merchants: MERCHANTS, callbackBackoffMs: 2 });
});
afterAll(async () => {
  await sim.close();
  await rx.close();
});
afterEach(async () => {
  await sim.callbacksIdle();
  await sim.faults.reset();
  sim.callbacksEnabled = true;
  rx.answer(200);
});

describe('signing (reference §12)', () => {
  const KEY = '732B39FC61796845775D2C4FB05332AF';
  it('reproduces the official SDK callback vector §12.1 through the double’s signing function', () => {
    expect(sign('md5', 'callback', { merchantCode: 'D0001', amount: '10000', merchantOrderId: '12345' }, KEY)).toBe('4104f20a70c933113c66c004fe25a9f1');
  });

  it('reproduces every computed vector of §12.2', () => {
    const f = { merchantCode: 'D0001', merchantOrderId: '12345', paymentAmount: '10000', amount: '10000', datetime: '2022-01-25 16:23:08', timestamp: '1629219840000' };
    expect(['md5', 'sha256', 'hmac-sha256'].map((s) => sign(s as DuitkuScheme, 'inquiry', f, KEY))).toEqual([
      '03d84db1c33fe8a0deb2dd13b054ff27', 'ec43c7b72726df4c42b8d9accbdd8b882cf6b321f96b510b0b0f93f760600938', '278a0223242821435497597b516078668aee6761fe5064496c358918ff97a4ed']);
    expect(['md5', 'sha256', 'hmac-sha256'].map((s) => sign(s as DuitkuScheme, 'callback', f, KEY))).toEqual([
      '4104f20a70c933113c66c004fe25a9f1', '9b4a444149a124da03e2e89817fb26b7ed9935debb19e870c8c7f76a007187bb', '76ee14f3182810c35bd6581dc53905483e5922f8fab7a0cc14cd576ad1169908']);
    expect(['md5', 'sha256', 'hmac-sha256'].map((s) => sign(s as DuitkuScheme, 'transactionStatus', f, KEY))).toEqual([
      '6620b1f50d9bb82fc3d5f550d258c4c5', '482ef483507f9186a9aae31d9d073f2bfcf9625067655d9c7441411d36598d1e', '533a0e3db8c9526fdd92d2ee053616a1d987119b4d49db0332ffc0ad7ffc18ad']);
    // getpaymentmethod and the POP header never used MD5: legacy = plain SHA-256.
    expect(['md5', 'sha256', 'hmac-sha256'].map((s) => sign(s as DuitkuScheme, 'getpaymentmethod', f, KEY))).toEqual([
      'a6df3505377f410e79db4379be6a0ba5fc99c539f83b817f4877b8b61f37750e', 'a6df3505377f410e79db4379be6a0ba5fc99c539f83b817f4877b8b61f37750e', '2d2312172b38ee853ff91fe1367af588c6127bf7f3a0ce9eb56a26cc2ef29245']);
    expect(sign('hmac-sha256', 'popHeader', f, KEY)).toBe('849561ecb4e4b779c0e6434defebca3d528ebad70b2c13f9253839f50ad91794');
    expect(sign('sha256', 'popHeader', f, KEY)).toBe('54156e93ce5bb664d2166de96d01b140955d41bbd9d1d2d8115a5f7fa29ef00e');
  });
});

describe('V2 inquiry', () => {
  it.each(MERCHANTS)('accepts a correctly signed inquiry ($scheme) and refuses a wrong signature with 401', async (m) => {
    const ok = await inquiry(m);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ merchantCode: m.code, statusCode: '00', statusMessage: 'SUCCESS', amount: '150000' });
    expect(ok.json.reference).toMatch(new RegExp(`^${m.code}[0-9A-Z]{15}$`));
    expect(ok.json.vaNumber).toMatch(/^\d{10,20}$/);
    expect(ok.json.paymentUrl).toContain(`${sim.baseUrl}/topup/topupdirectv2.aspx?ref=`);

    const bad = await inquiry(m, { signature: refSign(m.scheme, `${m.code}x150000`, m.apiKey) });
    expect(bad.status).toBe(401);
    // Signed with another scheme than the merchant's: refused too.
    const other: DuitkuScheme = m.scheme === 'md5' ? 'hmac-sha256' : 'md5';
    const orderId = newOrderId();
    const wrongScheme = await inquiry(m, { merchantOrderId: orderId, signature: refSign(other, `${m.code}${orderId}150000`, m.apiKey) });
    expect(wrongScheme.status).toBe(401);
  });

  it('interim scheme: SHA-256 without hashAlgorithm is refused (§1, §3)', async () => {
    const body = inquiryBody(S);
    delete (body as Record<string, unknown>).hashAlgorithm;
    expect((await post(`${sim.baseUrl}/webapi/api/merchant/v2/inquiry`, body)).status).toBe(401);
  });

  it('answers bad input with 400 and Message, and wants JSON', async () => {
    const noEmail = await inquiry(H, { email: '' });
    expect(noEmail).toMatchObject({ status: 400, json: { Message: expect.stringContaining('email') } });
    const orderId = newOrderId();
    const decimal = await inquiry(H, { merchantOrderId: orderId, paymentAmount: '150000.00', signature: hmac(`${H.code}${orderId}150000.00`, H.apiKey) });
    expect(decimal.status).toBe(400);
    const res = await fetch(`${sim.baseUrl}/webapi/api/merchant/v2/inquiry`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'merchantCode=DH001' });
    expect(res.status).toBe(415);
    const items = await inquiry(H, { itemDetails: [{ name: 'Paket', price: 100_000, quantity: 1 }] });
    expect(items.status).toBe(409);
    const itemsOk = await inquiry(H, { itemDetails: [{ name: 'Paket', price: 150_000, quantity: 1 }] });
    expect(itemsOk.status).toBe(200);
    const qrisTooLong = await inquiry(H, { paymentMethod: 'SP', expiryPeriod: 120 });
    expect(qrisTooLong.status).toBe(400);
  });

  it('reused order id: same amount while pending = same reference; other amount = 400; after it ended = 400', async () => {
    const first = await inquiry(H);
    const again = await inquiry(H, { merchantOrderId: first.orderId });
    expect(again.status).toBe(200);
    expect(again.json.reference).toBe(first.json.reference);
    const other = await inquiry(H, { merchantOrderId: first.orderId, paymentAmount: 160_000, signature: hmac(`${H.code}${first.orderId}160000`, H.apiKey) });
    expect(other).toMatchObject({ status: 400, json: { Message: 'Amount is different please try again later.' } });
    sim.callbacksEnabled = false;
    sim.pay(first.orderId);
    expect((await inquiry(H, { merchantOrderId: first.orderId })).status).toBe(400);
  });

  it('a second inquiry for an order still being processed gets 409 (400 when its amount differs)', async () => {
    sim.faults.latencyMs = 150;
    const orderId = newOrderId();
    const a = inquiry(H, { merchantOrderId: orderId });
    await waitFor(() => sim.transactions().some((t) => t.merchantOrderId === orderId));
    const b = inquiry(H, { merchantOrderId: orderId });
    const c = inquiry(H, { merchantOrderId: orderId, paymentAmount: 1_000_000, signature: hmac(`${H.code}${orderId}1000000`, H.apiKey) });
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(ra.status).toBe(200);
    expect(rb).toMatchObject({ status: 409, json: { Message: 'The transaction is still in progress.' } });
    expect(rc).toMatchObject({ status: 400, json: { Message: 'Amount is different please try again later.' } });
  });

  it('QRIS answers a qrString; the request log holds every round trip', async () => {
    sim.state.advanceClock(0);
    const before = sim.requests().length;
    const q = await inquiry(H, { paymentMethod: 'SP' });
    expect(q.json.qrString).toMatch(/^000201/);
    expect(q.json.vaNumber).toBe('');
    const log = sim.requests().slice(before);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: 'POST', path: '/webapi/api/merchant/v2/inquiry', status: 200 });
    expect(JSON.parse(log[0]!.body)).toMatchObject({ merchantOrderId: q.orderId, paymentMethod: 'SP' });
  });
});

describe('transactionStatus', () => {
  it('01 pending, 00 after pay, 02 after fail, 02 after expire and after the clock passes expiry', async () => {
    sim.callbacksEnabled = false;
    const [paid, failed, expired, lapsed] = [await inquiry(M), await inquiry(M), await inquiry(M), await inquiry(M, { expiryPeriod: 60 })];
    expect((await status(M, paid.orderId)).json).toMatchObject({ merchantOrderId: paid.orderId, reference: paid.json.reference, amount: '150000', statusCode: '01' });
    sim.pay(paid.orderId);
    sim.fail(failed.orderId);
    sim.expire(expired.orderId);
    expect((await status(M, paid.orderId)).json).toMatchObject({ statusCode: '00', statusMessage: 'SUCCESS' });
    expect((await status(M, failed.orderId)).json).toMatchObject({ statusCode: '02' });
    expect((await status(M, expired.orderId)).json).toMatchObject({ statusCode: '02' });
    expect((await status(M, lapsed.orderId)).json).toMatchObject({ statusCode: '01' });
    sim.advanceClock(61 * 60_000);
    expect((await status(M, lapsed.orderId)).json).toMatchObject({ statusCode: '02' });
    expect(sim.transaction(lapsed.orderId).endedAs).toBe('expired');
    // A paid one stays paid whatever the clock says.
    expect((await status(M, paid.orderId)).json).toMatchObject({ statusCode: '00' });
  });

  it('refuses a wrong signature (401), answers an unknown order with 404, and the POP path answers too', async () => {
    const t = await inquiry(H);
    const bad = await post(`${sim.baseUrl}/webapi/api/merchant/transactionStatus`, { merchantCode: H.code, merchantOrderId: t.orderId, signature: md5(`${H.code}${t.orderId}${H.apiKey}`) });
    expect(bad.status).toBe(401);
    expect((await status(H, 'no-such-order')).status).toBe(404);
    expect((await status(H, t.orderId, '/api/merchant/transactionStatus')).json).toMatchObject({ statusCode: '01' });
  });
});

describe('getpaymentmethod', () => {
  const dt = '2026-07-01 10:00:00';
  it('lists the channels that fit the amount with their fee, signed per scheme (merchantcode or merchantCode)', async () => {
    const url = `${sim.baseUrl}/webapi/api/merchant/paymentmethod/getpaymentmethod`;
    const hm = await post(url, { merchantcode: H.code, amount: 100_000, datetime: dt, signature: hmac(`${H.code}100000${dt}`, H.apiKey) });
    expect(hm.status).toBe(200);
    expect(hm.json).toMatchObject({ responseCode: '00', responseMessage: 'SUCCESS' });
    const fees = hm.json.paymentFee as { paymentMethod: string; paymentName: string; paymentImage: string; totalFee: string }[];
    expect(fees.find((f) => f.paymentMethod === 'BC')).toMatchObject({ paymentName: 'BCA VA', totalFee: '5000' });
    expect(fees.find((f) => f.paymentMethod === 'SP')?.totalFee).toBe('700');
    // Legacy merchants sign getpaymentmethod with plain SHA-256 (never MD5), with the SDK's merchantCode spelling.
    const legacy = await post(url, { merchantCode: M.code, amount: 5_000, datetime: dt, signature: sha256(`${M.code}5000${dt}${M.apiKey}`) });
    expect(legacy.status).toBe(200);
    const small = (legacy.json.paymentFee as { paymentMethod: string }[]).map((f) => f.paymentMethod);
    expect(small).toContain('SP');
    expect(small).not.toContain('BC');
    expect((await post(url, { merchantCode: M.code, amount: 5_000, datetime: dt, signature: md5(`${M.code}5000${dt}${M.apiKey}`) })).status).toBe(401);
    expect((await post(url, { merchantcode: H.code, amount: 100_000, datetime: '2026-07-01T10:00:00', signature: hmac(`${H.code}100000${dt}`, H.apiKey) })).status).toBe(400);
  });
});

describe('POP createInvoice', () => {
  const popBody = (orderId: string) => ({ paymentAmount: 50_000, merchantOrderId: orderId, productDetails: 'Voucher', email: 'a@b.co', callbackUrl: rx.url, returnUrl: 'http://127.0.0.1:1/r' });
  it('authenticates by x-duitku-* headers (epoch ms) and answers reference + paymentUrl', async () => {
    const url = `${sim.baseUrl}/api/merchant/createInvoice`;
    const ts = String(Date.now());
    const orderId = newOrderId();
    const ok = await post(url, popBody(orderId), { 'x-duitku-merchantcode': H.code, 'x-duitku-timestamp': ts, 'x-duitku-signature': hmac(`${H.code}${ts}`, H.apiKey) });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ merchantCode: H.code, statusCode: '00', statusMessage: 'SUCCESS' });
    expect(ok.json.paymentUrl).toBe(`${sim.baseUrl}/redirect_checkout?reference=${String(ok.json.reference)}`);
    expect(sim.transaction(orderId).paymentMethod).toBeNull();

    const tsM = String(Date.now());
    expect((await post(url, popBody(newOrderId()), { 'x-duitku-merchantcode': M.code, 'x-duitku-timestamp': tsM, 'x-duitku-signature': sha256(`${M.code}${tsM}${M.apiKey}`) })).status).toBe(200);
    expect((await post(url, popBody(newOrderId()), { 'x-duitku-merchantcode': H.code, 'x-duitku-timestamp': ts, 'x-duitku-signature': hmac(`${H.code}${ts}`, 'wrong') })).status).toBe(401);
    const secs = String(Math.floor(Date.now() / 1000));
    expect((await post(url, popBody(newOrderId()), { 'x-duitku-merchantcode': H.code, 'x-duitku-timestamp': secs, 'x-duitku-signature': hmac(`${H.code}${secs}`, H.apiKey) })).status).toBe(401);
    expect((await post(url, popBody(newOrderId()))).status).toBe(401);
  });
});

describe('callbacks', () => {
  it('pay sends a form-urlencoded callback with the §6.2 fields and a valid signature (each scheme)', async () => {
    for (const m of MERCHANTS) {
      const t = await inquiry(m);
      const before = rx.received().length;
      sim.pay(t.orderId);
      const got = await waitFor(() => rx.received().slice(before).find((r) => r.rawBody.includes(t.orderId)));
      expect(got.contentType).toBe('application/x-www-form-urlencoded');
      const f = Object.fromEntries(new URLSearchParams(got.rawBody));
      expect(f).toMatchObject({ merchantCode: m.code, amount: '150000', merchantOrderId: t.orderId, resultCode: '00', paymentCode: 'BC', reference: t.json.reference, productDetail: 'Paket 10 Mbps Juli' });
      expect(f.publisherOrderId).toBeTruthy();
      expect(f.settlementDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // The callback row: merchantCode + amount + merchantOrderId.
      expect(f.signature).toBe(refSign(m.scheme, `${f.merchantCode}${f.amount}${f.merchantOrderId}`, m.apiKey));
    }
  });

  it('retries until the receiver answers 200, at most 5 attempts', async () => {
    const t = await inquiry(H);
    rx.answer([500, 503, 404], 200);
    const d = sim.pay(t.orderId)!;
    await d.done;
    expect(d.attempts.map((a) => a.status)).toEqual([500, 503, 404, 200]);
    expect(d.ok).toBe(true);
    expect(rx.received().filter((r) => r.rawBody.includes(t.orderId))).toHaveLength(4);

    const u = await inquiry(H);
    rx.answer(500);
    const never = sim.pay(u.orderId)!;
    await never.done;
    expect(never.ok).toBe(false);
    expect(never.attempts).toHaveLength(5);
    expect(rx.received().filter((r) => r.rawBody.includes(u.orderId))).toHaveLength(5);

    rx.answer(200);
    const again = sim.resendCallback(u.orderId)!;
    await again.done;
    expect(again.attempts.map((a) => a.status)).toEqual([200]);
  });

  it('an unreachable receiver counts as a failed attempt', async () => {
    const t = await inquiry(H, { callbackUrl: 'http://127.0.0.1:1/callback' });
    const d = sim.pay(t.orderId)!;
    await d.done;
    expect(d.attempts).toHaveLength(5);
    expect(d.attempts.every((a) => a.status === null && a.error)).toBe(true);
  });

  it('forged callbacks: wrong key, other amount re-signed, unknown order, fixed signature', async () => {
    const t = await inquiry(H);
    sim.callbacksEnabled = true;
    const fields = (r: { rawBody: string }) => Object.fromEntries(new URLSearchParams(r.rawBody));
    const valid = (f: Record<string, string>) => f.signature === hmac(`${f.merchantCode}${f.amount}${f.merchantOrderId}`, H.apiKey);

    const n = rx.received().length;
    await sim.sendCallback(t.orderId, { signWith: { apiKey: 'not-the-key' } })!.done;
    await sim.sendCallback(t.orderId, { fields: { amount: '1' } })!.done;
    await sim.sendCallback(t.orderId, { fields: { merchantOrderId: 'NOPE-1' } })!.done;
    await sim.sendCallback(t.orderId, { signature: 'deadbeef' })!.done;
    const got = rx.received().slice(n).map(fields);
    expect(got.map(valid)).toEqual([false, true, true, false]);
    expect(got[0]).toMatchObject({ merchantOrderId: t.orderId, resultCode: '00' });
    expect(got[1]?.amount).toBe('1');
    expect(got[2]?.merchantOrderId).toBe('NOPE-1');
    // A forged "paid" callback does not pay anything.
    expect((await status(H, t.orderId)).json.statusCode).toBe('01');
  });

  it('fail sends a failure callback (resultCode 01); expire sends none', async () => {
    const f = await inquiry(H);
    const e = await inquiry(H);
    await sim.fail(f.orderId)!.done;
    sim.expire(e.orderId);
    expect(sim.callbacks(e.orderId)).toEqual([]);
    const got = rx.received().filter((r) => r.rawBody.includes(f.orderId)).map((r) => Object.fromEntries(new URLSearchParams(r.rawBody)));
    expect(got).toHaveLength(1);
    expect(got[0]?.resultCode).toBe('01');
  });

  it('callbacks off (no public address): nothing is sent; switching on and resending delivers exactly one', async () => {
    const t = await inquiry(H);
    sim.callbacksEnabled = false;
    expect(sim.pay(t.orderId)).toBeNull();
    expect(sim.callbacks(t.orderId)).toEqual([]);
    sim.callbacksEnabled = true;
    await sim.resendCallback(t.orderId)!.done;
    expect(rx.received().filter((r) => r.rawBody.includes(t.orderId))).toHaveLength(1);
  });
});

describe('pay page', () => {
  it('GET shows the amount and a Bayar form; POST pays and redirects to returnUrl', async () => {
    sim.callbacksEnabled = false;
    const t2 = await inquiry(H, { paymentAmount: 75_000 });
    const page = await fetch(String(t2.json.paymentUrl));
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(text).toContain('Rp 75.000');
    expect(text).toContain('Bayar');
    const paid = await fetch(String(t2.json.paymentUrl), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get('location') ?? '');
    expect(back.searchParams.get('merchantOrderId')).toBe(t2.orderId);
    expect(back.searchParams.get('resultCode')).toBe('00');
    expect((await status(H, t2.orderId)).json.statusCode).toBe('00');
  });
});

describe('faults', () => {
  it('down (refused), down (500), rate limit (429), and back up on the same port', async () => {
    await sim.faults.down('refuse');
    await expect(status(H, 'x')).rejects.toThrow();
    await sim.faults.up();
    expect((await status(H, 'x')).status).toBe(404);
    await sim.faults.down('500');
    expect((await status(H, 'x')).status).toBe(500);
    await sim.faults.up();
    sim.faults.rateLimit({ times: 1 });
    expect((await status(H, 'x')).status).toBe(429);
    expect((await status(H, 'x')).status).toBe(404);
  });
});
