/**
 * Xendit Invoice double (payments reference §15): POST /v2/invoices, GET /v2/invoices/{id}, GET /v2/invoices
 * (the list: `external_id` and `limit` filters, newest first, 200 with [] when nothing matches — xendit-php
 * docs/InvoiceApi.md getInvoices), POST /invoices/{id}/expire!, all with Basic auth (secret key, empty
 * password): a wrong key gets 401 INVALID_API_KEY, a `restrictedKey` (valid, without the Invoice permission)
 * 403 REQUEST_FORBIDDEN_ERROR. Invoice webhooks carry the static `x-callback-token` (no HMAC).
 */
import crypto from 'node:crypto';
import { html, json, PeerServer, WebhookSender, type Delivery, type LoggedRequest, type PeerFaults, type PeerReply, type PeerRequest } from './peer-http';
import type { WebhookOverrides } from './tripay';

export type XenditStatus = 'PENDING' | 'PAID' | 'SETTLED' | 'EXPIRED';

export interface XenditInvoice {
  id: string;
  externalId: string;
  amount: number;
  payerEmail: string | null;
  description: string;
  status: XenditStatus;
  invoiceUrl: string;
  expiryDate: Date;
  created: Date;
  paidAt: Date | null;
  paymentMethod: string | null;
  request: Record<string, unknown>;
}

export interface XenditSimOptions {
  port?: number;
  host?: string;
  secretKey?: string;
  /** The dashboard's webhook verification token. */
  callbackToken?: string;
  /** The dashboard's invoice webhook URL. */
  webhookUrl?: string;
  webhooks?: boolean;
  webhookBackoffMs?: number | ((attempt: number) => number);
  webhookMaxAttempts?: number;
  /** A second key that authenticates but lacks the Invoice permission: every call with it answers 403. */
  restrictedKey?: string;
}

export interface XenditSim {
  readonly baseUrl: string;
  readonly faults: PeerFaults;
  readonly secretKey: string;
  readonly callbackToken: string;
  webhooksEnabled: boolean;
  webhookUrl: string | null;
  pay(idOrExternalId: string): Delivery | null;
  /** Expires it (Xendit sends an EXPIRED webhook too). */
  expire(idOrExternalId: string): Delivery | null;
  /** `signature` here is the x-callback-token sent; `signWithKey` likewise. */
  sendWebhook(idOrExternalId: string, o?: WebhookOverrides): Delivery | null;
  webhooks(externalId?: string): Delivery[];
  webhooksIdle(): Promise<void>;
  invoices(): XenditInvoice[];
  invoice(idOrExternalId: string): XenditInvoice;
  requests(): LoggedRequest[];
  close(): Promise<void>;
}

const err = (status: number, error_code: string, message: string): PeerReply => json(status, { error_code, message });

