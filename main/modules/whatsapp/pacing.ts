import { addDays, localMidnightUtc, todayIn } from '../../../shared/dates';

/*
 * When the sender may send: quiet hours and the office day (pure functions of the clock and the office time
 * zone, so they are tested without a clock that moves).
 */

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The UTC instant of an office-local time of day on an office date. */
export function localAt(date: string, hhmm: string, tz: string): Date {
  return new Date(new Date(localMidnightUtc(date, tz)).getTime() + minutesOf(hhmm) * 60_000);
}

/** Minutes since office-local midnight. */
function localMinutes(now: Date, tz: string): number {
  return Math.floor((now.getTime() - new Date(localMidnightUtc(todayIn(tz, now), tz)).getTime()) / 60_000);
}

/**
 * When the quiet hours around `now` end, or null when `now` is not in them. The window runs from `start` to
 * `end` office time and may span midnight (21:00–07:00); start = end means no quiet hours.
 */
export function quietUntil(now: Date, start: string, end: string, tz: string): Date | null {
  const s = minutesOf(start);
  const e = minutesOf(end);
  if (s === e) return null;
  const m = localMinutes(now, tz);
  const today = todayIn(tz, now);
  if (s < e) return m >= s && m < e ? localAt(today, end, tz) : null;
  // Spans midnight: quiet from start to 24:00 and from 00:00 to end.
  if (m >= s) return localAt(addDays(today, 1), end, tz);
  if (m < e) return localAt(today, end, tz);
  return null;
}

/** [start, end) of the office day containing `now`, as UTC instants. */
export function officeDay(now: Date, tz: string): { from: Date; to: Date } {
  const today = todayIn(tz, now);
  return { from: new Date(localMidnightUtc(today, tz)), to: new Date(localMidnightUtc(addDays(today, 1), tz)) };
}

/** A random gap in [min, max] seconds, as milliseconds (`random` in [0, 1)). */
export function gapMs(minS: number, maxS: number, random: () => number): number {
  return Math.round((minS + (maxS - minS) * random()) * 1000);
}

/** Waits after an unreachable provider: 1 min, 5 min, 15 min, 1 h; then the message fails. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000] as const;
