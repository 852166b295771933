import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { AppError } from '../../../shared/errors';

export type PhoneField = 'phone' | 'whatsapp';

/**
 * Any common way of writing a number (0812-3456-7890, 6281234567890, +62 812 3456 7890) in international
 * E.164 form (+6281234567890); Indonesia is the default country. Empty → null; anything else that is not
 * a valid number → undefined.
 */
export function toE164(raw: string | null | undefined): string | null | undefined {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  // Letters are never part of a phone number (libphonenumber would read "0812 ext" or vanity numbers).
  if (/[a-z]/i.test(text)) return undefined;
  const parsed = parsePhoneNumberFromString(text, 'ID');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Like toE164, but an invalid number is a `customers.phone_invalid` error naming the field. */
export function normalisePhone(raw: string | null | undefined, field: PhoneField): string | null {
  const e164 = toE164(raw);
  if (e164 === undefined) {
    throw new AppError('customers.phone_invalid', `"${raw ?? ''}" is not a valid phone number`, { field, value: raw ?? '' });
  }
  return e164;
}

/** Digits only, the form the search column also stores (628… and 08…). */
export const phoneDigits = (q: string): string => q.replace(/\D/g, '');
