import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hexDigestEquals, sha512Hex } from './crypto';
import { gatewayUrl } from './hosts';
import { basicAuth, callJson, checkItems, cut, GATEWAY_TIMEOUT_MS, jsonObject, parseAnswer, pickString, rupiahField, tryJson } from './http';
import { GatewayError, WebhookRejected, type GatewayAccount, type HttpFetch, type NormalizedStatus, type PaymentGateway, type StatusResult, type WebhookEvent } from './types';

/** Notification `signature_key` = SHA512(order_id + status_code + gross_amount + serverKey), gross_amount as sent (§14). */
export const midtransNotificationSignature = (serverKey: string, orderId: string, statusCode: string, grossAmount: string): string =>
  sha512Hex(`${orderId}${statusCode}${grossAmount}${serverKey}`);

/**
 * transaction_status → normalized (§14, §16): settlement → PAID; capture → PAID only with fraud_status accept
 * (or none), challenge → PENDING, deny → FAILED; pending/authorize → PENDING; expire → EXPIRED;
 * cancel/deny/failure → FAILED; refund/partial_refund → REFUNDED (raw keeps which).
 */
export function midtransStatus(transactionStatus: string, fraudStatus?: string | null): NormalizedStatus {
  switch (transactionStatus) {
    case 'settlement':
      return 'PAID';
    case 'capture':
      return fraudStatus == null || fraudStatus === 'accept' ? 'PAID' : fraudStatus === 'challenge' ? 'PENDING' : 'FAILED';
    case 'pending':
    case 'authorize':
      return 'PENDING';
    case 'expire':
      return 'EXPIRED';
    case 'cancel':
    case 'deny':
    case 'failure':
      return 'FAILED';
    case 'refund':
    case 'partial_refund':
      return 'REFUNDED';
    default:
      return 'UNKNOWN';
  }
}

const snapAnswer = z.object({ token: z.string().min(1), redirect_url: z.string().nullish() });
const statusAnswer = z.object({
  status_code: z.string().nullish(),
  transaction_status: z.string().nullish(),
  fraud_status: z.string().nullish(),
  gross_amount: rupiahField.nullish(),
  transaction_id: z.string().nullish(),
});

