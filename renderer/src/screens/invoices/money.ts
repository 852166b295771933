import { officeNow } from '../../lib/clock';
import { useLanguage } from '../../i18n';
import { formatRupiah, intlLocale } from '../../lib/format';
import type { Language } from '../../../../shared/settings';

/** Formats integer rupiah in the UI language. */
export function useRupiah(): (amount: number) => string {
  const lang = useLanguage();
  return (amount) => formatRupiah(amount, lang);
}

const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** An office-local calendar date (YYYY-MM-DD) as a date: it is already the office's day, so no zone shift. */
export function formatLocalDate(day: string | null | undefined, lang: Language): string {
  if (!day || !DAY_RE.test(day)) return day ?? '—';
  return new Intl.DateTimeFormat(intlLocale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(utc(day));
}

/** "17–30 Nov 2025" for two local dates (inclusive). */
export function formatDayRange(from: string | undefined, to: string | undefined, lang: Language): string {
  if (!from || !to || !DAY_RE.test(from) || !DAY_RE.test(to)) return [from, to].filter(Boolean).join(' – ');
  const f = new Intl.DateTimeFormat(intlLocale(lang), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return f.formatRange(utc(from), utc(to));
}

/** A billing period [start, end) as the days it covers: "1–30 Nov 2025". */
export function formatPeriod(start: string, endExclusive: string, lang: Language): string {
  if (!DAY_RE.test(endExclusive)) return formatDayRange(start, endExclusive, lang);
  const last = new Date(utc(endExclusive).getTime() - 86_400_000).toISOString().slice(0, 10);
  return formatDayRange(start, last < start ? start : last, lang);
}

/** "November 2025" for YYYY-MM. */
export function formatMonth(month: string, lang: Language, style: 'long' | 'short' = 'long'): string {
  if (!/^\d{4}-\d{2}$/.test(month)) return month;
  return new Intl.DateTimeFormat(intlLocale(lang), { month: style, year: style === 'long' ? 'numeric' : '2-digit', timeZone: 'UTC' }).format(utc(`${month}-01`));
}

/** Today in the office time zone, YYYY-MM-DD. */
export function todayIn(tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: tz }).format(officeNow());
}

/** Short amounts for chart axes: "1,5 jt" / "1.5M". */
export function compactRupiah(amount: number, lang: Language): string {
  return new Intl.NumberFormat(intlLocale(lang), { notation: 'compact', maximumFractionDigits: 1 }).format(amount);
}

/**
 * A percentage typed by a clerk ("11", "11,5", "11.25") as basis points (1100, 1150, 1125), with string
 * arithmetic only — no floats. null when it is not a percentage between 0 and 100 with at most two decimals.
 */
export function percentToBp(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(2, '0'));
  const bp = whole * 100 + frac;
  return bp <= 10000 ? bp : null;
}

/** 1150 → "11,5" (id) / "11.5" (en). */
export function bpToPercent(bp: number, lang: Language): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}${lang === 'id' ? ',' : '.'}${frac}` : String(whole);
}
