import type { ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { apiIssues, ErrorText, issuesToErrors } from '../../lib/errors';

/**
 * Field errors for a failed save: zod issues on their fields, and a domain error that names its field
 * (`details.field`, e.g. customers.phone_invalid → phone, billing.username_taken → username) on that
 * field. `alert` is what is still worth an alert above the buttons: the general "check the red fields" for
 * validation, nothing when the field already says it, the error itself otherwise (also when the named
 * field is not one of the form's `known` fields).
 */
export function serverErrors(err: unknown, known: readonly string[]): { fields: Record<string, ReactNode>; alert: unknown } {
  const issues = apiIssues(err);
  if (issues.length > 0) return { fields: issuesToErrors(issues), alert: err };
  const field = err instanceof ApiError && typeof err.details?.field === 'string' ? err.details.field : null;
  if (field && known.includes(field)) return { fields: { [field]: <ErrorText error={err} /> }, alert: null };
  return { fields: {}, alert: err };
}
