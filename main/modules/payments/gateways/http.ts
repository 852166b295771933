import { z } from 'zod';
import { GatewayError, type GatewayName, type HttpFetch } from './types';

/** Per-request timeout of every gateway call. */
export const GATEWAY_TIMEOUT_MS = 15_000;

/**
 * The app's HttpFetch: global fetch with `AbortSignal.timeout`. TLS verification stays on (Node's default; the
 * official PHP samples turn it off — never copy that). Redirects are not followed: a gateway API that redirects a
 * signed POST is answered as a protocol error by the adapter.
 */
export function defaultFetch(): HttpFetch {
  return async (url, init) => {
    const res = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    return { status: res.status, text: await res.text() };
  };
}

export interface JsonCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * One JSON call. Network failure, timeout and HTTP 5xx → GatewayError('unreachable') (the caller retries later);
 * HTTP 4xx → GatewayError('rejected') carrying the gateway's own message (`message(json)`); a 2xx that is not
 * JSON, or a 3xx → GatewayError('protocol'). Returns the parsed JSON of a 2xx answer.
 */
export async function callJson(
  fetch: HttpFetch,
  gateway: GatewayName,
  call: JsonCall,
  message: (json: unknown, text: string) => string | undefined,
): Promise<unknown> {
  let res: { status: number; text: string };
  try {
    res = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      timeoutMs: GATEWAY_TIMEOUT_MS,
    });
  } catch (e) {
    throw new GatewayError('unreachable', `${gateway}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const json = tryJson(res.text);
  if (res.status >= 400) {
    const text = message(json, res.text) ?? (res.text.trim().slice(0, 300) || `HTTP ${res.status}`);
    throw new GatewayError(res.status >= 500 ? 'unreachable' : 'rejected', `${gateway}: ${text}`, res.status);
  }
  if (res.status < 200 || res.status >= 300) throw new GatewayError('protocol', `${gateway}: unexpected HTTP ${res.status}`, res.status);
  if (json === undefined) throw new GatewayError('protocol', `${gateway}: answer is not JSON`, res.status);
  return json;
}

export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Parse a gateway answer with zod; a shape we do not understand is a protocol error, never a guess. */
export function parseAnswer<T>(gateway: GatewayName, schema: z.ZodType<T>, json: unknown, what: string): T {
  const r = schema.safeParse(json);
  if (!r.success) throw new GatewayError('protocol', `${gateway}: unexpected ${what} answer (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  return r.data;
}

/** The first string value of `key` in a JSON object, if any (vendor error messages). */
export function pickString(json: unknown, ...keys: string[]): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  for (const k of keys) {
    const v = (json as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (Array.isArray(v) && v.length > 0) return v.map(String).join('; ');
  }
  return undefined;
}

/**
 * Integer rupiah from what gateways send: 10000, "10000", "10000.00". A non-zero fraction is a protocol
 * error for amounts (IDR has no cents); `lenientFraction` rounds instead (fees, where a fraction must not block
 * the confirmation of a payment).
 */
export function toRupiah(v: string | number, lenientFraction = false): number | null {
  const s = typeof v === 'number' ? String(v) : v.trim();
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const whole = Number(m[1]);
  if (!Number.isSafeInteger(whole)) return null;
  const frac = m[2] ?? '';
  if (/^0*$/.test(frac)) return whole;
  return lenientFraction ? Math.round(Number(s)) : null;
}

/** zod: an amount as a gateway sends it → integer rupiah. */
export const rupiahField = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = toRupiah(v);
  if (n === null) {
    ctx.addIssue({ code: 'custom', message: `not an integer rupiah amount: ${String(v)}` });
    return z.NEVER;
  }
  return n;
});

/** zod: a fee as a gateway sends it → integer rupiah (fractions rounded). */
export const feeField = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = toRupiah(v, true);
  if (n === null) {
    ctx.addIssue({ code: 'custom', message: `not a fee: ${String(v)}` });
    return z.NEVER;
  }
  return n;
});

/** Case-insensitive header lookup (Node lower-cases incoming header names; tests may not). */
export function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === want) return v;
  return undefined;
}

export const basicAuth = (user: string): string => `Basic ${Buffer.from(`${user}:`, 'utf8').toString('base64')}`;

/** Parse a JSON webhook body into an object, or undefined. */
export function jsonObject(raw: Buffer): Record<string, unknown> | undefined {
  const v = tryJson(raw.toString('utf8'));
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** At most `max` characters (code points, so a multi-byte character is never split). */
export function cut(s: string, max: number): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : cps.slice(0, max).join('');
}

/** A non-empty string or undefined (gateways send "" or null for "none"). */
export const nonEmpty = (v: string | null | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Items must add up to the amount (DuitKu refuses otherwise; the other gateways too). */
export function checkItems(amount: number, items: { price: number; quantity: number }[] | undefined): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`amount must be a positive integer rupiah, got ${amount}`);
  if (!items) return;
  const sum = items.reduce((s, i) => s + i.price * i.quantity, 0);
  if (sum !== amount) throw new Error(`items add up to ${sum}, not to the amount ${amount}`);
}
