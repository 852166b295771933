import { syncClock } from '../lib/clock';
import type { Input, Method, Output } from '../../../shared/contract';
import type { ErrorPayload, RpcResult } from '../../../shared/errors';
import type { EventName, ServerEvents } from '../../../shared/events';
import { BRIDGE_KEY } from '../../../shared/ipc';
import type { Bridge } from '../../../preload/bridge-types';

/** An error from main, carrying the code the UI translates. */
export class ApiError extends Error {
  readonly code: ErrorPayload['code'];
  readonly details: ErrorPayload['details'];
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.details = payload.details;
  }
}

function bridge(): Bridge | undefined {
  return (window as unknown as Record<string, Bridge | undefined>)[BRIDGE_KEY];
}

let csrfToken: string | null = null;
/** The HTTP transport echoes this in X-CSRF-Token; it comes with auth.state / login / setup results. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function httpCall(method: Method, input: unknown): Promise<RpcResult<unknown>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/rpc/${method}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}), credentials: 'same-origin' });
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The server cannot be reached' } };
  }
  const body = (await res.json().catch(() => null)) as { result?: unknown; error?: ErrorPayload } | null;
  if (res.ok && body && 'result' in body) return { ok: true, result: body.result };
  return { ok: false, error: body?.error ?? { code: 'internal', message: `HTTP ${res.status}` } };
}

type Listener = (err: ApiError) => void;
const errorListeners = new Set<Listener>();
/** Session-level errors (expired, logged out elsewhere) go to the app shell. */
export function onApiError(l: Listener): () => void {
  errorListeners.add(l);
  return () => errorListeners.delete(l);
}

/** Calls a contract method over IPC (desktop) or HTTP (browser). Rejects with ApiError. */
export async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const b = bridge();
  let out = b ? await (b.rpc[method] as (i: Input<M>) => Promise<RpcResult<Output<M>>>)(input) : ((await httpCall(method, input)) as RpcResult<Output<M>>);
  if (!out.ok && out.error.code === 'csrf' && !b) {
    // The CSRF token went stale (new session in another tab): refresh it once and retry.
    const state = await httpCall('auth.state', {});
    if (state.ok) setCsrfToken((state.result as Output<'auth.state'>).session?.csrfToken ?? null);
    out = (await httpCall(method, input)) as RpcResult<Output<M>>;
  }
  if (out.ok) {
    const r = out.result as unknown;
    if (method === 'auth.state') {
      setCsrfToken((r as Output<'auth.state'>).session?.csrfToken ?? null);
      syncClock((r as Output<'auth.state'>).now);
    }
    if (method === 'auth.login' || method === 'setup.complete') setCsrfToken((r as Output<'auth.login'>).csrfToken);
    if (method === 'auth.logout') setCsrfToken(null);
    return out.result;
  }
  const err = new ApiError(out.error);
  if (err.code === 'unauthenticated' || err.code === 'auth.session_expired') for (const l of errorListeners) l(err);
  throw err;
}

/** Push events: IPC in desktop, Server-Sent Events in the browser. Returns an unsubscribe function. */
export function subscribe<E extends EventName>(event: E, handler: (payload: ServerEvents[E]) => void): () => void {
  const b = bridge();
  if (b) return b.on(event, handler);
  return sse().add(event, handler as (p: unknown) => void);
}

let source: { es: EventSource; handlers: Map<string, Set<(p: unknown) => void>> } | null = null;
function sse() {
  if (!source) {
    const es = new EventSource('/api/events');
    source = { es, handlers: new Map() };
  }
  const s = source;
  return {
    add(event: string, h: (p: unknown) => void) {
      let set = s.handlers.get(event);
      if (!set) {
        set = new Set();
        s.handlers.set(event, set);
        s.es.addEventListener(event, (e) => {
          const data = JSON.parse((e as MessageEvent<string>).data) as unknown;
          for (const fn of s.handlers.get(event) ?? []) fn(data);
        });
      }
      set.add(h);
      return () => {
        set.delete(h);
      };
    },
  };
}

/** Reconnects the event stream (after login the old stream had no session). */
export function resetEvents(): void {
  if (source) {
    source.es.close();
    const handlers = source.handlers;
    source = null;
    for (const [event, set] of handlers) for (const h of set) sse().add(event, h);
  }
}

/** Closes the event stream without reconnecting (logout: a stream without a session is refused). */
export function closeEvents(): void {
  source?.es.close();
  source = null;
}

export const isDesktop = (): boolean => !!bridge();
export const desktopApi = () => bridge()?.desktop;
