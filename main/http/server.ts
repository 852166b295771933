import os from 'node:os';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { contract, isMethod, type Method } from '../../shared/contract';
import { AppError, httpStatusOf, type ErrorPayload } from '../../shared/errors';
import { EVENT_PERMISSION } from '../../shared/events';
import { roleHas } from '../../shared/permissions';
import type { Binding } from '../core/context';
import type { Invoke } from '../core/dispatcher';
import type { EventBus } from '../core/events';
import type { SessionStore } from '../modules/auth';
import { windowLimit } from '../core/rate-limit';
import { createRestRouter, mountApiDocs, type RestOptions } from './rest';

export const SESSION_COOKIE = 'mb_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface HttpOptions {
  invoke: Invoke;
  events: EventBus;
  sessions: SessionStore;
  logger: Logger;
  rendererDir: string | null;
  host: string;
  port: number;
  routes: ((router: Router) => void)[];
  /** The core's clock (the office's now). */
  now?: () => Date;
  /** A TLS tunnel / reverse proxy on this PC forwards requests (X-Forwarded-For/-Proto from loopback are trusted). */
  behindProxy?: boolean;
  /** Host names configured by the office (a tunnel or domain), besides loopback and this PC's addresses. */
  allowedHosts?: () => readonly string[];
  /** Per-address request limits (defaults: 10 failed logins a minute, 300 public calls, 600 module-route requests). */
  limits?: { login?: number; loginWindowMs?: number; publicPerMinute?: number; routesPerMinute?: number };
  /** The public REST API at /api/v1 (API keys) and its docs at /api/docs; absent = not served. */
  rest?: RestOptions;
}

/** The app's error answer: the status of the code, body `{ error: { code, message, details } }` (the REST API uses it too). */
export function sendError(res: Response, error: ErrorPayload): void {
  res.status(httpStatusOf(error.code)).json({ error });
}

const MB = 1024 * 1024;
/** JSON body limit of every method not listed in BODY_LIMITS. */
export const DEFAULT_BODY_LIMIT = 1 * MB;
/**
 * Methods whose schema accepts more than DEFAULT_BODY_LIMIT of JSON: the limit covers the largest input the
 * schema accepts (strings counted as escaped JSON), so a body the schema would take is never refused as too
 * large, and nothing much larger is read into memory.
 */
export const BODY_LIMITS: Partial<Record<Method, number>> = {
  // fileSchema: base64 up to 14,000,000 characters (a 10 MB file; base64 needs no escaping).
  'customers.importPreview': 15 * MB,
  'customers.import': 15 * MB,
  // Up to 20,000 secrets of 64 characters (6 bytes each when escaped as \uXXXX) and 500 plans.
  'billing.importFromRouter': 9 * MB,
  // html and css of up to 100,000 characters each (up to 6 bytes each when escaped).
  'vouchers.saveTemplate': 2 * MB,
  // Up to 100,000 drift targets (a drift report of a router with tens of thousands of users and secrets).
  'routers.repair': 16 * MB,
  // A trouble ticket's photo: base64 up to 2,000,000 characters (ticketPhotoSchema), plus 2,000 characters of text.
  'tickets.create': 3 * MB,
};

/** The JSON body limit of a method (bytes). */
export function bodyLimitOf(method: string): number {
  return (isMethod(method) ? BODY_LIMITS[method] : undefined) ?? DEFAULT_BODY_LIMIT;
}

/** This PC's own addresses (for LAN access by IP), read again at most once a minute (a DHCP lease may change). */
let own: { at: number; set: Set<string> } | null = null;
function ownAddresses(): Set<string> {
  if (own && Date.now() - own.at < 60_000) return own.set;
  const set = new Set<string>(['localhost', '127.0.0.1', '::1']);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) set.add(a.address.toLowerCase());
  own = { at: Date.now(), set };
  return set;
}

/** Whether a Host header names this office: loopback, one of this PC's addresses, or a configured name. */
export function hostAllowed(hostHeader: string | undefined, configured: readonly string[]): boolean {
  if (!hostHeader) return false;
  let name: string;
  try {
    name = new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  name = name.replace(/^\[(.*)\]$/, '$1');
  if (name.endsWith('.localhost')) return true;
  return ownAddresses().has(name) || configured.includes(name);
}

/**
 * A middleware that only sets response headers which depend on nothing in the request (helmet with static
 * directives), worked out once: one middleware then sets the same headers on every response, instead of a
 * chain of a dozen. Anything else the middleware touches (the request, other response methods, an async
 * next) keeps the original middleware.
 */
export function fixedHeaders(mw: RequestHandler): RequestHandler {
  const set: [string, string][] = [];
  const removed: string[] = [];
  let fixed = true;
  let nexted = false;
  const spy = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        if (prop in t) return t[prop as keyof T];
        fixed = false;
        return undefined;
      },
    });
  const res = spy({ setHeader: (k: string, v: unknown) => void set.push([k, String(v)]), removeHeader: (k: string) => void removed.push(k) });
  try {
    mw(spy({}) as Request, res as unknown as Response, (err?: unknown) => {
      nexted = err === undefined;
    });
  } catch {
    fixed = false;
  }
  if (!fixed || !nexted) return mw;
  return (_req, response, next) => {
    for (const k of removed) response.removeHeader(k);
    for (const [k, v] of set) response.setHeader(k, v);
    next();
  };
}

