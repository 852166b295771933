import type { TFunction } from 'i18next';
import type { Language } from '../../../../shared/settings';
import { formatDateTime } from '../../lib/format';

/** The translation key of an event type ('payment.received' → webhooks.events.payment_received). */
export const eventKey = (type: string): string => `webhooks.events.${type.replace(/\./g, '_')}`;

/** An event in words, with its code for the people wiring the receiver: "Pembayaran diterima (payment.received)". */
export function eventLabel(t: TFunction, type: string): string {
  const key = eventKey(type);
  const text = t(key);
  return text === key ? type : `${text} (${type})`;
}

/** What an endpoint subscribes to, in words. */
export function eventsText(t: TFunction, events: readonly string[]): string {
  if (events.includes('*')) return t('webhooks.allEvents');
  return t('webhooks.eventsSome', { count: events.length, list: events.map((e) => t(eventKey(e))).join(', ') });
}

/**
 * Why an endpoint switched itself off, in the UI language. The server writes the reason in English (it also goes
 * to the office's notification); the two it writes are said in words here, anything else is shown as it is.
 */
export function disabledReasonText(t: TFunction, reason: string, tz: string, lang: Language): string {
  if (/^the receiver answered 410/i.test(reason)) return t('webhooks.reasons.gone');
  const m = /^no delivery succeeded since (\S+) \(last: (.*)\)$/s.exec(reason);
  if (m) return t('webhooks.reasons.failing', { at: formatDateTime(m[1], tz, lang), last: m[2] });
  return reason;
}
