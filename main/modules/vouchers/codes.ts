import { randomInt } from 'node:crypto';
import type { Charset, VoucherMode } from '../../../shared/contract/vouchers';
import { alphabet, codeSpace, DIGITS, fitsCodeSpace } from '../../../shared/voucher-codes';

// The alphabets and the code-space rule are shared with the renderer (shared/voucher-codes.ts).
export { alphabet, codeSpace };

export function randomCode(chars: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += chars[randomInt(chars.length)];
  return s;
}

export interface CodeSpec {
  quantity: number;
  mode: VoucherMode;
  codeLength: number;
  charset: Charset;
  avoidAmbiguous: boolean;
  prefix: string;
}

export interface Credential {
  username: string;
  password: string;
}

/**
 * Generates `quantity` credentials whose usernames are unique and not `taken` (the database and the router).
 * vc: username = password; up: a numeric password of the same length, like Mikhmon.
 * Throws when the code space is too small for the quantity (the caller turns that into a clear error).
 */
export function generateCodes(spec: CodeSpec, taken: (username: string) => boolean): Credential[] {
  const chars = alphabet(spec.charset, spec.avoidAmbiguous);
  if (!fitsCodeSpace(spec)) throw new RangeError(`only ${codeSpace(spec)} codes possible for ${spec.quantity}`);
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
export function batchComment(mode: VoucherMode, date: string, note: string): string {
  const [y, m, d] = date.split('-');
  const id = String(randomInt(1000)).padStart(3, '0');
  return `${mode}-${id}-${m}.${d}.${y!.slice(2)}${note ? `-${note}` : ''}`;
}