/** Whether an Origin header names this host. `null` (sandboxed frames, file: pages) or anything unparsable does not. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The contract over HTTP: POST /api/rpc/<method> with a JSON body; session cookie + CSRF header. */
export function createHttpApp(opts: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: every answer here is a call's result, a no-store page or a callback's ack (the renderer's files
  // are served with their own validators); hashing each body was pure cost on the busiest routes.
  app.set('etag', false);
  // Forwarded headers are believed only from a proxy on this PC, and only when the office says there is one.
  app.set('trust proxy', opts.behindProxy ? 'loopback' : false);
  app.use(
    fixedHeaders(
      helmet({
        contentSecurityPolicy: {
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:'],
            connectSrc: ["'self'"],
            fontSrc: ["'self'", 'data:'],
            objectSrc: ["'none'"],
            frameAncestors: ["'none'"],
            formAction: ["'self'"],
            upgradeInsecureRequests: null,
          },
        },
        // Plain http on the office LAN: no HSTS.
        strictTransportSecurity: false,
        crossOriginOpenerPolicy: { policy: 'same-origin' },
      }),
    ),
  );
  app.use(cookieParser());
  // DNS rebinding: a page on another site that makes its name point here still sends its own Host header.
  // Only hosts this office is reached by are served; anything else is refused before routing.
  app.use((req, res, next) => {
    if (hostAllowed(req.get('host'), opts.allowedHosts?.() ?? [])) return next();
    sendError(res, { code: 'forbidden', message: 'This address is not one this office uses (Settings → Listener → other host names)', details: { host: req.get('host') ?? null } });
  });

  app.get('/api/health', (_req, res) => {
    res.json({ ok: true, now: (opts.now ?? (() => new Date()))().toISOString() });
  });

  // Per-address limits on everything an outsider can reach (429 with Retry-After and RateLimit headers).
  const limited = (windowMs: number, limit: number, skip?: (req: Request) => boolean, failuresOnly = false): RequestHandler =>
    windowLimit({
      windowMs,
      limit,
      ...(skip ? { skip } : {}),
      failuresOnly,
      handler: (_req, res) => sendError(res, new AppError('rate_limited', 'Too many requests; wait a moment and try again', { retryAfterSeconds: Math.ceil(windowMs / 1000) }).toPayload()),
    });
  const publicMethod = (req: Request) => {
    const m = String(req.params.method);
    return isMethod(m) && contract[m].access === 'public';
  };
  // Failed logins from one address (a clerk who logs in is never held up by the others at the same counter).
  const loginLimit = limited(opts.limits?.loginWindowMs ?? 60_000, opts.limits?.login ?? 10, (req) => !['auth.login', 'setup.complete'].includes(String(req.params.method)), true);
  const publicLimit = limited(60_000, opts.limits?.publicPerMinute ?? 300, (req) => !publicMethod(req));
  const routeLimit = windowLimit({
    windowMs: 60_000,
    limit: opts.limits?.routesPerMinute ?? 600,
    handler: (_req, res) => sendError(res, new AppError('rate_limited', 'Too many requests; wait a moment and try again', { retryAfterSeconds: 60 }).toPayload()),
  });

  const parsers = new Map<number, RequestHandler>();
  const jsonBody: RequestHandler = (req, res, next) => {
    const limit = bodyLimitOf(String(req.params.method));
    res.locals.bodyLimit = limit;
    let parser = parsers.get(limit);
    if (!parser) parsers.set(limit, (parser = express.json({ limit, type: () => true })));
    parser(req, res, next);
  };

  app.post('/api/rpc/:method', publicLimit, loginLimit, jsonBody, async (req: Request, res: Response) => {
    const method = String(req.params.method);
    if (!isMethod(method)) return sendError(res, { code: 'unknown_method', message: `Unknown method: ${method}` });
    if (!req.is('application/json')) return sendError(res, { code: 'validation', message: 'Send JSON (Content-Type: application/json)' });
    const origin = req.get('origin');
    if (origin !== undefined && !sameOrigin(origin, req.get('host'))) return sendError(res, { code: 'csrf', message: 'Cross-site request refused' });
    const token: string | null = typeof req.cookies?.[SESSION_COOKIE] === 'string' ? req.cookies[SESSION_COOKIE] : null;
    // auth.state hands out the CSRF token, login/setup create a new session: the rest must echo it.
    const csrfExempt = method === 'auth.state' || method === 'auth.login' || method === 'setup.complete';
    if (token && !csrfExempt) {
      const expected = await opts.sessions.csrfOf(token);
      if (expected && req.get(CSRF_HEADER) !== expected) return sendError(res, { code: 'csrf', message: 'Missing or wrong CSRF token; reload the page' });
    }
    const binding: Binding = {
      transport: 'http',
      ip: req.ip ?? req.socket.remoteAddress ?? null,
      token,
      setToken(next) {
        // Secure over HTTPS (a tunnel in front): the cookie never travels in clear text from then on.
        if (next) res.cookie(SESSION_COOKIE, next, { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure });
        else res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    };
    const out = await opts.invoke(method, req.body, binding);
    if (out.ok) res.json({ result: out.result ?? null, mutated: contract[method].mutates });
    else sendError(res, out.error);
  });

  /** Push events as Server-Sent Events, for the logged-in session only. */
  app.get('/api/events', async (req: Request, res: Response) => {
    const now = opts.now ?? (() => new Date());
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    const session = typeof token === 'string' ? await opts.sessions.resolve(token, now()) : null;
    if (typeof token !== 'string' || !session || session === 'expired') return sendError(res, { code: 'unauthenticated', message: 'Please log in' });
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    // The stream follows the session like every call does: each event is checked against the session as it
    // is now (logged out, disabled, expired → the stream ends; a new role filters what it may see).
    let closed = false;
    let chain = Promise.resolve();
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(ping);
      unsubscribe();
      res.end();
    };
    const current = async () => (closed ? null : await opts.sessions.peek(token, now()));
    const unsubscribe = opts.events.subscribe((name, payload, target) => {
      if (target.sessionId && target.sessionId !== session.sessionId) return;
      chain = chain.then(async () => {
        if (closed) return;
        // Told to this session itself (e.g. "your session has ended"): delivered, then the stream follows.
        if (target.sessionId === session.sessionId) res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
        const s = await current();
        if (!s) return close();
        if (target.sessionId === session.sessionId) return;
        const needs = EVENT_PERMISSION[name];
        if (needs && !roleHas(s.user.role, needs)) return;
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
    });
    const ping = setInterval(() => {
      chain = chain.then(async () => ((await current()) ? void res.write(': ping\n\n') : close()));
    }, 10_000);
    req.on('close', close);
  });

  if (opts.rest) {
    app.use('/api/v1', createRestRouter(opts.rest));
    mountApiDocs(app);
  }

  app.use('/api', (_req, res) => sendError(res, { code: 'not_found', message: 'No such API route' }));

  const router = express.Router();
  for (const register of opts.routes) register(router);
  // Module routes are public: routers report first logins here (a customer portal and payment callbacks
  // would mount here too; neither exists yet).
  app.use(routeLimit, router);

  if (opts.rendererDir && fs.existsSync(path.join(opts.rendererDir, 'index.html'))) {
    const dir = opts.rendererDir;
    app.use(express.static(dir, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dir, 'index.html'));
    });
  }

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, type } = err as { status?: number; type?: string };
    if (type === 'entity.too.large') {
      const limit = typeof res.locals.bodyLimit === 'number' ? res.locals.bodyLimit : DEFAULT_BODY_LIMIT;
      return sendError(res, new AppError('too_large', `The request body is too large (at most ${Math.round(limit / MB)} MB)`, { limit }).toPayload());
    }
    if (type === 'entity.parse.failed') return sendError(res, new AppError('validation', 'The request body is not valid JSON').toPayload());
    if (status && status >= 400 && status < 500) {
      return sendError(res, new AppError('validation', 'The request body could not be read (send UTF-8 JSON)').toPayload());
    }
    opts.logger.error({ err }, 'http error');
    sendError(res, { code: 'internal', message: 'Something went wrong; the error was logged' });
  });
  return app;
}

export async function startHttp(opts: HttpOptions): Promise<{ server: http.Server; url: string }> {
  const app = createHttpApp(opts);
  const server = http.createServer(app);
  // Node closes idle keep-alive sockets after 5 s; a client reusing one at that moment gets ECONNRESET on a
  // POST it will not retry. Staff browsers keep connections open longer than a clerk pauses.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return { server, url: `http://${shownHost}:${addr.port}` };
}
