import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { windowLimit } from '../../core/rate-limit';
import { renderPage, type Lang, type Office, type PageView } from './page';

/*
 * The isolation listener (portal-api.md §1.6a, §6.1): its own port, because requests redirected by the routers
 * carry any Host. It serves the isolation page for every Host and path — nothing else: no staff API, no portal
 * API, no static files, no sessions, no cookies — only to GET/HEAD, rate-limited per address.
 */

export interface ListenerDeps {
  logger: Logger;
  /** Who is at this address and what the page says to them (unknown → the general page). */
  viewFor(ip: string): Promise<PageView>;
  office(): Office;
  perMinute(): number;
}

/** The client's own address (no proxy is trusted here): IPv4-mapped IPv6 shown as IPv4. */
export const clientIp = (req: Request): string => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

export function isolationApp(deps: ListenerDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('trust proxy', false);
  // Indonesian unless the visitor picks English on the page (like the pay page; a phone's locale is often English).
  const langOf = (req: Request): Lang => (req.query.lang === 'en' ? 'en' : 'id');
  const send = (req: Request, res: Response, status: number, view: PageView) => {
    const lang = langOf(req);
    res
      .status(status)
      .set({
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      })
      .type('html')
      .send(req.method === 'HEAD' ? '' : renderPage(view, lang, deps.office(), `${req.path}?lang=${lang === 'id' ? 'en' : 'id'}`));
  };
  // Read once: a change of the settings restarts the listener.
  const limiter = windowLimit({ windowMs: 60_000, limit: deps.perMinute(), key: (req) => clientIp(req), handler: (req, res) => send(req, res, 429, { kind: 'busy' }) });
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set({ Allow: 'GET, HEAD', 'Cache-Control': 'no-store' }).type('text').send('Method not allowed');
      return;
    }
    next();
  });
  app.use(limiter);
  app.use((req, res) => {
    deps
      .viewFor(clientIp(req))
      .then((view) => send(req, res, 200, view))
      .catch((err: unknown) => {
        deps.logger.warn({ err }, 'isolation page: customer lookup failed');
        send(req, res, 200, { kind: 'unknown', portalUrl: null });
      });
  });
  return app;
}

export interface RunningListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startListener(deps: ListenerDeps, host: string, port: number): Promise<RunningListener> {
  const server = http.createServer({ requestTimeout: 15_000, headersTimeout: 10_000 }, isolationApp(deps));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${addr.port}`,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
