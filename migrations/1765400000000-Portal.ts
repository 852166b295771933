// module: portal
import { sqlMigration } from '../main/core/migration';

/**
 * The customer portal (issue 14). portal_sessions: a customer's sign-ins (only a hash of the cookie's token is
 * kept), separate from staff sessions. portal_codes: one-time codes sent over WhatsApp (sign-in, or proving a new
 * WhatsApp number), kept as a keyed hash, valid 5 minutes, dead after 5 wrong tries, used once. portal_prefs: what
 * a customer chose in the portal (its language).
 */
export const Portal = sqlMigration('Portal', 1765400000000, [
  `CREATE TABLE portal_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    via TEXT NOT NULL CHECK (via IN ('code','password')),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT,
    ip TEXT,
    user_agent TEXT NOT NULL DEFAULT ''
  )`,
  `CREATE INDEX idx_portal_sessions_customer ON portal_sessions (customer_id)`,
  `CREATE INDEX idx_portal_sessions_expires ON portal_sessions (expires_at)`,
  `CREATE INDEX idx_portal_sessions_ended ON portal_sessions (ended_at) WHERE ended_at IS NOT NULL`,
  `CREATE TABLE portal_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('login','change_number')),
    target TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    salt TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    used_at TEXT,
    ip TEXT
  )`,
  `CREATE INDEX idx_portal_codes_customer ON portal_codes (customer_id, purpose, id)`,
  `CREATE INDEX idx_portal_codes_expires ON portal_codes (expires_at)`,
  `CREATE TABLE portal_prefs (
    customer_id INTEGER PRIMARY KEY NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    language TEXT NOT NULL CHECK (language IN ('id','en')),
    updated_at TEXT NOT NULL
  )`,
]);
