import type { Language } from '../../../shared/settings';

/** Intl locale for a UI language (English uses day-month order and a 24-hour clock, as in Indonesia). */
export const intlLocale = (lang: Language): string => (lang === 'id' ? 'id-ID' : 'en-GB');

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(lang: Language, tz: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(lang), { ...opts, timeZone: tz });
    cache.set(key, f);
  }
  return f;
}

/** A UTC ISO timestamp shown as date + time in the office time zone; '—' for nothing. */
export function formatDateTime(iso: string | null | undefined, tz: string, lang: Language): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dtf(lang, tz, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(iso: string | null | undefined, tz: string, lang: Language): string {
  if (!iso) return '—';
  return dtf(lang, tz, { dateStyle: 'medium' }).format(new Date(iso));
}

/** Rupiah have no minor unit: amounts are integers, never floats. */
export function formatRupiah(amount: number, lang: Language): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Rupiah amounts are whole numbers, got ${amount}`);
  return new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-ID', {
    style: 'currency',
    currency: 'IDR',
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  }).format(amount);
}

export function formatBytes(n: number, lang: Language): string {
  const nf = (v: number) => new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: 1 }).format(v);
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${nf(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${nf(n / 1024 / 1024)} MB`;
  return `${nf(n / 1024 / 1024 / 1024)} GB`;
}

/** Offset (ms) of a time zone from UTC at a moment. */
function zoneOffset(at: number, tz: string): number {
  const parts = dtf('en', tz, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000;
}

/** Midnight of a calendar day (YYYY-MM-DD) in a time zone, as a Date; null when the text is not a date. */
export function zonedDayStart(day: string, tz: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  let utc = wall - zoneOffset(wall, tz);
  // A second pass settles days on which the offset changes (daylight saving elsewhere in the world).
  utc = wall - zoneOffset(utc, tz);
  return new Date(utc);
}
