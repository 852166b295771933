import type { ErrorPayload } from '../../../../shared/errors';
/**
 * Our own interface to a MikroTik router. Everything in the app talks to routers through this; the
 * implementation (node-routeros, patched) is an internal detail. Nothing here ever throws out of an event
 * handler: failures are typed RouterErrors on the promise.
 */
export interface RouterEndpoint {
  host: string;
  port: number;
  /**
   * api-ssl (8729). Without `tlsCa` the router's certificate is not verified (self-signed certificates work;
   * `rejectUnauthorized: false`). A router whose api-ssl service has no certificate needs an anonymous-DH
   * (ADH) cipher, which Node on OpenSSL 3 only offers with `@SECLEVEL=0` and Electron (BoringSSL) not at all:
   * put a certificate (a self-signed one is fine) on `/ip service api-ssl`.
   */
  tls: boolean;
  username: string;
  password: string;
  /** Per-command timeout (default 10 s). */
  commandTimeoutMs?: number;
  /** Connect + login timeout (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * PEM of the router's (self-signed) certificate to pin it: the chain is then verified against it (the
   * host name is not checked: router certificates rarely name the address used to reach them).
   */
  tlsCa?: string;
  /**
   * Encoding of API words (default 'utf8', which round-trips anything we write). Which encoding RouterOS
   * itself uses for non-ASCII text is unverified (WinBox shows bytes in the PC's code page): 'win1252' is
   * what node-routeros used to send. Keep router-side strings ASCII where possible.
   */
  encoding?: 'utf8' | 'win1252';
}

export type RouterErrorKind =
  | 'connect' // refused, unreachable, DNS, TLS handshake
  | 'auth' // wrong username/password
  | 'timeout' // no reply in time (the command was cancelled on the router)
  | 'trap' // the router refused the command (!trap): see category/message
  | 'closed' // the connection dropped while the command was in flight (or the client was closed)
  | 'fatal' // the router sent !fatal
  | 'protocol' // something not RouterOS-shaped arrived
  | 'aborted'; // a bulk was aborted (signal) before the item was sent

export class RouterError extends Error {
  /** Socket error code (ECONNREFUSED, ECONNRESET, …) when there is one. */
  readonly code?: string;

  constructor(
    readonly kind: RouterErrorKind,
    message: string,
    readonly category?: number,
    options?: { code?: string; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RouterError';
    if (options?.code !== undefined) this.code = options.code;
  }

  /** What a caller is told (never a 5xx): the router could not be reached or refused, and why. */
  toPayload(): ErrorPayload {
    return { code: 'routers.unreachable', message: `The router did not do it: ${this.message}`, details: { kind: this.kind, reason: this.message } };
  }

  /**
   * True when trying again later may succeed (the router was unreachable, slow or went away). For 'closed'
   * and 'timeout' the command may or may not have been applied: retry only idempotent operations.
   */
  get transient(): boolean {
    return this.kind === 'connect' || this.kind === 'timeout' || this.kind === 'closed' || this.kind === 'fatal';
  }
}

/** One reply row: RouterOS returns every value as a string. */
export type Row = Record<string, string>;

/** A command sentence: the path (e.g. `/ip/hotspot/user/add`) and its words (`=name=x`, `?name=x`, `=.proplist=.id,name`). */
export interface Command {
  path: string;
  words?: string[];
}

export interface CommandResult {
  rows: Row[];
  /** `=ret=` of the final !done (the new `.id` after `add`, the count with count-only). */
  ret?: string;
}

export type BulkItemResult<T> =
  | {
      item: T;
      ok: true;
      result: CommandResult;
      /** Set when the router refused the item with an error that `alreadyApplied` accepted. */
      alreadyApplied?: RouterError;
    }
  | { item: T; ok: false; error: RouterError };

export interface BulkOptions<T = unknown> {
  /** Commands in flight at once on the connection (default 64). */
  window?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /**
   * Only for idempotent commands: items in flight when the connection dropped are sent again after
   * reconnecting instead of being reported as 'closed' (at most 3 times per item).
   */
  retryInFlight?: boolean;
  /**
   * An error that means the item's effect is already in place (typically the duplicate-name trap of an
   * `add` that was applied before a drop, see `isDuplicateTrap`): the item is reported ok with
   * `alreadyApplied` set and an empty result.
   */
  alreadyApplied?(error: RouterError, item: T): boolean;
  /** How long unsent items wait for the connection to come back before failing (default 60 s). */
  reconnectTimeoutMs?: number;
}

export type RouterClientState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'closed';

export interface RouterClient {
  /** Run one command; rejects with RouterError. */
  run(cmd: Command): Promise<CommandResult>;
  /** `print` with optional queries and proplist. */
  print(menu: string, opts?: { query?: string[]; proplist?: string[] }): Promise<Row[]>;
  /**
   * Pipelines many commands on the one connection, at most `window` in flight, and returns one result
   * per item in input order. One failed item never fails the batch. Items not yet sent when the
   * connection drops are retried after reconnecting; items in flight at that moment are reported as
   * failed with kind 'closed' (the caller decides, idempotently, whether they were applied).
   */
  bulk<T>(items: readonly T[], toCommand: (item: T) => Command, opts?: BulkOptions<T>): Promise<BulkItemResult<T>[]>;
  /** Current state, for the status screen. */
  readonly state: RouterClientState;
  /**
   * Staff asked to try again (retry, test connection): forget the reconnect backoff so the next command, and
   * any command waiting for a reconnect, connects at once instead of failing fast until the backoff ends.
   * Optional: wrappers and fakes may not pool a connection.
   */
  connectNow?(): void;
  close(): Promise<void>;
}

/** What `createRouterClient` returns: the RouterClient plus status details for the routers module. */
export interface PooledRouterClient extends RouterClient {
  /** The error of the last failed connect/login attempt or dropped connection (null once connected again). */
  readonly lastError: RouterError | null;
  /** See RouterClient.connectNow: the pooled client always has it. */
  connectNow(): void;
  /** Called on every state change; returns an unsubscribe function. */
  onStateChange(listener: (state: RouterClientState, error: RouterError | null) => void): () => void;
}
