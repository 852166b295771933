/**
 * Tripay double (payments reference §13): closed-payment create, detail, and the callback signed with
 * X-Callback-Signature = HMAC_SHA256(raw body, privateKey). Paths are accepted bare (`/transaction/create`) or
 * under the real prefixes (`/api-sandbox/…`, `/api/…`), so an adapter may use `${baseUrl}/api-sandbox/` or not.
 */
import crypto from 'node:crypto';
import { json, html, PeerServer, WebhookSender, type Delivery, type LoggedRequest, type PeerFaults, type PeerReply, type PeerRequest } from './peer-http';

export type TripayStatus = 'UNPAID' | 'PAID' | 'EXPIRED' | 'FAILED' | 'REFUND';

export interface TripayTransaction {
  reference: string;
  merchantRef: string;
  method: string;
  amount: number;
  customerName: string;
  customerEmail: string;
  callbackUrl: string | null;
  returnUrl: string;
  checkoutUrl: string;
  payCode: string;
  status: TripayStatus;
  expiredTime: number;
  paidAt: number | null;
  request: Record<string, unknown>;
}

export interface TripaySimOptions {
  port?: number;
  host?: string;
  merchantCode?: string;
  apiKey?: string;
  privateKey?: string;
  /** Callback URL from the dashboard (a create's `callback_url` wins). */
  callbackUrl?: string;
  webhooks?: boolean;
  webhookBackoffMs?: number | ((attempt: number) => number);
  webhookMaxAttempts?: number;
}

export interface WebhookOverrides {
  /** Body fields to change (null removes). */
  fields?: Record<string, unknown>;
  /** Send this exact raw body (the signature is still computed over it unless `signature` is given). */
  rawBody?: string;
  /** Sign with another key (a forgery). */
  signWithKey?: string;
  /** Send this signature/token as is. */
  signature?: string;
  url?: string;
}

export interface TripaySim {
  readonly baseUrl: string;
  readonly faults: PeerFaults;
  readonly merchantCode: string;
  readonly apiKey: string;
  readonly privateKey: string;
  webhooksEnabled: boolean;
  callbackUrl: string | null;
  pay(refOrMerchantRef: string): Delivery | null;
  expire(refOrMerchantRef: string): Delivery | null;
  fail(refOrMerchantRef: string): Delivery | null;
  sendWebhook(refOrMerchantRef: string, o?: WebhookOverrides): Delivery | null;
  webhooks(merchantRef?: string): Delivery[];
  webhooksIdle(): Promise<void>;
  transactions(): TripayTransaction[];
  transaction(refOrMerchantRef: string): TripayTransaction;
  requests(): LoggedRequest[];
  close(): Promise<void>;
}

const hmac = (s: string, k: string): string => crypto.createHmac('sha256', k).update(s, 'utf8').digest('hex');
const same = (a: string, b: string | undefined): boolean => b !== undefined && a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
const fail = (status: number, message: string): PeerReply => json(status, { success: false, message });

