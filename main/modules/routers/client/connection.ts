import type { ConnectionOptions } from 'node:tls';
import { RouterOSAPI } from 'node-routeros';
import type { Logger } from 'pino';
import { toRouterError } from './errors';
import { RouterError, type Command, type CommandResult, type RouterEndpoint } from './types';

/**
 * The client relies on patches/node-routeros+1.6.9.patch (applied by `patch-package` on npm install): without
 * it node-routeros throws inside socket handlers and crashes the process. Refuse to run unpatched.
 */
export function assertPatchedNodeRouteros(): void {
  const proto = RouterOSAPI.prototype as unknown as Record<string, unknown>;
  if (typeof proto.exec !== 'function' || typeof proto.destroy !== 'function') {
    throw new Error('node-routeros is not patched (patches/node-routeros+1.6.9.patch): run `npm install` so that patch-package applies it');
  }
}

/** Internal: the command never reached the socket (the connection had already ended). Safe to resend. */
export class NotSentError extends Error {
  constructor() {
    super('not sent: the connection had ended');
    this.name = 'NotSentError';
  }
}

/**
 * The socket idle timeout of node-routeros (seconds). Our own keepalive probes and per-command timeouts
 * detect dead routers; this only stops node-routeros' own "hold" pings and idle kills from interfering.
 */
const LIBRARY_IDLE_TIMEOUT_S = 3600;

export interface ConnectionDeps {
  endpoint: RouterEndpoint;
  now: () => number;
  logger?: Logger;
  /** Called once when a logged-in connection ends (drop, !fatal, destroy, close). */
  onEnd(reason: RouterError): void;
}

function tlsOptions(endpoint: RouterEndpoint): ConnectionOptions | undefined {
  if (!endpoint.tls) return undefined;
  if (endpoint.tlsCa) {
    // Pinned: the chain must verify against the given (self-signed) certificate; host names are not checked.
    return { ca: endpoint.tlsCa, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  }
  return { rejectUnauthorized: false };
}

function validate(cmd: Command): string[] {
  if (typeof cmd?.path !== 'string' || !cmd.path.startsWith('/') || cmd.path.length < 2) {
    throw new RouterError('protocol', `invalid command path ${JSON.stringify(cmd?.path)}`);
  }
  const words = cmd.words ?? [];
  for (const word of words) {
    if (typeof word !== 'string') throw new RouterError('protocol', `invalid word in ${cmd.path}: ${JSON.stringify(word)}`);
    if (word.startsWith('.tag=')) throw new RouterError('protocol', 'commands must not set .tag (the client tags every command)');
  }
  return [cmd.path, ...words];
}

/** One socket lifetime: connect + login, tagged commands with timeouts and /cancel, teardown. */
export class Connection {
  private readonly api: RouterOSAPI;
  private seq = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inflight = 0;
  private ended = false;
  private opened = false;
  private disconnected = false;
  /** Logged in and not ended. */
  alive = false;
  /** Last time a reply (of any kind) completed a command. */
  lastActivity: number;

  constructor(private readonly deps: ConnectionDeps) {
    const { endpoint } = deps;
    this.lastActivity = deps.now();
    const tls = tlsOptions(endpoint);
    this.api = new RouterOSAPI({
      host: endpoint.host,
      port: endpoint.port,
      user: endpoint.username,
      password: endpoint.password,
      timeout: LIBRARY_IDLE_TIMEOUT_S,
      keepalive: false,
      encoding: endpoint.encoding ?? 'utf8',
      ...(tls ? { tls } : {}),
    });
    // Never let an 'error' event go unhandled (the patched library also refuses to throw without one).
    this.api.on('error', (err: unknown) => deps.logger?.debug({ err }, 'routeros connection error'));
    this.api.on('disconnected', (reason: Error) => this.onDisconnected(reason));
  }

  get inFlight(): number {
    return this.inflight;
  }

  /** Connect and log in within `timeoutMs`; rejects with a RouterError (connect | auth | fatal | protocol). */
  open(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        this.api.destroy();
        reject(new RouterError('connect', `no answer from ${this.deps.endpoint.host}:${this.deps.endpoint.port} within ${timeoutMs} ms`, undefined, { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      this.api.connect().then(
        () => {
          clearTimeout(timer);
          if (settled) {
            this.api.destroy();
            return;
          }
          settled = true;
          if (this.disconnected) {
            reject(new RouterError('connect', 'the router closed the connection right after login'));
            return;
          }
          this.opened = true;
          this.alive = true;
          this.lastActivity = this.deps.now();
          resolve();
        },
        (err: unknown) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          reject(toRouterError(err, 'connect'));
        },
      );
    });
  }

  /**
   * Send one tagged command. Rejects with NotSentError when the connection had already ended (safe to
   * resend), otherwise with a RouterError. After `timeoutMs` without an answer it rejects with 'timeout' and
   * sends `/cancel =tag=…` so the router stops working on it.
   */
  exec(cmd: Command, timeoutMs: number): Promise<CommandResult> {
    if (!this.alive) return Promise.reject(new NotSentError());
    let words: string[];
    try {
      words = validate(cmd);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new RouterError('protocol', String(err)));
    }
    const tag = `c${++this.seq}`;
    this.inflight++;
    return new Promise<CommandResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | null = null;
      const finish = (err: Error | null, result?: CommandResult): void => {
        if (settled) return;
        settled = true;
        this.inflight--;
        if (timer) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
        if (err) reject(err);
        else resolve(result as CommandResult);
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          if (timer) this.timers.delete(timer);
          timer = null;
          finish(new RouterError('timeout', `${cmd.path}: no answer within ${timeoutMs} ms (cancelled)`));
          this.cancel(tag);
        }, timeoutMs);
        this.timers.add(timer);
      }
      this.api.exec(words, { tag }).then(
        ({ rows, done }) => {
          this.lastActivity = this.deps.now();
          finish(null, done.ret !== undefined ? { rows, ret: done.ret } : { rows });
        },
        (err: unknown) => {
          if ((err as { errno?: unknown })?.errno === 'NOTCONNECTED') {
            finish(new NotSentError());
            return;
          }
          const routerError = toRouterError(err, 'command');
          if (routerError.kind === 'trap') this.lastActivity = this.deps.now();
          finish(routerError);
        },
      );
    });
  }

  /** `/cancel =tag=X`, fire and forget. */
  private cancel(tag: string): void {
    if (!this.alive) return;
    this.api.exec(['/cancel', `=tag=${tag}`]).then(
      () => undefined,
      (err: unknown) => this.deps.logger?.debug({ err, tag }, 'routeros /cancel failed'),
    );
  }

  /** Tear down at once: commands in flight reject with 'closed'. */
  destroy(): void {
    this.alive = false;
    this.api.destroy();
  }

  /** Close gracefully (the router gets a FIN; at most ~2 s). */
  async close(): Promise<void> {
    this.alive = false;
    await this.api.close().catch(() => this.api.destroy());
    this.api.destroy();
  }

  private onDisconnected(reason: Error): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.alive = false;
    this.disconnected = true;
    if (this.ended || !this.opened) return; // never logged in: open() reports the failure
    this.ended = true;
    const err = toRouterError(reason, 'command');
    this.deps.onEnd(err.kind === 'fatal' ? err : new RouterError('closed', err.message, undefined, { ...(err.code ? { code: err.code } : {}), cause: reason }));
  }
}
