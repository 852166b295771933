/**
 * Shared plumbing of the payment-gateway doubles (DuitKu, Tripay, Midtrans, Xendit): a node:http server on
 * loopback with a request log, fault injection (latency, down = refused or 500, rate limit 429) and a webhook
 * sender with retries. Each double adds its own routes and state on top.
 */
import http from 'node:http';
import type net from 'node:net';

export interface PeerRequest {
  method: string;
  /** Path without the query string, e.g. `/webapi/api/merchant/v2/inquiry`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  /** The body exactly as received (utf8). */
  rawBody: string;
}

export interface PeerReply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Runs once the reply has been sent (after any latency), e.g. to end an "in progress" window. */
  after?: () => void;
}

export type PeerHandler = (req: PeerRequest) => PeerReply | Promise<PeerReply>;

/** One request the double saw, with the status it answered (null: refused while down). */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: string;
  status: number;
  at: string;
}

export const json = (status: number, value: unknown, headers?: Record<string, string>): PeerReply => ({
  status,
  body: JSON.stringify(value),
  contentType: 'application/json; charset=utf-8',
  ...(headers ? { headers } : {}),
});

export const html = (status: number, body: string): PeerReply => ({ status, body, contentType: 'text/html; charset=utf-8' });

export const timer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export type DownMode = 'refuse' | '500';

/** Fault injection shared by every double. Change fields while the server runs. */
export class PeerFaults {
  /** Delay before each reply (ms). */
  latencyMs = 0;
  private downMode: DownMode | null = null;
  private limit: { remaining: number | null; retryAfterSeconds: number } | null = null;

  constructor(private readonly host: { setListening(on: boolean): Promise<void> }) {}

  /** `refuse`: stop listening and drop open connections (ECONNREFUSED); `500`: answer every request with HTTP 500. */
  async down(mode: DownMode = 'refuse'): Promise<void> {
    this.downMode = mode;
    await this.host.setListening(mode !== 'refuse');
  }

  /** Back up (listening again on the same port). */
  async up(): Promise<void> {
    this.downMode = null;
    await this.host.setListening(true);
  }

  get isDown(): DownMode | null {
    return this.downMode;
  }

  /** Answer HTTP 429 to the next `times` requests (default: until clearRateLimit / reset). */
  rateLimit(opts: { times?: number; retryAfterSeconds?: number } = {}): void {
    this.limit = { remaining: opts.times ?? null, retryAfterSeconds: opts.retryAfterSeconds ?? 60 };
  }

  clearRateLimit(): void {
    this.limit = null;
  }

  async reset(): Promise<void> {
    this.latencyMs = 0;
    this.limit = null;
    if (this.downMode !== null) await this.up();
  }

  /** @internal Consumes one rate-limited request; returns Retry-After seconds, or null to pass. */
  takeRateLimit(): number | null {
    if (!this.limit) return null;
    const after = this.limit.retryAfterSeconds;
    if (this.limit.remaining !== null && --this.limit.remaining <= 0) this.limit = null;
    return after;
  }
}

export interface PeerServerOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Body of 429 / 500 fault replies (each gateway words its errors its own way). */
  faultBody?: (status: 429 | 500) => unknown;
}

export class PeerServer {
  readonly faults: PeerFaults;
  readonly host: string;
  port = 0;
  private server: http.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly log: LoggedRequest[] = [];
  private closed = false;

  constructor(private readonly handler: PeerHandler, private readonly opts: PeerServerOptions = {}) {
    this.host = opts.host ?? '127.0.0.1';
    this.faults = new PeerFaults({ setListening: (on) => this.setListening(on) });
  }

