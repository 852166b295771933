import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/contract';
import { windowLimit } from '../../core/rate-limit';
import { accountRow } from './accounts';
import { linkState, type LinkRow, type LinkSigner } from './links';
import { esc, message, page, PAY_JS, TEXT, type Lang, type Shell } from './pay-page-html';
import { attemptCard, closedCard, isWaiting, latestAttempt, MethodCache, methodsCard, offered, owedOf, paidCard, stateKey, summaryCard } from './pay-page-view';
import type { PaymentService } from './service';

/**
 * Pay-page loads per address AND link a minute. Per link, because customers behind a mobile carrier's NAT share
 * one public address: each waiting page must not use up the others' allowance (the listener's per-address
 * backstop, 600 a minute, still holds; codes are unguessable, so spreading over links gains an attacker nothing).
 */
export const PAGE_RATE_LIMIT = 60;
/** Status checks per address and link a minute (the page asks every 4 s while a payment is awaited). */
export const STATUS_RATE_LIMIT = 30;
/** Payments started per address and minute. */
export const PAY_RATE_LIMIT = 10;
/** A form nonce is good this long after the page was loaded. */
const NONCE_TTL_MS = 2 * 3600_000;

const codeSchema = z.string().regex(/^[0-9a-z]{1,11}\.[A-Za-z0-9_-]{16}$/);
const langSchema = z.enum(['id', 'en']).default('id');
const pageQuery = z.object({ lang: langSchema, choose: z.literal('1').optional() });
const payBody = z.object({
  method: z.string().regex(/^[0-9]{1,9}:[A-Za-z0-9_-]{1,30}$/),
  nonce: z.string().regex(/^[0-9a-z]{1,12}\.[A-Za-z0-9_-]{16}$/),
  lang: langSchema,
});

export interface PayPageOptions {
  pageRateLimit?: number;
  statusRateLimit?: number;
  payRateLimit?: number;
}

/**
 * The public pay page of a payment link: GET /p/:code (reads only), POST /p/:code/pay (the customer chose a
 * method: one attempt through the service), GET /p/:code/status (the page's poll; reads only our database).
 * A malformed, unknown or forged code is one and the same 404.
 */
