import type { Logger } from 'pino';
import { NotSentError, type Connection } from './connection';
import { RouterError, type BulkItemResult, type BulkOptions, type Command } from './types';

export interface BulkDeps {
  /** A logged-in connection, waiting up to `waitMs` for a reconnect; rejects with a RouterError. */
  acquire(waitMs: number, signal?: AbortSignal): Promise<Connection>;
  commandTimeoutMs: number;
  logger?: Logger;
}

/** How often one item may be resent because the connection ended before it reached the socket. */
const MAX_NOT_SENT_RESENDS = 10;
/** How often one item may be resent after being in flight on a dropped connection (retryInFlight). */
const MAX_IN_FLIGHT_RESENDS = 3;

function asRouterError(err: unknown): RouterError {
  if (err instanceof RouterError) return err;
  return new RouterError('protocol', err instanceof Error ? err.message : String(err), undefined, { cause: err });
}

/**
 * Commands in flight by default. RouterOS serves tagged commands concurrently; 64 keeps a 2 ms link busy
 * (the push bench reaches its ≥ 20× goal from 64 on) while bounding what a drop puts back in line.
 */
export const DEFAULT_WINDOW = 64;

/**
 * Pipelines the items on the client's connection with at most `window` commands in flight. See
 * RouterClient.bulk for the contract.
 */
export async function runBulk<T>(
  deps: BulkDeps,
  items: readonly T[],
  toCommand: (item: T) => Command,
  opts: BulkOptions<T> = {},
): Promise<BulkItemResult<T>[]> {
  const total = items.length;
  if (total === 0) return [];
  const window = Math.max(1, Math.min(Math.floor(opts.window ?? DEFAULT_WINDOW), 10_000));
  const reconnectTimeoutMs = opts.reconnectTimeoutMs ?? 60_000;
  const results = new Array<BulkItemResult<T> | undefined>(total);
  const commands = new Array<Command | undefined>(total);
  const notSentResends = new Uint8Array(total);
  const inFlightResends = new Uint8Array(total);
  const resend: number[] = [];
  let cursor = 0;
  let done = 0;
  /** Once getting a connection failed for good, every item not sent yet fails with this. */
  let giveUp: RouterError | null = null;

  const settle = (index: number, result: BulkItemResult<T>): void => {
    results[index] = result;
    done++;
    if (opts.onProgress) {
      try {
        opts.onProgress(done, total);
      } catch (err) {
        deps.logger?.warn({ err }, 'bulk onProgress callback threw');
      }
    }
  };
  const fail = (index: number, error: RouterError): void => settle(index, { item: items[index] as T, ok: false, error });
  const next = (): number => {
    const again = resend.shift();
    if (again !== undefined) return again;
    return cursor < total ? cursor++ : -1;
  };

  const worker = async (): Promise<void> => {
    for (let index = next(); index >= 0; index = next()) {
      const item = items[index] as T;
      if (opts.signal?.aborted) {
        fail(index, new RouterError('aborted', 'bulk aborted before this item was sent'));
        continue;
      }
      if (giveUp) {
        fail(index, giveUp);
        continue;
      }
      let command = commands[index];
      if (!command) {
        try {
          command = toCommand(item);
          commands[index] = command;
        } catch (err) {
          fail(index, new RouterError('protocol', `could not build the command: ${asRouterError(err).message}`, undefined, { cause: err }));
          continue;
        }
      }
      let conn: Connection;
      try {
        conn = await deps.acquire(reconnectTimeoutMs, opts.signal);
      } catch (err) {
        const error = asRouterError(err);
        if (error.kind !== 'aborted') giveUp = error;
        fail(index, error);
        continue;
      }
      try {
        const result = await conn.exec(command, deps.commandTimeoutMs);
        settle(index, { item, ok: true, result });
      } catch (err) {
        if (err instanceof NotSentError) {
          // Never reached the socket: safe to send again once reconnected.
          if (++notSentResends[index]! <= MAX_NOT_SENT_RESENDS) {
            resend.push(index);
            continue;
          }
          fail(index, new RouterError('closed', 'the connection kept dropping before this item could be sent'));
          continue;
        }
        const error = asRouterError(err);
        if ((error.kind === 'closed' || error.kind === 'fatal') && opts.retryInFlight && ++inFlightResends[index]! <= MAX_IN_FLIGHT_RESENDS) {
          resend.push(index);
          continue;
        }
        let applied = false;
        if (opts.alreadyApplied) {
          try {
            applied = opts.alreadyApplied(error, item);
          } catch (cbErr) {
            deps.logger?.warn({ err: cbErr }, 'bulk alreadyApplied callback threw');
          }
        }
        if (applied) settle(index, { item, ok: true, result: { rows: [] }, alreadyApplied: error });
        else fail(index, error);
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(window, total) }, () => worker()));
  return results as BulkItemResult<T>[];
}
