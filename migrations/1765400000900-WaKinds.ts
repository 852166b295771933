// module: whatsapp
import { sqlMigration } from '../main/core/migration';

/*
 * New kinds of WhatsApp message and template events (issue 14): portal sign-in codes, and trouble tickets opened
 * and updated. SQLite cannot change a CHECK constraint in place, so wa_messages and wa_templates are rebuilt with
 * the wider lists: the old table is renamed aside (no table refers to either), the new one made under the real
 * name, rows and ids copied, the old one dropped and the indexes made again.
 */
const KINDS = [
  'invoice_issued',
  'reminder_before',
  'reminder_due',
  'reminder_after',
  'isolated',
  'restored',
  'payment_received',
  'voucher_bought',
  'welcome',
  'promise_to_pay',
  'reply_info',
  'opt_out',
  'broadcast',
  'manual',
  'login_code',
  'ticket_opened',
  'ticket_updated',
];
const EVENTS = ['invoice_issued', 'reminder_before', 'reminder_due', 'reminder_after', 'isolated', 'restored', 'payment_received', 'voucher_bought', 'welcome', 'promise_to_pay', 'reply_info', 'opt_out', 'ticket_opened', 'ticket_updated'];
const list = (xs: string[]) => xs.map((k) => `'${k}'`).join(',');

export const WaKinds = sqlMigration('WaKinds', 1765400000900, [
  'ALTER TABLE wa_messages RENAME TO wa_messages_before_kinds',
  `CREATE TABLE wa_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    to_number TEXT NOT NULL CHECK (length(to_number) BETWEEN 8 AND 20),
    kind TEXT NOT NULL CHECK (kind IN (${list(KINDS)})),
    dedupe_key TEXT UNIQUE,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4096),
    document TEXT,
    state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','delivered','read','failed','cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    provider_id TEXT,
    error TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    delivered_at TEXT,
    read_at TEXT,
    updated_at TEXT NOT NULL
  )`,
  `INSERT INTO wa_messages (id, customer_id, to_number, kind, dedupe_key, body, document, state, attempts, next_attempt_at, provider_id, error, created_by, created_at, sent_at, delivered_at, read_at, updated_at)
   SELECT id, customer_id, to_number, kind, dedupe_key, body, document, state, attempts, next_attempt_at, provider_id, error, created_by, created_at, sent_at, delivered_at, read_at, updated_at FROM wa_messages_before_kinds`,
  'DROP TABLE wa_messages_before_kinds',
  "CREATE INDEX ix_wa_messages_queue ON wa_messages (next_attempt_at, id) WHERE state = 'queued'",
  'CREATE INDEX ix_wa_messages_customer ON wa_messages (customer_id, id)',
  'CREATE INDEX ix_wa_messages_state ON wa_messages (state, id)',
  'CREATE INDEX ix_wa_messages_sent ON wa_messages (sent_at) WHERE sent_at IS NOT NULL',
  'CREATE UNIQUE INDEX ux_wa_messages_provider ON wa_messages (provider_id) WHERE provider_id IS NOT NULL',
  'ALTER TABLE wa_templates RENAME TO wa_templates_before_kinds',
  `CREATE TABLE wa_templates (
    event TEXT NOT NULL CHECK (event IN (${list(EVENTS)})),
    lang TEXT NOT NULL CHECK (lang IN ('id','en')),
    body TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event, lang)
  )`,
  'INSERT INTO wa_templates (event, lang, body, enabled, updated_by, updated_at) SELECT event, lang, body, enabled, updated_by, updated_at FROM wa_templates_before_kinds',
  'DROP TABLE wa_templates_before_kinds',
]);
