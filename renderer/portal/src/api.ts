// The portal's client: one typed function over `POST /portal/api/<method>`, derived from the portal contract's
// types only (no zod in the bundle: the server validates every input).
import type { PortalInput, PortalMethod, PortalOutput } from '../../../shared/contract/portal';

/** An answer of the app's error shape (`{ error: { code, message, details } }`), or a network failure. */
export class PortalError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly status = 0,
  ) {
    super(message);
  }
}

/** Called when a customer call finds no session (expired, logged out elsewhere): the app shows sign-in. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

export async function call<M extends PortalMethod>(method: M, input: PortalInput<M>): Promise<PortalOutput<M>> {
  let res: Response;
  try {
    res = await fetch(`/portal/api/${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-portal': '1' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new PortalError('offline', 'No connection to the office');
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: a proxy's error page or a server that does not serve the portal.
  }
  if (res.ok && body && typeof body === 'object' && 'result' in body) return (body as { result: PortalOutput<M> }).result;
  const e = body && typeof body === 'object' && 'error' in body ? (body as { error: { code?: unknown; message?: unknown; details?: unknown } }).error : null;
  const code = typeof e?.code === 'string' ? e.code : res.status === 429 ? 'rate_limited' : res.status === 404 ? 'not_found' : 'internal';
  const details = e?.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : null;
  const err = new PortalError(code, typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`, details, res.status);
  if ((code === 'unauthenticated' || code === 'auth.session_expired') && method !== 'portal.me') onSignedOut();
  throw err;
}

/** Seconds to wait before trying again, when the server said so. */
export function retryAfterOf(err: unknown): number | null {
  if (!(err instanceof PortalError)) return null;
  const v = err.details?.retryAfterSeconds;
  return typeof v === 'number' && v > 0 ? Math.ceil(v) : null;
}
