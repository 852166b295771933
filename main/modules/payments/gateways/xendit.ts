import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { tokenEquals } from './crypto';
import { gatewayUrl } from './hosts';
import { basicAuth, callJson, checkItems, header, jsonObject, parseAnswer, pickString, rupiahField } from './http';
import { GatewayError, WebhookRejected, type CreatePaymentResult, type GatewayAccount, type HttpFetch, type NormalizedStatus, type PaymentGateway, type StatusResult, type WebhookEvent } from './types';

/** Invoice status → normalized (§15–16): PAID/SETTLED → PAID, PENDING → PENDING, EXPIRED → EXPIRED; others UNKNOWN. */
export function xenditStatus(s: string): NormalizedStatus {
  switch (s.toUpperCase()) {
    case 'PAID':
    case 'SETTLED':
      return 'PAID';
    case 'PENDING':
      return 'PENDING';
    case 'EXPIRED':
      return 'EXPIRED';
    default:
      return 'UNKNOWN';
  }
}

// Response fields per xendit-node docs/invoice/models/Invoice.md (the reference names id, invoice_url, status, expiry_date).
const invoice = z.object({
  id: z.string().min(1),
  external_id: z.string().nullish(),
  status: z.string(),
  amount: rupiahField.nullish(),
  paid_amount: rupiahField.nullish(),
  invoice_url: z.string().nullish(),
  expiry_date: z.string().nullish(),
});

export function xenditGateway(account: GatewayAccount, fetch: HttpFetch): PaymentGateway {
  const headers = { Authorization: basicAuth(account.apiKey), Accept: 'application/json' };
  const message = (json: unknown): string | undefined => pickString(json, 'message', 'error_code');
  const get = (path: string): Promise<unknown> => callJson(fetch, 'xendit', { method: 'GET', url: gatewayUrl(account, 'xendit', path), headers }, message);
  const toStatus = (i: z.infer<typeof invoice>, raw: unknown): StatusResult => {
    const r: StatusResult = { status: xenditStatus(i.status), gatewayRef: i.id, raw };
    const amount = i.paid_amount ?? i.amount;
    if (amount != null) r.amount = amount;
    return r;
  };

  return {
    name: 'xendit',

    /** The Invoice API has no "channels with fees for an amount" call: Xendit's invoice page lets them choose. */
    async listMethods() {
      return [];
    },

    /**
     * POST /v2/invoices. The invoice callback URL is set in Xendit's dashboard (the Invoice API takes none per
     * request), so `callbackUrl` is not sent.
     */
    async createPayment(input) {
      checkItems(input.amount, input.items);
      const body = {
        external_id: input.orderId,
        amount: input.amount,
        description: input.description,
        payer_email: input.customer.email,
        customer: { given_names: input.customer.name, email: input.customer.email, ...(input.customer.phone ? { mobile_number: input.customer.phone } : {}) },
        ...(input.items ? { items: input.items.map((i) => ({ name: i.name, price: i.price, quantity: i.quantity })) } : {}),
        ...(input.expiryMinutes !== undefined ? { invoice_duration: input.expiryMinutes * 60 } : {}),
        success_redirect_url: input.returnUrl,
        failure_redirect_url: input.returnUrl,
        currency: 'IDR',
        ...(input.method ? { payment_methods: [input.method] } : {}),
      };
      const json = await callJson(fetch, 'xendit', { method: 'POST', url: gatewayUrl(account, 'xendit', '/v2/invoices'), headers: { ...headers, 'Content-Type': 'application/json' }, body }, message);
      const i = parseAnswer('xendit', invoice, json, 'create invoice');
      const r: CreatePaymentResult = { gatewayRef: i.id, raw: json };
      if (i.invoice_url) r.paymentUrl = i.invoice_url;
      if (i.expiry_date) {
        const d = new Date(i.expiry_date);
        if (!Number.isNaN(d.getTime())) r.expiresAt = d;
      }
      return r;
    },

    /** GET /v2/invoices/{id}; without the invoice id, GET /v2/invoices?external_id= (Xendit docs) and the newest match. */
    async getStatus(orderId, gatewayRef) {
      if (gatewayRef) {
        const json = await get(`/v2/invoices/${encodeURIComponent(gatewayRef)}`);
        return toStatus(parseAnswer('xendit', invoice, json, 'get invoice'), json);
      }
      const json = await get(`/v2/invoices?external_id=${encodeURIComponent(orderId)}`);
      const list = parseAnswer('xendit', z.array(invoice), json, 'list invoices').filter((i) => i.external_id === orderId);
      const first = list[0]; // Xendit lists newest first
      return first ? toStatus(first, json) : { status: 'UNKNOWN', raw: json };
    },

    /**
     * GET /v2/invoices?external_id={made-up}&limit=1 with the secret key (§15: https://api.xendit.co for test and
     * live alike, Basic with the key as username and an empty password). Read-only: the "Get all Invoices" list
     * (xendit/xendit-php docs/InvoiceApi.md `getInvoices`: GET /v2/invoices, filters external_id and limit,
     * returns Invoice[]) answers 200 with a list, empty here, to an accepted key; 401 INVALID_API_KEY to a wrong
     * one; 403 REQUEST_FORBIDDEN_ERROR to a key without the Invoice permission (it could not create invoices
     * either). Any other 4xx is not an answer about the key: protocol error.
     */
    async verifyKeys() {
      if (account.apiKey.trim() === '') throw new GatewayError('rejected', 'xendit: no secret key configured');
      let json: unknown;
      try {
        json = await get(`/v2/invoices?external_id=mb-keycheck-${randomBytes(8).toString('hex')}&limit=1`);
      } catch (e) {
        if (!(e instanceof GatewayError) || e.httpStatus === 401 || e.httpStatus === 403 || e.kind !== 'rejected') throw e;
        if (e.httpStatus === 429) throw new GatewayError('unreachable', e.message, 429);
        throw new GatewayError('protocol', `xendit: unexpected answer to the key check (${e.message})`, e.httpStatus);
      }
      parseAnswer('xendit', z.array(z.unknown()), json, 'key check list');
    },

    /** Invoice callbacks carry a static token in `x-callback-token` (no HMAC); compared in constant time. */
    parseWebhook(req) {
      const token = header(req.headers, 'x-callback-token');
      if (!token || !tokenEquals(account.secondaryKey, token)) throw new WebhookRejected('bad_signature', 'x-callback-token does not match');
      const body = jsonObject(req.rawBody);
      if (!body) throw new WebhookRejected('malformed', 'body is not a JSON object');
      const { external_id: ext, id, status, amount, paid_amount: paid } = body;
      if (typeof ext !== 'string' || ext === '' || typeof status !== 'string') throw new WebhookRejected('malformed', 'missing external_id or status');
      const amt = paid ?? amount;
      if (typeof amt !== 'number' && typeof amt !== 'string') throw new WebhookRejected('malformed', 'missing amount');
      const e: WebhookEvent = { orderId: ext, amount: String(amt), claimedStatus: xenditStatus(status), raw: body };
      if (typeof id === 'string' && id !== '') e.gatewayRef = id;
      return e;
    },

    webhookAck: (ok) => (ok ? { status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' } : { status: 400, body: 'Bad Request', contentType: 'text/plain; charset=utf-8' }),
  };
}
