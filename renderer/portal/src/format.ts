import type { PortalLang } from '../../../shared/contract/portal';
import { day as customerDay, periodText, rupiah } from '../../../shared/customer-format';
import { PortalError, retryAfterOf } from './api';
import { t, type TextKey } from './i18n';

const locale = (lang: PortalLang) => (lang === 'id' ? 'id-ID' : 'en-GB');
const DAY = /^\d{4}-\d{2}-\d{2}/;

/** Times are shown in the office's time zone (from portal.config), whatever zone the phone is set to. */
let officeZone: string | undefined;
export function setTimeZone(tz: string): void {
  officeZone = tz;
}

/** Integer rupiah as "Rp150.000", as on the pay pages and in messages; a credit as "−Rp5.000". */
export function money(n: number): string {
  return `${n < 0 ? '−' : ''}${rupiah(Math.abs(n))}`;
}

/** A calendar date (YYYY-MM-DD) as "7 Des 2026" (anything else is shown as it came). */
export function day(iso: string, lang: PortalLang): string {
  return DAY.test(iso) ? customerDay(iso, lang) : iso;
}

/** A billing period (start inclusive, end exclusive) as the days it covers: "7 Des 2026 – 31 Des 2026". */
export function period(start: string, endExclusive: string, lang: PortalLang): string {
  return DAY.test(start) && DAY.test(endExclusive) ? periodText(start, endExclusive, lang) : `${day(start, lang)} – ${day(endExclusive, lang)}`;
}

/** A moment (ISO timestamp) as "7 Des 2026 14.05", in the office's time zone. */
export function moment(iso: string, lang: PortalLang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: officeZone }).format(d);
}

export function clock(iso: string, lang: PortalLang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', timeZone: officeZone }).format(d);
}

/** Bytes as "1,5 GB" (1000-based, like phone data plans). */
export function bytes(n: number, lang: PortalLang): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${new Intl.NumberFormat(locale(lang), { maximumFractionDigits: v < 10 && i > 0 ? 1 : 0 }).format(v)} ${units[i]}`;
}

/** Seconds as "3 hari 4 jam" / "2 jam 5 mnt" / "4 mnt". */
export function duration(s: number, lang: PortalLang): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const u = lang === 'id' ? { d: 'hari', h: 'jam', m: 'mnt' } : { d: 'd', h: 'h', m: 'min' };
  const sep = lang === 'id' ? ' ' : '';
  if (d > 0) return `${d}${sep}${u.d} ${h}${sep}${u.h}`;
  if (h > 0) return `${h}${sep}${u.h} ${m}${sep}${u.m}`;
  return `${m}${sep}${u.m}`;
}

/** What to tell the customer about a failed call, in their language. */
export function errorText(err: unknown): string {
  if (!(err instanceof PortalError)) return t('err.generic');
  const c = err.code;
  if (c === 'rate_limited') {
    const s = retryAfterOf(err);
    return s ? t('err.rate_limited', { seconds: s }) : t('err.rate_limited_short');
  }
  // The portal module says why in details.reason; that first, then the code.
  const reasons: Record<string, TextKey> = {
    code_invalid: 'err.code',
    password_invalid: 'err.invalid_login',
    method_off: 'err.closed',
    portal_off: 'err.portal_off',
    whatsapp_off: 'err.no_whatsapp',
    nothing_to_pay: 'err.nothing_to_pay',
    online_payment_off: 'err.online_payment_off',
    pdf_unavailable: 'err.unavailable',
    tickets_unavailable: 'err.unavailable',
  };
  const reason = typeof err.details?.reason === 'string' ? reasons[err.details.reason] : undefined;
  if (reason) return t(reason);
  const direct: Record<string, TextKey> = {
    offline: 'err.offline',
    validation: 'err.validation',
    not_found: 'err.not_found',
    unauthenticated: 'err.unauthenticated',
    'auth.session_expired': 'err.unauthenticated',
    forbidden: 'err.forbidden',
    'auth.invalid_credentials': 'err.invalid_login',
    'gateway.failed': 'err.gateway',
    'customers.phone_invalid': 'err.phone_invalid',
    'tickets.photo_invalid': 'err.photo_invalid',
    'tickets.too_many': 'err.too_many_tickets',
  };
  const k = direct[c];
  if (k) return t(k);
  return t('err.generic');
}
