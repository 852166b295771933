import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { z } from 'zod';
import { GatewayError, type GatewayName, type HttpFetch } from './types';

/** Per-request timeout of every gateway call. */
export const GATEWAY_TIMEOUT_MS = 15_000;
/** An idle kept-alive connection is closed after this (or sooner when the server's Keep-Alive says so). */
const IDLE_SOCKET_MS = 4_000;

/** What a gateway API answers without naming them (what Node's fetch sent before). */
const DEFAULT_HEADERS: Record<string, string> = { accept: '*/*', 'user-agent': 'node', 'accept-encoding': 'gzip, deflate' };

/** The connection was lost before any answer on a connection reused from the pool: the server had closed it. */
const STALE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * The app's HttpFetch: node:http / node:https on keep-alive agents (one connection setup per burst, not per
 * call), one overall timeout that destroys the request (connect, send and the whole answer), the answer read as
 * UTF-8 text (gzip/deflate undone). TLS verification stays on (Node's default; the official PHP samples turn it
 * off — never copy that). Redirects are not followed: the 3xx itself is answered, and a gateway API that
 * redirects a signed POST is a protocol error for the adapter. A request written to a pooled connection the
 * server had just closed is sent once more on a new one (nothing reached the server).
 */
export function defaultFetch(): HttpFetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    'https:': new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  };
  return async (url, init) => {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported URL scheme ${u.protocol}`);
    const headers: Record<string, string> = {};
    const given = new Set(Object.keys(init.headers).map((k) => k.toLowerCase()));
    for (const [k, v] of Object.entries(DEFAULT_HEADERS)) if (!given.has(k)) headers[k] = v;
    Object.assign(headers, init.headers);
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const deadline = Date.now() + init.timeoutMs;
    const opts = { method: init.method, headers, agent: agents[u.protocol] };
    try {
      return await send(u, opts, init.body, deadline, init.timeoutMs);
    } catch (e) {
      if (!(e instanceof StaleSocket)) throw e;
      return send(u, opts, init.body, deadline, init.timeoutMs);
    }
  };
}

class StaleSocket extends Error {}

function send(u: URL, opts: http.RequestOptions, body: string | undefined, deadline: number, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let answered = false;
    const req = (u.protocol === 'https:' ? https : http).request(u, opts);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new Error(`no answer within ${timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
    req.on('error', (e: NodeJS.ErrnoException) => fail(req.reusedSocket && e.code !== undefined && STALE.has(e.code) && !answered ? new StaleSocket(e.message) : e));
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail(new Error('connection closed before the whole answer'));
      });
      res.on('end', () => {
        if (settled) return;
        try {
          const text = decode(Buffer.concat(chunks), String(res.headers['content-encoding'] ?? '').trim().toLowerCase());
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, text });
        } catch (e) {
          fail(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.end(body);
  });
}

/** HTTP's "deflate" is zlib-wrapped; some servers send it raw. */
function inflate(raw: Buffer): Buffer {
  try {
    return zlib.inflateSync(raw);
  } catch {
    return zlib.inflateRawSync(raw);
  }
}

/** The answer's text: content coding undone, UTF-8 with a leading BOM dropped (as fetch's text() reads it). */
function decode(raw: Buffer, coding: string): string {
  const bytes = coding === 'gzip' || coding === 'x-gzip' ? zlib.gunzipSync(raw) : coding === 'deflate' ? inflate(raw) : coding === 'br' ? zlib.brotliDecompressSync(raw) : raw;
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
