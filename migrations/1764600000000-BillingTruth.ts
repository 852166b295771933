import { sqlMigration } from '../main/core/migration';

/**
 * Billing you can trust to the rupiah (docs/billing.md):
 * - subscription_terms: the dated history of each subscription's terms (plan, price, discount, tax, billable
 *   or not). A lifecycle event appends a row; days are charged at the row in force that day.
 * - billing_periods: every period of a subscription that has been invoiced (or found to owe nothing), so a
 *   later event can re-derive what each one should have charged and bill only the difference.
 * - invoice_lines.period_start: the billing period a service line charges or credits.
 * - allocations: which credit (payment, credit note) pays which invoice, derived from the ledger in
 *   ledger order and rewritten whenever the customer's ledger changes.
 * - payments.idempotency_key: a double click records one payment; payments.kind 'refund': credit paid back
 *   in cash to a customer who left (a ledger debit of kind 'adjustment' that names the refund).
 * - invoices.late_fee_for: the late fee charged for an overdue invoice (once).
 * - scheduled_changes: a lifecycle change dated in the future waits here and happens on its date.
 * - prices that include PPN (office setting) are kept per terms row (tax_included), and customers get an NPWP.
 * - multi-month packages: subscriptions.cycle_months (3/6/12 months invoiced as one, at the plan's discount for
 *   that length, kept on the subscription and on each terms row); invoice_lines.service_from/to say which days a
 *   service line covers, so revenue is counted month by month.
 * - subscriptions.billing_mode: postpaid (invoice at the period start, due days later) or prepaid
 *   (invoice before the period, due when it starts).
 */
export const BillingTruth = sqlMigration('BillingTruth', 1764600000000, [
  `ALTER TABLE subscriptions ADD COLUMN terms_since TEXT`,
  `ALTER TABLE subscriptions ADD COLUMN period_tax_included INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE subscriptions ADD COLUMN cycle_months INTEGER NOT NULL DEFAULT 1 CHECK (cycle_months IN (1, 3, 6, 12))`,
  `ALTER TABLE subscriptions ADD COLUMN cycle_discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (cycle_discount_bp BETWEEN 0 AND 10000)`,
  `ALTER TABLE plans ADD COLUMN cycle_discounts TEXT NOT NULL DEFAULT '{}'`,
  `ALTER TABLE customers ADD COLUMN npwp TEXT NOT NULL DEFAULT ''`,
  `ALTER TABLE subscriptions ADD COLUMN billing_mode TEXT NOT NULL DEFAULT 'postpaid' CHECK (billing_mode IN ('postpaid','prepaid'))`,
  `CREATE TABLE scheduled_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    action TEXT NOT NULL CHECK (action IN ('activate','changePlan','pause','resume','terminate')),
    date TEXT NOT NULL,
    plan_id INTEGER REFERENCES plans(id),
    status TEXT NOT NULL CHECK (status IN ('scheduled','done','cancelled','failed')),
    error TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    settled_at TEXT,
    settled_by INTEGER REFERENCES users(id) ON DELETE SET NULL
  )`,
  `CREATE UNIQUE INDEX uq_scheduled_changes_pending ON scheduled_changes (subscription_id) WHERE status = 'scheduled'`,
  `CREATE INDEX idx_scheduled_changes_due ON scheduled_changes (status, date)`,
  `CREATE TABLE subscription_terms (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    starts_on TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('activate','change','pause','resume','terminate','discount','price','adopt','legacy','isolate','restore')),
    billable INTEGER NOT NULL CHECK (billable IN (0, 1)),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    plan_name TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    tax_bp INTEGER NOT NULL CHECK (tax_bp BETWEEN 0 AND 10000),
    discount INTEGER NOT NULL CHECK (discount >= 0),
    tax_included INTEGER NOT NULL DEFAULT 0 CHECK (tax_included IN (0, 1)),
    cycle_discount_bp INTEGER NOT NULL DEFAULT 0,
    prev_status TEXT,
    prev_plan_id INTEGER,
    prev_discount INTEGER,
    periods_before INTEGER NOT NULL DEFAULT 0,
    invoice_id INTEGER REFERENCES invoices(id),
    voided_at TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX idx_subscription_terms_sub ON subscription_terms (subscription_id, id)`,
  `CREATE TABLE billing_periods (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    months INTEGER NOT NULL DEFAULT 1,
    suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    invoice_id INTEGER REFERENCES invoices(id),
    waived INTEGER NOT NULL DEFAULT 0 CHECK (waived IN (0, 1)),
    created_at TEXT NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_billing_periods ON billing_periods (subscription_id, start)`,
  `ALTER TABLE invoice_lines ADD COLUMN period_start TEXT`,
  `ALTER TABLE invoice_lines ADD COLUMN tax_bp INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE invoice_lines ADD COLUMN service_from TEXT`,
  `ALTER TABLE invoice_lines ADD COLUMN service_to TEXT`,
  `ALTER TABLE invoice_lines ADD COLUMN tax_included INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE invoices ADD COLUMN late_fee_for INTEGER REFERENCES invoices(id)`,
  `CREATE UNIQUE INDEX uq_invoices_late_fee ON invoices (late_fee_for) WHERE late_fee_for IS NOT NULL`,
  `ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment','refund'))`,
  `ALTER TABLE invoices ADD COLUMN charge_type TEXT`,
  `ALTER TABLE invoices ADD COLUMN credits TEXT NOT NULL DEFAULT '[]'`,
  `ALTER TABLE invoices ADD COLUMN event_id INTEGER`,
  `CREATE TABLE allocations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    credit_entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
    debit_entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
    invoice_id INTEGER REFERENCES invoices(id),
    payment_id INTEGER REFERENCES payments(id),
    credit_invoice_id INTEGER REFERENCES invoices(id),
    amount INTEGER NOT NULL CHECK (amount > 0)
  )`,
  `CREATE INDEX idx_allocations_customer ON allocations (customer_id)`,
  `CREATE INDEX idx_allocations_invoice ON allocations (invoice_id)`,
  `CREATE INDEX idx_allocations_payment ON allocations (payment_id)`,
  `ALTER TABLE payments ADD COLUMN idempotency_key TEXT`,
  `CREATE UNIQUE INDEX uq_payments_idempotency ON payments (idempotency_key) WHERE idempotency_key IS NOT NULL`,
  `CREATE INDEX idx_payments_reference ON payments (lower(reference)) WHERE reference <> ''`,
  `CREATE INDEX idx_payments_reversed ON payments (reversed_at) WHERE reversed_at IS NOT NULL`,
  `CREATE INDEX idx_ledger_invoice ON ledger_entries (invoice_id) WHERE invoice_id IS NOT NULL`,
]);
