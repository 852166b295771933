import { z } from 'zod';
import {
  duitkuInquirySignature,
  duitkuPaymentMethodSignature,
  duitkuPopSignature,
  duitkuStatusSignature,
  sanitizeDuitkuPhone,
  wibDateTime,
} from './duitku-sign';
import { parseDuitkuCallback } from './duitku-webhook';
import { gatewayUrl } from './hosts';
import { callJson, checkItems, cut, feeField, nonEmpty, parseAnswer, pickString, rupiahField } from './http';
import {
  GatewayError,
  type CreatePaymentInput,
  type CreatePaymentResult,
  type GatewayAccount,
  type HttpFetch,
  type NormalizedStatus,
  type PaymentGateway,
  type PaymentMethodInfo,
  type StatusResult,
} from './types';

/** Paths (shared/reference/payments.md §2). API paths live on the API host, POP paths on the api- host. */
export const DUITKU_PATHS = {
  paymentMethods: '/webapi/api/merchant/paymentmethod/getpaymentmethod',
  inquiry: '/webapi/api/merchant/v2/inquiry',
  status: '/webapi/api/merchant/transactionStatus',
  popCreate: '/api/merchant/createInvoice',
  popStatus: '/api/merchant/transactionStatus',
} as const;

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** DuitKu's error text: `Message` on HTTP 400 (Woo), else statusMessage / responseMessage. */
const duitkuMessage = (json: unknown): string | undefined => pickString(json, 'Message', 'message', 'statusMessage', 'responseMessage');

const createAnswer = z.object({
  reference: z.string().min(1),
  paymentUrl: z.string().nullish(),
  vaNumber: z.string().nullish(),
  qrString: z.string().nullish(),
  appUrl: z.string().nullish(),
  AppUrl: z.string().nullish(),
  amount: rupiahField.nullish(),
  statusCode: z.string().nullish(),
  statusMessage: z.string().nullish(),
});

const statusAnswer = z.object({
  merchantOrderId: z.string().nullish(),
  reference: z.string().nullish(),
  amount: rupiahField.nullish(),
  fee: feeField.nullish(),
  statusCode: z.string(),
  statusMessage: z.string().nullish(),
});

const methodsAnswer = z.object({
  paymentFee: z
    .array(z.object({ paymentMethod: z.string().min(1), paymentName: z.string(), paymentImage: z.string().nullish(), totalFee: feeField }))
    .nullish(),
  responseCode: z.string().nullish(),
  responseMessage: z.string().nullish(),
});

/**
 * transactionStatus `statusCode` (§9): 00 paid, 01 pending, 02 cancelled/failed — an expired transaction also
 * reports 02, and only the caller knows the attempt's expiry, so 02 is FAILED here and the caller turns it into
 * EXPIRED when the attempt is past its expiry. Anything else is UNKNOWN (raw kept).
 */
export function duitkuStatus(code: string): NormalizedStatus {
  if (code === '00') return 'PAID';
  if (code === '01') return 'PENDING';
  if (code === '02') return 'FAILED';
  return 'UNKNOWN';
}

export interface DuitkuOptions {
  now: () => Date;
}

