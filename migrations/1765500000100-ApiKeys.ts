// module: apikeys
import { sqlMigration } from '../main/core/migration';

/*
 * REST API keys (issue 15). api_keys: a key's SHA-256 (the key itself is shown once and never stored), its
 * visible prefix and last 4 characters, scopes (JSON array of permissions), expiry, IP allowlist (JSON array of
 * addresses/CIDRs), the user it acts as, revocation and last use. api_idempotency: Idempotency-Key records per
 * key (draft-ietf-httpapi-idempotency-key-header): the request's fingerprint, and once finished the response to
 * replay; kept 24 hours.
 */
export const ApiKeys = sqlMigration('ApiKeys', 1765500000100, [
  `CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix TEXT NOT NULL,
    last4 TEXT NOT NULL,
    key_sha256 TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    allow_ips TEXT NOT NULL DEFAULT '[]',
    expires_at TEXT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    last_used_at TEXT,
    last_used_ip TEXT
  )`,
  `CREATE TABLE api_idempotency (
    api_key_id INTEGER NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    client_key TEXT NOT NULL,
    method TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER,
    response TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (api_key_id, client_key)
  )`,
  'CREATE INDEX ix_api_idempotency_expires ON api_idempotency (expires_at)',
]);
