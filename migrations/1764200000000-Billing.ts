import { sqlMigration } from '../main/core/migration';

/**
 * Customers, plans, PPPoE subscriptions, invoices, payments and the balance-forward ledger.
 * Money is integer rupiah everywhere; calendar dates (periods, due dates) are office-local `YYYY-MM-DD`;
 * instants are ISO UTC strings.
 */
export const Billing = sqlMigration('Billing', 1764200000000, [
  // Gap-free office sequences (customer numbers, invoice numbers per month, receipt numbers per month),
  // advanced inside the transaction that uses the number.
  `CREATE TABLE counters (
    name TEXT PRIMARY KEY NOT NULL,
    value INTEGER NOT NULL
  )`,
  `CREATE TABLE customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    whatsapp TEXT,
    wa_opt_in INTEGER NOT NULL DEFAULT 0,
    address TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    lat REAL,
    lng REAL,
    id_number TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('active','inactive')),
    collector_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    search TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE INDEX idx_customers_name ON customers (name COLLATE NOCASE)`,
  `CREATE INDEX idx_customers_area ON customers (area)`,
  `CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    price INTEGER NOT NULL CHECK (price >= 0),
    tax_rate_bp INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
    profile_name TEXT NOT NULL UNIQUE,
    rate_limit TEXT NOT NULL DEFAULT '',
    local_address TEXT NOT NULL DEFAULT '',
    remote_address TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    router_id INTEGER NOT NULL REFERENCES routers(id),
    username TEXT NOT NULL,
    password TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','active','isolated','paused','terminated')),
    install_date TEXT NOT NULL,
    anchor TEXT NOT NULL CHECK (anchor IN ('fixed','anniversary')),
    anchor_day INTEGER NOT NULL CHECK (anchor_day BETWEEN 1 AND 31),
    due_days INTEGER NOT NULL CHECK (due_days BETWEEN 0 AND 60),
    grace_days INTEGER NOT NULL CHECK (grace_days BETWEEN 0 AND 60),
    discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
    install_fee INTEGER NOT NULL DEFAULT 0 CHECK (install_fee >= 0),
    activated_on TEXT,
    billed_until TEXT,
    promise_until TEXT,
    isolated_at TEXT,
    isolation_reason TEXT CHECK (isolation_reason IN ('overdue','manual')),
    terminated_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_subscriptions_router_username ON subscriptions (router_id, username)`,
  `CREATE INDEX idx_subscriptions_customer ON subscriptions (customer_id)`,
  `CREATE INDEX idx_subscriptions_due ON subscriptions (status, billed_until)`,
  `CREATE TABLE invoices (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    subscription_id INTEGER REFERENCES subscriptions(id),
    kind TEXT NOT NULL CHECK (kind IN ('period','activation','change','final','manual')),
    period_start TEXT,
    period_end TEXT,
    issue_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    subtotal INTEGER NOT NULL,
    tax INTEGER NOT NULL,
    total INTEGER NOT NULL,
    previous_balance INTEGER NOT NULL,
    paid INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('open','partial','paid','void')),
    void_reason TEXT,
    voided_at TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  // One periodic invoice per subscription and period: a second run, or a rerun after a crash, inserts nothing.
  `CREATE UNIQUE INDEX uq_invoices_period ON invoices (subscription_id, period_start) WHERE kind = 'period'`,
  `CREATE INDEX idx_invoices_customer ON invoices (customer_id, id)`,
  `CREATE INDEX idx_invoices_status_due ON invoices (status, due_date)`,
  `CREATE INDEX idx_invoices_issue ON invoices (issue_date)`,
  `CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    invoice_id INTEGER NOT NULL REFERENCES invoices(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    amount INTEGER NOT NULL,
    counted INTEGER NOT NULL DEFAULT 1
  )`,
  `CREATE INDEX idx_invoice_lines_invoice ON invoice_lines (invoice_id, position)`,
  `CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    number TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    method TEXT NOT NULL CHECK (method IN ('cash','transfer','gateway')),
    reference TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    received_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    received_at TEXT NOT NULL,
    applied TEXT NOT NULL DEFAULT '[]',
    balance_after INTEGER NOT NULL,
    reversed_at TEXT,
    reversed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reverse_reason TEXT
  )`,
  `CREATE INDEX idx_payments_customer ON payments (customer_id, id)`,
  `CREATE INDEX idx_payments_received ON payments (received_at)`,
  // The ledger: positive = the customer owes more (invoice, debit adjustment, payment reversal),
  // negative = credit (payment, credit note, void). The balance is always SUM(amount). Append-only.
  `CREATE TABLE ledger_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL CHECK (kind IN ('invoice','payment','void','reversal','adjustment')),
    amount INTEGER NOT NULL,
    invoice_id INTEGER REFERENCES invoices(id),
    payment_id INTEGER REFERENCES payments(id),
    memo TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX idx_ledger_customer ON ledger_entries (customer_id, id)`,
  `CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END`,
  `CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END`,
  // Which router profile isolates customers on each router.
  `ALTER TABLE routers ADD COLUMN isolation_profile TEXT NOT NULL DEFAULT 'isolir'`,
]);
