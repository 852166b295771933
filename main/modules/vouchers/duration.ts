import { MAX_DURATION_DAYS, MAX_DURATION_SECONDS, type VoucherExpiry } from '../../../shared/contract/vouchers';
import { AppError } from '../../../shared/errors';
import { parseDuration } from '../routers';

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

/**
 * The validity_seconds a voucher profile row keeps: the given validity, required unless its vouchers never
 * expire. A 'never' profile does not use it; the row still needs a positive number (its CHECK), so it keeps
 * what it had, else the longest validity (were anything to read it, a voucher would last ten years).
 */
export function profileValiditySeconds(expiry: VoucherExpiry, validity: string | null, stored: number | null = null): number {
  if (validity !== null) return voucherSeconds(validity);
  if (expiry === 'never') return stored ?? MAX_DURATION_SECONDS;
  throw new AppError('validation', 'Say how long a voucher lasts', {
    issues: [{ path: ['validity'], code: 'custom', message: 'Say how long a voucher lasts', params: { required: true } }],
  });
}
