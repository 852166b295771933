import type { Charset } from '../../../../shared/contract/vouchers';
import { alphabet } from '../../../../shared/voucher-codes';

// The alphabets and the code-space rule are the server's own (shared/voucher-codes.ts).
export { fitsCodeSpace } from '../../../../shared/voucher-codes';

/** An example code as the batch will make them (only for showing; the server makes the real ones). */
export function exampleCode(charset: Charset, length: number, avoidAmbiguous: boolean, prefix = ''): string {
  const chars = alphabet(charset, avoidAmbiguous);
  let s = '';
  // Spread over the alphabet so the example shows letters and digits alike, not a random draw.
  for (let i = 0; i < length; i++) s += chars[(i * 7 + 3 + (i % 2) * Math.floor(chars.length / 2)) % chars.length];
  return prefix + s;
}
