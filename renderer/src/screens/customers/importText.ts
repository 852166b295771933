import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

/**
 * The import check reports row problems as English sentences (its own, and zod's). Each known shape is
 * said again in the UI language; an unknown one is shown as sent.
 */
const RULES: [RegExp, (t: TFunction, m: RegExpExecArray) => string][] = [
  [/^"(.*)" is not a valid phone number$/, (t, m) => t('customers.import.msg.phone', { value: m[1] })],
  [/^"(.*)" is not a number$/, (t, m) => t('customers.import.msg.number', { value: m[1] })],
  [/^"(.*)" is not yes or no$/, (t, m) => t('customers.import.msg.yesNo', { value: m[1] })],
  [/^Same phone as row (\d+)$/, (t, m) => t('customers.import.msg.samePhone', { row: m[1] })],
  [/^Phone already belongs to customer (.+)$/, (t, m) => t('customers.import.msg.phoneTaken', { number: m[1] })],
  [/^Too small: expected string to have >=1 /, (t) => t('validation.required')],
  [/^Too small: expected string to have >=(\d+)/, (t, m) => t('validation.minChars', { min: m[1] })],
  [/^Too big: expected string to have <=(\d+)/, (t, m) => t('validation.maxChars', { max: m[1] })],
  [/^Too small: expected number to be >=(-?[\d.]+)/, (t, m) => t('validation.minNumber', { min: m[1] })],
  [/^Too big: expected number to be <=(-?[\d.]+)/, (t, m) => t('validation.maxNumber', { max: m[1] })],
];

export function importMessage(t: TFunction, message: string): string {
  for (const [re, say] of RULES) {
    const m = re.exec(message);
    if (m) return say(t, m);
  }
  return message;
}

/** Why a whole file was refused (no name column, too many rows, not a readable file), or null. */
export function fileProblem(t: TFunction, err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'customers.import_rejected') return null;
  const d = err.details ?? {};
  if (d.missing === 'name') return t('customers.import.missingName');
  if (typeof d.limit === 'number') return t('customers.import.tooMany', { limit: d.limit, total: d.total });
  if (d.file === 'unreadable') return t('customers.import.unreadable');
  if (Array.isArray(d.rows) && d.rows.length === 0) return t('customers.import.noRows');
  return null;
}