export function payPageRoutes(router: Router, svc: PaymentService, signer: LinkSigner, opts: PayPageOptions = {}): void {
  const cache = new MethodCache(svc);
  const em = () => svc.d.db.manager;
  const langOf = (req: Request): Lang => (req.query.lang === 'en' || (req.body as { lang?: unknown } | undefined)?.lang === 'en' ? 'en' : 'id');
  const shell = (req: Request, lang: Lang, code: string, poll?: Shell['poll']): Shell => {
    const o = svc.d.office();
    return { lang, office: o, otherLang: `/p/${code}${lang === 'id' ? '?lang=en' : ''}`, ...(poll ? { poll } : {}) };
  };
  const send = (res: Response, status: number, s: Shell, body: string) => {
    res.status(status).set('Cache-Control', 'no-store').type('html').send(page(s, body));
  };
  const limiter = (limit: number, perLink = false) =>
    windowLimit({
      windowMs: 60_000,
      limit,
      ...(perLink ? { key: (req: Request) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.params.code ?? '').slice(0, 80)}` } : {}),
      handler: (req, res) => {
        const lang = langOf(req);
        send(res, 429, shell(req, lang, String(req.params.code ?? '')), message('bad', TEXT[lang].busy));
      },
    });
  const notFound = (req: Request, res: Response, lang: Lang) => send(res, 404, shell(req, lang, ''), message('bad', TEXT[lang].notFound, [], 'not-found'));
  const nonceFor = async (link: LinkRow): Promise<string> => {
    const ts = Date.now().toString(36);
    return `${ts}.${(await signer.mac(em(), `pay:${link.id}:${ts}`)) ?? ''}`;
  };
  const nonceOk = async (link: LinkRow, nonce: string): Promise<boolean> => {
    const [ts, sig] = nonce.split('.');
    const at = parseInt(ts!, 36);
    const age = Date.now() - at;
    if (!Number.isSafeInteger(at) || age < -60_000 || age > NONCE_TTL_MS) return false;
    const want = Buffer.from((await signer.mac(em(), `pay:${link.id}:${ts}`)) ?? '', 'utf8');
    const got = Buffer.from(sig ?? '', 'utf8');
    return want.length === got.length && timingSafeEqual(want, got);
  };

  /** Renders the link's page as it is now; `error` puts a message above the methods. */
  async function render(req: Request, res: Response, link: LinkRow, lang: Lang, choose: boolean, error?: { status: number; text: string }): Promise<void> {
    const now = svc.d.now();
    const m = em();
    const owed = await owedOf(svc, m, link);
    const attempt = await latestAttempt(m, link.id);
    const key = stateKey(link, owed, attempt, now);
    const statusUrl = `/p/${link.code}/status`;
    const base = shell(req, lang, link.code);
    const summary = summaryCard(owed, lang);
    if (owed.status === 'paid') return send(res, 200, base, paidCard(owed, lang));
    if (owed.status === 'nothing') return send(res, 200, base, closedCard('nothing', lang, base.office));
    const state = linkState(link, now);
    if (state !== 'active') return send(res, 410, base, closedCard(state, lang, base.office));
    if (owed.status === 'void') return send(res, 410, base, closedCard('void', lang, base.office));
    const q = lang === 'en' ? '&lang=en' : '';
    if (!choose && !error && isWaiting(attempt, now)) {
      const card = await attemptCard(attempt, cache.nameOf(attempt.account_id, attempt.method), lang, base.office, `/p/${link.code}?choose=1${q}`);
      return send(res, 200, shell(req, lang, link.code, { url: statusUrl, key }), summary + card);
    }
    const list = await offered(m, cache, owed.amount);
    const err = error ? `<p class="err" data-testid="pay-error">${esc(error.text)}</p>` : '';
    const retry = `/p/${link.code}${choose ? `?choose=1${q}` : lang === 'en' ? '?lang=en' : ''}`;
    const body = summary + err + methodsCard(list, owed.amount, await nonceFor(link), `/p/${link.code}/pay`, lang, retry);
    // A waiting attempt keeps being watched while another method is chosen.
    return send(res, error?.status ?? 200, isWaiting(attempt, now) ? shell(req, lang, link.code, { url: statusUrl, key }) : base, body);
  }

  router.get('/p/_/pay.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('application/javascript').send(PAY_JS);
  });

  router.get('/p/:code', limiter(opts.pageRateLimit ?? PAGE_RATE_LIMIT, true), async (req, res) => {
    const q = pageQuery.safeParse(req.query);
    const lang = langOf(req);
    if (!q.success) return void send(res, 400, shell(req, lang, ''), message('bad', TEXT[lang].bad));
    try {
      const code = codeSchema.safeParse(req.params.code);
      const link = code.success ? await signer.verify(em(), code.data) : null;
      if (!link) return notFound(req, res, lang);
      await render(req, res, link, lang, q.data.choose === '1');
    } catch (err) {
      svc.d.logger.warn({ err }, 'pay page failed');
      send(res, 503, shell(req, lang, ''), message('bad', TEXT[lang].gatewayDown));
    }
  });

  router.get('/p/:code/status', limiter(opts.statusRateLimit ?? STATUS_RATE_LIMIT, true), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const code = codeSchema.safeParse(req.params.code);
      const link = code.success ? await signer.verify(em(), code.data) : null;
      if (!link) return void res.status(404).json({ error: 'not_found' });
      const owed = await owedOf(svc, em(), link);
      const attempt = await latestAttempt(em(), link.id);
      res.json({ key: stateKey(link, owed, attempt, svc.d.now()), paid: owed.status === 'paid', state: attempt?.state ?? null });
    } catch (err) {
      svc.d.logger.warn({ err }, 'pay status failed');
      res.status(503).json({ error: 'unavailable' });
    }
  });

  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  router.post('/p/:code/pay', limiter(opts.payRateLimit ?? PAY_RATE_LIMIT), form, async (req, res) => {
    const lang = langOf(req);
    const t = TEXT[lang];
    // Only our own page posts here: another site's form is refused (the nonce below proves the page was ours).
    const foreign = crossSite(req);
    const code = codeSchema.safeParse(req.params.code);
    const body = payBody.safeParse(req.body);
    try {
      const link = code.success ? await signer.verify(em(), code.data) : null;
      if (!link) return notFound(req, res, lang);
      if (foreign || !body.success || !(await nonceOk(link, body.data.nonce))) return void (await render(req, res, link, lang, true, { status: foreign ? 403 : 400, text: t.bad }));
      const now = svc.d.now();
      const owed = await owedOf(svc, em(), link);
      if (owed.status !== 'open' || linkState(link, now) !== 'active') return void res.redirect(303, `/p/${link.code}${lang === 'en' ? '?lang=en' : ''}`);
      const [acctId, method] = body.data.method.split(':') as [string, string];
      const acct = await accountRow(em(), Number(acctId));
      const methods = acct && acct.enabled === 1 ? await cache.of(acct, owed.amount) : null;
      if (!acct || acct.enabled !== 1 || (methods !== null && !methods.some((m) => m.code === method))) return void (await render(req, res, link, lang, true, { status: 400, text: t.badMethod }));
      // The same choice again (a double tap, the back button) shows the attempt already made.
      const prev = await latestAttempt(em(), link.id);
      const reuse = isWaiting(prev, now) && prev.account_id === acct.id && prev.method === method && prev.amount - prev.fee === owed.amount;
      if (!reuse) {
        const input: ParsedInput<'gateway.createAttempt'> =
          link.kind === 'invoice' ? { accountId: acct.id, invoiceId: link.invoice_id!, method } : { accountId: acct.id, customerId: link.customer_id, amount: owed.amount, method };
        const prepared = await svc.startAttempt(input, null, link.id);
        await svc.d.db.write((w) => svc.finishAttempt(w, prepared, svc.d.now()));
      }
      res.redirect(303, `/p/${link.code}${lang === 'en' ? '?lang=en' : ''}`);
    } catch (err) {
      const link = code.success ? await signer.verify(em(), code.data).catch(() => null) : null;
      svc.d.logger.warn({ err }, 'pay page: attempt not created');
      const bad = err instanceof AppError && (err.code === 'validation' || err.code === 'not_found');
      if (!link) return void send(res, 503, shell(req, lang, ''), message('bad', t.gatewayDown));
      await render(req, res, link, lang, true, { status: bad ? 400 : 503, text: `${t.failed}. ${bad ? t.badMethod : t.gatewayDown}` }).catch(() => send(res, 503, shell(req, lang, ''), message('bad', t.gatewayDown)));
    }
  });
}

/** A form posted from another site (only our own pages may post to the public forms; a nonce proves the page). */
export function crossSite(req: Request): boolean {
  const origin = req.get('origin');
  return req.get('sec-fetch-site') === 'cross-site' || (origin !== undefined && origin !== 'null' && hostOf(origin) !== (req.get('host') ?? '').toLowerCase());
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}
