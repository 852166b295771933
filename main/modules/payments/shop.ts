import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import express, { type Request, type Response, type Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { windowLimit } from '../../core/rate-limit';
import { toE164 } from '../customers';
import { accountRow, enabledAccountCount } from './accounts';
import { attemptByOrder, attemptRow, type AttemptRow } from './attempts';
import { linkBase, type LinkSigner } from './links';
import { esc, message, page, TEXT, type Lang, type Shell } from './pay-page-html';
import { crossSite } from './pay-page';
import { attemptCard, isWaiting, MethodCache, methodsCard, offered } from './pay-page-view';
import type { PaymentService } from './service';
import { closedShop, phoneField, profileList, profileSummary, purchaseState, SHOP_TEXT, voucherCard } from './shop-view';

/*
 * The public voucher shop (issue 12): GET /shop lists the profiles sold online; GET /shop/:id offers the
 * methods; POST /shop/:id/buy starts one attempt and sends the buyer to the purchase's own page
 * /v/<order id>.<signature>, which shows the payment, then the voucher — and keeps showing it (the link is the
 * receipt). Nothing here changes a payment: the gateway's answer (callback or poll) does.
 */

/** Shop pages per address a minute. */
export const SHOP_RATE_LIMIT = 60;
/** Purchases started per address a minute. */
export const BUY_RATE_LIMIT = 10;
/** Purchase pages and their status checks per address and purchase a minute (the page asks every 4 s). */
export const PURCHASE_RATE_LIMIT = 60;
const NONCE_TTL_MS = 2 * 3600_000;

const langSchema = z.enum(['id', 'en']).default('id');
const idParam = z.coerce.number().int().positive().max(2 ** 31);
const buyBody = z.object({
  method: z.string().regex(/^[0-9]{1,9}:[A-Za-z0-9_-]{1,30}$/),
  nonce: z.string().regex(/^[0-9a-z]{1,12}\.[A-Za-z0-9_-]{16}$/),
  lang: langSchema,
  phone: z.string().max(40).default(''),
});
/** `<order id>.<HMAC of it>`: the purchase page's address, unguessable without the key. */
const PURCHASE = /^(MBV[0-9]{1,12}-[0-9]{1,9}-[0-9A-Z]{1,12})\.([A-Za-z0-9_-]{16})$/;
const FORM_ID = 'buy';

/** What a purchase page's code signs. */
const purchaseText = (orderId: string) => `shop-order:${orderId}`;

/** A purchase page's code, `<order id>.<HMAC>`, with the payment links' key (null while there is no key yet). */
export async function purchaseCodeOf(em: EntityManager, signer: LinkSigner, orderId: string): Promise<string | null> {
  const mac = await signer.mac(em, purchaseText(orderId));
  return mac ? `${orderId}.${mac}` : null;
}

export interface ShopOptions {
  pageRateLimit?: number;
  buyRateLimit?: number;
  purchaseRateLimit?: number;
}

export function shopRoutes(router: Router, svc: PaymentService, signer: LinkSigner, opts: ShopOptions = {}): void {
  const cache = new MethodCache(svc);
  const em = () => svc.d.db.manager;
  /** Nonces already used → the purchase they made: a double tap or a resent form shows the same purchase. */
  const used = new Map<string, string>();
  const langOf = (req: Request): Lang => (req.query.lang === 'en' || (req.body as { lang?: unknown } | undefined)?.lang === 'en' ? 'en' : 'id');
  const shell = (lang: Lang, path: string, poll?: Shell['poll']): Shell => ({ lang, office: svc.d.office(), otherLang: `${path}${lang === 'id' ? '?lang=en' : ''}`, title: SHOP_TEXT[lang].title, ...(poll ? { poll } : {}) });
  const send = (res: Response, status: number, s: Shell, body: string) => void res.status(status).set('Cache-Control', 'no-store').type('html').send(page(s, body));
  const limiter = (limit: number, perPurchase = false) =>
    windowLimit({
      windowMs: 60_000,
      limit,
      ...(perPurchase ? { key: (req: Request) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.params.code ?? '').slice(0, 80)}` } : {}),
      handler: (req, res) => send(res, 429, shell(langOf(req), '/shop'), message('bad', TEXT[langOf(req)].busy)),
    });
  const notFound = (res: Response, lang: Lang, text: string = TEXT[lang].notFound) => send(res, 404, shell(lang, '/shop'), message('bad', text, [`<a class="link" href="/shop${lang === 'en' ? '?lang=en' : ''}">${esc(SHOP_TEXT[lang].back)}</a>`], 'not-found'));
  const failed = (res: Response, lang: Lang, err: unknown) => {
    svc.d.logger.warn({ err }, 'voucher shop failed');
    send(res, 503, shell(lang, '/shop'), message('bad', TEXT[lang].gatewayDown));
  };

  /** A MAC with the payment links' key, made on first use. */
  const mac = async (text: string): Promise<string> => {
    const have = await signer.mac(em(), text);
    if (have) return have;
    await svc.d.db.write((w) => signer.keyFor(w, svc.d.now()).then(() => undefined));
    return (await signer.mac(em(), text))!;
  };
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const nonceFor = async (profileId: number): Promise<string> => {
    const ts = Date.now().toString(36);
    return `${ts}.${await mac(`shop:${profileId}:${ts}`)}`;
  };
  const nonceOk = async (profileId: number, nonce: string): Promise<boolean> => {
    const [ts, sig] = nonce.split('.') as [string, string];
    const age = Date.now() - parseInt(ts, 36);
    return Number.isFinite(age) && age > -60_000 && age < NONCE_TTL_MS && same(await mac(`shop:${profileId}:${ts}`), sig);
  };
  const purchaseCode = async (orderId: string) => `${orderId}.${await mac(purchaseText(orderId))}`;
  /** The purchase a code names (a voucher attempt), or null: malformed, unknown and forged are one 404. */
  const purchaseOf = async (code: unknown): Promise<AttemptRow | null> => {
    const m = typeof code === 'string' ? PURCHASE.exec(code) : null;
    if (!m) return null;
    const ok = same(await mac(purchaseText(m[1]!)), m[2]!);
    const a = ok ? await attemptByOrder(em(), m[1]!) : null;
    return a && a.purpose === 'voucher' ? a : null;
  };
  const stateKey = async (a: AttemptRow): Promise<string> => {
    const v = a.voucher_id !== null ? await svc.d.shop.voucher(em(), a.voucher_id) : null;
    return [a.state, a.voucher_id ?? 0, v?.ready ? 1 : 0, v?.username ?? ''].join(':');
  };

  /** The profile's page: what it is, the optional WhatsApp number, the methods. */
  async function renderProfile(res: Response, profileId: number, lang: Lang, error?: { status: number; text: string }, phone = ''): Promise<void> {
    const p = await svc.d.shop.profile(em(), profileId);
    const path = `/shop/${profileId}`;
    if (!p) return notFound(res, lang, SHOP_TEXT[lang].unknownProfile);
    const list = await offered(em(), cache, p.price);
    if (list.length === 0) return send(res, 200, shell(lang, path), closedShop(lang, svc.d.office()));
    const err = error ? `<p class="err" data-testid="pay-error">${error.text}</p>` : '';
    const methods = methodsCard(list, p.price, await nonceFor(p.id), `${path}/buy`, lang, `${path}${lang === 'en' ? '?lang=en' : ''}`).replace('<form method="post"', `<form id="${FORM_ID}" method="post"`);
    send(res, error?.status ?? 200, shell(lang, path), profileSummary(p, lang) + err + phoneField(lang, phone, FORM_ID, svc.d.sendsWhatsApp?.() ?? false) + methods);
  }

  router.get('/shop', limiter(opts.pageRateLimit ?? SHOP_RATE_LIMIT), async (req, res) => {
    const lang = langOf(req);
    try {
      const list = await svc.d.shop.profiles(em());
      if (list.length === 0 || (await enabledAccountCount(em())) === 0) return send(res, 200, shell(lang, '/shop'), closedShop(lang, svc.d.office()));
      send(res, 200, shell(lang, '/shop'), profileList(list, lang));
    } catch (err) {
      failed(res, lang, err);
    }
  });

  router.get('/shop/:id', limiter(opts.pageRateLimit ?? SHOP_RATE_LIMIT), async (req, res) => {
    const lang = langOf(req);
    const id = idParam.safeParse(req.params.id);
    if (!id.success) return notFound(res, lang, SHOP_TEXT[lang].unknownProfile);
    try {
      await renderProfile(res, id.data, lang);
    } catch (err) {
      failed(res, lang, err);
    }
  });

  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  router.post('/shop/:id/buy', limiter(opts.buyRateLimit ?? BUY_RATE_LIMIT), form, async (req, res) => {
    const lang = langOf(req);
    const t = TEXT[lang];
    const id = idParam.safeParse(req.params.id);
    if (!id.success) return notFound(res, lang, SHOP_TEXT[lang].unknownProfile);
    // Only our own page posts here: another site's form is refused (the nonce proves the page was ours).
    const foreign = crossSite(req);
    const body = buyBody.safeParse(req.body);
    try {
      if (foreign || !body.success || !(await nonceOk(id.data, body.data.nonce))) return void (await renderProfile(res, id.data, lang, { status: foreign ? 403 : 400, text: t.bad }));
      const again = used.get(body.data.nonce);
      if (again) return void res.redirect(303, `/v/${again}${lang === 'en' ? '?lang=en' : ''}`);
      const phone = toE164(body.data.phone);
      if (phone === undefined) return void (await renderProfile(res, id.data, lang, { status: 400, text: SHOP_TEXT[lang].badPhone }, body.data.phone));
      const p = await svc.d.shop.profile(em(), id.data);
      if (!p) return notFound(res, lang, SHOP_TEXT[lang].unknownProfile);
      const [acctId, method] = body.data.method.split(':') as [string, string];
      const acct = await accountRow(em(), Number(acctId));
      const methods = acct && acct.enabled === 1 ? await cache.of(acct, p.price) : null;
      if (!acct || acct.enabled !== 1 || (methods !== null && !methods.some((m) => m.code === method))) return void (await renderProfile(res, p.id, lang, { status: 400, text: t.badMethod }, body.data.phone));
      const base = (await linkBase(em(), svc.d.listenUrl())) ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      const suffix = lang === 'en' ? '?lang=en' : '';
      const prepared = await svc.startShopAttempt({ accountId: acct.id, method, profileId: p.id, buyerPhone: phone ?? '' }, async (orderId) => `${base}/v/${await purchaseCode(orderId)}${suffix}`);
      await svc.d.db.write((w) => svc.finishAttempt(w, prepared, svc.d.now()));
      const code = await purchaseCode((await attemptRow(em(), prepared.attemptId))!.order_id);
      if (used.size > 5000) used.clear();
      used.set(body.data.nonce, code);
      res.redirect(303, `/v/${code}${suffix}`);
    } catch (err) {
      svc.d.logger.warn({ err }, 'voucher shop: purchase not started');
      const bad = err instanceof AppError && (err.code === 'validation' || err.code === 'not_found');
      await renderProfile(res, id.data, lang, { status: bad ? 400 : 503, text: `${t.failed}. ${bad ? t.badMethod : t.gatewayDown}` }).catch((e: unknown) => failed(res, lang, e));
    }
  });

  router.get('/v/:code', limiter(opts.purchaseRateLimit ?? PURCHASE_RATE_LIMIT, true), async (req, res) => {
    const lang = langOf(req);
    try {
      const a = await purchaseOf(req.params.code);
      if (!a) return notFound(res, lang);
      const path = `/v/${String(req.params.code)}`;
      const poll = { url: `${path}/status`, key: await stateKey(a) };
      const office = svc.d.office();
      const v = a.voucher_id !== null ? await svc.d.shop.voucher(em(), a.voucher_id) : null;
      if (v?.ready) return send(res, 200, shell(lang, path), voucherCard(v, lang));
      const p = a.voucher_profile_id ? await svc.d.shop.profile(em(), a.voucher_profile_id) : null;
      const summary = p ? profileSummary(p, lang) : '';
      if (isWaiting(a, svc.d.now())) {
        const other = `/shop/${a.voucher_profile_id ?? ''}${lang === 'en' ? '?lang=en' : ''}`;
        return send(res, 200, shell(lang, path, poll), summary + (await attemptCard(a, cache.nameOf(a.account_id, a.method), lang, office, other)));
      }
      // Paid and being prepared, or pending past its expiry (the last check decides): the page keeps watching.
      const done: AttemptRow = a;
      const watching = done.state === 'pending' || (done.state === 'paid' && done.voucher_id !== null);
      send(res, 200, shell(lang, path, watching ? poll : undefined), purchaseState(done, lang, office));
    } catch (err) {
      failed(res, lang, err);
    }
  });

  router.get('/v/:code/status', limiter(opts.purchaseRateLimit ?? PURCHASE_RATE_LIMIT, true), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const a = await purchaseOf(req.params.code);
      if (!a) return void res.status(404).json({ error: 'not_found' });
      res.json({ key: await stateKey(a), state: a.state });
    } catch (err) {
      svc.d.logger.warn({ err }, 'purchase status failed');
      res.status(503).json({ error: 'unavailable' });
    }
  });
}
