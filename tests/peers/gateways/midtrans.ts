/**
 * Midtrans Snap double (payments reference §14): POST /snap/v1/transactions (Basic auth, server key), GET
 * /v2/{order_id}/status, notifications signed with signature_key = SHA512(order_id + status_code +
 * gross_amount + serverKey). Until the customer picks a channel on the Snap page, status answers 404
 * ("Transaction doesn't exist."), as Midtrans does; so does an order nobody created (the key check). Core API
 * errors (/v2/…) are worded as the Core API words them ({ status_code, status_message, id }), Snap errors as
 * Snap does ({ error_messages }); a wrong server key gets 401 on both. `statusCodeInBodyOnly` makes the Core
 * API answer HTTP 200 with the code only in the body, as Midtrans has been seen to (midtrans-nodejs-client
 * checks the body's status_code for that reason).
 */
import crypto from 'node:crypto';
import { html, json, PeerServer, WebhookSender, type Delivery, type LoggedRequest, type PeerFaults, type PeerReply, type PeerRequest } from './peer-http';
import type { WebhookOverrides } from './tripay';

export type MidtransStatus = 'pending' | 'settlement' | 'capture' | 'deny' | 'cancel' | 'expire' | 'failure' | 'refund';

export interface MidtransTransaction {
  orderId: string;
  transactionId: string;
  token: string;
  grossAmount: number;
  /** null until the customer chose a channel (status answers 404 until then). */
  paymentType: string | null;
  status: MidtransStatus;
  fraudStatus: 'accept' | 'challenge' | 'deny';
  request: Record<string, unknown>;
}

export interface MidtransSimOptions {
  port?: number;
  host?: string;
  serverKey?: string;
  /** The dashboard's Payment Notification URL. */
  notificationUrl?: string;
  webhooks?: boolean;
  webhookBackoffMs?: number | ((attempt: number) => number);
  webhookMaxAttempts?: number;
  /** Core API answers (GET /v2/{id}/status) with HTTP 200 and the code only in the body's status_code. */
  statusCodeInBodyOnly?: boolean;
}

export interface MidtransSim {
  readonly baseUrl: string;
  readonly faults: PeerFaults;
  readonly serverKey: string;
  webhooksEnabled: boolean;
  notificationUrl: string | null;
  /** See MidtransSimOptions.statusCodeInBodyOnly (settable while running). */
  statusCodeInBodyOnly: boolean;
  /** The customer picked a channel: status turns pending (and a pending notification goes out). */
  choose(orderId: string, paymentType?: string): Delivery | null;
  pay(orderId: string): Delivery | null;
  expire(orderId: string): Delivery | null;
  fail(orderId: string, status?: 'deny' | 'cancel' | 'failure'): Delivery | null;
  sendWebhook(orderId: string, o?: WebhookOverrides): Delivery | null;
  webhooks(orderId?: string): Delivery[];
  webhooksIdle(): Promise<void>;
  transactions(): MidtransTransaction[];
  transaction(orderId: string): MidtransTransaction;
  requests(): LoggedRequest[];
  close(): Promise<void>;
}

const sha512 = (s: string): string => crypto.createHash('sha512').update(s, 'utf8').digest('hex');
const STATUS_CODE: Record<MidtransStatus, string> = { pending: '201', settlement: '200', capture: '200', deny: '202', cancel: '202', failure: '202', expire: '407', refund: '200' };
const err = (status: number, ...messages: string[]): PeerReply => json(status, { error_messages: messages });
const UNAUTHORIZED = 'Access denied due to unauthorized transaction, please check client or server key';

