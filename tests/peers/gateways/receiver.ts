/**
 * A loopback webhook receiver for tests: records every request (raw body, headers) and answers with the status
 * the test chose (a fixed status, or one per attempt to exercise retries).
 */
import http from 'node:http';
import type net from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
  contentType: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:PORT/callback`. */
  readonly url: string;
  received(): Received[];
  /** Status for the next requests: a number for all, or a list consumed one per request (then `then`). */
  answer(statuses: number | number[], then?: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(opts: { path?: string; body?: string } = {}): Promise<WebhookReceiver> {
  const got: Received[] = [];
  let queue: number[] = [];
  let fallback = 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      got.push({ method: req.method ?? '', path: req.url ?? '', headers, rawBody: Buffer.concat(chunks).toString('utf8'), contentType: headers['content-type'] ?? '' });
      const status = queue.shift() ?? fallback;
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(opts.body ?? (status === 200 ? '{"success":true}' : '{"success":false}'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${opts.path ?? '/callback'}`,
    received: () => [...got],
    answer: (statuses, then) => {
      if (typeof statuses === 'number') {
        queue = [];
        fallback = statuses;
      } else {
        queue = [...statuses];
        if (then !== undefined) fallback = then;
      }
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