export function midtransGateway(account: GatewayAccount, fetch: HttpFetch): PaymentGateway {
  const headers = { Authorization: basicAuth(account.apiKey), Accept: 'application/json', 'Content-Type': 'application/json' };
  const message = (json: unknown): string | undefined => pickString(json, 'error_messages', 'status_message', 'message');

  return {
    name: 'midtrans',

    /**
     * Midtrans has no API that lists channels with fees for an amount: the customer chooses on Snap's page
     * (fees are per contract). An empty list means "the gateway's page lets them choose".
     */
    async listMethods() {
      return [];
    },

    async createPayment(input) {
      checkItems(input.amount, input.items);
      const body = {
        transaction_details: { order_id: input.orderId, gross_amount: input.amount },
        customer_details: { first_name: cut(input.customer.name, 255), email: input.customer.email, ...(input.customer.phone ? { phone: input.customer.phone } : {}) },
        item_details: (input.items ?? [{ name: input.description, price: input.amount, quantity: 1 }]).map((i, n) => ({
          id: String(n + 1),
          name: cut(i.name, 50),
          price: i.price,
          quantity: i.quantity,
        })),
        // Snap request options per Midtrans' docs (the reference is silent): one channel when chosen, the
        // payment expiry, and the browser's finish redirect.
        ...(input.method ? { enabled_payments: [input.method] } : {}),
        ...(input.expiryMinutes !== undefined ? { expiry: { unit: 'minutes', duration: input.expiryMinutes } } : {}),
        callbacks: { finish: input.returnUrl },
      };
      // X-Override-Notification (Midtrans docs): notifications of this transaction go to our per-account URL.
      const json = await callJson(
        fetch,
        'midtrans',
        { method: 'POST', url: gatewayUrl(account, 'midtransSnap', '/snap/v1/transactions'), headers: { ...headers, 'X-Override-Notification': input.callbackUrl }, body },
        message,
      );
      const a = parseAnswer('midtrans', snapAnswer, json, 'snap');
      return { gatewayRef: a.token, ...(a.redirect_url ? { paymentUrl: a.redirect_url } : {}), raw: json };
    },

    /**
     * Core API GET /v2/{order_id}/status. A 404 means Midtrans has no transaction for the order yet: the Snap
     * page exists but the customer has not chosen a channel, so it is still PENDING (the caller expires it).
     */
    async getStatus(orderId) {
      const url = gatewayUrl(account, 'midtransApi', `/v2/${encodeURIComponent(orderId)}/status`);
      let json: unknown;
      try {
        json = await callJson(fetch, 'midtrans', { method: 'GET', url, headers }, message);
      } catch (e) {
        if (e instanceof GatewayError && e.httpStatus === 404) return { status: 'PENDING', raw: { status_code: '404', message: e.message } };
        throw e;
      }
      const a = parseAnswer('midtrans', statusAnswer, json, 'status');
      // The status API answers HTTP 200 with the real code in the body for some errors.
      if (a.status_code === '404') return { status: 'PENDING', raw: json };
      if (!a.transaction_status) {
        if (a.status_code?.startsWith('4')) throw new GatewayError('rejected', `midtrans: ${message(json) ?? a.status_code}`);
        throw new GatewayError('protocol', 'midtrans: status answer without transaction_status');
      }
      const r: StatusResult = { status: midtransStatus(a.transaction_status, a.fraud_status), raw: json };
      if (a.gross_amount != null) r.amount = a.gross_amount;
      if (a.transaction_id) r.gatewayRef = a.transaction_id;
      return r;
    },

    /**
     * GET {Core API}/v2/{made-up order id}/status with the server key (§14: Basic, key as username, empty
     * password; api.sandbox.midtrans.com or api.midtrans.com by env). Read-only, about an order nobody has.
     * Midtrans checks the key before it looks the order up: an accepted key gets status_code "404" "Transaction
     * doesn't exist.", a refused one 401 "Access denied due to unauthorized transaction, please check client or
     * server key" — also what a sandbox key gets on production and the reverse (docs.midtrans.com "GET Status
     * API Requests" and "Error Code & Response Code"). The Core API may put the code only in the body under
     * HTTP 200 (the official midtrans-nodejs-client lib/httpClient.js rejects on a body status_code ≥ 400 for
     * that reason), so the HTTP status and the body's status_code both count. A 404 that is not Midtrans' JSON
     * (a wrong base URL) proves nothing: protocol error.
     */
    async verifyKeys() {
      if (account.apiKey.trim() === '') throw new GatewayError('rejected', 'midtrans: no server key configured');
      const url = gatewayUrl(account, 'midtransApi', `/v2/mb-keycheck-${randomBytes(8).toString('hex')}/status`);
      let res: { status: number; text: string };
      try {
        res = await fetch(url, { method: 'GET', headers, timeoutMs: GATEWAY_TIMEOUT_MS });
      } catch (e) {
        throw new GatewayError('unreachable', `midtrans: ${e instanceof Error ? e.message : String(e)}`);
      }
      const json = tryJson(res.text);
      const code = pickString(json, 'status_code'); // Midtrans sends it as a string ("404")
      const said = (...codes: number[]): boolean => codes.some((c) => res.status === c || code === String(c));
      const http = res.status >= 300 ? res.status : Number(code ?? res.status);
      const why = message(json) ?? `HTTP ${res.status}${code ? `, status_code ${code}` : ''}`;
      if (said(401, 403)) throw new GatewayError('rejected', `midtrans (${account.env}): ${why}`, http);
      if (res.status >= 500 || said(429) || /^5\d\d$/.test(code ?? '')) throw new GatewayError('unreachable', `midtrans: ${why}`, http);
      if ((res.status === 404 || (res.status >= 200 && res.status < 300)) && code === '404') return;
      // Only with a colliding random id, but an answer about a real order also proves the key.
      if (res.status >= 200 && res.status < 300 && typeof pickString(json, 'transaction_status') === 'string') return;
      throw new GatewayError('protocol', `midtrans: unexpected answer to the key check (${why})`, res.status);
    },

    parseWebhook(req) {
      const body = jsonObject(req.rawBody);
      if (!body) throw new WebhookRejected('malformed', 'body is not a JSON object');
      const { order_id: orderId, status_code: statusCode, gross_amount: gross, signature_key: sig, transaction_status: ts, fraud_status: fraud, transaction_id: txId, merchant_id: merchantId } = body;
      if (typeof orderId !== 'string' || typeof statusCode !== 'string' || typeof gross !== 'string' || typeof ts !== 'string' || orderId === '') {
        throw new WebhookRejected('malformed', 'missing order_id, status_code, gross_amount or transaction_status');
      }
      if (typeof sig !== 'string' || sig === '') throw new WebhookRejected('bad_signature', 'missing signature_key');
      // merchantCode is optional for Midtrans: when the office filled it in, a notification for another merchant id is refused.
      if (account.merchantCode !== '' && typeof merchantId === 'string' && merchantId !== account.merchantCode) {
        throw new WebhookRejected('wrong_merchant', `merchant_id ${merchantId} is not this account's`);
      }
      if (account.apiKey === '') throw new WebhookRejected('bad_signature', 'account has no server key');
      if (!hexDigestEquals(midtransNotificationSignature(account.apiKey, orderId, statusCode, gross), sig)) throw new WebhookRejected('bad_signature', 'signature_key does not match');
      const e: WebhookEvent = { orderId, amount: gross, claimedStatus: midtransStatus(ts, typeof fraud === 'string' ? fraud : null), raw: body };
      if (typeof txId === 'string' && txId !== '') e.gatewayRef = txId;
      return e;
    },

    webhookAck: (ok) => (ok ? { status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' } : { status: 400, body: 'Bad Request', contentType: 'text/plain; charset=utf-8' }),
  };
}
