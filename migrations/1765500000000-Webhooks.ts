// module: webhooks
import { sqlMigration } from '../main/core/migration';

/*
 * Outbound webhooks (issue 15). webhook_endpoints: where to send, which events, the sealed signing secret (and
 * the previous one during a rotation). webhook_events: each event's body, serialised once (the signed bytes).
 * webhook_deliveries: the durable outbox, one row per event and endpoint, written in the event's transaction.
 * webhook_attempts: the delivery log (time, answer, excerpt, duration).
 */
export const Webhooks = sqlMigration('Webhooks', 1765500000000, [
  `CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    url TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    description TEXT NOT NULL DEFAULT '',
    events TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
    secret_sealed TEXT NOT NULL,
    secret_hint TEXT NOT NULL,
    old_secret_sealed TEXT,
    old_secret_until TEXT,
    disabled_reason TEXT,
    failing_since TEXT,
    last_success_at TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY NOT NULL,
    type TEXT NOT NULL,
    object_key TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    event_id TEXT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    object_key TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','delivered','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  "CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_at, id) WHERE state = 'queued'",
  "CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (endpoint_id, object_key, id) WHERE state IN ('queued','sending')",
  'CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id)',
  `CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    status INTEGER,
    duration_ms INTEGER NOT NULL,
    error TEXT,
    response_excerpt TEXT NOT NULL DEFAULT ''
  )`,
  'CREATE INDEX ix_webhook_attempts_endpoint ON webhook_attempts (endpoint_id, id)',
  'CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id)',
]);
