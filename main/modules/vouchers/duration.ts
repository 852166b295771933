import { MAX_DURATION_DAYS, MAX_DURATION_SECONDS } from '../../../shared/contract/vouchers';
import { AppError } from '../../../shared/errors';
import { parseDuration } from '../routers/client/format';

/**
 * Whole seconds of a voucher duration (validity, time limit, extension), bounded to what the expiry code
 * handles: 1 s – MAX_DURATION_DAYS. Anything else is refused with a validation error, never turned into an
 * invalid date further on.
 */
export function voucherSeconds(text: string, field = 'validity'): number {
  const n = Math.round(parseDuration(text) ?? Number.NaN);
  if (!Number.isFinite(n) || n < 1 || n > MAX_DURATION_SECONDS) {
    throw new AppError('validation', `Use a duration from 1s up to ${MAX_DURATION_DAYS}d`, {
      issues: [{ path: [field], code: 'custom', message: `Use a duration from 1s up to ${MAX_DURATION_DAYS}d`, params: { maximum: MAX_DURATION_SECONDS } }],
    });
  }
  return n;
}

/**
 * A validity stored before durations were bounded (a legacy row, or written by hand): read as at most
 * MAX_DURATION_SECONDS, so a first login still gets a real expiry date instead of an error.
 */
export function storedValiditySeconds(stored: unknown): number {
  const n = Number(stored);
  if (!Number.isFinite(n)) return MAX_DURATION_SECONDS;
  return Math.min(Math.max(Math.round(n), 0), MAX_DURATION_SECONDS);
}
