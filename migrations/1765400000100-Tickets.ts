// module: tickets
import { sqlMigration } from '../main/core/migration';

/**
 * Trouble tickets (issue 14, "Lapor gangguan"). tickets: one per report, numbered TK/YYYY/MM/NNNNN by the office
 * month it was opened in. ticket_notes: its history, append-only by triggers (opened, notes, state changes with
 * from → to, assignments), each line internal or shown to the customer. ticket_photos: the optional photo as a
 * bounded blob next to the ticket, so it commits with it and is in every backup.
 */
export const Tickets = sqlMigration('Tickets', 1765400000100, [
  `CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
    category TEXT NOT NULL CHECK (category IN ('no_internet','slow','intermittent','device','billing','other')),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    state TEXT NOT NULL CHECK (state IN ('open','in_progress','solved')),
    assigned_to INTEGER REFERENCES users(id) ON DELETE SET NULL,
    via TEXT NOT NULL CHECK (via IN ('portal','staff')),
    opened_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    solved_at TEXT
  )`,
  'CREATE INDEX ix_tickets_customer ON tickets (customer_id, id)',
  'CREATE INDEX ix_tickets_state ON tickets (state, id)',
  'CREATE INDEX ix_tickets_assigned ON tickets (assigned_to, state)',
  `CREATE TABLE ticket_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
    event TEXT NOT NULL CHECK (event IN ('opened','note','state','assigned')),
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    visible_to_customer INTEGER NOT NULL DEFAULT 0 CHECK (visible_to_customer IN (0, 1)),
    from_state TEXT CHECK (from_state IN ('open','in_progress','solved')),
    to_state TEXT CHECK (to_state IN ('open','in_progress','solved')),
    assigned_to INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at TEXT NOT NULL
  )`,
  'CREATE INDEX ix_ticket_notes_ticket ON ticket_notes (ticket_id, id)',
  `CREATE TRIGGER ticket_notes_no_update BEFORE UPDATE OF ticket_id, event, note, visible_to_customer, from_state, to_state, at ON ticket_notes
    BEGIN SELECT RAISE(ABORT, 'ticket_notes is append-only'); END`,
  `CREATE TRIGGER ticket_notes_no_delete BEFORE DELETE ON ticket_notes
    BEGIN SELECT RAISE(ABORT, 'ticket_notes is append-only'); END`,
  `CREATE TABLE ticket_photos (
    ticket_id INTEGER PRIMARY KEY NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    mime TEXT NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp')),
    bytes BLOB NOT NULL CHECK (length(bytes) BETWEEN 1 AND 1500000),
    created_at TEXT NOT NULL
  )`,
]);
