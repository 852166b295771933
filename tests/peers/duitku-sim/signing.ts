/**
 * DuitKu signatures (payments reference §1, §4), computed here with node:crypto on purpose: the double must not
 * share code with the adapter it tests. `+` is plain concatenation, output lowercase hex.
 */
import crypto from 'node:crypto';

export type DuitkuScheme = 'hmac-sha256' | 'sha256' | 'md5';
export type SignedCall = 'inquiry' | 'transactionStatus' | 'callback' | 'getpaymentmethod' | 'popHeader';

export const md5 = (s: string): string => crypto.createHash('md5').update(s, 'utf8').digest('hex');
export const sha256 = (s: string): string => crypto.createHash('sha256').update(s, 'utf8').digest('hex');
export const hmacSha256 = (s: string, key: string): string => crypto.createHmac('sha256', key).update(s, 'utf8').digest('hex');

/** The string each call signs, fields in the reference's order (§4.1). */
export function stringToSign(call: SignedCall, f: Record<string, string>): string {
  const need = (k: string): string => {
    const v = f[k];
    if (v === undefined) throw new Error(`stringToSign(${call}) needs ${k}`);
    return v;
  };
  switch (call) {
    case 'inquiry': return need('merchantCode') + need('merchantOrderId') + need('paymentAmount');
    case 'transactionStatus': return need('merchantCode') + need('merchantOrderId');
    case 'callback': return need('merchantCode') + need('amount') + need('merchantOrderId');
    case 'getpaymentmethod': return need('merchantCode') + need('amount') + need('datetime');
    case 'popHeader': return need('merchantCode') + need('timestamp');
  }
}

/**
 * The signature DuitKu expects (or sends) for `call` under `scheme`. getpaymentmethod and the POP header never
 * used MD5: their legacy and interim form is plain SHA-256 of string + key.
 */
export function sign(scheme: DuitkuScheme, call: SignedCall, fields: Record<string, string>, apiKey: string): string {
  const str = stringToSign(call, fields);
  if (scheme === 'hmac-sha256') return hmacSha256(str, apiKey);
  if (scheme === 'sha256' || call === 'getpaymentmethod' || call === 'popHeader') return sha256(str + apiKey);
  return md5(str + apiKey);
}

/** Constant-time comparison of two hex digests (false on any length difference). */
export function sameDigest(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
