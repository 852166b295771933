/** Exponential backoff with full jitter between half and the whole step, capped. */
export interface BackoffOptions {
  /** First delay (default 250 ms). */
  initialMs?: number;
  /** Cap (default 30 s). */
  maxMs?: number;
}

export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = opts.initialMs ?? 250;
  const max = opts.maxMs ?? 30_000;
  const step = Math.min(max, initial * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(step / 2 + (step / 2) * random());
}
