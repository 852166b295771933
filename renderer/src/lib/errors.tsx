import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ValidationIssue } from '../../../shared/errors';
import { ApiError } from '../api/client';
import { useLanguage, zodMessage } from '../i18n';
import { useTimezone } from '../store/session';
import { formatDateTime } from './format';
import { formatLocalDate } from '../screens/invoices/money';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A zod issue as the server sends it (ValidationIssue) or as a client-side parse produces it. */
export type AnyIssue = ValidationIssue | z.core.$ZodIssue;

/** Fields whose schema carries its own English message: say it in the UI language, by field. */
const FIELD_MESSAGES: Record<string, string> = {
  username: 'validation.username',
  timezone: 'validation.timezone',
  logo: 'validation.logo',
  url: 'validation.url',
  confirmPassword: 'validation.passwordMismatch',
  npwp: 'validation.npwp',
};

/** Message for one issue; rendered as a component so it follows a language switch immediately. */
export function IssueText({ issue }: { issue: AnyIssue }): ReactNode {
  const { t } = useTranslation();
  const lang = useLanguage();
  const field = String(issue.path[issue.path.length - 1] ?? '');
  const params = ('params' in issue && issue.params ? issue.params : issue) as Record<string, unknown>;
  const fieldKey = FIELD_MESSAGES[field];
  if (fieldKey && (issue.code === 'invalid_format' || issue.code === 'custom' || issue.code === 'invalid_union')) return t(fieldKey);
  // The everyday cases in a clerk's words; everything else in zod's own words, in the UI language.
  const { origin, minimum, maximum, expected } = params;
  if (issue.code === 'too_small' && origin === 'string') return minimum === 1 ? t('validation.required') : t('validation.minChars', { min: minimum });
  if (issue.code === 'too_big' && origin === 'string') return t('validation.maxChars', { max: maximum });
  if (issue.code === 'too_small' && origin === 'number') return t('validation.minNumber', { min: minimum });
  if (issue.code === 'too_big' && origin === 'number') return t('validation.maxNumber', { max: maximum });
  if (issue.code === 'invalid_type' && (expected === 'number' || expected === 'int')) return t(expected === 'int' ? 'validation.integer' : 'validation.number');
  if (issue.code === 'invalid_type' && expected === 'string') return t('validation.required');
  return zodMessage({ ...params, code: issue.code, path: issue.path }, lang) ?? issue.message;
}

export const issueKey = (issue: AnyIssue, strip = 0): string => issue.path.slice(strip).map(String).join('.');

/** Form errors keyed by field path (`office.name`), each a translating <IssueText/>. */
export function issuesToErrors(issues: readonly AnyIssue[], strip = 0): Record<string, ReactNode> {
  const out: Record<string, ReactNode> = {};
  for (const issue of issues) {
    const key = issueKey(issue, strip);
    if (!(key in out)) out[key] = <IssueText issue={issue} />;
  }
  return out;
}

/** Validation issues carried by an API error, if it is one. */
export function apiIssues(err: unknown): ValidationIssue[] {
  return err instanceof ApiError && err.code === 'validation' ? (err.details?.issues ?? []) : [];
}

/** A translated message for any error from `call()` (or anything else thrown). */
export function ErrorText({ error }: { error: unknown }): ReactNode {
  const { t, i18n } = useTranslation();
  const tz = useTimezone();
  const lang = useLanguage();
  if (!(error instanceof ApiError)) return t('errors.internal');
  const d = error.details ?? {};
  if (error.code === 'forbidden' && d.mustChangePassword) return t('errors.mustChangePassword');
  // Office dates in the details (since, today, max…) read as dates, not as YYYY-MM-DD.
  const params = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'string' && DAY_RE.test(v) ? formatLocalDate(v, lang) : v]));
  // A detail the message names may be absent (null): a `_plain` variant then says it without it.
  const key = Object.values(d).some((v) => v === null) && i18n.exists(`errors.${error.code}_plain`) ? `errors.${error.code}_plain` : `errors.${error.code}`;
  const base = i18n.exists(key) ? t(key, params) : error.message;
  if (error.code === 'auth.locked' && typeof d.until === 'string') {
    return `${base} ${t('errors.lockedUntil', { time: formatDateTime(d.until, tz, lang) })}`;
  }
  return base;
}
