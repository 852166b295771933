import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Settings } from '../../shared/settings';
import type { Summary } from '../../shared/summaries';
import type { CoreConfig } from './config';
import type { Db } from './db';
import type { EventBus } from './events';
import type { SettingsService } from '../modules/settings/service';
import type { SessionStore } from '../modules/auth/sessions';
import type { PasswordHasher } from '../modules/auth/password';

/** Everything a domain module may depend on. Modules never import electron. */
export interface ModuleContext {
  config: CoreConfig;
  db: Db;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  sessions: SessionStore;
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

/** A domain module: its entities are listed in core/entities.ts; the rest is registered from here. */
export interface DomainModule<H> {
  handlers: H;
  jobs?: JobDefinition[];
  /** Extra HTTP routes (today the routers' first-login reports) mounted by the embedded listener. */
  routes?(router: Router): void;
}
