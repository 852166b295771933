/**
 * Test synchronisation: poll for the state you expect instead of sleeping for a time you hope is enough.
 * A fixed sleep is either too short on a slow CI machine (flaky) or too long everywhere else (slow).
 */

export interface WaitForOptions {
  /** Give up after this many ms (default 10 000). */
  timeout?: number;
  /** Ms between two checks (default 20). */
  interval?: number;
  /** What is being waited for, for the timeout error ("the job run to finish"). */
  message?: string | (() => string);
}

/**
 * Calls `predicate` until it returns a truthy value (or a promise of one) and returns that value. A predicate
 * that throws counts as "not yet": an `expect(...)` inside works, and its last error ends the timeout message.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, opts: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeout = opts.timeout ?? 10_000;
  const interval = opts.interval ?? 20;
  const started = Date.now();
  for (;;) {
    // The last check's failure, if it threw: it ends the timeout message.
    let failure: { error: unknown } | null = null;
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      failure = { error };
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeout) {
      const what = typeof opts.message === 'function' ? opts.message() : (opts.message ?? 'a condition');
      const why = failure === null ? '' : `: ${failure.error instanceof Error ? failure.error.message : JSON.stringify(failure.error)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${why}`, failure === null ? undefined : { cause: failure.error });
    }
    await pause(Math.min(interval, timeout - elapsed));
  }
}

/** A promise plus the functions that settle it: lets a test hold a task at a point and release it when it decides. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Lets real time pass, for tests whose subject IS elapsed time (an idle keep-alive connection, a timeout
 * firing). Never use it to wait for a side effect: that is what waitFor is for.
 */
export function elapse(ms: number): Promise<void> {
  return pause(ms);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
