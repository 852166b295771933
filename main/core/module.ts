import type { Router } from 'express';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { SessionInfo } from '../../shared/contract';
import type { Settings, SettingsGroup } from '../../shared/settings';
import type { Summary } from '../../shared/summaries';
import type { CoreConfig } from './config';
import type { Binding } from './context';
import type { Db } from './db';
import type { DomainEvents } from './domain-events';
import type { EventBus } from './events';
import type { User } from './user';

// The services below are implemented by modules (settings, auth) and handed in by the composition root;
// core declares only the shape every module may rely on, so core imports no module.

/** Runs inside the transaction that writes a settings group, with the new and the old value. */
export type SettingsWriteHook = <G extends SettingsGroup>(em: EntityManager, group: G, value: Settings[G], before: Settings[G]) => Promise<void>;

/** The office settings (implemented by the settings module's SettingsService). */
export interface ModuleSettings {
  all(): Settings;
  get<G extends SettingsGroup>(group: G): Settings[G];
  /** Write inside the caller's transaction; readers see the value once it has committed. */
  set<G extends SettingsGroup>(em: EntityManager, group: G, value: Settings[G], userId: number | null, now: Date): Promise<void>;
  onWrite(hook: SettingsWriteHook): () => void;
  onChange(listener: (group: SettingsGroup, s: Settings) => void): () => void;
}

/** Login sessions (implemented by the auth module's SessionStore). */
export interface ModuleSessions {
  create(em: EntityManager, user: User, binding: Binding, now: Date): Promise<{ token: string; session: { id: number } }>;
  info(sessionId: number, user: User, em?: EntityManager): Promise<SessionInfo>;
  /** Ends a user's sessions (all but `exceptSessionId`), e.g. when the account is disabled or the password changes. */
  endAllFor(em: EntityManager, userId: number, exceptSessionId?: number | null, reason?: 'disabled' | 'logout'): Promise<void>;
}

/** Password hashing (argon2id, created by the auth module). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Everything a domain module may depend on. Modules never import electron. */
export interface ModuleContext {
  config: CoreConfig;
  db: Db;
  logger: Logger;
  events: EventBus;
  /** Domain events, published inside the transaction of the change (shared/events.ts lists them). */
  domainEvents: DomainEvents;
  settings: ModuleSettings;
  sessions: ModuleSessions;
  hasher: PasswordHasher;
  now: () => Date;
}

export interface JobWindow {
  /** Exclusive start: the end of the last successful window (or when the job was first seen). */
  from: Date;
  /** Inclusive end. */
  to: Date;
}

export interface JobDefinition {
  name: string;
  /** Cron expression, read from settings so staff can move it; evaluated in the office time zone. */
  schedule(settings: Settings): string;
  /** Must be idempotent over its window: running the same window twice changes nothing more. Returns a summary. */
  run(window: JobWindow, signal: AbortSignal): Promise<Summary>;
}

/** A domain module: its entities are listed in app/entities.ts; the rest is registered from here. */
export interface DomainModule<H> {
  handlers: H;
  jobs?: JobDefinition[];
  /** Extra HTTP routes (today the routers' first-login reports) mounted by the embedded listener. */
  routes?(router: Router): void;
}
