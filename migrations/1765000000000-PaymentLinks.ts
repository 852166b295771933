// module: payments
import { sqlMigration } from '../main/core/migration';

/**
 * Payment links (issue 12): a signed, expiring, revocable link per invoice or per customer ("pay everything you
 * owe") that opens the public pay page; the key that signs them (random, sealed at rest by the app's SecretBox);
 * and which link started an attempt.
 */
export const PaymentLinks = sqlMigration('PaymentLinks', 1765000000000, [
  `CREATE TABLE payment_link_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_sealed TEXT NOT NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE TABLE payment_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('invoice','customer')),
    invoice_id INTEGER REFERENCES invoices(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 3 AND 40),
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    CHECK (kind <> 'invoice' OR invoice_id IS NOT NULL)
  )`,
  'CREATE INDEX ix_payment_links_invoice ON payment_links (invoice_id, id)',
  'CREATE INDEX ix_payment_links_customer ON payment_links (customer_id, id)',
  'ALTER TABLE payment_attempts ADD COLUMN link_id INTEGER REFERENCES payment_links(id)',
  'CREATE INDEX ix_payment_attempts_link ON payment_attempts (link_id, id)',
]);
