import type { Logger } from 'pino';
import type { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { contract, isMethod, type Method } from '../../shared/contract';
import { AppError, type ErrorPayload, type RpcResult, type ValidationIssue } from '../../shared/errors';
import { roleHas, type Permission } from '../../shared/permissions';
import type { User } from './user';
import type { Summary } from '../../shared/summaries';
import type { Binding, CallContext, Handlers } from './context';
import type { Db } from './db';
import { redactForAudit } from './redact';

/**
 * Thrown by a mutation that must keep what it wrote (a failed-login counter, its audit entry) and
 * still report an error to the caller.
 */
export class FailAfterCommit extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const BEFORE = Symbol('staged: work before the transaction');

interface Stages<I, P, O> {
  before(input: I, ctx: CallContext): Promise<P>;
  write(input: I, found: P, ctx: CallContext): Promise<O>;
}

/**
 * A mutation with work that must not run inside its transaction: reading a router (the single write queue
 * never waits on the network) or a long run that commits in chunks of its own (an invoice run). The
 * dispatcher runs `before` first, outside any transaction (ctx.em is the read manager; anything it writes goes
 * through db.write in transactions of its own), then `write` in the call's transaction — through the write
 * queue and audited like every mutation — with what `before` found. `write` must check again what it relies on:
 * other writes may have landed in between. Called directly, the handler runs both in turn.
 */
export function staged<I, P, O>(before: Stages<I, P, O>['before'], write: Stages<I, P, O>['write']): (input: I, ctx: CallContext) => Promise<O> {
  const handler = async (input: I, ctx: CallContext): Promise<O> => write(input, await before(input, ctx), ctx);
  return Object.assign(handler, { [BEFORE]: { before, write } satisfies Stages<I, P, O> });
}

const stagesOf = (handler: unknown): Stages<unknown, unknown, unknown> | undefined => (handler as { [BEFORE]?: Stages<unknown, unknown, unknown> })[BEFORE];

export interface ResolvedSession {
  user: User;
  sessionId: number;
}

/** An API key the caller presented, as the apikeys module resolved it (valid, unexpired, not revoked, address allowed). */
export interface ResolvedApiKey {
  id: number;
  name: string;
  scopes: readonly Permission[];
  /** The user who created the key: the call acts as them (their current role still bounds the scopes). */
  user: User;
}

export interface DispatcherDeps {
  db: Db;
  logger: Logger;
  handlers: Handlers;
  now: () => Date;
  resolveSession(token: string, now: Date): Promise<ResolvedSession | 'expired' | null>;
  /** Resolves an API key (Binding.apiKey); throws the AppError to answer (unknown, expired, revoked, address not allowed). */
  resolveApiKey?(key: string, ip: string | null, now: Date): Promise<ResolvedApiKey>;
  appendAudit(em: EntityManager, entry: AuditWrite): Promise<void>;
}

export interface AuditWrite {
  at: string;
  user: User | null;
  method: string;
  summary: Summary | null;
  details: Record<string, unknown> | null;
  transport: string;
  ip: string | null;
}

/** Methods a user who must change their password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<Method>(['auth.state', 'auth.logout', 'auth.changePassword', 'auth.setLanguage', 'system.about']);

export type Invoke = (method: string, rawInput: unknown, binding: Binding) => Promise<RpcResult<unknown>>;

/** The single entry point for every transport: resolve caller → check access → parse → run (→ audit). */
export function createDispatcher(deps: DispatcherDeps): Invoke {
  return async (method, rawInput, binding) => {
    try {
      return { ok: true, result: await dispatch(deps, method, rawInput, binding) };
    } catch (err) {
      return { ok: false, error: toPayload(err, deps.logger, method) };
    }
  };
}

async function dispatch(deps: DispatcherDeps, name: string, rawInput: unknown, binding: Binding): Promise<unknown> {
  if (!isMethod(name)) throw new AppError('unknown_method', `Unknown method: ${name}`);
  const method: Method = name;
  const def = contract[method];
  const now = deps.now();

  let session: ResolvedSession | null = null;
  let expired = false;
  if (binding.token) {
    const r = await deps.resolveSession(binding.token, now);
    if (r === 'expired') expired = true;
    else session = r;
    if (!session) binding.setToken(null);
  }

  let apiKey: ResolvedApiKey | null = null;
  if (binding.apiKey) {
    if (!deps.resolveApiKey) throw new AppError('unauthenticated', 'API keys are not accepted here');
    apiKey = await deps.resolveApiKey(binding.apiKey, binding.ip, now);
  }

  if (def.access !== 'public' && apiKey) {
    // A key acts only through permissions: its scopes, bounded by its user's role as it is now.
    if (def.access === 'authenticated' || !roleHas(apiKey.user.role, def.access)) {
      throw new AppError('forbidden', `Your role (${apiKey.user.role}) may not do this (${def.access})`, { permission: def.access });
    }
    if (!apiKey.scopes.includes(def.access)) {
      throw new AppError('forbidden', `This API key does not have the scope ${def.access}`, { permission: def.access, apiKeyScope: true });
    }
  } else if (def.access !== 'public') {
    if (!session) {
      throw expired ? new AppError('auth.session_expired', 'Your session has expired; please log in again') : new AppError('unauthenticated', 'Please log in');
    }
    if (def.access !== 'authenticated' && !roleHas(session.user.role, def.access)) {
      throw new AppError('forbidden', `Your role (${session.user.role}) may not do this (${def.access})`, { permission: def.access });
    }
    if (session.user.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(method)) {
      throw new AppError('forbidden', 'Change your temporary password first', { mustChangePassword: true });
    }
  }

  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    throw new AppError('validation', 'Some fields are not valid', { issues: parsed.error.issues.map(toIssue) });
  }

  const handler = deps.handlers[method] as (input: unknown, ctx: CallContext) => Promise<unknown>;
  // A key call acts as the key's user (a transport sends a key or a session, never both).
  const caller: User | null = apiKey?.user ?? session?.user ?? null;
  let actor: User | null = caller;
  let summary: Summary | null = null;
  let extra: Record<string, unknown> | undefined;
  const makeCtx = (em: EntityManager): CallContext => ({
    method,
    transport: binding.transport,
    ip: binding.ip,
    user: caller,
    sessionId: session?.sessionId ?? null,
    em,
    now,
    binding,
    audit(s, d) {
      summary = s;
      extra = d;
    },
    actAs(u) {
      actor = u;
    },
  });

  if (!def.mutates) return handler(parsed.data, makeCtx(deps.db.manager));

  const stages = stagesOf(handler);
  let run = (em: EntityManager) => handler(parsed.data, makeCtx(em));
  if (stages) {
    const found = await stages.before(parsed.data, makeCtx(deps.db.manager));
    run = (em) => stages.write(parsed.data, found, makeCtx(em));
  }

  // Assigned inside the transaction callback: `as` keeps TypeScript from narrowing it to null for good.
  let failure = null as AppError | null;
  const result = await deps.db.write(async (em) => {
    let out: unknown;
    try {
      out = await run(em);
    } catch (err) {
      if (!(err instanceof FailAfterCommit)) throw err;
      failure = err.error;
    }
    await deps.appendAudit(em, {
      at: now.toISOString(),
      user: actor,
      method,
      summary,
      details: { input: redactForAudit(rawInput), ...(extra ?? {}), ...(apiKey ? { apiKey: { id: apiKey.id, name: apiKey.name } } : {}), ...(failure ? { failed: failure.code } : {}) },
      transport: binding.transport,
      ip: binding.ip,
    });
    if (!failure && binding.inWrite) await binding.inWrite(em, out);
    return out;
  });
  if (failure) throw failure;
  return result;
}

function toIssue(issue: z.core.$ZodIssue): ValidationIssue {
  const { path, code, message, input: _input, ...params } = issue as z.core.$ZodIssue & { input?: unknown };
  return { path: path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[], code, message, params };
}

/** Errors of a domain that know what to tell the caller (e.g. a router that did not answer). */
const describes = (err: unknown): err is { toPayload(): ErrorPayload } => typeof err === 'object' && err !== null && typeof (err as { toPayload?: unknown }).toPayload === 'function';

function toPayload(err: unknown, logger: Logger, method: string): ErrorPayload {
  if (err instanceof AppError) return err.toPayload();
  if (describes(err)) return err.toPayload();
  logger.error({ err, method }, 'unexpected error in handler');
  return { code: 'internal', message: 'Something went wrong; the error was logged' };
}