export async function startTripaySim(opts: TripaySimOptions = {}): Promise<TripaySim> {
  const merchantCode = opts.merchantCode ?? 'T0001';
  const apiKey = opts.apiKey ?? 'DEV-tripay-api-key';
  const privateKey = opts.privateKey ?? 'private-key-example';
  const txs: TripayTransaction[] = [];
  let callbackUrl: string | null = opts.callbackUrl ?? null;
  const sender = new WebhookSender({
    maxAttempts: opts.webhookMaxAttempts ?? 5,
    ...(opts.webhookBackoffMs !== undefined ? { backoffMs: opts.webhookBackoffMs } : {}),
    isAck: (status, body) => status === 200 && /"success"\s*:\s*true/.test(body),
  });
  sender.enabled = opts.webhooks ?? true;
  // eslint-disable-next-line prefer-const -- assigned once listening
  let server: PeerServer;

  const find = (id: string): TripayTransaction => {
    const tx = txs.find((t) => t.reference === id || t.merchantRef === id);
    if (!tx) throw new Error(`tripay-sim: no transaction ${id}`);
    if (tx.status === 'UNPAID' && Date.now() / 1000 >= tx.expiredTime) tx.status = 'EXPIRED';
    return tx;
  };
  const view = (t: TripayTransaction) => ({
    reference: t.reference,
    merchant_ref: t.merchantRef,
    payment_selection_type: 'static',
    payment_method: t.method,
    payment_name: t.method,
    customer_name: t.customerName,
    customer_email: t.customerEmail,
    amount: t.amount,
    fee_merchant: 0,
    fee_customer: 0,
    total_fee: 0,
    amount_received: t.amount,
    pay_code: t.payCode,
    checkout_url: t.checkoutUrl,
    status: t.status,
    expired_time: t.expiredTime,
    paid_at: t.paidAt,
  });

  const webhook = (t: TripayTransaction, o: WebhookOverrides = {}): Delivery | null => {
    const body: Record<string, unknown> = {
      reference: t.reference,
      merchant_ref: t.merchantRef,
      payment_method: t.method,
      payment_method_code: t.method,
      total_amount: t.amount,
      fee_merchant: 0,
      fee_customer: 0,
      total_fee: 0,
      amount_received: t.amount,
      is_closed_payment: 1,
      status: t.status,
      paid_at: t.paidAt,
      note: null,
    };
    for (const [k, v] of Object.entries(o.fields ?? {})) {
      if (v === null) delete body[k];
      else body[k] = v;
    }
    const raw = o.rawBody ?? JSON.stringify(body);
    const signature = o.signature ?? hmac(raw, o.signWithKey ?? privateKey);
    return sender.send(t.merchantRef, o.url ?? t.callbackUrl ?? callbackUrl, raw, { 'Content-Type': 'application/json', 'X-Callback-Event': 'payment_status', 'X-Callback-Signature': signature });
  };
  const settle = (id: string, status: TripayStatus): Delivery | null => {
    const t = find(id);
    if (t.status !== 'UNPAID') throw new Error(`tripay-sim: ${id} is ${t.status}`);
    t.status = status;
    if (status === 'PAID') t.paidAt = Math.floor(Date.now() / 1000);
    if (status === 'EXPIRED') t.expiredTime = Math.floor(Date.now() / 1000);
    return webhook(t);
  };

  const handler = (req: PeerRequest): PeerReply => {
    const path = req.path.replace(/^\/(api-sandbox|api)(?=\/)/, '');
    if (path.startsWith('/checkout/')) {
      const t = txs.find((x) => x.reference === path.slice('/checkout/'.length));
      if (!t) return html(404, '<p>Transaksi tidak ditemukan</p>');
      if (req.method === 'POST' && t.status === 'UNPAID') {
        settle(t.reference, 'PAID');
        return { status: 303, body: '', headers: { Location: t.returnUrl } };
      }
      return html(200, `<!doctype html><title>Tripay</title><h1>Tripay Sandbox</h1><p>${t.merchantRef} — Rp ${t.amount.toLocaleString('id-ID')} — ${t.status}</p>${t.status === 'UNPAID' ? '<form method="post"><button>Bayar</button></form>' : ''}`);
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) return fail(401, 'Invalid API Key');
    if (path === '/transaction/create' && req.method === 'POST') {
      let b: Record<string, unknown>;
      try {
        b = JSON.parse(req.rawBody) as Record<string, unknown>;
      } catch {
        return fail(400, 'Invalid JSON');
      }
      for (const k of ['method', 'merchant_ref', 'amount', 'customer_name', 'customer_email', 'order_items', 'signature']) {
        if (b[k] === undefined || b[k] === '') return fail(400, `The ${k} field is required.`);
      }
      const amount = b.amount;
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return fail(400, 'The amount must be an integer.');
      const items = b.order_items as { price?: unknown; quantity?: unknown }[];
      if (!Array.isArray(items) || items.reduce((s, it) => s + Number(it.price) * Number(it.quantity), 0) !== amount) return fail(400, 'Total amount of order_items does not match amount');
      if (!same(hmac(`${merchantCode}${String(b.merchant_ref)}${amount}`, privateKey), typeof b.signature === 'string' ? b.signature : undefined)) return fail(400, 'Invalid signature');
      if (txs.some((t) => t.merchantRef === b.merchant_ref && t.status === 'UNPAID')) return fail(400, 'Duplicate merchant_ref');
      const reference = `${merchantCode}${String(txs.length + 1).padStart(15, '0')}`;
      const t: TripayTransaction = {
        reference,
        merchantRef: String(b.merchant_ref),
        method: String(b.method),
        amount,
        customerName: String(b.customer_name),
        customerEmail: String(b.customer_email),
        callbackUrl: typeof b.callback_url === 'string' ? b.callback_url : null,
        returnUrl: typeof b.return_url === 'string' ? b.return_url : '',
        checkoutUrl: `${server.url}/checkout/${reference}`,
        payCode: String(8_800_000_000 + txs.length + 1),
        status: 'UNPAID',
        expiredTime: typeof b.expired_time === 'number' ? b.expired_time : Math.floor(Date.now() / 1000) + 86_400,
        paidAt: null,
        request: b,
      };
      txs.push(t);
      return json(200, { success: true, message: '', data: view(t) });
    }
    if (path === '/transaction/detail' && req.method === 'GET') {
      const ref = req.query.get('reference') ?? '';
      const t = txs.find((x) => x.reference === ref);
      if (!t) return fail(404, 'Transaction not found');
      return json(200, { success: true, message: '', data: view(find(ref)) });
    }
    return fail(404, 'Not found');
  };

  server = new PeerServer(handler, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host !== undefined ? { host: opts.host } : {}), faultBody: (s) => ({ success: false, message: s === 429 ? 'Too Many Requests' : 'Internal Server Error' }) });
  await server.listen();
  return {
    get baseUrl() { return server.url; },
    faults: server.faults,
    merchantCode,
    apiKey,
    privateKey,
    get webhooksEnabled() { return sender.enabled; },
    set webhooksEnabled(on: boolean) { sender.enabled = on; },
    get callbackUrl() { return callbackUrl; },
    set callbackUrl(url: string | null) { callbackUrl = url; },
    pay: (id) => settle(id, 'PAID'),
    expire: (id) => settle(id, 'EXPIRED'),
    fail: (id) => settle(id, 'FAILED'),
    sendWebhook: (id, o) => webhook(find(id), o),
    webhooks: (ref) => sender.deliveries(ref),
    webhooksIdle: () => sender.idle(),
    transactions: () => txs.map((t) => find(t.reference)),
    transaction: find,
    requests: () => server.requests(),
    close: async () => {
      sender.close();
      await server.close();
    },
  };
}
