import compression from 'compression';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { windowLimit, type WindowLimitOptions } from '../../core/rate-limit';
import { AppError, httpStatusOf, type ErrorPayload } from '../../../shared/errors';
import { isPortalMethod, PORTAL_COOKIE, PORTAL_HEADER, portalContract } from '../../../shared/contract/portal';
import type { Db } from '../../core/db';
import type { ModuleSettings } from '../../core/module';
import { isCustomersPayment, portalInvoice } from '../billing';
import type { PortalInvoke } from './module';
import { languageOf, type PortalSession } from './store';
import type { PortalDeps, PortalLimits } from './types';

/*
 * The portal over HTTP (issue 14):
 *   POST /portal/api/<method>   JSON in, `{ result }` or `{ error }` out; header `x-portal: 1`, same-origin Origin
 *   GET  /portal/files/invoice/<id>.pdf, /portal/files/receipt/<id>.pdf, /portal/files/ticket/<id>   own records only
 *   GET  /portal/…              the portal UI (dist/portal) with an SPA fallback to index.html
 * The session cookie `mb_portal` (path /portal) is the portal's own: a staff session never works here and a portal
 * session never works on /api.
 */

const KB = 1024;
/** openTicket carries a photo of up to 2,000,000 base64 characters; every other call is small. */
const BODY_LIMITS: Partial<Record<string, number>> = { 'portal.openTicket': 2_200 * KB };
const SMALL_BODY = 16 * KB;
const FIFTEEN_MIN = 15 * 60_000;

export interface PortalHttp {
  invoke: PortalInvoke;
  settings: ModuleSettings;
  db: Db;
  now: () => Date;
  deps: PortalDeps;
  limits: PortalLimits;
  session(token: string | null): Promise<PortalSession | 'expired' | null>;
}

