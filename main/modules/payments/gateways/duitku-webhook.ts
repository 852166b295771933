import { hexDigestEquals } from './crypto';
import { duitkuCallbackSignature } from './duitku-sign';
import { WebhookRejected, type GatewayAccount, type NormalizedStatus, type WebhookEvent, type WebhookRequest } from './types';

/**
 * Callback `resultCode` is a hint only (§6.3: sources disagree on 01). Current API docs: 00 success, 01 failed;
 * POP table: 02 failed. Nothing acts on it without transactionStatus.
 */
function claimed(resultCode: string | undefined): NormalizedStatus {
  if (resultCode === '00') return 'PAID';
  if (resultCode === '01' || resultCode === '02') return 'FAILED';
  return 'UNKNOWN';
}

const REQUIRED = ['merchantCode', 'amount', 'merchantOrderId', 'signature'] as const;

/**
 * DuitKu callback (§6): application/x-www-form-urlencoded, every value a raw string. Order of checks:
 * shape → merchantCode (not a secret; a callback for another merchant is 'wrong_merchant' whatever it is signed
 * with) → signature with the account's scheme over merchantCode + amount + merchantOrderId exactly as received,
 * compared in constant time. The amount against the attempt, and the status via transactionStatus, are the
 * caller's job.
 */
export function parseDuitkuCallback(account: GatewayAccount, req: WebhookRequest): WebhookEvent {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.contentType.trim())) {
    throw new WebhookRejected('malformed', `expected application/x-www-form-urlencoded, got ${req.contentType || 'nothing'}`);
  }
  const text = req.rawBody.toString('utf8');
  if (text.trim() === '' || text.trimStart().startsWith('{')) throw new WebhookRejected('malformed', 'empty or non-form body');
  const form = new URLSearchParams(text);
  const raw: Record<string, string> = {};
  for (const [k, v] of form) if (!(k in raw)) raw[k] = v;

  for (const k of REQUIRED) if (!raw[k]) throw new WebhookRejected('malformed', `missing ${k}`);
  const merchantCode = raw.merchantCode as string;
  const amount = raw.amount as string;
  const merchantOrderId = raw.merchantOrderId as string;
  const signature = raw.signature as string;
  if (!/^\d+$/.test(amount)) throw new WebhookRejected('malformed', `amount is not an integer string: ${amount}`);

  if (merchantCode !== account.merchantCode) throw new WebhookRejected('wrong_merchant', `merchantCode ${merchantCode} is not this account's`);
  if (account.apiKey === '') throw new WebhookRejected('bad_signature', 'account has no API key');
  const expected = duitkuCallbackSignature(account.signatureScheme, account.apiKey, merchantCode, amount, merchantOrderId);
  if (!hexDigestEquals(expected, signature)) throw new WebhookRejected('bad_signature', `signature does not match (${account.signatureScheme})`);

  // The docs' table says productDetail, their curl example productDetails: both are accepted as sent.
  const event: WebhookEvent = { orderId: merchantOrderId, amount, claimedStatus: claimed(raw.resultCode), raw };
  if (raw.reference) event.gatewayRef = raw.reference;
  return event;
}
