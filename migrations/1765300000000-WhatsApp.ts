// module: whatsapp
import { sqlMigration } from '../main/core/migration';

/**
 * WhatsApp (issue 13). wa_messages is the durable outbox: a row is written in the transaction of the event that
 * causes it, with a dedupe key (one reminder per invoice and stage, one receipt per payment); the sender marks it
 * 'sending' in its own commit before it hands it to WhatsApp, so a crash never sends it twice. wa_inbound keeps
 * what customers write. wa_contacts remembers each number's WhatsApp id (resolved once) or that it is not on
 * WhatsApp. wa_templates holds edited texts (the shipped ones live in the code). wa_keys holds the HTTP
 * gateway's sealed token.
 */
export const WhatsApp = sqlMigration('WhatsApp', 1765300000000, [
  `CREATE TABLE wa_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    to_number TEXT NOT NULL CHECK (length(to_number) BETWEEN 8 AND 20),
    kind TEXT NOT NULL CHECK (kind IN ('invoice_issued','reminder_before','reminder_due','reminder_after','isolated','restored','payment_received','voucher_bought','welcome','promise_to_pay','reply_info','opt_out','broadcast','manual')),
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
  "CREATE INDEX ix_wa_messages_queue ON wa_messages (next_attempt_at, id) WHERE state = 'queued'",
  'CREATE INDEX ix_wa_messages_customer ON wa_messages (customer_id, id)',
  'CREATE INDEX ix_wa_messages_state ON wa_messages (state, id)',
  'CREATE INDEX ix_wa_messages_sent ON wa_messages (sent_at) WHERE sent_at IS NOT NULL',
  'CREATE UNIQUE INDEX ux_wa_messages_provider ON wa_messages (provider_id) WHERE provider_id IS NOT NULL',
  `CREATE TABLE wa_inbound (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    provider_id TEXT NOT NULL UNIQUE,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    from_chat TEXT NOT NULL,
    from_number TEXT,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    handling TEXT NOT NULL CHECK (handling IN ('auto_reply','opt_out','opt_in','inbox','unknown_sender')),
    read_at TEXT,
    read_by INTEGER REFERENCES users(id) ON DELETE SET NULL
  )`,
  'CREATE INDEX ix_wa_inbound_customer ON wa_inbound (customer_id, id)',
  'CREATE INDEX ix_wa_inbound_unread ON wa_inbound (id) WHERE read_at IS NULL',
  `CREATE TABLE wa_contacts (
    number TEXT PRIMARY KEY NOT NULL,
    chat_id TEXT,
    on_whatsapp INTEGER CHECK (on_whatsapp IN (0, 1)),
    checked_at TEXT NOT NULL
  )`,
  `CREATE TABLE wa_templates (
    event TEXT NOT NULL CHECK (event IN ('invoice_issued','reminder_before','reminder_due','reminder_after','isolated','restored','payment_received','voucher_bought','welcome','promise_to_pay','reply_info','opt_out')),
    lang TEXT NOT NULL CHECK (lang IN ('id','en')),
    body TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event, lang)
  )`,
  `CREATE TABLE wa_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token_sealed TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
]);
