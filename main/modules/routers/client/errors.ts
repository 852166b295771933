import { RouterError } from './types';

/** Shape of the errors the patched node-routeros rejects with (RosException plus what the patch adds). */
interface RosLikeError {
  errno?: unknown;
  code?: unknown;
  message?: unknown;
  category?: unknown;
  fatal?: unknown;
  routerMessage?: unknown;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

/**
 * Turns whatever node-routeros rejected with into a RouterError.
 * `phase` says whether the connection was being set up (connect + login) or a command was in flight.
 */
export function toRouterError(err: unknown, phase: 'connect' | 'command'): RouterError {
  if (err instanceof RouterError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as RosLikeError;
  const errno = typeof e.errno === 'string' ? e.errno : typeof e.code === 'string' ? e.code : '';
  const code = typeof e.code === 'string' ? e.code : errno || undefined;
  const message = text(e.message, errno || String(err));
  const opts = { cause: err, ...(code ? { code } : {}) };
  switch (errno) {
    case 'TRAP': {
      const category = typeof e.category === 'number' ? e.category : undefined;
      return new RouterError('trap', message, category, { cause: err });
    }
    case 'CANTLOGIN':
      return new RouterError('auth', text(e.routerMessage, message), undefined, { cause: err });
    case 'FATAL':
      return new RouterError('fatal', text(e.fatal, message), undefined, { cause: err });
    case 'PROTOCOL':
    case 'UNKNOWNREPLY':
      return new RouterError('protocol', message, undefined, { cause: err });
    default:
      break;
  }
  if (phase === 'connect') {
    return new RouterError('connect', errno === 'CLOSED' ? 'the router closed the connection during login' : message, undefined, opts);
  }
  return new RouterError('closed', errno === 'CLOSED' ? 'connection closed while the command was in flight' : `connection lost: ${message}`, undefined, opts);
}

/**
 * The router's "already exists" refusal of an `add` (e.g. `failure: already have such name`,
 * `failure: already have user with this name for this server`). Useful as `BulkOptions.alreadyApplied`
 * for adds whose earlier attempt may have been applied before a connection drop.
 */
export function isDuplicateTrap(err: unknown): boolean {
  return err instanceof RouterError && err.kind === 'trap' && /already (have|exists)/i.test(err.message);
}

/** The trap a command gets when it was cancelled (`/cancel`): category 2, `interrupted`. */
export function isInterruptedTrap(err: unknown): boolean {
  return err instanceof RouterError && err.kind === 'trap' && (err.category === 2 || /interrupted/i.test(err.message));
}
