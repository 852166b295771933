import type { Logger } from 'pino';
import { backoffDelay, type BackoffOptions } from './backoff';
import { runBulk } from './bulk';
import { assertPatchedNodeRouteros, Connection, NotSentError } from './connection';
import {
  RouterError,
  type BulkItemResult,
  type BulkOptions,
  type Command,
  type CommandResult,
  type PooledRouterClient,
  type RouterClientState,
  type RouterEndpoint,
  type Row,
} from './types';

export interface RouterClientOptions {
  logger?: Logger;
  /** Clock in ms (default Date.now): backoff deadlines and keepalive idleness. */
  now?: () => number;
  /** Probe an idle connection with `/system/identity/print` after this long without replies (default 30 s; 0 = off). */
  keepaliveMs?: number;
  /** Reconnect backoff (default 250 ms doubling up to 30 s, jittered). */
  backoff?: BackoffOptions;
  /** Randomness for the jitter (tests). */
  random?: () => number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_KEEPALIVE_MS = 30_000;
const KEEPALIVE_PATH = '/system/identity/print';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a waiter may have gone away: never an unhandled rejection
  return { promise, resolve, reject };
}

function menuPath(menu: string): string {
  const trimmed = menu.trim().replace(/\s+/g, '/').replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * One pooled, lazily connected, self-healing connection to one router. See RouterClient.
 *
 * Connection policy:
 * - The first command connects. Commands issued while connecting wait for that attempt.
 * - A failed attempt puts the client in 'backoff' (250 ms doubling to 30 s, jittered). A command issued
 *   during backoff waits for the next attempt when it is due within the connect timeout, otherwise it fails
 *   at once with the last error ('connect' or 'auth'), so callers never hammer a dead router.
 * - After an established connection drops, the client reconnects in the background with the same backoff
 *   (except after an auth failure) until it is closed; bulk() waits for that reconnect.
 * - A keepalive probe on an idle connection detects routers that vanished without closing the socket.
 */
class PooledClient implements PooledRouterClient {
  private _state: RouterClientState = 'idle';
  private _lastError: RouterError | null = null;
  private conn: Connection | null = null;
  private connectingConn: Connection | null = null;
  private connecting: Promise<Connection> | null = null;
  private nextAttempt: Deferred<Connection> | null = null;
  private attemptTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private probing = false;
  private failures = 0;
  private nextAttemptAt = 0;
  private everConnected = false;
  private waiters = 0;
  private closed = false;
  private readonly listeners = new Set<(state: RouterClientState, error: RouterError | null) => void>();
  private readonly now: () => number;
  private readonly log: Logger | undefined;
  private readonly commandTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly keepaliveMs: number;

  constructor(
    private readonly endpoint: RouterEndpoint,
    private readonly opts: RouterClientOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.log = opts.logger?.child({ router: `${endpoint.host}:${endpoint.port}` });
    this.commandTimeoutMs = endpoint.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.connectTimeoutMs = endpoint.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.keepaliveMs = opts.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
  }

  get state(): RouterClientState {
    return this._state;
  }

  get lastError(): RouterError | null {
    return this._lastError;
  }

  onStateChange(listener: (state: RouterClientState, error: RouterError | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async run(cmd: Command): Promise<CommandResult> {
    for (let attempt = 0; ; attempt++) {
      const conn = await this.acquire(this.connectTimeoutMs, false);
      try {
        return await conn.exec(cmd, this.commandTimeoutMs);
      } catch (err) {
        if (err instanceof NotSentError) {
          if (attempt < 2) continue; // the connection ended just before the write: nothing was sent
          throw new RouterError('closed', 'the connection was lost before the command could be sent');
        }
        throw err;
      }
    }
  }

  async print(menu: string, opts: { query?: string[]; proplist?: string[] } = {}): Promise<Row[]> {
    const words: string[] = [];
    if (opts.proplist && opts.proplist.length > 0) words.push(`=.proplist=${opts.proplist.join(',')}`);
    for (const q of opts.query ?? []) {
      if (!q.startsWith('?')) throw new RouterError('protocol', `query words start with '?': ${JSON.stringify(q)}`);
      words.push(q);
    }
    const { rows } = await this.run({ path: `${menuPath(menu)}/print`, words });
    return rows;
  }

  bulk<T>(items: readonly T[], toCommand: (item: T) => Command, opts?: BulkOptions<T>): Promise<BulkItemResult<T>[]> {
    return runBulk(
      {
        acquire: (waitMs, signal) => this.acquire(waitMs, true, signal),
        commandTimeoutMs: this.commandTimeoutMs,
        ...(this.log ? { logger: this.log } : {}),
      },
      items,
      toCommand,
      opts,
    );
  }

  connectNow(): void {
    if (this.closed || this.conn?.alive || this.connecting) return;
    this.failures = 0;
    this.nextAttemptAt = 0;
    this.clearAttemptTimer();
    // Someone waits for the next attempt, or a lost connection is being re-established in the background:
    // that attempt is now. Otherwise the next command connects (nothing is waiting in backoff any more).
    const background = this.everConnected && this._lastError?.kind !== 'auth';
    if (this.nextAttempt || this.waiters > 0 || background) {
      this.startAttempt().then(
        () => undefined,
        () => undefined,
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearAttemptTimer();
    this.stopKeepalive();
    const closedError = new RouterError('closed', 'the router client was closed');
    this.nextAttempt?.reject(closedError);
    this.nextAttempt = null;
    const conn = this.conn;
    this.conn = null;
    this.connectingConn?.destroy();
    this.setState('closed', null);
    if (conn) await conn.close();
    if (this.connecting) await this.connecting.then(
      () => undefined,
      () => undefined,
    );
  }

  /**
   * A logged-in connection. `persistent` (bulk) keeps waiting through failed attempts until `waitMs` has
   * passed; otherwise (run) at most one attempt is made or awaited.
   */
  private async acquire(waitMs: number, persistent: boolean, signal?: AbortSignal): Promise<Connection> {
    const deadline = this.now() + waitMs;
    let attempts = 0;
    for (;;) {
      if (this.closed) throw new RouterError('closed', 'the router client was closed');
      if (signal?.aborted) throw new RouterError('aborted', 'bulk aborted before this item was sent');
      if (this.conn?.alive) return this.conn;
      if (attempts > 0 && !persistent && this._lastError) throw this._lastError;
      let pending: Promise<Connection>;
      if (this.connecting) {
        pending = this.connecting;
      } else if (this.now() >= this.nextAttemptAt) {
        pending = this.startAttempt();
      } else if (this.nextAttemptAt <= deadline) {
        pending = this.waitForNextAttempt();
      } else {
        throw this.failFast();
      }
      attempts++;
      try {
        const conn = await this.abortable(pending, signal);
        if (conn.alive) return conn;
      } catch (err) {
        const error = err instanceof RouterError ? err : new RouterError('connect', String(err), undefined, { cause: err });
        if (error.kind === 'auth' || error.kind === 'aborted' || this.closed) throw error;
        if (!persistent || this.now() >= deadline) throw error;
      }
    }
  }

  private abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!signal) return promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new RouterError('aborted', 'bulk aborted before this item was sent'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new RouterError('connect', String(err)));
        },
      );
    });
  }

  private failFast(): RouterError {
    const last = this._lastError;
    const inS = Math.max(0, Math.ceil((this.nextAttemptAt - this.now()) / 1000));
    const kind = last?.kind === 'auth' ? 'auth' : 'connect';
    return new RouterError(kind, `${last?.message ?? 'not connected'} (next connection attempt in ${inS} s)`, undefined, {
      ...(last?.code ? { code: last.code } : {}),
      cause: last,
    });
  }

  /** Resolves or rejects with the outcome of the next scheduled attempt (scheduling it if needed). */
  private waitForNextAttempt(): Promise<Connection> {
    this.nextAttempt ??= deferred<Connection>();
    const wait = this.nextAttempt.promise;
    this.waiters++;
    this.scheduleAttempt();
    const done = (): void => {
      this.waiters--;
      this.refreshAttemptTimerRef();
    };
    wait.then(done, done);
    return wait;
  }

  private startAttempt(): Promise<Connection> {
    if (this.connecting) return this.connecting;
    this.clearAttemptTimer();
    this.setState('connecting', this._lastError);
    const conn = new Connection({
      endpoint: this.endpoint,
      now: this.now,
      ...(this.log ? { logger: this.log } : {}),
      onEnd: (reason) => this.onConnectionEnd(conn, reason),
    });
    this.connectingConn = conn;
    const waiting = this.nextAttempt;
    this.nextAttempt = null;
    const attempt = conn.open(this.connectTimeoutMs).then(
      () => {
        this.connecting = null;
        this.connectingConn = null;
        if (this.closed) {
          conn.destroy();
          throw new RouterError('closed', 'the router client was closed');
        }
        this.conn = conn;
        this.failures = 0;
        this.everConnected = true;
        this._lastError = null;
        this.log?.info('connected to router');
        this.setState('connected', null);
        this.startKeepalive();
        return conn;
      },
      (err: unknown) => {
        this.connecting = null;
        this.connectingConn = null;
        const error = err instanceof RouterError ? err : new RouterError('connect', String(err), undefined, { cause: err });
        if (this.closed) throw new RouterError('closed', 'the router client was closed');
        this.failures++;
        this._lastError = error;
        const delay = backoffDelay(this.failures, this.opts.backoff, this.opts.random);
        this.nextAttemptAt = this.now() + delay;
        this.log?.warn({ kind: error.kind, err: error.message, retryInMs: delay }, 'router connection attempt failed');
        this.setState('backoff', error);
        this.scheduleAttempt();
        throw error;
      },
    );
    this.connecting = attempt;
    attempt.then(
      (c) => waiting?.resolve(c),
      (err: unknown) => waiting?.reject(err),
    );
    return attempt;
  }

  private onConnectionEnd(conn: Connection, reason: RouterError): void {
    if (this.conn !== conn) return;
    this.conn = null;
    this.stopKeepalive();
    if (this.closed) return;
    this._lastError = reason;
    this.failures = 1; // the drop counts as the first failure: the next failed attempt waits twice as long
    const delay = backoffDelay(1, this.opts.backoff, this.opts.random);
    this.nextAttemptAt = this.now() + delay;
    this.log?.warn({ kind: reason.kind, err: reason.message, retryInMs: delay }, 'router connection lost');
    this.setState('backoff', reason);
    this.scheduleAttempt();
  }

  /**
   * Arms the timer for the next attempt when someone waits for it, or in the background after a
   * connection that worked was lost (not after an auth failure: wrong credentials stay wrong).
   */
  private scheduleAttempt(): void {
    if (this.closed || this.attemptTimer || this.connecting || this.conn) return;
    const background = this.everConnected && this._lastError?.kind !== 'auth';
    if (!background && this.waiters === 0 && !this.nextAttempt) return;
    const delay = Math.max(0, this.nextAttemptAt - this.now());
    this.attemptTimer = setTimeout(() => {
      this.attemptTimer = null;
      this.startAttempt().then(
        () => undefined,
        () => undefined,
      );
    }, delay);
    this.refreshAttemptTimerRef();
  }

  /** Background reconnects never keep the process alive; an attempt somebody awaits does. */
  private refreshAttemptTimerRef(): void {
    if (!this.attemptTimer) return;
    if (this.waiters > 0) this.attemptTimer.ref();
    else this.attemptTimer.unref();
  }

  private clearAttemptTimer(): void {
    if (this.attemptTimer) clearTimeout(this.attemptTimer);
    this.attemptTimer = null;
  }

  private startKeepalive(): void {
    this.stopKeepalive();
    if (this.keepaliveMs <= 0) return;
    this.keepaliveTimer = setInterval(() => this.keepaliveTick(), Math.max(50, Math.floor(this.keepaliveMs / 2)));
    this.keepaliveTimer.unref();
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }

  private keepaliveTick(): void {
    const conn = this.conn;
    if (!conn?.alive || this.probing) return;
    if (this.now() - conn.lastActivity < this.keepaliveMs) return;
    this.probing = true;
    conn.exec({ path: KEEPALIVE_PATH, words: ['=.proplist=name'] }, this.commandTimeoutMs).then(
      () => {
        this.probing = false;
      },
      (err: unknown) => {
        this.probing = false;
        if (err instanceof RouterError && err.kind === 'timeout' && this.conn === conn) {
          this.log?.warn('router stopped answering (keepalive timed out): reconnecting');
          conn.destroy();
        }
      },
    );
  }

  private setState(state: RouterClientState, error: RouterError | null): void {
    if (this._state === state && state !== 'backoff') return;
    this._state = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state, error);
      } catch (err) {
        this.log?.warn({ err }, 'router state listener threw');
      }
    }
  }
}

/**
 * The RouterClient for one router: one pooled connection (lazy connect on the first command), keepalive,
 * reconnect with exponential backoff, per-command timeouts with `/cancel`, pipelined bulk.
 */
export function createRouterClient(endpoint: RouterEndpoint, opts: RouterClientOptions = {}): PooledRouterClient {
  assertPatchedNodeRouteros();
  return new PooledClient(endpoint, opts);
}