export async function startMidtransSim(opts: MidtransSimOptions = {}): Promise<MidtransSim> {
  const serverKey = opts.serverKey ?? 'SB-Mid-server-EXAMPLE';
  const txs = new Map<string, MidtransTransaction>();
  let notificationUrl: string | null = opts.notificationUrl ?? null;
  let codeInBody = opts.statusCodeInBodyOnly ?? false;
  /** A Core API error: { status_code, status_message, id }, under its HTTP status or under 200. */
  const coreErr = (status: number, statusMessage: string): PeerReply => json(codeInBody ? 200 : status, { status_code: String(status), status_message: statusMessage, id: crypto.randomUUID() });
  const sender = new WebhookSender({ maxAttempts: opts.webhookMaxAttempts ?? 5, ...(opts.webhookBackoffMs !== undefined ? { backoffMs: opts.webhookBackoffMs } : {}), isAck: (s) => s >= 200 && s < 300 });
  sender.enabled = opts.webhooks ?? true;
  // eslint-disable-next-line prefer-const -- assigned once listening
  let server: PeerServer;
  const authorized = (req: PeerRequest): boolean => req.headers.authorization === `Basic ${Buffer.from(`${serverKey}:`).toString('base64')}`;

  const find = (id: string): MidtransTransaction => {
    const tx = txs.get(id) ?? [...txs.values()].find((t) => t.transactionId === id || t.token === id);
    if (!tx) throw new Error(`midtrans-sim: no transaction ${id}`);
    return tx;
  };
  const gross = (t: MidtransTransaction): string => t.grossAmount.toFixed(2);
  const body = (t: MidtransTransaction): Record<string, unknown> => {
    const statusCode = STATUS_CODE[t.status];
    return {
      transaction_time: new Date().toISOString().replace('T', ' ').slice(0, 19),
      transaction_status: t.status,
      transaction_id: t.transactionId,
      status_message: 'midtrans payment notification',
      status_code: statusCode,
      signature_key: sha512(`${t.orderId}${statusCode}${gross(t)}${serverKey}`),
      payment_type: t.paymentType ?? 'bank_transfer',
      order_id: t.orderId,
      merchant_id: 'G000000000',
      gross_amount: gross(t),
      fraud_status: t.fraudStatus,
      currency: 'IDR',
    };
  };
  const webhook = (t: MidtransTransaction, o: WebhookOverrides = {}): Delivery | null => {
    const b = body(t);
    for (const [k, v] of Object.entries(o.fields ?? {})) {
      if (v === null) delete b[k];
      else b[k] = v;
    }
    // Re-sign over the (changed) fields unless told otherwise.
    b.signature_key = o.signature ?? sha512(`${String(b.order_id)}${String(b.status_code)}${String(b.gross_amount)}${o.signWithKey ?? serverKey}`);
    return sender.send(t.orderId, o.url ?? notificationUrl, o.rawBody ?? JSON.stringify(b), { 'Content-Type': 'application/json' });
  };
  const move = (id: string, to: MidtransStatus, paymentType?: string): Delivery | null => {
    const t = find(id);
    if (t.status !== 'pending') throw new Error(`midtrans-sim: ${id} is ${t.status}`);
    t.paymentType = t.paymentType ?? paymentType ?? 'bank_transfer';
    t.status = to;
    return webhook(t);
  };

  const handler = (req: PeerRequest): PeerReply => {
    const page = /^\/snap\/v4\/redirection\/([\w-]+)$/.exec(req.path);
    if (page) {
      const t = [...txs.values()].find((x) => x.token === page[1]);
      if (!t) return html(404, '<p>Not found</p>');
      if (req.method === 'POST' && t.status === 'pending') move(t.orderId, 'settlement');
      return html(200, `<!doctype html><title>Midtrans</title><h1>Midtrans Sandbox</h1><p>${t.orderId} — Rp ${t.grossAmount.toLocaleString('id-ID')} — ${t.status}</p>${t.status === 'pending' ? '<form method="post"><button>Bayar</button></form>' : ''}`);
    }
    if (!authorized(req)) return req.path.startsWith('/v2/') ? coreErr(401, UNAUTHORIZED) : err(401, UNAUTHORIZED);
    if (req.path === '/snap/v1/transactions' && req.method === 'POST') {
      let b: { transaction_details?: { order_id?: unknown; gross_amount?: unknown } };
      try {
        b = JSON.parse(req.rawBody) as typeof b;
      } catch {
        return err(400, 'Invalid JSON');
      }
      const orderId = b.transaction_details?.order_id;
      const amount = b.transaction_details?.gross_amount;
      if (typeof orderId !== 'string' || orderId === '' || orderId.length > 50) return err(400, 'transaction_details.order_id is required');
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return err(400, 'transaction_details.gross_amount is not an integer');
      if (txs.has(orderId)) return err(400, 'transaction_details.order_id sudah digunakan');
      const token = crypto.randomUUID();
      txs.set(orderId, { orderId, transactionId: crypto.randomUUID(), token, grossAmount: amount, paymentType: null, status: 'pending', fraudStatus: 'accept', request: b as Record<string, unknown> });
      return json(201, { token, redirect_url: `${server.url}/snap/v4/redirection/${token}` });
    }
    const st = /^\/v2\/([^/]+)\/status$/.exec(req.path);
    if (st && req.method === 'GET') {
      const id = decodeURIComponent(st[1]!);
      const t = txs.get(id) ?? [...txs.values()].find((x) => x.transactionId === id);
      if (!t || t.paymentType === null) return coreErr(404, "Transaction doesn't exist.");
      const { transaction_time: _t, ...rest } = body(t);
      return json(200, { ...rest, status_message: 'Success, transaction is found', transaction_time: new Date().toISOString().replace('T', ' ').slice(0, 19) });
    }
    return err(404, 'Not found');
  };

  server = new PeerServer(handler, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host !== undefined ? { host: opts.host } : {}), faultBody: (s) => ({ status_code: String(s), status_message: s === 429 ? 'Too many requests' : 'Internal Server Error' }) });
  await server.listen();
  return {
    get baseUrl() { return server.url; },
    faults: server.faults,
    serverKey,
    get webhooksEnabled() { return sender.enabled; },
    set webhooksEnabled(on: boolean) { sender.enabled = on; },
    get notificationUrl() { return notificationUrl; },
    set notificationUrl(url: string | null) { notificationUrl = url; },
    get statusCodeInBodyOnly() { return codeInBody; },
    set statusCodeInBodyOnly(on: boolean) { codeInBody = on; },
    choose: (id, paymentType = 'bank_transfer') => {
      const t = find(id);
      if (t.paymentType !== null) throw new Error(`midtrans-sim: ${id} already has a channel`);
      t.paymentType = paymentType;
      return webhook(t);
    },
    pay: (id) => move(id, 'settlement'),
    expire: (id) => move(id, 'expire'),
    fail: (id, status = 'deny') => move(id, status),
    sendWebhook: (id, o) => webhook(find(id), o),
    webhooks: (id) => sender.deliveries(id),
    webhooksIdle: () => sender.idle(),
    transactions: () => [...txs.values()],
    transaction: find,
    requests: () => server.requests(),
    close: async () => {
      sender.close();
      await server.close();
    },
  };
}
