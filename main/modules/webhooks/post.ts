import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { BlockedDestination, guardedLookup, isPublicAddress, portOf, urlProblem, type Destination } from './guard';

/*
 * One webhook POST: the body exactly as signed, no redirects followed (a 3xx is a failure, reference §4.1), a
 * time limit, and only as much of the answer as the delivery log keeps. Never throws: the result says what
 * happened, for the log and the retry decision.
 */

export interface PostResult {
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  /** The start of the answer's body, for the delivery log. */
  excerpt: string;
  ms: number;
  /** Why there was no usable answer (refused destination, timeout, connection error). */
  error: string | null;
  /** Refused before any connection (the destination is not allowed): retrying will not help. */
  blocked: boolean;
  /** Seconds from a Retry-After header (429/503), when given. */
  retryAfter: number | null;
}

const EXCERPT = 500;
const READ_CAP = 64 * 1024;
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }) };

function retryAfterOf(v: string | string[] | undefined): number | null {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return null;
  if (/^\d+$/.test(s.trim())) return Number(s.trim());
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : Math.max(0, Math.ceil((t - Date.now()) / 1000));
}

export function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, dest: Destination, timeoutMs = 15_000): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, 'ms'>): PostResult => ({ ...r, ms: Math.round(performance.now() - started) });
  const problem = urlProblem(rawUrl);
  if (problem) return Promise.resolve(done({ status: null, excerpt: '', error: problem, blocked: true, retryAfter: null }));
  const url = new URL(rawUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = portOf(url);
  // An address written in the URL is never looked up: judge it here.
  if (isIP(host)) {
    const local = !isPublicAddress(host);
    const allowed = dest.allowHosts.includes(host) || dest.allowHosts.includes(`${host}:${port}`);
    if (local && dest.ownPorts.includes(port)) return Promise.resolve(done({ status: null, excerpt: '', error: `${host}:${port} is this app's own listener`, blocked: true, retryAfter: null }));
    if (local && !allowed) return Promise.resolve(done({ status: null, excerpt: '', error: `${host} is a private or reserved address (add it to the allowed hosts to permit it)`, blocked: true, retryAfter: null }));
  }
  return new Promise((resolve) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(
      url,
      {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup: guardedLookup(dest, host, port),
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'MikrotikBilling-Webhooks/1' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < READ_CAP) chunks.push(c);
          size += c.length;
          if (size >= READ_CAP) res.destroy();
        });
        const finish = () =>
          resolve(done({ status: res.statusCode ?? null, excerpt: Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT), error: null, blocked: false, retryAfter: retryAfterOf(res.headers['retry-after']) }));
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    req.on('error', (err: Error) => {
      const blocked = err instanceof BlockedDestination || err.name === 'BlockedDestination';
      resolve(done({ status: null, excerpt: '', error: err.message, blocked, retryAfter: null }));
    });
    req.end(body);
  });
}
