import { hmacSha256Hex, md5Hex, sha256Hex } from './crypto';
import type { DuitkuSignatureScheme } from './types';

/**
 * DuitKu's signatures (shared/reference/payments.md §1, §4.1). `+` is plain concatenation; amounts are integer
 * strings; output lowercase hex. Three generations:
 *  - md5 (legacy):      inquiry/status/callback MD5(str + apiKey); getpaymentmethod and POP header SHA256(str + apiKey)
 *  - sha256 (interim):  inquiry/status/callback SHA256(str + apiKey) (the inquiry also sends hashAlgorithm "sha256");
 *                       getpaymentmethod and POP header unchanged (plain SHA256(str + apiKey))
 *  - hmac-sha256 (2026 docs): every call HMAC_SHA256(str, apiKey)
 */
function byScheme(scheme: DuitkuSignatureScheme, str: string, apiKey: string): string {
  switch (scheme) {
    case 'md5':
      return md5Hex(str + apiKey);
    case 'sha256':
      return sha256Hex(str + apiKey);
    case 'hmac-sha256':
      return hmacSha256Hex(str, apiKey);
  }
}

/** getpaymentmethod and the POP header never used MD5: legacy and interim are plain SHA-256. */
function headerStyle(scheme: DuitkuSignatureScheme, str: string, apiKey: string): string {
  return scheme === 'hmac-sha256' ? hmacSha256Hex(str, apiKey) : sha256Hex(str + apiKey);
}

/** V2 inquiry: merchantCode + merchantOrderId + paymentAmount. */
export const duitkuInquirySignature = (scheme: DuitkuSignatureScheme, apiKey: string, merchantCode: string, merchantOrderId: string, paymentAmount: number | string): string =>
  byScheme(scheme, `${merchantCode}${merchantOrderId}${paymentAmount}`, apiKey);

/** transactionStatus (API and POP): merchantCode + merchantOrderId. HMAC form unverified by DuitKu (§18.2). */
export const duitkuStatusSignature = (scheme: DuitkuSignatureScheme, apiKey: string, merchantCode: string, merchantOrderId: string): string =>
  byScheme(scheme, `${merchantCode}${merchantOrderId}`, apiKey);

/** Callback (DuitKu → us): merchantCode + amount + merchantOrderId — amount BEFORE the order id; raw strings. */
export const duitkuCallbackSignature = (scheme: DuitkuSignatureScheme, apiKey: string, merchantCode: string, amount: string, merchantOrderId: string): string =>
  byScheme(scheme, `${merchantCode}${amount}${merchantOrderId}`, apiKey);

/** getpaymentmethod: merchantcode + amount + datetime (WIB `yyyy-MM-dd HH:mm:ss`). */
export const duitkuPaymentMethodSignature = (scheme: DuitkuSignatureScheme, apiKey: string, merchantCode: string, amount: number | string, datetime: string): string =>
  headerStyle(scheme, `${merchantCode}${amount}${datetime}`, apiKey);

/** POP createInvoice `x-duitku-signature`: merchantCode + timestamp (epoch milliseconds). */
export const duitkuPopSignature = (scheme: DuitkuSignatureScheme, apiKey: string, merchantCode: string, timestampMs: number | string): string =>
  headerStyle(scheme, `${merchantCode}${timestampMs}`, apiKey);

/** `yyyy-MM-dd HH:mm:ss` in WIB (UTC+7, no daylight saving), what getpaymentmethod signs. */
export function wibDateTime(d: Date): string {
  const w = new Date(d.getTime() + 7 * 3_600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${w.getUTCFullYear()}-${p(w.getUTCMonth() + 1)}-${p(w.getUTCDate())} ${p(w.getUTCHours())}:${p(w.getUTCMinutes())}:${p(w.getUTCSeconds())}`;
}

/** duitku-php Sanitizer: keep digits, '-', '(' and ')', at most 20 characters. */
export function sanitizeDuitkuPhone(phone: string): string {
  return phone.replace(/[^\d\-()]/g, '').slice(0, 20);
}
