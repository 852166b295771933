// module: collections
import { sqlMigration } from '../main/core/migration';

/**
 * Field collection (issue 14). collector_areas: the areas each collector covers (customers carry an `area`).
 * collection_payments: every cash payment a collector took, written in the payment's own transaction (from
 * billing's payment.received event), with its office day and, once reversed, when. collection_handovers: the
 * collector handing that cash over at the office; a payment points at the one hand-over that covers it
 * (handover_id: one column, so nothing is handed over twice), a withdrawn or refused hand-over lets its payments
 * go. At most one hand-over per collector waits for the office at a time.
 */
export const Collections = sqlMigration('Collections', 1765400000400, [
  `CREATE TABLE collector_areas (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    area TEXT NOT NULL CHECK (length(area) BETWEEN 1 AND 100),
    PRIMARY KEY (user_id, area)
  )`,
  'CREATE INDEX ix_collector_areas_area ON collector_areas (area)',
  `CREATE TABLE collection_handovers (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    collector_id INTEGER NOT NULL REFERENCES users(id),
    state TEXT NOT NULL CHECK (state IN ('pending','confirmed','cancelled')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    count INTEGER NOT NULL CHECK (count >= 0),
    counted INTEGER CHECK (counted >= 0),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at TEXT,
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    CHECK (state <> 'confirmed' OR (counted IS NOT NULL AND decided_at IS NOT NULL))
  )`,
  "CREATE UNIQUE INDEX ux_collection_handovers_pending ON collection_handovers (collector_id) WHERE state = 'pending'",
  'CREATE INDEX ix_collection_handovers_collector ON collection_handovers (collector_id, id)',
  `CREATE TABLE collection_payments (
    payment_id INTEGER PRIMARY KEY NOT NULL REFERENCES payments(id),
    collector_id INTEGER NOT NULL REFERENCES users(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    received_at TEXT NOT NULL,
    day TEXT NOT NULL CHECK (length(day) = 10),
    reversed_at TEXT,
    handover_id INTEGER REFERENCES collection_handovers(id)
  )`,
  'CREATE INDEX ix_collection_payments_open ON collection_payments (collector_id, payment_id) WHERE handover_id IS NULL',
  'CREATE INDEX ix_collection_payments_day ON collection_payments (collector_id, day)',
  'CREATE INDEX ix_collection_payments_handover ON collection_payments (handover_id) WHERE handover_id IS NOT NULL',
]);
