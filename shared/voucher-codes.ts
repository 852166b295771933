import type { Charset } from './contract/vouchers';

/*
 * Voucher code alphabets and the code-space rule, once for main (which makes the codes) and the renderer
 * (which shows an example and warns before the server refuses). Pure: no randomness here.
 */
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';
/** Characters people misread on paper: 0/O/o, 1/l/I/i, 2/Z/z, 5/S/s, 8/B. */
export const AMBIGUOUS: ReadonlySet<string> = new Set('0Oo1lIi2Zz5Ss8B');

const RAW: Record<Charset, string> = {
  lower: LOWER,
  upper: UPPER,
  mixed: LOWER + UPPER,
  'lower-digits': LOWER + DIGITS,
  'upper-digits': UPPER + DIGITS,
  'mixed-digits': LOWER + UPPER + DIGITS,
  digits: DIGITS,
};

/** Mikhmon's character-set variants, without the look-alikes when asked. */
export function alphabet(charset: Charset, avoidAmbiguous: boolean): string {
  const raw = RAW[charset];
  // Digits only cannot lose half its symbols: keep them all.
  if (!avoidAmbiguous || charset === 'digits') return raw;
  return [...raw].filter((c) => !AMBIGUOUS.has(c)).join('');
}

export interface CodeShape {
  codeLength: number;
  charset: Charset;
  avoidAmbiguous: boolean;
}

/** How many distinct codes (usernames without the prefix) the shape can make. */
export function codeSpace(shape: CodeShape): number {
  return alphabet(shape.charset, shape.avoidAmbiguous).length ** shape.codeLength;
}

/** A batch may use at most a quarter of its code space, so that random codes rarely collide. */
export const CODE_SPACE_FACTOR = 4;

/** The code-space rule: false when the shape cannot make `quantity` codes (the server refuses with vouchers.code_space). */
export function fitsCodeSpace(shape: CodeShape & { quantity: number }): boolean {
  return codeSpace(shape) >= shape.quantity * CODE_SPACE_FACTOR;
}
