/*
 * A background loop of steps (an outbox drainer): each step says when to look again; `kick()` looks at once (after
 * a commit that queued work). With nothing to wait for it still looks every minute (work queued by another
 * process, clock jumps). A step asked for while one runs shares it and is told to look again at once, so work
 * queued meanwhile is not left waiting for the running step's wake time.
 */

export interface TickLoopOptions<R extends { wakeAt: Date | null }> {
  step(): Promise<R>;
  now(): Date;
  /** A step that threw: logged by the owner, and the loop looks again after `retryMs`. */
  onError(err: unknown): void;
  retryMs: number;
}

const MAX_WAIT_MS = 60_000;

export class TickLoop<R extends { wakeAt: Date | null }> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<R> | null = null;
  private stopped = true;

  constructor(private readonly o: TickLoopOptions<R>) {}

  /** One step now (or the one running, then "look again now"). */
  tick(): Promise<R> {
    if (this.running) return this.running.then((r) => ({ ...r, wakeAt: this.o.now() }));
    this.running = this.o.step().finally(() => (this.running = null));
    return this.running;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.tick()
      .then((r) => this.schedule(r.wakeAt))
      .catch((err: unknown) => {
        this.o.onError(err);
        this.schedule(new Date(this.o.now().getTime() + this.o.retryMs));
      });
  }

  private schedule(at: Date | null): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const ms = at ? Math.max(0, at.getTime() - this.o.now().getTime()) : MAX_WAIT_MS;
    this.timer = setTimeout(() => this.kick(), Math.min(ms, MAX_WAIT_MS));
    this.timer.unref();
  }

  /** Stops the timer; waits for a running step unless told not to (one that may hang on the network). */
  async stop(waitForStep = true): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (waitForStep) await this.running?.catch(() => undefined);
  }
}
