import { describe, expect, it } from 'vitest';
import { deferred, waitFor } from '../support/poll';

describe('waitFor (tests poll, they do not sleep)', () => {
  it('returns the first truthy value as soon as the predicate gives one', async () => {
    let calls = 0;
    const started = Date.now();
    const v = await waitFor(() => (++calls >= 3 ? { calls } : null), { interval: 5 });
    expect(v).toEqual({ calls: 3 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('treats a throwing predicate as "not yet", so expect() works inside', async () => {
    let n = 0;
    await waitFor(
      () => {
        n++;
        expect(n).toBeGreaterThan(2);
        return true;
      },
      { interval: 1 },
    );
    expect(n).toBe(3);
  });

  it('times out with what it waited for and the last failure', async () => {
    const err = await waitFor(
      () => {
        throw new Error('still 0 rows');
      },
      { timeout: 60, interval: 10, message: 'the import to finish' },
    ).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('timed out after 60 ms waiting for the import to finish: still 0 rows');
    await expect(waitFor(() => false, { timeout: 30, message: () => 'x' })).rejects.toThrow('timed out after 30 ms waiting for x');
  });

  it('waits on async predicates', async () => {
    const d = deferred<string>();
    setTimeout(() => d.resolve('ready'), 10);
    let state = '';
    void d.promise.then((s) => (state = s));
    expect(await waitFor(async () => state || null, { interval: 2 })).toBe('ready');
  });
});
