import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { officeMonth, todayIn } from '../../../shared/dates';
import type {
  PortalConnection,
  PortalHome,
  PortalLang,
  PortalMe,
  PortalMethod,
  PortalOutput,
  PortalParsedInput,
  PortalProfile,
  PortalService,
} from '../../../shared/contract/portal';
import type { ModuleSettings } from '../../core/module';
import { customerByPppLogin, portalInvoice, portalInvoicePage, portalMoney, portalPaymentPage, portalSubscriptions, type PortalSubscriptionRow } from '../billing';
import { portalCustomer, portalCustomerByLogin, setPortalWhatsApp, setWhatsAppOptIn, toE164, type PortalCustomer } from '../customers';
import { customerLineText } from '../../../shared/invoice-text';
import { checkCode, codesSince, CODE_TTL_MS, createSession, endSession, insertCode, languageOf, newCode, setLanguage, type PortalSession } from './store';
import type { PortalDeps } from './types';

/** What a portal call knows about its caller. */
export interface PortalCall {
  em: EntityManager;
  now: Date;
  ip: string | null;
  userAgent: string;
  session: PortalSession | null;
  /** Hands the transport a new session token (sign-in) or null (sign-out). */
  setToken(token: string | null): void;
}

export type PortalHandler<M extends PortalMethod> = (input: PortalParsedInput<M>, call: PortalCall) => Promise<PortalOutput<M>>;
export type PortalHandlers = { [M in PortalMethod]: PortalHandler<M> };

/** An error whose writes (a wrong code's attempt) must commit before the caller is told. */
export class PortalFailAfterCommit extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const RESEND_SECONDS = 60;

/** "+62 812-****-7890": enough to recognise one's own number, not enough to learn someone else's. */
export function maskNumber(e164: string): string {
  const d = e164.replace(/\D/g, '');
  if (d.length < 8) return '****';
  const cc = d.startsWith('62') ? '62' : d.slice(0, 2);
  const rest = d.slice(cc.length);
  return `+${cc} ${rest.slice(0, 3)}-****-${rest.slice(-3)}`;
}

const notFound = (what: string) => new AppError('not_found', `No such ${what}`);
const codeInvalid = () => new AppError('auth.invalid_credentials', 'The code is wrong or no longer valid; ask for a new one', { reason: 'code_invalid' });

/** "10M/10M" from a RouterOS rate limit ("10M/10M 12M/12M 8M/8M 10/10"); '' stays ''. */
export const speedOf = (rateLimit: string): string => rateLimit.trim().split(/\s+/)[0] ?? '';

