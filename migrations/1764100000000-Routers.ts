import { sqlMigration } from '../main/core/migration';

/** MikroTik routers of the office and the outbox of changes to apply to them. Router-side objects added by later migrations reference routers(id). */
export const Routers = sqlMigration('Routers', 1764100000000, [
  `CREATE TABLE routers (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    tls INTEGER NOT NULL DEFAULT 0,
    username TEXT NOT NULL,
    password_sealed TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  // The durable outbox: router changes written in the same transaction as the business change.
  `CREATE TABLE router_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    router_id INTEGER NOT NULL REFERENCES routers(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    op TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','running','done','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    done_at TEXT
  )`,
  `CREATE INDEX idx_router_jobs_due ON router_jobs (router_id, status, next_attempt_at)`,
  `CREATE INDEX idx_router_jobs_target ON router_jobs (router_id, target, id)`,
]);