export function duitkuGateway(account: GatewayAccount, fetch: HttpFetch, opts: DuitkuOptions): PaymentGateway {
  const { merchantCode, apiKey, signatureScheme: scheme } = account;
  const post = (host: 'duitkuApi' | 'duitkuPop', path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> =>
    callJson(fetch, 'duitku', { method: 'POST', url: gatewayUrl(account, host, path), headers: { ...JSON_HEADERS, ...headers }, body }, duitkuMessage);

  /** The inquiry fields shared by V2 and POP (§3); V2 adds merchantCode + signature, POP signs headers instead. */
  function paymentFields(input: CreatePaymentInput): Record<string, unknown> {
    checkItems(input.amount, input.items);
    const phone = input.customer.phone ? sanitizeDuitkuPhone(input.customer.phone) : '';
    return {
      paymentAmount: input.amount,
      ...(input.method ? { paymentMethod: input.method } : {}),
      merchantOrderId: input.orderId,
      productDetails: cut(input.description, 255),
      email: input.customer.email,
      ...(phone ? { phoneNumber: phone } : {}),
      customerVaName: cut(input.customer.name, 20),
      ...(input.items ? { itemDetails: input.items.map((i) => ({ name: cut(i.name, 50), price: i.price, quantity: i.quantity })) } : {}),
      customerDetail: {
        firstName: cut(input.customer.name, 50),
        email: cut(input.customer.email, 50),
        ...(phone ? { phoneNumber: phone } : {}),
      },
      callbackUrl: input.callbackUrl,
      returnUrl: input.returnUrl,
      ...(input.expiryMinutes !== undefined ? { expiryPeriod: input.expiryMinutes } : {}),
    };
  }

  return {
    name: 'duitku',

    async listMethods(amount) {
      const datetime = wibDateTime(opts.now());
      const json = await post('duitkuApi', DUITKU_PATHS.paymentMethods, {
        merchantcode: merchantCode,
        amount,
        datetime,
        signature: duitkuPaymentMethodSignature(scheme, apiKey, merchantCode, amount, datetime),
      });
      const a = parseAnswer('duitku', methodsAnswer, json, 'getpaymentmethod');
      if (a.responseCode != null && a.responseCode !== '00') throw new GatewayError('rejected', `duitku: ${a.responseMessage ?? a.responseCode}`);
      return (a.paymentFee ?? []).map((m): PaymentMethodInfo => ({ code: m.paymentMethod, name: m.paymentName, fee: m.totalFee, ...(m.paymentImage ? { image: m.paymentImage } : {}) }));
    },

    async createPayment(input) {
      const fields = paymentFields(input);
      let json: unknown;
      if (account.flavour === 'pop') {
        const timestamp = opts.now().getTime();
        json = await post('duitkuPop', DUITKU_PATHS.popCreate, fields, {
          'x-duitku-signature': duitkuPopSignature(scheme, apiKey, merchantCode, timestamp),
          'x-duitku-timestamp': String(timestamp),
          'x-duitku-merchantcode': merchantCode,
        });
      } else {
        if (!input.method) throw new Error('duitku V2 inquiry needs a payment method (the customer picks it on our page)');
        json = await post('duitkuApi', DUITKU_PATHS.inquiry, {
          merchantCode,
          ...fields,
          signature: duitkuInquirySignature(scheme, apiKey, merchantCode, input.orderId, input.amount),
          ...(scheme === 'sha256' ? { hashAlgorithm: 'sha256' } : {}),
        });
      }
      const a = parseAnswer('duitku', createAnswer, json, 'create');
      if (a.statusCode != null && a.statusCode !== '00') throw new GatewayError('rejected', `duitku: ${a.statusMessage ?? a.statusCode}`);
      if (a.amount != null && a.amount !== input.amount) throw new GatewayError('protocol', `duitku: answered amount ${a.amount}, asked ${input.amount}`);
      const result: CreatePaymentResult = { gatewayRef: a.reference, raw: json };
      const paymentUrl = nonEmpty(a.paymentUrl);
      const vaNumber = nonEmpty(a.vaNumber);
      const qrString = nonEmpty(a.qrString);
      const appUrl = nonEmpty(a.appUrl) ?? nonEmpty(a.AppUrl);
      if (paymentUrl) result.paymentUrl = paymentUrl;
      if (vaNumber) result.vaNumber = vaNumber;
      if (qrString) result.qrString = qrString;
      if (appUrl) result.appUrl = appUrl;
      // DuitKu does not answer an expiry; when we asked for one it runs from now.
      if (input.expiryMinutes !== undefined) result.expiresAt = new Date(opts.now().getTime() + input.expiryMinutes * 60_000);
      return result;
    },

    async getStatus(orderId) {
      const pop = account.flavour === 'pop';
      const json = await post(pop ? 'duitkuPop' : 'duitkuApi', pop ? DUITKU_PATHS.popStatus : DUITKU_PATHS.status, {
        merchantCode,
        merchantOrderId: orderId,
        signature: duitkuStatusSignature(scheme, apiKey, merchantCode, orderId),
      });
      const a = parseAnswer('duitku', statusAnswer, json, 'transactionStatus');
      const r: StatusResult = { status: duitkuStatus(a.statusCode), raw: json };
      if (a.amount != null) r.amount = a.amount;
      if (a.fee != null) r.fee = a.fee;
      if (a.reference) r.gatewayRef = a.reference;
      return r;
    },

    parseWebhook: (req) => parseDuitkuCallback(account, req),

    webhookAck: (ok) => (ok ? { status: 200, body: 'OK', contentType: 'text/plain; charset=utf-8' } : { status: 400, body: 'Bad Request', contentType: 'text/plain; charset=utf-8' }),
  };
}
