/*
 * Money and dates as customers read them in what the office sends them (the public pay, return and shop pages,
 * WhatsApp messages): "Rp150.000", "10 Des 2026". Formatters are built once: constructing an Intl formatter
 * costs far more than formatting with one.
 */

export type CustomerLang = 'id' | 'en';

const RUPIAH = new Intl.NumberFormat('id-ID');
const DAY_FORMAT: Record<CustomerLang, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

export const rupiah = (n: number): string => `Rp${RUPIAH.format(n)}`;

/** A local date (YYYY-MM-DD, or the date part of an ISO time) as the customer reads it. */
export function day(iso: string, lang: CustomerLang): string {
  return DAY_FORMAT[lang].format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/** A billing period "start – last day" from its start and exclusive end. */
export function periodText(start: string, endExclusive: string, lang: CustomerLang): string {
  const last = new Date(new Date(`${endExclusive}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
  return `${day(start, lang)} – ${day(last < start ? start : last, lang)}`;
}