export async function startXenditSim(opts: XenditSimOptions = {}): Promise<XenditSim> {
  const secretKey = opts.secretKey ?? 'xnd_development_EXAMPLE';
  const callbackToken = opts.callbackToken ?? 'xendit-callback-token-EXAMPLE';
  const invoices: XenditInvoice[] = [];
  let webhookUrl: string | null = opts.webhookUrl ?? null;
  const sender = new WebhookSender({ maxAttempts: opts.webhookMaxAttempts ?? 5, ...(opts.webhookBackoffMs !== undefined ? { backoffMs: opts.webhookBackoffMs } : {}), isAck: (s) => s >= 200 && s < 300 });
  sender.enabled = opts.webhooks ?? true;
  // eslint-disable-next-line prefer-const -- assigned once listening
  let server: PeerServer;

  const settleExpiry = (i: XenditInvoice): XenditInvoice => {
    if (i.status === 'PENDING' && Date.now() >= i.expiryDate.getTime()) i.status = 'EXPIRED';
    return i;
  };
  const find = (id: string): XenditInvoice => {
    const i = invoices.find((x) => x.id === id) ?? invoices.findLast((x) => x.externalId === id);
    if (!i) throw new Error(`xendit-sim: no invoice ${id}`);
    return settleExpiry(i);
  };
  const view = (i: XenditInvoice) => ({
    id: i.id,
    external_id: i.externalId,
    user_id: '5f0000000000000000000001',
    status: i.status,
    merchant_name: 'Xendit Sandbox',
    amount: i.amount,
    payer_email: i.payerEmail ?? undefined,
    description: i.description,
    expiry_date: i.expiryDate.toISOString(),
    invoice_url: i.invoiceUrl,
    currency: 'IDR',
    created: i.created.toISOString(),
    updated: new Date().toISOString(),
    ...(i.paidAt ? { paid_at: i.paidAt.toISOString(), paid_amount: i.amount, payment_method: i.paymentMethod ?? 'BANK_TRANSFER', payment_channel: 'BCA' } : {}),
  });
  const webhook = (i: XenditInvoice, o: WebhookOverrides = {}): Delivery | null => {
    const b: Record<string, unknown> = { ...view(i), is_high: false, adjusted_received_amount: i.amount };
    for (const [k, v] of Object.entries(o.fields ?? {})) {
      if (v === null) delete b[k];
      else b[k] = v;
    }
    return sender.send(i.externalId, o.url ?? webhookUrl, o.rawBody ?? JSON.stringify(b), { 'Content-Type': 'application/json', 'x-callback-token': o.signature ?? o.signWithKey ?? callbackToken });
  };
  const move = (id: string, to: 'PAID' | 'EXPIRED'): Delivery | null => {
    const i = find(id);
    if (i.status !== 'PENDING') throw new Error(`xendit-sim: ${id} is ${i.status}`);
    i.status = to;
    if (to === 'PAID') {
      i.paidAt = new Date();
      i.paymentMethod = 'BANK_TRANSFER';
    } else {
      i.expiryDate = new Date();
    }
    return webhook(i);
  };

  const handler = (req: PeerRequest): PeerReply => {
    const page = /^\/web\/invoices\/([\w-]+)$/.exec(req.path);
    if (page) {
      const i = invoices.find((x) => x.id === page[1]);
      if (!i) return html(404, '<p>Not found</p>');
      if (req.method === 'POST' && settleExpiry(i).status === 'PENDING') move(i.id, 'PAID');
      return html(200, `<!doctype html><title>Xendit</title><h1>Xendit Sandbox</h1><p>${i.externalId} — Rp ${i.amount.toLocaleString('id-ID')} — ${i.status}</p>${i.status === 'PENDING' ? '<form method="post"><button>Bayar</button></form>' : ''}`);
    }
    const basic = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
    if (opts.restrictedKey !== undefined && req.headers.authorization === basic(opts.restrictedKey)) return err(403, 'REQUEST_FORBIDDEN_ERROR', 'The API key is forbidden to perform this request');
    if (req.headers.authorization !== basic(secretKey)) return err(401, 'INVALID_API_KEY', 'API key is invalid');
    if (req.path === '/v2/invoices' && req.method === 'POST') {
      let b: Record<string, unknown>;
      try {
        b = JSON.parse(req.rawBody) as Record<string, unknown>;
      } catch {
        return err(400, 'API_VALIDATION_ERROR', 'Invalid JSON');
      }
      if (typeof b.external_id !== 'string' || b.external_id === '') return err(400, 'API_VALIDATION_ERROR', 'external_id is required');
      if (typeof b.amount !== 'number' || !(b.amount > 0)) return err(400, 'API_VALIDATION_ERROR', 'amount must be a number greater than 0');
      const duration = typeof b.invoice_duration === 'number' ? b.invoice_duration : 86_400;
      const id = crypto.randomBytes(12).toString('hex');
      const inv: XenditInvoice = {
        id,
        externalId: b.external_id,
        amount: b.amount,
        payerEmail: typeof b.payer_email === 'string' ? b.payer_email : null,
        description: typeof b.description === 'string' ? b.description : '',
        status: 'PENDING',
        invoiceUrl: `${server.url}/web/invoices/${id}`,
        expiryDate: new Date(Date.now() + duration * 1000),
        created: new Date(),
        paidAt: null,
        paymentMethod: null,
        request: b,
      };
      invoices.push(inv);
      return json(200, view(inv));
    }
    if (req.path === '/v2/invoices' && req.method === 'GET') {
      const ext = req.query.get('external_id');
      const limitText = req.query.get('limit');
      const limit = limitText === null ? 10 : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return err(400, 'API_VALIDATION_ERROR', 'limit must be an integer between 1 and 100');
      const found = invoices.filter((i) => ext === null || i.externalId === ext).reverse(); // newest first
      return json(200, found.slice(0, limit).map((i) => view(settleExpiry(i))));
    }
    const get = /^\/v2\/invoices\/([\w-]+)$/.exec(req.path);
    if (get && req.method === 'GET') {
      const i = invoices.find((x) => x.id === get[1]);
      return i ? json(200, view(settleExpiry(i))) : err(404, 'INVOICE_NOT_FOUND_ERROR', 'Invoice not found');
    }
    const exp = /^\/invoices\/([\w-]+)\/expire!$/.exec(req.path);
    if (exp && req.method === 'POST') {
      const i = invoices.find((x) => x.id === exp[1]);
      if (!i) return err(404, 'INVOICE_NOT_FOUND_ERROR', 'Invoice not found');
      if (settleExpiry(i).status !== 'PENDING') return err(400, 'INVOICE_ALREADY_EXPIRED_OR_PAID', 'Invoice is not pending');
      move(i.id, 'EXPIRED');
      return json(200, view(i));
    }
    return err(404, 'NOT_FOUND', 'Not found');
  };

  server = new PeerServer(handler, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host !== undefined ? { host: opts.host } : {}), faultBody: (s) => ({ error_code: s === 429 ? 'RATE_LIMIT_EXCEEDED' : 'SERVER_ERROR', message: s === 429 ? 'Too many requests' : 'Internal Server Error' }) });
  await server.listen();
  return {
    get baseUrl() { return server.url; },
    faults: server.faults,
    secretKey,
    callbackToken,
    get webhooksEnabled() { return sender.enabled; },
    set webhooksEnabled(on: boolean) { sender.enabled = on; },
    get webhookUrl() { return webhookUrl; },
    set webhookUrl(url: string | null) { webhookUrl = url; },
    pay: (id) => move(id, 'PAID'),
    expire: (id) => move(id, 'EXPIRED'),
    sendWebhook: (id, o) => webhook(find(id), o),
    webhooks: (ext) => sender.deliveries(ext),
    webhooksIdle: () => sender.idle(),
    invoices: () => invoices.map(settleExpiry),
    invoice: find,
    requests: () => server.requests(),
    close: async () => {
      sender.close();
      await server.close();
    },
  };
}