export function createPortalHandlers(settings: ModuleSettings, deps: PortalDeps): PortalHandlers {
  const portal = () => settings.get('portal');
  const officeLang = (): PortalLang => settings.get('locale').language;
  const timeZone = () => settings.get('locale').timezone;

  const customerOf = async (call: PortalCall): Promise<PortalCustomer> => {
    const c = call.session ? await portalCustomer(call.em, call.session.customerId) : null;
    if (!c || c.status !== 'active') throw new AppError('unauthenticated', 'Please sign in');
    return c;
  };
  const langOf = async (em: EntityManager, id: number): Promise<PortalLang> => (await languageOf(em, id)) ?? officeLang();
  const meOf = async (em: EntityManager, c: PortalCustomer): Promise<PortalMe> => ({ customerId: c.id, name: c.name, number: c.number, language: await langOf(em, c.id) });
  const profileOf = async (em: EntityManager, c: PortalCustomer): Promise<PortalProfile> => ({
    name: c.name,
    number: c.number,
    whatsapp: c.whatsapp,
    language: await langOf(em, c.id),
    optIn: c.optIn,
  });
  const signIn = async (call: PortalCall, customerId: number, via: 'code' | 'password'): Promise<void> => {
    const s = await createSession(call.em, { customerId, via, ip: call.ip, userAgent: call.userAgent, days: portal().sessionDays }, call.now);
    call.setToken(s.token);
  };
  const toService = (s: PortalSubscriptionRow): PortalService => ({
    subscriptionId: s.id,
    plan: s.plan,
    speed: speedOf(s.rateLimit),
    status: s.status,
    username: s.username,
    paidUntil: s.paidUntil,
  });
  const handlers: PortalHandlers = {
    async 'portal.config'(_input, call) {
      const o = settings.get('office');
      const p = portal();
      return {
        enabled: p.enabled,
        office: { name: o.name, phone: o.phone },
        methods: { code: p.codeLogin, password: p.passwordLogin },
        language: officeLang(),
        timeZone: timeZone(),
        shopUrl: await deps.shopUrl(call.em),
      };
    },

    async 'portal.me'(_input, call) {
      if (!call.session) return null;
      const c = await portalCustomer(call.em, call.session.customerId);
      return c && c.status === 'active' ? meOf(call.em, c) : null;
    },

    async 'portal.requestCode'(input, call) {
      if (!portal().codeLogin) throw new AppError('forbidden', 'Sign-in with a WhatsApp code is switched off', { reason: 'method_off' });
      if (settings.get('whatsapp').channel === 'none') throw new AppError('conflict', 'The office has not set up WhatsApp: sign in with your PPPoE username and password', { reason: 'whatsapp_off' });
      const typedPhone = /^[+0-9 ().-]+$/.test(input.login) ? toE164(input.login) : null;
      const answer = { to: typedPhone ? maskNumber(typedPhone) : null, expiresInSeconds: CODE_TTL_MS / 1000, resendInSeconds: RESEND_SECONDS };
      const c = await portalCustomerByLogin(call.em, input.login);
      const to = c ? (c.whatsapp ?? c.phone) : null;
      // The same answer for a login that names nobody (or a customer without a number): nothing is sent.
      if (!c || !to) return answer;
      if ((await codesSince(call.em, c.id, 'login', new Date(call.now.getTime() - 15 * 60_000))) >= portal().codesPer15Min) return answer;
      const code = newCode();
      await insertCode(call.em, { customerId: c.id, purpose: 'login', target: to, code, ip: call.ip }, call.now);
      const queued = await deps.sendLoginCode(call.em, { customerId: c.id, number: to }, code, 'login', call.now);
      if (!queued) throw new AppError('conflict', 'The office has not set up WhatsApp: sign in with your PPPoE username and password', { reason: 'whatsapp_off' });
      return answer;
    },

    async 'portal.verifyCode'(input, call) {
      if (!portal().codeLogin) throw new AppError('forbidden', 'Sign-in with a WhatsApp code is switched off', { reason: 'method_off' });
      const c = await portalCustomerByLogin(call.em, input.login);
      const checked = c ? await checkCode(call.em, c.id, 'login', input.code, call.now) : await checkCode(call.em, 0, 'login', input.code, call.now);
      if (!c || !checked.ok) throw new PortalFailAfterCommit(codeInvalid());
      await signIn(call, c.id, 'code');
      return meOf(call.em, c);
    },

    async 'portal.loginPassword'(input, call) {
      if (!portal().passwordLogin) throw new AppError('forbidden', 'Sign-in with the PPPoE username and password is switched off', { reason: 'method_off' });
      const id = await customerByPppLogin(call.em, input.username, input.password);
      const c = id ? await portalCustomer(call.em, id) : null;
      if (!c || c.status !== 'active') throw new AppError('auth.invalid_credentials', 'Wrong username or password', { reason: 'password_invalid' });
      await signIn(call, c.id, 'password');
      return meOf(call.em, c);
    },

    async 'portal.logout'(_input, call) {
      if (call.session) await endSession(call.em, call.session.id, call.now);
      call.setToken(null);
      return null;
    },

    async 'portal.home'(_input, call) {
      const c = await customerOf(call);
      const [subs, money, payments, me, canPay] = await Promise.all([
        portalSubscriptions(call.em, c.id),
        portalMoney(call.em, c.id),
        portalPaymentPage(call.em, c.id, null, 5),
        meOf(call.em, c),
        deps.canPayOnline(call.em),
      ]);
      const has = (st: string) => subs.some((s) => s.status === st);
      const status: PortalHome['status'] = has('isolated') ? 'isolated' : has('active') ? 'active' : has('paused') ? 'paused' : 'none';
      return {
        me,
        status,
        services: subs.map(toService),
        owed: money.owed,
        balance: money.balance,
        nextDue: money.nextDue ? { date: money.nextDue.date, amount: money.nextDue.amount, invoiceId: money.nextDue.invoiceId, overdue: money.nextDue.date < todayIn(timeZone(), call.now) } : null,
        canPayOnline: canPay,
        recentPayments: payments.items,
      };
    },

    async 'portal.invoices'(input, call) {
      const c = await customerOf(call);
      return portalInvoicePage(call.em, c.id, input.cursor ?? null, input.limit);
    },

    async 'portal.invoice'(input, call) {
      const c = await customerOf(call);
      const inv = await portalInvoice(call.em, c.id, input.id);
      if (!inv) throw notFound('invoice');
      const lang = await langOf(call.em, c.id);
      const { lines, payments, ...row } = inv;
      return { ...row, lines: lines.filter((l) => l.counted).map((l) => ({ description: customerLineText(l.description, l.params as Record<string, string | number | undefined>, lang), amount: l.amount })), payments };
    },

    async 'portal.payments'(input, call) {
      const c = await customerOf(call);
      return portalPaymentPage(call.em, c.id, input.cursor ?? null, input.limit);
    },

    async 'portal.payLink'(input, call) {
      const c = await customerOf(call);
      if (input.invoiceId !== undefined) {
        const inv = await portalInvoice(call.em, c.id, input.invoiceId);
        if (!inv) throw notFound('invoice');
        if (inv.remaining <= 0) throw new AppError('conflict', 'This invoice is paid', { reason: 'nothing_to_pay' });
      } else if ((await portalMoney(call.em, c.id)).owed <= 0) {
        throw new AppError('conflict', 'There is nothing to pay', { reason: 'nothing_to_pay' });
      }
      const url = await deps.payLink(call.em, input.invoiceId !== undefined ? { invoiceId: input.invoiceId } : { customerId: c.id }, call.now);
      if (!url) throw new AppError('conflict', 'Online payment is not set up; pay at the office', { reason: 'online_payment_off' });
      return { url };
    },

    async 'portal.connection'(_input, call) {
      const c = await customerOf(call);
      const subs = (await portalSubscriptions(call.em, c.id)).filter((s) => s.status !== 'pending');
      const at = call.now.toISOString();
      const conn = deps.connection;
      const monthFrom = officeMonth(call.now, timeZone()).start;
      const byRouter = new Map<number, PortalSubscriptionRow[]>();
      for (const s of subs) byRouter.set(s.routerId, [...(byRouter.get(s.routerId) ?? []), s]);
      const out: PortalConnection[] = [];
      await Promise.all(
        [...byRouter].map(async ([routerId, list]) => {
          // A router that cannot be asked (or no live reader at all) is said so, never an error of the call.
          const live = conn ? await conn.liveSessions(routerId, list.map((s) => s.username)).catch(() => null) : null;
          for (const s of list) {
            const row = live?.get(s.username) ?? null;
            const month = conn ? await conn.monthUsage(call.em, routerId, s.username, monthFrom).catch(() => null) : null;
            out.push({
              subscriptionId: s.id,
              username: s.username,
              plan: s.plan,
              speed: speedOf(s.rateLimit),
              online: live ? row !== null : null,
              ip: row?.ip ?? null,
              uptimeSeconds: row ? row.uptimeSeconds : null,
              session: row && row.counters !== null ? { rx: row.rx, tx: row.tx } : null,
              month,
              checkedAt: at,
              error: live ? null : 'router_unreachable',
            });
          }
        }),
      );
      return out.sort((a, b) => a.subscriptionId - b.subscriptionId);
    },

    async 'portal.tickets'(_input, call) {
      const c = await customerOf(call);
      return ticketsOf().listOf(call.em, c.id);
    },

    async 'portal.ticket'(input, call) {
      const c = await customerOf(call);
      const t = await ticketsOf().oneOf(call.em, c.id, input.id);
      if (!t) throw notFound('ticket');
      return t;
    },

    async 'portal.openTicket'(input, call) {
      const c = await customerOf(call);
      return ticketsOf().open(call.em, { customerId: c.id, category: input.category, text: input.text, photo: input.photo, via: 'portal', userId: null }, call.now);
    },

    async 'portal.profile'(_input, call) {
      return profileOf(call.em, await customerOf(call));
    },

    async 'portal.updateProfile'(input, call) {
      const c = await customerOf(call);
      if (input.language !== undefined) await setLanguage(call.em, c.id, input.language, call.now);
      if (input.optIn !== undefined && input.optIn !== c.optIn) await setWhatsAppOptIn(call.em, c.id, input.optIn, call.now);
      return profileOf(call.em, (await portalCustomer(call.em, c.id))!);
    },

    async 'portal.requestWhatsAppChange'(input, call) {
      const c = await customerOf(call);
      const e164 = toE164(input.whatsapp);
      if (!e164) throw new AppError('customers.phone_invalid', `"${input.whatsapp}" is not a valid phone number`, { field: 'whatsapp', value: input.whatsapp });
      if (settings.get('whatsapp').channel === 'none') throw new AppError('conflict', 'The office has not set up WhatsApp', { reason: 'whatsapp_off' });
      if ((await codesSince(call.em, c.id, 'change_number', new Date(call.now.getTime() - 15 * 60_000))) >= portal().codesPer15Min) {
        throw new AppError('rate_limited', 'Too many codes asked; wait a while and try again', { retryAfterSeconds: 15 * 60 });
      }
      const code = newCode();
      await insertCode(call.em, { customerId: c.id, purpose: 'change_number', target: e164, code, ip: call.ip }, call.now);
      if (!(await deps.sendLoginCode(call.em, { customerId: c.id, number: e164 }, code, 'change_number', call.now))) {
        throw new AppError('conflict', 'The office has not set up WhatsApp', { reason: 'whatsapp_off' });
      }
      return { to: maskNumber(e164), expiresInSeconds: CODE_TTL_MS / 1000 };
    },

    async 'portal.confirmWhatsAppChange'(input, call) {
      const c = await customerOf(call);
      const checked = await checkCode(call.em, c.id, 'change_number', input.code, call.now);
      if (!checked.ok) {
        throw new PortalFailAfterCommit(
          new AppError('validation', 'The code is wrong or no longer valid; ask for a new one', { reason: 'code_invalid', issues: [{ path: ['code'], code: 'custom', message: 'The code is wrong or no longer valid' }] }),
        );
      }
      await setPortalWhatsApp(call.em, c.id, checked.target, call.now);
      return profileOf(call.em, (await portalCustomer(call.em, c.id))!);
    },
  };

  function ticketsOf(): NonNullable<PortalDeps['tickets']> {
    if (!deps.tickets) throw new AppError('conflict', 'Trouble reports are not available yet; call the office', { reason: 'tickets_unavailable' });
    return deps.tickets;
  }

  return handlers;
}
