/** RouterOS value formats used by the simulator: ids, booleans, durations, dates, versions. */

export type Row = Record<string, string>;
export type SeedValue = string | number | boolean;

export function formatId(n: number): string {
  return `*${n.toString(16).toUpperCase()}`;
}

export function parseId(id: string): number | null {
  return /^\*[0-9A-F]+$/.test(id) ? parseInt(id.slice(1), 16) : null;
}

/** API input booleans: yes/no/true/false → stored (and printed) as true/false like v7. */
export function parseBool(v: string): 'true' | 'false' | null {
  const s = v.toLowerCase();
  if (s === 'yes' || s === 'true') return 'true';
  if (s === 'no' || s === 'false') return 'false';
  return null;
}

const UNITS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/** `1w2d3h4m5s`, `00:02:30`, `1d00:00:00`, `30` (seconds) → seconds; null when unparsable. */
export function parseDuration(v: string): number | null {
  const s = v.trim();
  if (s === '' || s === 'none') return null;
  const m = /^((?:\d+[wdhms])*)(?:(\d+):(\d{1,2}):(\d{1,2}))?$/.exec(s);
  if (!m) return /^\d+$/.test(s) ? Number(s) : null;
  let total = 0;
  for (const part of m[1]!.matchAll(/(\d+)([wdhms])/g)) total += Number(part[1]) * UNITS[part[2]!]!;
  if (m[2] !== undefined) total += Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return total;
}

/** Seconds → RouterOS `1w2d3h4m5s` style (`0s` for zero). */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of Object.entries(UNITS)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out;
}

export type ClockFormat = 'new' | 'old';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** Local (offset-shifted) date of an instant: `2023-07-14` (7.10+) or `jul/14/2023` (older). */
export function formatDate(t: Date, offsetMin: number, format: ClockFormat): string {
  const l = new Date(t.getTime() + offsetMin * 60_000);
  const [y, mo, d] = [l.getUTCFullYear(), l.getUTCMonth(), l.getUTCDate()];
  return format === 'new' ? `${y}-${pad(mo + 1)}-${pad(d)}` : `${MONTHS[mo]}/${pad(d)}/${y}`;
}

export function formatTime(t: Date, offsetMin: number): string {
  const l = new Date(t.getTime() + offsetMin * 60_000);
  return `${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}`;
}

/** Parses either date style (plus an optional `HH:MM:SS`) in local time → instant; null when unparsable. */
export function parseLocalDateTime(date: string, time: string, offsetMin: number): Date | null {
  let y: number, mo: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4})$/.exec(date.toLowerCase());
  if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])];
  else if (old && MONTHS.includes(old[1]!)) [y, mo, d] = [Number(old[3]), MONTHS.indexOf(old[1]!), Number(old[2])];
  else return null;
  const tm = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
  const secs = tm ? Number(tm[1]) * 3600 + Number(tm[2]) * 60 + Number(tm[3]) : 0;
  return new Date(Date.UTC(y, mo, d) + secs * 1000 - offsetMin * 60_000);
}

/** `7.18.2 (stable)` → [7, 18, 2]. */
export function parseVersion(v: string): number[] {
  return (v.trim().split(/[\s(]/)[0] ?? '').split('.').map((p) => parseInt(p, 10) || 0);
}

export function versionAtLeast(v: string, ...min: number[]): boolean {
  const have = parseVersion(v);
  for (let i = 0; i < min.length; i++) {
    const a = have[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
