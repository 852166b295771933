import type { Router } from 'express';
import type { EntityManager } from 'typeorm';
import { AppError, type ErrorPayload, type RpcResult, type ValidationIssue } from '../../../shared/errors';
import { isPortalMethod, portalContract, type PortalMethod } from '../../../shared/contract/portal';
import type { DomainModule, ModuleContext } from '../../core/module';
import { portalRoutes } from './http';
import { createPortalHandlers, PortalFailAfterCommit, type PortalCall, type PortalHandlers } from './service';
import { findSession, needsTouch, touchSession, type PortalSession } from './store';
import type { PortalDeps, PortalLimits } from './types';

/** What a transport knows about a portal caller. */
export interface PortalBinding {
  ip: string | null;
  userAgent: string;
  token: string | null;
  setToken(token: string | null): void;
}

export type PortalInvoke = (method: string, rawInput: unknown, binding: PortalBinding) => Promise<RpcResult<unknown>>;

export interface PortalModule extends DomainModule<Record<string, never>> {
  /** One portal call: resolve the portal session → check access → parse → run (mutations in the write queue). */
  invoke: PortalInvoke;
  /** The session of a portal cookie's token (null: none, ended or expired). */
  session(em: EntityManager, token: string): Promise<PortalSession | null>;
  handlers: Record<string, never>;
  portalHandlers: PortalHandlers;
}

export interface PortalOptions {
  limits?: PortalLimits;
}

/** The customer portal (issue 14): its own contract, sessions and routes; no staff handler lives here. */
export function createPortalModule(m: ModuleContext, deps: PortalDeps, opts: PortalOptions = {}): PortalModule {
  const handlers = createPortalHandlers(m.settings, deps);

  const resolve = async (em: EntityManager, token: string | null, now: Date): Promise<PortalSession | 'expired' | null> => {
    if (!token) return null;
    const s = await findSession(em, token, now);
    if (s && s !== 'expired' && needsTouch(s, now)) await m.db.write((w) => touchSession(w, s.id, m.settings.get('portal').sessionDays, now));
    return s;
  };

  const invoke: PortalInvoke = async (name, rawInput, binding) => {
    try {
      return { ok: true, result: await dispatch(name, rawInput, binding) };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toPayload() };
      // Errors of a domain that know what to tell the caller (a router that did not answer, a refused photo).
      if (typeof (err as { toPayload?: unknown } | null)?.toPayload === 'function') return { ok: false, error: (err as { toPayload(): ErrorPayload }).toPayload() };
      m.logger.error({ err, method: name }, 'unexpected error in a portal call');
      return { ok: false, error: { code: 'internal', message: 'Something went wrong; the error was logged' } };
    }
  };

  async function dispatch(name: string, rawInput: unknown, binding: PortalBinding): Promise<unknown> {
    if (!isPortalMethod(name)) throw new AppError('unknown_method', `Unknown method: ${name}`);
    const method: PortalMethod = name;
    const def = portalContract[method];
    const now = m.now();
    if (method !== 'portal.config' && !m.settings.get('portal').enabled) throw new AppError('forbidden', 'The customer portal is closed', { reason: 'portal_off' });
    const found = await resolve(m.db.manager, binding.token, now);
    const session = found === 'expired' ? null : found;
    if (binding.token && !session) binding.setToken(null);
    if (def.access === 'customer' && !session) {
      throw found === 'expired' ? new AppError('auth.session_expired', 'Your session has expired; please sign in again') : new AppError('unauthenticated', 'Please sign in');
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw new AppError('validation', 'Some fields are not valid', { issues: parsed.error.issues.map(toIssue) });
    const handler = handlers[method] as (input: unknown, call: PortalCall) => Promise<unknown>;
    const call = (em: EntityManager): PortalCall => ({ em, now, ip: binding.ip, userAgent: binding.userAgent, session, setToken: (t) => binding.setToken(t) });
    if (!def.mutates) return handler(parsed.data, call(m.db.manager));
    // A token handed out inside the transaction reaches the client only once the session row has committed.
    let token: { value: string | null } | null = null;
    let failure = null as AppError | null;
    const result = await m.db.write(async (em) => {
      try {
        return await handler(parsed.data, { ...call(em), setToken: (t) => (token = { value: t }) });
      } catch (err) {
        if (!(err instanceof PortalFailAfterCommit)) throw err;
        failure = err.error;
        return null;
      }
    });
    if (failure) throw failure;
    if (token) binding.setToken((token as { value: string | null }).value);
    return result;
  }

  return {
    handlers: {},
    portalHandlers: handlers,
    invoke,
    async session(em, token) {
      const s = await findSession(em, token, m.now());
      return s === 'expired' ? null : s;
    },
    routes(router: Router) {
      portalRoutes(router, { invoke, settings: m.settings, db: m.db, now: m.now, deps, limits: opts.limits ?? {}, session: (token) => resolve(m.db.manager, token, m.now()) });
    },
  };
}

function toIssue(issue: { path: PropertyKey[]; code: string; message: string; input?: unknown }): ValidationIssue {
  const { path, code, message, input: _input, ...params } = issue;
  return { path: path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[], code, message, params };
}

