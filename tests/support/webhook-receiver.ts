import http from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A webhook receiver for tests (loopback): records every request with its raw body and headers, and answers
 * what the test scripts (a status per request, in order; then 200).
 */

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Statuses for the next requests, in order (then 200). */
  answers: number[];
  /** Extra headers on the next answer (e.g. Retry-After). */
  nextHeaders: Record<string, string>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const r: Omit<Receiver, 'url' | 'port' | 'close'> = { received: [], answers: [], nextHeaders: {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      r.received.push({ path: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const status = r.answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain', ...r.nextHeaders });
      r.nextHeaders = {};
      res.end(status < 300 ? 'ok' : `nope ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as Receiver;
}
