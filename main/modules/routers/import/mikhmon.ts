/**
 * Mikhmon's conventions, read back from a router so an office that used Mikhmon keeps its stock and its
 * history when it adopts this app (see shared/reference/routeros.md §13–14). Pure functions: the import
 * preview and later the voucher module use them.
 */

export interface MikhmonBatch {
  /** vc: username = password; up: separate username and password. */
  mode: 'vc' | 'up';
  /** The three random characters Mikhmon puts in every batch comment. */
  batchId: string;
  /** Generation date (mm.dd.yy in the comment) as YYYY-MM-DD. */
  generatedOn: string;
  /** Free text the operator added, if any. */
  note: string;
}

/** `vc-042-05.12.25` or `up-117-05.12.25-Promo RT05` → the batch; anything else → null. */
export function parseBatchComment(comment: string | undefined): MikhmonBatch | null {
  const m = /^(vc|up)-([A-Za-z0-9]{1,8})-(\d{2})\.(\d{2})\.(\d{2})(?:-(.*))?$/.exec(comment?.trim() ?? '');
  if (!m) return null;
  const [, mode, batchId, mm, dd, yy, note] = m;
  if (Number(mm) < 1 || Number(mm) > 12 || Number(dd) < 1 || Number(dd) > 31) return null;
  return { mode: mode as 'vc' | 'up', batchId: batchId!, generatedOn: `20${yy}-${mm}-${dd}`, note: note ?? '' };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The expiry Mikhmon's on-login script writes into a used voucher's comment, in either RouterOS date style:
 * `jan/02/2024 13:00:00` (before 7.10) or `2024-01-02 13:00:00` (7.10+). The router's clock is local time:
 * the offset (minutes east of UTC, +420 for WIB) turns it into an instant.
 */
export function parseExpiryComment(comment: string | undefined, utcOffsetMinutes: number): Date | null {
  const text = comment?.trim() ?? '';
  let y: number, mo: number, d: number, h: number, mi: number, s: number;
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/i.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (old) {
    mo = MONTHS.indexOf(old[1]!.toLowerCase()) + 1;
    if (mo === 0) return null;
    [d, y, h, mi, s] = [Number(old[2]), Number(old[3]), Number(old[4]), Number(old[5]), Number(old[6])];
  } else if (iso) {
    [y, mo, d, h, mi, s] = iso.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  } else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) - utcOffsetMinutes * 60_000;
  const check = new Date(utc + utcOffsetMinutes * 60_000);
  return check.getUTCDate() === d ? new Date(utc) : null; // 31 Feb and friends are not dates
}

export type ExpiryMode = 'none' | 'remove' | 'notice' | 'remove-record' | 'notice-record';

export interface MikhmonProfileMeta {
  /** 'none': Mikhmon's "None" expiry (`noexp`, or `0` in older forms): its vouchers never expire. */
  expiryMode: ExpiryMode;
  /** Integer rupiah. */
  price: number;
  /** The selling price Mikhmon wrote, or the price when it left it empty. */
  sellingPrice: number;
  /** RouterOS duration exactly as written (1d, 7d, 30d, 3h); null when the profile never expires. */
  validity: string | null;
  lockToMac: boolean;
}

const EXPIRY: Record<string, ExpiryMode> = { '0': 'none', rem: 'remove', ntf: 'notice', remc: 'remove-record', ntfc: 'notice-record' };

/**
 * The metadata Mikhmon keeps in the first statement of a hotspot profile's on-login script:
 * `:put (",<expmode>,<price>,<validity>,<sellprice>,,<Enable|Disable>,")`, or for a profile that never expires
 * `:put (",,<price>,,,noexp,<Enable|Disable>,")` (mikhmonv3 adduserprofile.php); older forms write `0` as expmode.
 */
export function parseProfileOnLogin(onLogin: string | undefined): MikhmonProfileMeta | null {
  const m = /:put \("\s*,([a-z0-9]*),([^,]*),([^,]*),([^,]*),([^,]*),(Enable|Disable)?,?\s*"\)/i.exec(onLogin ?? '');
  if (!m) return null;
  const mode = m[1]!.toLowerCase();
  const noexp = m[5]!.trim().toLowerCase() === 'noexp';
  const expiryMode = noexp && mode === '' ? 'none' : EXPIRY[mode];
  if (!expiryMode) return null;
  const price = /^\d+$/.test(m[2]!.trim()) ? Number(m[2]!.trim()) : 0;
  const sellingPrice = /^\d+$/.test(m[4]!.trim()) ? Number(m[4]!.trim()) : price;
  const validity = expiryMode === 'none' ? null : m[3]!.trim() || null;
  if (expiryMode !== 'none' && validity === null) return null;
  return { expiryMode, price, sellingPrice, validity, lockToMac: (m[6] ?? '').toLowerCase() === 'enable' };
}

/** What a Mikhmon on-login script does besides its metadata line: lost when the script is replaced. */
export type MikhmonScriptPart = 'expiry' | 'record' | 'lock';

export function mikhmonScriptParts(onLogin: string | undefined): MikhmonScriptPart[] {
  const s = onLogin ?? '';
  const out: MikhmonScriptPart[] = [];
  // The first login starts a scheduler as a date calculator and writes the expiry into the user's comment.
  if (/\/sys(?:tem)?\s+sch(?:eduler)?\s+add/i.test(s)) out.push('expiry');
  // "record" modes keep each sale as a /system script.
  if (/\/sys(?:tem)?\s+script\s+add/i.test(s)) out.push('record');
  if (/mac-address=\$mac/i.test(s)) out.push('lock');
  return out;
}

/** The metadata statement of an on-login script (its first `:put (...)`), or null. */
export function metaLine(onLogin: string | undefined): string | null {
  return /:put \("[^"]*"\)/.exec(onLogin ?? '')?.[0] ?? null;
}

/** Mikhmon's per-profile monitor: a scheduler named after the profile, commented `Monitor Profile <name>`. */
export const monitorComment = (profile: string): string => `Monitor Profile ${profile}`;

export interface MikhmonSale {
  soldOn: string;
  time: string;
  username: string;
  /** Integer rupiah. */
  price: number;
  address: string;
  mac: string;
  validity: string;
  profile: string;
  comment: string;
}

/** A sales record Mikhmon's "record" modes keep as a /system/script named `date-|-time-|-user-|-price-|-…`. */
export function parseSaleScript(name: string | undefined): MikhmonSale | null {
  const parts = (name ?? '').split('-|-');
  if (parts.length < 9) return null;
  const [date, time, username, price, address, mac, validity, profile, ...rest] = parts;
  if (!/^\d+$/.test(price!) || !username) return null;
  const soldOn = /^\d{4}-\d{2}-\d{2}$/.test(date!) ? date! : oldDate(date!);
  if (!soldOn) return null;
  return { soldOn, time: time!, username, price: Number(price), address: address!, mac: mac!, validity: validity!, profile: profile!, comment: rest.join('-|-') };
}

function oldDate(text: string): string | null {
  const m = /^([a-z]{3})\/(\d{2})\/(\d{4})$/i.exec(text);
  const mo = m ? MONTHS.indexOf(m[1]!.toLowerCase()) + 1 : 0;
  return m && mo ? `${m[3]}-${String(mo).padStart(2, '0')}-${m[2]}` : null;
}