  /** `http://127.0.0.1:PORT` (no trailing slash). */
  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  async listen(port = this.opts.port ?? 0): Promise<void> {
    const server = http.createServer((req, res) => void this.serve(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  /** Every request seen, oldest first (copies). */
  requests(): LoggedRequest[] {
    return this.log.map((r) => ({ ...r, headers: { ...r.headers }, query: { ...r.query } }));
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.setListening(false);
  }

  private async setListening(on: boolean): Promise<void> {
    if (on) {
      if (!this.server && !this.closed) await this.listen(this.port);
      return;
    }
    const server = this.server;
    this.server = null;
    if (!server) return;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await done;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://peer.invalid');
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const request: PeerRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, rawBody: Buffer.concat(chunks).toString('utf8') };
    let reply: PeerReply;
    const retryAfter = this.faults.takeRateLimit();
    if (this.faults.isDown === '500') reply = json(500, this.opts.faultBody?.(500) ?? { message: 'Internal Server Error' });
    else if (retryAfter !== null) reply = json(429, this.opts.faultBody?.(429) ?? { message: 'Too Many Requests' }, { 'Retry-After': String(retryAfter) });
    else {
      try {
        reply = await this.handler(request);
      } catch (e) {
        reply = json(500, { message: `double failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    this.log.push({ method: request.method, path: request.path, query: Object.fromEntries(url.searchParams), headers, body: request.rawBody, status: reply.status, at: new Date().toISOString() });
    if (this.faults.latencyMs > 0) await timer(this.faults.latencyMs);
    res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/plain; charset=utf-8', ...reply.headers });
    if (reply.after) res.once('close', reply.after);
    res.end(reply.body);
  }
}

// ---- webhooks (the gateway calling the merchant) ---------------------------------------------------------

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  /** HTTP status the receiver answered, or null when it could not be reached. */
  status: number | null;
  error?: string;
  responseBody?: string;
}

export interface Delivery {
  id: number;
  /** What it is about (our order id). */
  subject: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  attempts: DeliveryAttempt[];
  /** Acknowledged by the receiver. */
  ok: boolean;
  /** No more attempts will be made (acknowledged, attempts exhausted, or the sender closed). */
  finished: boolean;
  /** Resolves when finished. */
  done: Promise<Delivery>;
}

export interface WebhookSenderOptions {
  /** Default 5 (DuitKu's documented maximum). */
  maxAttempts?: number;
  /** Delay before attempt n+1 after attempt n failed (ms). Default 1000·n. */
  backoffMs?: number | ((attempt: number) => number);
  /** Per-attempt timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** What counts as an acknowledgement (default: HTTP 200). */
  isAck?: (status: number, body: string) => boolean;
}

export class WebhookSender {
  /** Off = the merchant has no public address: nothing is sent (deliveries are not even recorded). */
  enabled = true;
  maxAttempts: number;
  private readonly log: Delivery[] = [];
  private closed = false;

  constructor(private readonly opts: WebhookSenderOptions = {}) {
    this.maxAttempts = opts.maxAttempts ?? 5;
  }

  /** Starts a delivery (with retries); null when webhooks are off or there is no URL. */
  send(subject: string, url: string | null | undefined, body: string, headers: Record<string, string>, opts: { maxAttempts?: number } = {}): Delivery | null {
    if (!this.enabled || this.closed || !url) return null;
    const delivery: Delivery = { id: this.log.length + 1, subject, url, headers, body, attempts: [], ok: false, finished: false, done: Promise.resolve(null as never) };
    delivery.done = this.run(delivery, opts.maxAttempts ?? this.maxAttempts);
    this.log.push(delivery);
    return delivery;
  }

  deliveries(subject?: string): Delivery[] {
    return this.log.filter((d) => subject === undefined || d.subject === subject);
  }

  /** Settles once every delivery has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.log.map((d) => d.done));
  }

  close(): void {
    this.closed = true;
  }

  private backoff(attempt: number): number {
    const b = this.opts.backoffMs;
    if (typeof b === 'function') return b(attempt);
    return b ?? 1000 * attempt;
  }

  private async run(d: Delivery, maxAttempts: number): Promise<Delivery> {
    const isAck = this.opts.isAck ?? ((status: number) => status === 200);
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      const record: DeliveryAttempt = { attempt, at: new Date().toISOString(), status: null };
      d.attempts.push(record);
      try {
        const res = await fetch(d.url, { method: 'POST', headers: d.headers, body: d.body, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
        record.status = res.status;
        record.responseBody = await res.text();
        if (isAck(res.status, record.responseBody)) {
          d.ok = true;
          break;
        }
      } catch (e) {
        record.error = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      }
      if (attempt < maxAttempts) await timer(this.backoff(attempt));
    }
    d.finished = true;
    return d;
  }
}
