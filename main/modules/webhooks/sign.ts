import { createHmac, randomBytes } from 'node:crypto';

/*
 * Standard Webhooks v1 (symmetric): the signed content is "{webhook-id}.{webhook-timestamp}.{raw body}",
 * HMAC-SHA256 with the endpoint's secret, sent as `v1,<base64>`; secrets are shown as `whsec_<base64>`. During a
 * rotation both the new and the old secret sign, space-separated, and a receiver accepts either
 * (../shared/reference/portal-api.md §4.1).
 */

/** A new endpoint secret: 32 random bytes, as `whsec_…`. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (key.length < 24 || key.length > 64) throw new Error('a webhook secret is 24–64 bytes');
  return key;
}

/** The `webhook-signature` header for a message: one `v1,` entry per secret (the current one first). */
export function signature(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  if (id.includes('.') || !/^\d+$/.test(String(timestamp))) throw new Error('webhook id and timestamp may not contain "."');
  return secrets.map((s) => `v1,${createHmac('sha256', keyOf(s)).update(`${id}.${timestamp}.`).update(body).digest('base64')}`).join(' ');
}

/** The three headers of one attempt: the id is the event's (the same on every retry), the time this attempt's. */
export function webhookHeaders(secrets: readonly string[], id: string, at: Date, body: string): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature(secrets, id, ts, body) };
}
