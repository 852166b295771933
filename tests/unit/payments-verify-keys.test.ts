/**
 * "Tes koneksi" for Midtrans Snap and Xendit Invoice (issue 12): `verifyKeys()` of the real adapters, over HTTP
 * (defaultFetch) to the in-repo doubles — right key resolves, wrong key → rejected, double down → unreachable.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, defaultFetch, GatewayError, type GatewayAccount, type HttpFetch, type PaymentGateway } from '../../main/modules/payments/gateways';
import { startMidtransSim, startXenditSim, type MidtransSim, type XenditSim } from '../peers/gateways';

const account = (gateway: 'midtrans' | 'xendit', apiKey: string, baseUrl: string): GatewayAccount => ({
  gateway,
  env: 'sandbox',
  merchantCode: '',
  apiKey,
  secondaryKey: '',
  signatureScheme: 'hmac-sha256',
  flavour: 'v2',
  baseUrl,
});
const basic = (user: string): string => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;

/** The GatewayError verifyKeys threw (fails the test when it resolved or threw something else). */
async function failure(gw: PaymentGateway): Promise<GatewayError> {
  if (!gw.verifyKeys) throw new Error(`${gw.name} has no verifyKeys`);
  const e = await gw.verifyKeys().then(
    () => new Error('verifyKeys resolved'),
    (x: unknown) => x,
  );
  if (e instanceof GatewayError) return e;
  throw e;
}

describe('Midtrans verifyKeys (Core API status of a made-up order)', () => {
  let m: MidtransSim;
  const gw = (key: string, base = m.baseUrl): PaymentGateway => createGateway(account('midtrans', key, base), defaultFetch());
  beforeAll(async () => {
    m = await startMidtransSim({ webhooks: false });
  });
  afterEach(async () => {
    m.statusCodeInBodyOnly = false;
    await m.faults.reset();
  });
  afterAll(async () => {
    await m.close();
  });

  it('the right server key resolves: one GET of an unknown order, answered 404 "Transaction doesn\'t exist."', async () => {
    const before = m.requests().length;
    await expect(gw(m.serverKey).verifyKeys?.()).resolves.toBeUndefined();
    const seen = m.requests().slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', status: 404, body: '' });
    expect(seen[0]?.path).toMatch(/^\/v2\/mb-keycheck-[0-9a-f]{16}\/status$/);
    expect(seen[0]?.headers.authorization).toBe(basic(m.serverKey));
    expect(m.transactions()).toHaveLength(0); // read-only
    // A fresh made-up id each time (never an order someone could create).
    await gw(m.serverKey).verifyKeys?.();
    expect(m.requests().at(-1)?.path).not.toBe(seen[0]?.path);
  });

  it('a wrong server key is rejected (401, Midtrans\' message, the environment named)', async () => {
    const e = await failure(gw('SB-Mid-server-WRONG'));
    expect(e).toMatchObject({ kind: 'rejected', httpStatus: 401 });
    expect(e.message).toContain('Access denied due to unauthorized transaction');
    expect(e.message).toContain('sandbox');
  });

  it('the same verdicts when the Core API puts the code only in the body (HTTP 200)', async () => {
    m.statusCodeInBodyOnly = true;
    const before = m.requests().length;
    await expect(gw(m.serverKey).verifyKeys?.()).resolves.toBeUndefined();
    expect(m.requests()[before]?.status).toBe(200);
    expect(await failure(gw('SB-Mid-server-WRONG'))).toMatchObject({ kind: 'rejected', httpStatus: 401 });
  });

  it('an empty key is rejected without a call', async () => {
    const before = m.requests().length;
    expect(await failure(gw('  '))).toMatchObject({ kind: 'rejected' });
    expect(m.requests()).toHaveLength(before);
  });

  it('the double down (refused, 500, rate-limited) → unreachable; back up → resolves', async () => {
    await m.faults.down('refuse');
    expect(await failure(gw(m.serverKey))).toMatchObject({ kind: 'unreachable' });
    await m.faults.down('500');
    expect(await failure(gw(m.serverKey))).toMatchObject({ kind: 'unreachable', httpStatus: 500 });
    await m.faults.up();
    m.faults.rateLimit({ times: 1 });
    expect(await failure(gw(m.serverKey))).toMatchObject({ kind: 'unreachable', httpStatus: 429 });
    await expect(gw(m.serverKey).verifyKeys?.()).resolves.toBeUndefined();
  });

  it('a 404 that is not Midtrans\' answer (wrong base URL) proves nothing: protocol error', async () => {
    expect(await failure(gw(m.serverKey, `${m.baseUrl}/elsewhere`))).toMatchObject({ kind: 'protocol' });
  });
});

