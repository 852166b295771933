/**
 * RouterOS value formats: durations (`1w2d3h4m5s`, `00:02:30`, `1d00:02:30`, `150ms`) and clock dates
 * (`jul/14/2023` before RouterOS 7.10, `2023-07-14` from 7.10 on), with the router's local time turned into
 * a UTC Date given its GMT offset.
 */

const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001, us: 0.000_001, ns: 0.000_000_001 };

/**
 * Seconds in a RouterOS duration, or null when `text` is not one. Accepts unit form (`1w2d3h4m5s`,
 * `5m30s150ms`, `2d`), clock form (`00:02:30`, `1:30`, `00:00:01.5`), both mixed (`1w2d03:04:05`), a bare
 * number (seconds), and `none`/`never`/empty as 0 only when `zeroWords` is set. Fractions (ms) are kept.
 */
export function parseDuration(text: string, opts: { zeroWords?: boolean } = {}): number | null {
  if (typeof text !== 'string') return null;
  const s = text.trim().toLowerCase();
  if (s === '') return opts.zeroWords ? 0 : null;
  if (s === 'none' || s === 'never' || s === 'unlimited') return opts.zeroWords ? 0 : null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^((?:\d+(?:\.\d+)?(?:w|d|h|ms|us|ns|m|s))*)(?:(\d{1,3}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?)?$/.exec(s);
  if (!m || m[0] === '') return null;
  let total = 0;
  const units = m[1] ?? '';
  if (units) {
    const re = /(\d+(?:\.\d+)?)(w|d|h|ms|us|ns|m|s)/g;
    let consumed = 0;
    for (let part = re.exec(units); part; part = re.exec(units)) {
      total += Number(part[1]) * (UNIT_SECONDS[part[2] as string] as number);
      consumed += part[0].length;
    }
    if (consumed !== units.length) return null;
  }
  if (m[2] !== undefined) {
    // `HH:MM:SS` (or `MM:SS` when only two fields are given, as `1:30` is read by RouterOS as 1 min 30 s).
    const a = Number(m[2]);
    const b = Number(m[3]);
    if (m[4] !== undefined) {
      const c = Number(m[4]);
      if (b >= 60 || c >= 60) return null;
      total += a * 3600 + b * 60 + c;
    } else {
      if (b >= 60) return null;
      total += a * 60 + b;
    }
  }
  return Math.round(total * 1e9) / 1e9;
}

/**
 * RouterOS unit form of a number of seconds: `1w2d3h4m5s`; `0s` for zero; sub-second parts as `ms`
 * (rounded to the millisecond). Negative or non-finite input throws.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`not a duration: ${seconds}`);
  let ms = Math.round(seconds * 1000);
  if (ms === 0) return '0s';
  let out = '';
  for (const [unit, size] of [
    ['w', 604_800_000],
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(ms / size);
    if (n > 0) {
      out += `${n}${unit}`;
      ms -= n * size;
    }
  }
  return out;
}

/** Clock form `HH:MM:SS` (days folded into hours), as the scheduler's `interval` prints short intervals. */
export function formatClockDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`not a duration: ${seconds}`);
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;

export type RouterDateStyle = 'legacy' | 'iso';

export interface RouterLocalDate {
  year: number;
  month: number; // 1-12
  day: number;
  style: RouterDateStyle;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/** `jul/14/2023` (any case) or `2023-07-14` → its parts, or null. */
export function parseRouterDate(text: string): RouterLocalDate | null {
  if (typeof text !== 'string') return null;
  const s = text.trim();
  let m = /^([A-Za-z]{3})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf((m[1] as string).toLowerCase() as (typeof MONTHS)[number]) + 1;
    const day = Number(m[2]);
    const year = Number(m[3]);
    return month > 0 && validDay(year, month, day) ? { year, month, day, style: 'legacy' } : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    return validDay(year, month, day) ? { year, month, day, style: 'iso' } : null;
  }
  return null;
}

/** `HH:MM:SS` or `HH:MM` → seconds since midnight, or null. */
export function parseRouterTime(text: string): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || min > 59 || sec > 59) return null;
  return h * 3600 + min * 60 + sec;
}

/**
 * The router's GMT offset in minutes east of UTC: `+07:00`, `+0700`, `-05:30`, `+7`, or a number of
 * seconds (`25200`). Null when unreadable.
 */
export function parseGmtOffset(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) ? Math.round(text / 60) : null;
  if (typeof text !== 'string') return null;
  const s = text.trim();
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (!m) return /^[+-]?\d+$/.test(s) ? Math.round(Number(s) / 60) : null;
  const h = Number(m[2]);
  const min = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 14 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/**
 * A router-local date (either style) and optional time (`HH:MM:SS`, default midnight) → the UTC instant,
 * given the router's offset in minutes east of UTC (e.g. 420 for WIB, UTC+7). Null when unreadable.
 */
export function routerDateToUtc(date: string, time: string | undefined, offsetMinutes: number): Date | null {
  const d = parseRouterDate(date);
  if (!d) return null;
  const t = time === undefined || time.trim() === '' ? 0 : parseRouterTime(time);
  if (t === null || !Number.isFinite(offsetMinutes)) return null;
  return new Date(Date.UTC(d.year, d.month - 1, d.day) + t * 1000 - offsetMinutes * 60_000);
}

/**
 * `jan/02/2024 13:00:00` or `2024-01-02 13:00:00` (a Mikhmon expiry comment, a scheduler `next-run`) →
 * the UTC instant. Null when the text is not such a timestamp.
 */
export function parseRouterDateTime(text: string, offsetMinutes: number): Date | null {
  if (typeof text !== 'string') return null;
  const m = /^\s*(\S+)(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?\s*$/.exec(text);
  if (!m) return null;
  return routerDateToUtc(m[1] as string, m[2], offsetMinutes);
}

/** A UTC instant → the router's local `date` (in the given style) and `time` strings. */
export function formatRouterDate(instant: Date, offsetMinutes: number, style: RouterDateStyle): { date: string; time: string } {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const y = local.getUTCFullYear();
  const mo = local.getUTCMonth();
  const d = String(local.getUTCDate()).padStart(2, '0');
  const time = [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  const date = style === 'legacy' ? `${MONTHS[mo]}/${d}/${y}` : `${y}-${String(mo + 1).padStart(2, '0')}-${d}`;
  return { date, time };
}
