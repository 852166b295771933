import type { EntityManager } from 'typeorm';
import type { Method, MethodsOf, Output, ParsedInput } from '../../shared/contract';
import type { User } from './user';
import type { Summary } from '../../shared/summaries';

export type Transport = 'ipc' | 'http' | 'rest' | 'job' | 'internal';

/** What a transport knows about its caller. The token never leaves main (IPC) or the httpOnly cookie (HTTP). */
export interface Binding {
  transport: Transport;
  ip: string | null;
  token: string | null;
  /** An API key (`mbk_…`, REST): the call acts as the key's user, limited to its scopes (DispatcherDeps.resolveApiKey). */
  apiKey?: string | null;
  /** Runs inside a successful mutation's transaction, after its audit entry, with its result (REST stores an Idempotency-Key's answer there, so the two commit together). */
  inWrite?(em: EntityManager, result: unknown): Promise<void>;
  /** Login and logout hand the transport a new token (or null) to keep for this client. */
  setToken(token: string | null): void;
}

export interface CallContext {
  readonly method: Method;
  readonly transport: Transport;
  readonly ip: string | null;
  readonly user: User | null;
  readonly sessionId: number | null;
  /** Transaction manager for mutations; the read manager otherwise. */
  readonly em: EntityManager;
  readonly now: Date;
  readonly binding: Binding;
  /** Set the audit summary (translatable key + params) and extra details for this call. */
  audit(summary: Summary, details?: Record<string, unknown>): void;
  /** Record who acted when the caller was not logged in yet (login, first-run setup). */
  actAs(user: User): void;
}

export type Handler<M extends Method> = (input: ParsedInput<M>, ctx: CallContext) => Promise<Output<M>>;
export type Handlers = { [M in Method]: Handler<M> };
/** The handlers of one domain: a module must implement every method of its domain. */
export type DomainHandlers<D extends string> = { [M in MethodsOf<D>]: Handler<M> };
