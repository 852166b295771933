/**
 * A FIFO mutex. Every write (IPC, HTTP, scheduled job, later payment callbacks) goes through one queue,
 * so transactions on the single SQLite connection never interleave.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private depth = 0;

  get pending(): number {
    return this.depth;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    this.depth++;
    const next = this.tail.then(fn, fn);
    this.tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next.finally(() => {
      this.depth--;
    });
  }
}
