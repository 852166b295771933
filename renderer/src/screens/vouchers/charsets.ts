import type { Charset } from '../../../../shared/contract/vouchers';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** The same look-alikes the server leaves out (main/modules/vouchers/codes.ts). */
const AMBIGUOUS = new Set('0Oo1lIi2Zz5Ss8B');

const RAW: Record<Charset, string> = {
  lower: LOWER,
  upper: UPPER,
  mixed: LOWER + UPPER,
  'lower-digits': LOWER + DIGITS,
  'upper-digits': UPPER + DIGITS,
  'mixed-digits': LOWER + UPPER + DIGITS,
  digits: DIGITS,
};

export function alphabet(charset: Charset, avoidAmbiguous: boolean): string {
  const raw = RAW[charset];
  if (!avoidAmbiguous || charset === 'digits') return raw;
  return [...raw].filter((c) => !AMBIGUOUS.has(c)).join('');
}

/** An example code as the batch will make them (only for showing; the server makes the real ones). */
export function exampleCode(charset: Charset, length: number, avoidAmbiguous: boolean, prefix = ''): string {
  const chars = alphabet(charset, avoidAmbiguous);
  let s = '';
  // Spread over the alphabet so the example shows letters and digits alike, not a random draw.
  for (let i = 0; i < length; i++) s += chars[(i * 7 + 3 + (i % 2) * Math.floor(chars.length / 2)) % chars.length];
  return prefix + s;
}

/** How many different codes the settings can make; the server refuses a batch above a quarter of it. */
export const codeSpace = (charset: Charset, length: number, avoidAmbiguous: boolean): number => alphabet(charset, avoidAmbiguous).length ** length;
