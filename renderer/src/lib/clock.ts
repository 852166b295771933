/**
 * The office's clock is the core's, not this PC's: a counter PC whose clock is a day off must not turn
 * "today" into a scheduled change. auth.state carries the core's time; "now" here follows it.
 */
let offsetMs = 0;

export function syncClock(serverNow: string | undefined): void {
  const t = serverNow ? Date.parse(serverNow) : NaN;
  if (Number.isFinite(t)) offsetMs = t - Date.now();
}

/** Now, by the core's clock. */
export const officeNow = (): Date => new Date(Date.now() + offsetMs);
