import { z } from 'zod';
import { hexDigestEquals, hmacSha256Hex } from './crypto';
import { gatewayUrl } from './hosts';
import { callJson, checkItems, feeField, header, jsonObject, nonEmpty, parseAnswer, pickString, rupiahField } from './http';
import {
  GatewayError,
  WebhookRejected,
  type CreatePaymentResult,
  type GatewayAccount,
  type HttpFetch,
  type NormalizedStatus,
  type PaymentGateway,
  type StatusResult,
  type WebhookEvent,
} from './types';

/** Closed payment request: HMAC_SHA256(merchantCode + merchant_ref + amount, privateKey) (§13). */
export const tripayCreateSignature = (privateKey: string, merchantCode: string, merchantRef: string, amount: number | string): string =>
  hmacSha256Hex(`${merchantCode}${merchantRef}${amount}`, privateKey);

/** Callback: HMAC_SHA256 over the EXACT raw body bytes (never a re-serialisation). */
export const tripayCallbackSignature = (privateKey: string, rawBody: Buffer): string => hmacSha256Hex(rawBody, privateKey);

/** The API prefix is in the path: /api-sandbox/ or /api/ (§13). */
const prefix = (account: GatewayAccount): string => (account.env === 'sandbox' ? '/api-sandbox' : '/api');

export function tripayStatus(s: string): NormalizedStatus {
  switch (s.toUpperCase()) {
    case 'UNPAID':
      return 'PENDING';
    case 'PAID':
      return 'PAID';
    case 'EXPIRED':
      return 'EXPIRED';
    case 'FAILED':
      return 'FAILED';
    case 'REFUND':
      return 'REFUNDED';
    default:
      return 'UNKNOWN';
  }
}

const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.boolean(), message: z.string().nullish(), data: data.nullish() });

// Field names per Tripay's developer docs (tripay.co.id/developer): the reference lists only the request fields.
const transaction = z.object({
  reference: z.string().min(1),
  merchant_ref: z.string().nullish(),
  status: z.string(),
  amount: rupiahField.nullish(),
  total_fee: feeField.nullish(),
  pay_code: z.union([z.string(), z.number()]).nullish(),
  pay_url: z.string().nullish(),
  checkout_url: z.string().nullish(),
  qr_string: z.string().nullish(),
  expired_time: z.number().nullish(),
});

const channel = z.object({
  code: z.string().min(1),
  name: z.string(),
  active: z.boolean().nullish(),
  icon_url: z.string().nullish(),
  minimum_amount: z.number().nullish(),
  maximum_amount: z.number().nullish(),
});
const feeRow = z.object({ code: z.string(), total_fee: z.object({ merchant: feeField, customer: feeField }) });

