import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Digests as the gateways use them: UTF-8 input, lowercase hex output (shared/reference/payments.md). */
export const md5Hex = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');
export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
export const sha512Hex = (s: string): string => createHash('sha512').update(s, 'utf8').digest('hex');
/** HMAC-SHA256 over a string (UTF-8) or over exact bytes (Tripay callbacks). */
export const hmacSha256Hex = (data: string | Buffer, key: string): string =>
  (typeof data === 'string' ? createHmac('sha256', key).update(data, 'utf8') : createHmac('sha256', key).update(data)).digest('hex');

/**
 * Constant-time comparison of a received hex digest with the expected one: `timingSafeEqual` on equal-length
 * buffers (a length mismatch is answered at once: the length of a digest is public). Hex is case-insensitive.
 */
export function hexDigestEquals(expected: string, received: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8');
  const b = Buffer.from(received.trim().toLowerCase(), 'utf8');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** Constant-time comparison of a shared secret token (Xendit x-callback-token): compares SHA-256s, so no length leaks. */
export function tokenEquals(expected: string, received: string): boolean {
  if (expected.length === 0) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(received, 'utf8').digest();
  return timingSafeEqual(a, b);
}