describe('Xendit verifyKeys (invoice list filtered by a made-up external_id)', () => {
  let x: XenditSim;
  const RESTRICTED = 'xnd_development_NO_INVOICE_PERMISSION';
  const gw = (key: string, base = x.baseUrl): PaymentGateway => createGateway(account('xendit', key, base), defaultFetch());
  beforeAll(async () => {
    x = await startXenditSim({ webhooks: false, restrictedKey: RESTRICTED });
  });
  afterEach(async () => {
    await x.faults.reset();
  });
  afterAll(async () => {
    await x.close();
  });

  it('the right secret key resolves: one GET /v2/invoices?external_id=…&limit=1, answered 200 []', async () => {
    const before = x.requests().length;
    await expect(gw(x.secretKey).verifyKeys?.()).resolves.toBeUndefined();
    const seen = x.requests().slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/v2/invoices', status: 200, body: '', query: { limit: '1' } });
    expect(seen[0]?.query.external_id).toMatch(/^mb-keycheck-[0-9a-f]{16}$/);
    expect(seen[0]?.headers.authorization).toBe(basic(x.secretKey));
    expect(x.invoices()).toHaveLength(0); // read-only
  });

  it('a wrong secret key is rejected (401 INVALID_API_KEY)', async () => {
    const e = await failure(gw('xnd_development_WRONG'));
    expect(e).toMatchObject({ kind: 'rejected', httpStatus: 401 });
    expect(e.message).toContain('API key is invalid');
  });

  it('a key without the Invoice permission is rejected (403)', async () => {
    expect(await failure(gw(RESTRICTED))).toMatchObject({ kind: 'rejected', httpStatus: 403 });
  });

  it('an empty key is rejected without a call', async () => {
    const before = x.requests().length;
    expect(await failure(gw(''))).toMatchObject({ kind: 'rejected' });
    expect(x.requests()).toHaveLength(before);
  });

  it('the double down (refused, 500, rate-limited) → unreachable; back up → resolves', async () => {
    await x.faults.down('refuse');
    expect(await failure(gw(x.secretKey))).toMatchObject({ kind: 'unreachable' });
    await x.faults.down('500');
    expect(await failure(gw(x.secretKey))).toMatchObject({ kind: 'unreachable', httpStatus: 500 });
    await x.faults.up();
    x.faults.rateLimit({ times: 1 });
    expect(await failure(gw(x.secretKey))).toMatchObject({ kind: 'unreachable', httpStatus: 429 });
    await expect(gw(x.secretKey).verifyKeys?.()).resolves.toBeUndefined();
  });

  it('a 404 from a wrong base URL is not an answer about the key: protocol error', async () => {
    expect(await failure(gw(x.secretKey, `${x.baseUrl}/elsewhere`))).toMatchObject({ kind: 'protocol', httpStatus: 404 });
  });

  it('the double lists newest first and honours limit (what getStatus and the key check rely on)', async () => {
    const auth = { Authorization: basic(x.secretKey), 'Content-Type': 'application/json' };
    for (const amount of [1_000, 2_000]) await fetch(`${x.baseUrl}/v2/invoices`, { method: 'POST', headers: auth, body: JSON.stringify({ external_id: 'INV-LIST', amount }) });
    const list = async (q: string) => (await (await fetch(`${x.baseUrl}/v2/invoices?${q}`, { headers: auth })).json()) as { amount: number }[];
    expect((await list('external_id=INV-LIST')).map((i) => i.amount)).toEqual([2_000, 1_000]);
    expect((await list('external_id=INV-LIST&limit=1')).map((i) => i.amount)).toEqual([2_000]);
    expect(await list('external_id=nobody&limit=1')).toEqual([]);
    expect((await createGateway(account('xendit', x.secretKey, x.baseUrl), defaultFetch()).getStatus('INV-LIST')).amount).toBe(2_000);
    await expect(gw(x.secretKey).verifyKeys?.()).resolves.toBeUndefined(); // a non-empty account changes nothing
  });
});

describe('verifyKeys on the real hosts (§14, §15; recorded, no network)', () => {
  it('Midtrans: api.sandbox / api host by env, Basic key:; Xendit: api.xendit.co for both', async () => {
    const urls: string[] = [];
    const auths: string[] = [];
    const fetch: HttpFetch = async (url, init) => {
      urls.push(url);
      auths.push(init.headers.Authorization ?? '');
      return url.includes('midtrans') ? { status: 404, text: JSON.stringify({ status_code: '404', status_message: "Transaction doesn't exist." }) } : { status: 200, text: '[]' };
    };
    for (const env of ['sandbox', 'production'] as const) {
      await createGateway({ ...account('midtrans', 'Mid-server-KEY', ''), env, baseUrl: null }, fetch).verifyKeys?.();
      await createGateway({ ...account('xendit', 'xnd_production_KEY', ''), env, baseUrl: null }, fetch).verifyKeys?.();
    }
    expect(urls.map((u) => u.replace(/mb-keycheck-[0-9a-f]{16}/, 'ID'))).toEqual([
      'https://api.sandbox.midtrans.com/v2/ID/status',
      'https://api.xendit.co/v2/invoices?external_id=ID&limit=1',
      'https://api.midtrans.com/v2/ID/status',
      'https://api.xendit.co/v2/invoices?external_id=ID&limit=1',
    ]);
    expect(auths).toEqual([basic('Mid-server-KEY'), basic('xnd_production_KEY'), basic('Mid-server-KEY'), basic('xnd_production_KEY')]);
  });
});