export function tripayGateway(account: GatewayAccount, fetch: HttpFetch, opts: { now: () => Date }): PaymentGateway {
  const auth = { Authorization: `Bearer ${account.apiKey}`, Accept: 'application/json' };
  const message = (json: unknown): string | undefined => pickString(json, 'message');
  const get = (path: string): Promise<unknown> => callJson(fetch, 'tripay', { method: 'GET', url: gatewayUrl(account, 'tripay', prefix(account) + path), headers: auth }, message);
  const ok = <T>(a: { success: boolean; message?: string | null | undefined; data?: T | null | undefined }): T => {
    if (!a.success) throw new GatewayError('rejected', `tripay: ${a.message ?? 'success=false'}`);
    if (a.data == null) throw new GatewayError('protocol', 'tripay: answer without data');
    return a.data;
  };

  const toStatus = (t: z.infer<typeof transaction>, raw: unknown): StatusResult => {
    const r: StatusResult = { status: tripayStatus(t.status), gatewayRef: t.reference, raw };
    if (t.amount != null) r.amount = t.amount;
    if (t.total_fee != null) r.fee = t.total_fee;
    return r;
  };

  return {
    name: 'tripay',

    /** Active channels (merchant/payment-channel) with the fee for this amount (merchant/fee-calculator). */
    async listMethods(amount) {
      const channels = ok(parseAnswer('tripay', envelope(z.array(channel)), await get('/merchant/payment-channel'), 'payment-channel'));
      const fees = ok(parseAnswer('tripay', envelope(z.array(feeRow)), await get(`/merchant/fee-calculator?amount=${amount}`), 'fee-calculator'));
      const feeOf = new Map(fees.map((f) => [f.code, f.total_fee.merchant + f.total_fee.customer]));
      return channels
        .filter((c) => c.active !== false && (c.minimum_amount == null || amount >= c.minimum_amount) && (c.maximum_amount == null || amount <= c.maximum_amount))
        .filter((c) => feeOf.has(c.code))
        .map((c) => ({ code: c.code, name: c.name, fee: feeOf.get(c.code) as number, ...(c.icon_url ? { image: c.icon_url } : {}) }));
    },

    async createPayment(input) {
      checkItems(input.amount, input.items);
      if (!input.method) throw new Error('tripay closed payment needs a channel code (method)');
      const body = {
        method: input.method,
        merchant_ref: input.orderId,
        amount: input.amount,
        customer_name: input.customer.name,
        customer_email: input.customer.email,
        ...(input.customer.phone ? { customer_phone: input.customer.phone } : {}),
        order_items: input.items ?? [{ name: input.description, price: input.amount, quantity: 1 }],
        // callback_url per transaction: Tripay's docs (not in the reference); overrides the dashboard URL.
        callback_url: input.callbackUrl,
        return_url: input.returnUrl,
        ...(input.expiryMinutes !== undefined ? { expired_time: Math.floor(opts.now().getTime() / 1000) + input.expiryMinutes * 60 } : {}),
        signature: tripayCreateSignature(account.secondaryKey, account.merchantCode, input.orderId, input.amount),
      };
      const json = await callJson(
        fetch,
        'tripay',
        { method: 'POST', url: gatewayUrl(account, 'tripay', `${prefix(account)}/transaction/create`), headers: { ...auth, 'Content-Type': 'application/json' }, body },
        message,
      );
      const t = ok(parseAnswer('tripay', envelope(transaction), json, 'transaction/create'));
      const r: CreatePaymentResult = { gatewayRef: t.reference, raw: json };
      const checkout = nonEmpty(t.checkout_url);
      const payUrl = nonEmpty(t.pay_url);
      if (checkout ?? payUrl) r.paymentUrl = (checkout ?? payUrl) as string;
      if (payUrl && checkout) r.appUrl = payUrl;
      if (t.pay_code != null && String(t.pay_code) !== '') r.vaNumber = String(t.pay_code);
      const qr = nonEmpty(t.qr_string);
      if (qr) r.qrString = qr;
      if (t.expired_time != null) r.expiresAt = new Date(t.expired_time * 1000);
      return r;
    },

    /** transaction/detail by reference; without one, the merchant's transaction list filtered by merchant_ref. */
    async getStatus(orderId, gatewayRef) {
      if (gatewayRef) {
        const json = await get(`/transaction/detail?reference=${encodeURIComponent(gatewayRef)}`);
        return toStatus(ok(parseAnswer('tripay', envelope(transaction), json, 'transaction/detail')), json);
      }
      const json = await get(`/merchant/transactions?merchant_ref=${encodeURIComponent(orderId)}`);
      const list = ok(parseAnswer('tripay', envelope(z.array(transaction)), json, 'merchant/transactions')).filter((t) => t.merchant_ref === orderId);
      const last = list[list.length - 1];
      return last ? toStatus(last, json) : { status: 'UNKNOWN', raw: json };
    },

    parseWebhook(req) {
      const event = header(req.headers, 'x-callback-event');
      if (event !== undefined && event !== 'payment_status') throw new WebhookRejected('malformed', `unexpected X-Callback-Event ${event}`);
      const sig = header(req.headers, 'x-callback-signature');
      if (!sig) throw new WebhookRejected('bad_signature', 'missing X-Callback-Signature');
      if (account.secondaryKey === '') throw new WebhookRejected('bad_signature', 'account has no private key');
      if (!hexDigestEquals(tripayCallbackSignature(account.secondaryKey, req.rawBody), sig)) throw new WebhookRejected('bad_signature', 'X-Callback-Signature does not match the raw body');
      const body = jsonObject(req.rawBody);
      if (!body) throw new WebhookRejected('malformed', 'body is not a JSON object');
      const { merchant_ref: ref, reference, status, total_amount: total } = body;
      if (typeof ref !== 'string' || ref === '' || typeof status !== 'string') throw new WebhookRejected('malformed', 'missing merchant_ref or status');
      if (typeof total !== 'number' && typeof total !== 'string') throw new WebhookRejected('malformed', 'missing total_amount');
      const e: WebhookEvent = { orderId: ref, amount: String(total), claimedStatus: tripayStatus(status), raw: body };
      if (typeof reference === 'string' && reference !== '') e.gatewayRef = reference;
      return e;
    },

    webhookAck: (isOk) =>
      isOk
        ? { status: 200, body: '{"success":true}', contentType: 'application/json' }
        : { status: 400, body: '{"success":false,"message":"rejected"}', contentType: 'application/json' },
  };
}