function sendError(res: Response, error: ErrorPayload): void {
  res.status(httpStatusOf(error.code)).set('Cache-Control', 'no-store').json({ error });
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const tokenOf = (req: Request): string | null => {
  const t: unknown = req.cookies?.[PORTAL_COOKIE];
  return typeof t === 'string' && t.length > 0 && t.length <= 100 ? t : null;
};

/** What a customer typed to sign in, in one form per person (case, spaces and phone punctuation do not make a new key). */
const loginKey = (req: Request): string => {
  const login = (req.body as { login?: unknown } | undefined)?.login;
  const text = typeof login === 'string' ? login.trim().toLowerCase() : '';
  const digits = text.replace(/\D/g, '');
  const phone = /^[+0-9 ().-]+$/.test(text) ? (digits.startsWith('0') ? `62${digits.slice(1)}` : digits) : null;
  return `login:${phone ?? text}`;
};

export function portalRoutes(router: Router, h: PortalHttp): void {
  const limited = (o: Omit<WindowLimitOptions, 'handler'>): RequestHandler =>
    windowLimit({
      ...o,
      handler: (_req, res) => {
        const after = Number(res.getHeader('Retry-After') ?? Math.ceil(o.windowMs / 1000));
        sendError(res, new AppError('rate_limited', 'Too many attempts; wait a while and try again', { retryAfterSeconds: after }).toPayload());
      },
    });
  const method = (req: Request) => String(req.params.method);
  const only = (name: string) => (req: Request) => method(req) !== name;
  const l = h.limits;
  const perAddress = limited({ windowMs: 60_000, limit: l.callsPerMinute ?? 300 });
  const codesPerAddress = limited({ windowMs: FIFTEEN_MIN, limit: () => l.codesPerAddress ?? h.settings.get('portal').codesPer15Min, skip: only('portal.requestCode') });
  const codesPerLogin = limited({ windowMs: FIFTEEN_MIN, limit: () => l.codesPerLogin ?? h.settings.get('portal').codesPer15Min, key: loginKey, skip: only('portal.requestCode') });
  const resend = limited({ windowMs: Math.max(1, l.resendSeconds ?? 60) * 1000, limit: 1, key: loginKey, skip: (req) => l.resendSeconds === 0 || only('portal.requestCode')(req) });
  const verifyFailures = limited({ windowMs: FIFTEEN_MIN, limit: l.verifyFailuresPerAddress ?? 10, failuresOnly: true, skip: only('portal.verifyCode') });
  const passwordFailures = limited({ windowMs: FIFTEEN_MIN, limit: l.passwordFailuresPerAddress ?? 10, failuresOnly: true, skip: only('portal.loginPassword') });

  const parsers = new Map<number, RequestHandler>();
  const jsonBody: RequestHandler = (req, res, next) => {
    const limit = BODY_LIMITS[method(req)] ?? SMALL_BODY;
    res.locals.bodyLimit = limit;
    let parser = parsers.get(limit);
    if (!parser) parsers.set(limit, (parser = express.json({ limit, type: () => true })));
    parser(req, res, next);
  };
  // Checked before the body is read: an unknown method, a cross-site or header-less request, a body that is not JSON.
  const gate: RequestHandler = (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (!isPortalMethod(method(req))) return sendError(res, { code: 'unknown_method', message: `Unknown method: ${method(req)}` });
    const origin = req.get('origin');
    if (req.get(PORTAL_HEADER) !== '1' || (origin !== undefined && !sameOrigin(origin, req.get('host')))) return sendError(res, { code: 'csrf', message: 'Cross-site request refused' });
    if (!req.is('application/json')) return sendError(res, { code: 'validation', message: 'Send JSON (Content-Type: application/json)' });
    next();
  };

  router.post('/portal/api/:method', perAddress, gate, jsonBody, codesPerAddress, codesPerLogin, resend, verifyFailures, passwordFailures, async (req: Request, res: Response) => {
    const name = method(req);
    const out = await h.invoke(name, req.body, {
      ip: req.ip ?? req.socket.remoteAddress ?? null,
      userAgent: req.get('user-agent') ?? '',
      token: tokenOf(req),
      setToken(next) {
        const days = h.settings.get('portal').sessionDays;
        if (next) res.cookie(PORTAL_COOKIE, next, { httpOnly: true, sameSite: 'strict', path: '/portal', secure: req.secure, maxAge: days * 86_400_000 });
        else res.clearCookie(PORTAL_COOKIE, { path: '/portal', httpOnly: true, sameSite: 'strict', secure: req.secure });
      },
    });
    if (out.ok) res.json({ result: out.result ?? null, mutated: isPortalMethod(name) ? portalContract[name].mutates : false });
    else sendError(res, out.error);
  });
  router.all('/portal/api/{*rest}', perAddress, (_req, res) => sendError(res, { code: 'not_found', message: 'No such portal route' }));

  // Files: the session cookie, and the record must be the signed-in customer's (anything else is the same 404).
  const fileRoute = (pattern: string, serve: (customerId: number, id: number, res: Response) => Promise<boolean>) =>
    router.get(pattern, perAddress, async (req: Request, res: Response) => {
      res.set('Cache-Control', 'no-store');
      try {
        if (!h.settings.get('portal').enabled) return sendError(res, { code: 'forbidden', message: 'The customer portal is closed', details: { reason: 'portal_off' } });
        const s = await h.session(tokenOf(req));
        if (!s || s === 'expired') return sendError(res, { code: 'unauthenticated', message: 'Please sign in' });
        const id = Number(req.params.id);
        if (!/^[1-9][0-9]{0,15}$/.test(String(req.params.id)) || !Number.isSafeInteger(id)) return sendError(res, { code: 'not_found', message: 'No such file' });
        if (!(await serve(s.customerId, id, res))) sendError(res, { code: 'not_found', message: 'No such file' });
      } catch (err) {
        if (err instanceof AppError) return sendError(res, err.toPayload());
        throw err;
      }
    });
  const em = () => h.db.manager;
  const pdfOpts = () => {
    const o = h.settings.get('office');
    return { timeZone: h.settings.get('locale').timezone, office: { name: o.name, address: o.address, phone: o.phone } };
  };
  // ?lang=id|en, else the customer's portal language, else the office's.
  const lang = async (req: Request, customerId: number): Promise<'id' | 'en'> =>
    req.query.lang === 'en' || req.query.lang === 'id' ? req.query.lang : ((await languageOf(em(), customerId)) ?? h.settings.get('locale').language);
  const sendPdf = (res: Response, file: { filename: string; bytes: Buffer }) => {
    res.set('Content-Type', 'application/pdf');
    res.set('Content-Disposition', `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    res.send(file.bytes);
  };
  const pdfs = () => {
    if (!h.deps.pdfs) throw new AppError('conflict', 'PDF downloads are not available yet', { reason: 'pdf_unavailable' });
    return h.deps.pdfs;
  };
  fileRoute('/portal/files/invoice/:id.pdf', async (customerId, id, res) => {
    if (!(await portalInvoice(em(), customerId, id))) return false;
    const file = await pdfs().invoicePdf(em(), id, { lang: await lang(res.req, customerId), ...pdfOpts() });
    if (file) sendPdf(res, file);
    return !!file;
  });
  fileRoute('/portal/files/receipt/:id.pdf', async (customerId, id, res) => {
    if (!(await isCustomersPayment(em(), customerId, id))) return false;
    const file = await pdfs().receiptPdf(em(), id, { lang: await lang(res.req, customerId), ...pdfOpts() });
    if (file) sendPdf(res, file);
    return !!file;
  });
  fileRoute('/portal/files/ticket/:id', async (customerId, id, res) => {
    if (!h.deps.tickets) return false;
    const photo = await h.deps.tickets.photoOf(em(), customerId, id);
    if (!photo) return false;
    res.set('Content-Type', photo.mime);
    res.set('X-Content-Type-Options', 'nosniff');
    res.send(photo.bytes);
    return true;
  });
  router.all('/portal/files/{*rest}', perAddress, (_req, res) => sendError(res, { code: 'not_found', message: 'No such file' }));

  // The portal UI: hashed assets cached for a year, index.html never, everything else revalidated.
  const dir = h.deps.portalDir;
  const built = () => !!dir && fs.existsSync(path.join(dir, 'index.html'));
  const statics = dir
    ? express.static(dir, {
        index: false,
        redirect: false,
        setHeaders(res, file) {
          const rel = path.relative(dir, file).split(path.sep).join('/');
          if (rel.startsWith('assets/') && /[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(rel)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          else if (rel === 'index.html') res.setHeader('Cache-Control', 'no-store');
          else res.setHeader('Cache-Control', 'no-cache');
        },
      })
    : null;
  const notBuilt = (res: Response) =>
    res
      .status(404)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send('<!doctype html><meta charset="utf-8"><title>Portal</title><p>Portal pelanggan belum dibuat (npm run build). — The customer portal is not built yet (npm run build).</p>');
  router.get('/portal', (req, res, next) => (req.path === '/portal' ? res.redirect(301, '/portal/') : next()));
  // Phones on 3G: the UI's files go gzipped (the JS is a third of its size).
  const gzip = compression();
  router.use('/portal', perAddress, (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!built() || !statics) return notBuilt(res);
    gzip(req, res, () => statics(req, res, next));
  });
  router.get('/portal/{*rest}', (_req, res) => {
    if (!built()) return notBuilt(res);
    res.set('Cache-Control', 'no-store');
    res.sendFile(path.join(dir!, 'index.html'));
  });
}
