import { randomInt } from 'node:crypto';
import type { Charset } from '../../../shared/contract/vouchers';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** Characters people misread on paper: 0/O/o, 1/l/I/i, 2/Z/z, 5/S/s, 8/B. */
const AMBIGUOUS = new Set('0Oo1lIi2Zz5Ss8B');

/** Mikhmon's character-set variants. */
export function alphabet(charset: Charset, avoidAmbiguous: boolean): string {
  const raw = {
    lower: LOWER,
    upper: UPPER,
    mixed: LOWER + UPPER,
    'lower-digits': LOWER + DIGITS,
    'upper-digits': UPPER + DIGITS,
    'mixed-digits': LOWER + UPPER + DIGITS,
    digits: DIGITS,
  }[charset];
  // Digits only cannot lose half its symbols: keep them all.
  if (!avoidAmbiguous || charset === 'digits') return raw;
  return [...raw].filter((c) => !AMBIGUOUS.has(c)).join('');
}

export function randomCode(chars: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += chars[randomInt(chars.length)];
  return s;
}

export interface CodeSpec {
  quantity: number;
  mode: 'vc' | 'up';
  codeLength: number;
  charset: Charset;
  avoidAmbiguous: boolean;
  prefix: string;
}

export interface Credential {
  username: string;
  password: string;
}

/** How many distinct usernames the spec can make. */
export function codeSpace(spec: Pick<CodeSpec, 'codeLength' | 'charset' | 'avoidAmbiguous'>): number {
  return alphabet(spec.charset, spec.avoidAmbiguous).length ** spec.codeLength;
}

/**
 * Generates `quantity` credentials whose usernames are unique and not `taken` (the database and the router).
 * vc: username = password; up: a numeric password of the same length, like Mikhmon.
 * Throws when the code space is too small for the quantity (the caller turns that into a clear error).
 */
export function generateCodes(spec: CodeSpec, taken: (username: string) => boolean): Credential[] {
  const chars = alphabet(spec.charset, spec.avoidAmbiguous);
  const space = codeSpace(spec);
  if (space < spec.quantity * 4) throw new RangeError(`only ${space} codes possible for ${spec.quantity}`);
  const out: Credential[] = [];
  const seen = new Set<string>();
  let attempts = 0;
  while (out.length < spec.quantity) {
    if (++attempts > spec.quantity * 50) throw new RangeError('too many collisions');
    const username = spec.prefix + randomCode(chars, spec.codeLength);
    const key = username.toLowerCase();
    if (seen.has(key) || taken(username)) continue;
    seen.add(key);
    out.push({ username, password: spec.mode === 'vc' ? username : randomCode(DIGITS, Math.max(3, Math.min(8, spec.codeLength))) });
  }
  return out;
}

/** Mikhmon's batch comment: vc-123-11.25.26 or up-123-11.25.26-note. */
export function batchComment(mode: 'vc' | 'up', date: string, note: string): string {
  const [y, m, d] = date.split('-');
  const id = String(randomInt(1000)).padStart(3, '0');
  return `${mode}-${id}-${m}.${d}.${y!.slice(2)}${note ? `-${note}` : ''}`;
}
