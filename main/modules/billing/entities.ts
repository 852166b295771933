import { EntitySchema } from 'typeorm';
import type { Anchor, BillingMode, InvoiceKind, InvoiceStatus, IsolationReason, PaymentMethod, SubscriptionStatus } from '../../../shared/contract/billing';
import type { LedgerKind } from '../../../shared/contract/customers';

export interface PlanRow {
  id: number;
  name: string;
  /** Monthly price in rupiah, before tax. */
  price: number;
  /** PPN in basis points (1100 = 11 %). */
  taxRateBp: number;
  /** The /ppp/profile this plan maps to on every router. */
  profileName: string;
  rateLimit: string;
  localAddress: string;
  remoteAddress: string;
  /** JSON {"3": bp, "6": bp, "12": bp}: discount for packages of that many months. */
  cycleDiscounts: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const PlanEntity = new EntitySchema<PlanRow>({
  name: 'Plan',
  tableName: 'plans',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'text', unique: true },
    price: { type: 'integer' },
    taxRateBp: { type: 'integer', name: 'tax_rate_bp', default: 0 },
    profileName: { type: 'text', name: 'profile_name', unique: true },
    rateLimit: { type: 'text', name: 'rate_limit', default: '' },
    localAddress: { type: 'text', name: 'local_address', default: '' },
    remoteAddress: { type: 'text', name: 'remote_address', default: '' },
    cycleDiscounts: { type: 'text', name: 'cycle_discounts', default: '{}' },
    active: { type: 'boolean', default: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

// The row enums are declared once in shared/contract (billing.ts, customers.ts); re-exported for main's modules.
export type { Anchor, InvoiceKind, InvoiceStatus, LedgerKind, PaymentMethod, SubscriptionStatus };

export interface SubscriptionRow {
  id: number;
  customerId: number;
  planId: number;
  routerId: number;
  username: string;
  password: string;
  status: SubscriptionStatus;
  /** Office-local dates (YYYY-MM-DD) from here on, unless named *At. */
  installDate: string;
  anchor: Anchor;
  billingMode: BillingMode;
  /** Months one period spans: 1, or a package of 3, 6 or 12 months invoiced as one. */
  cycleMonths: number;
  /** The plan's discount for that package, fixed when the subscription was made (basis points). */
  cycleDiscountBp: number;
  /** Day of month a period starts (fixed: 1–28; anniversary: the activation day, clamped to short months). */
  anchorDay: number;
  dueDays: number;
  graceDays: number;
  /** Recurring discount per full period, rupiah. */
  discount: number;
  /** One-off, billed on the activation invoice. */
  installFee: number;
  activatedOn: string | null;
  /** Exclusive end of the last invoiced period = the start of the next one to invoice. */
  billedUntil: string | null;
  /** Since when the current terms hold (the date of the last lifecycle event): nothing may be dated before it. */
  termsSince: string | null;
  /** The terms in force since termsSince (a copy of the newest subscription_terms row), for the daily run. */
  periodPlan: string | null;
  periodPrice: number;
  periodDiscount: number;
  periodTaxBp: number;
  periodTaxIncluded: boolean;
  pausedOn: string | null;
  promiseUntil: string | null;
  isolatedAt: string | null;
  /** overdue: lifted automatically once paid; manual: only by staff. */
  isolationReason: IsolationReason | null;
  terminatedOn: string | null;
  createdAt: string;
  updatedAt: string;
}

export const SubscriptionEntity = new EntitySchema<SubscriptionRow>({
  name: 'Subscription',
  tableName: 'subscriptions',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    customerId: { type: 'integer', name: 'customer_id' },
    planId: { type: 'integer', name: 'plan_id' },
    routerId: { type: 'integer', name: 'router_id' },
    username: { type: 'text' },
    password: { type: 'text' },
    status: { type: 'text' },
    installDate: { type: 'text', name: 'install_date' },
    anchor: { type: 'text' },
    billingMode: { type: 'text', name: 'billing_mode', default: 'postpaid' },
    cycleMonths: { type: 'integer', name: 'cycle_months', default: 1 },
    cycleDiscountBp: { type: 'integer', name: 'cycle_discount_bp', default: 0 },
    anchorDay: { type: 'integer', name: 'anchor_day' },
    dueDays: { type: 'integer', name: 'due_days' },
    graceDays: { type: 'integer', name: 'grace_days' },
    discount: { type: 'integer', default: 0 },
    installFee: { type: 'integer', name: 'install_fee', default: 0 },
    activatedOn: { type: 'text', name: 'activated_on', nullable: true },
    billedUntil: { type: 'text', name: 'billed_until', nullable: true },
    termsSince: { type: 'text', name: 'terms_since', nullable: true },
    periodPlan: { type: 'text', name: 'period_plan', nullable: true },
    periodPrice: { type: 'integer', name: 'period_price', default: 0 },
    periodDiscount: { type: 'integer', name: 'period_discount', default: 0 },
    periodTaxBp: { type: 'integer', name: 'period_tax_bp', default: 0 },
    periodTaxIncluded: { type: 'boolean', name: 'period_tax_included', default: false },
    pausedOn: { type: 'text', name: 'paused_on', nullable: true },
    promiseUntil: { type: 'text', name: 'promise_until', nullable: true },
    isolatedAt: { type: 'text', name: 'isolated_at', nullable: true },
    isolationReason: { type: 'text', name: 'isolation_reason', nullable: true },
    terminatedOn: { type: 'text', name: 'terminated_on', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});


export interface InvoiceRow {
  id: number;
  number: string;
  customerId: number;
  subscriptionId: number | null;
  kind: InvoiceKind;
  periodStart: string | null;
  periodEnd: string | null;
  issueDate: string;
  dueDate: string;
  subtotal: number;
  tax: number;
  /** What this document adds to the ledger; negative for a credit note (e.g. a downgrade mid-period). */
  total: number;
  /** Ledger balance just before this invoice (arrears > 0, credit < 0): shown, never added to total. */
  previousBalance: number;
  /** How much of total is covered by credits, oldest invoice first (derived from the ledger). */
  paid: number;
  status: InvoiceStatus;
  voidReason: string | null;
  voidedAt: string | null;
  createdBy: number | null;
  createdAt: string;
}

export const InvoiceEntity = new EntitySchema<InvoiceRow>({
  name: 'Invoice',
  tableName: 'invoices',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    number: { type: 'text', unique: true },
    customerId: { type: 'integer', name: 'customer_id' },
    subscriptionId: { type: 'integer', name: 'subscription_id', nullable: true },
    kind: { type: 'text' },
    periodStart: { type: 'text', name: 'period_start', nullable: true },
    periodEnd: { type: 'text', name: 'period_end', nullable: true },
    issueDate: { type: 'text', name: 'issue_date' },
    dueDate: { type: 'text', name: 'due_date' },
    subtotal: { type: 'integer' },
    tax: { type: 'integer' },
    total: { type: 'integer' },
    previousBalance: { type: 'integer', name: 'previous_balance' },
    paid: { type: 'integer', default: 0 },
    status: { type: 'text' },
    voidReason: { type: 'text', name: 'void_reason', nullable: true },
    voidedAt: { type: 'text', name: 'voided_at', nullable: true },
    createdBy: { type: 'integer', name: 'created_by', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
  },
});

export interface InvoiceLineRow {
  id: number;
  invoiceId: number;
  position: number;
  /** plan, proration, discount, fee, tax, credit, charge, balance */
  kind: string;
  /** Translation key under `billing.lines.*`; params (JSON) carry the arithmetic. */
  description: string;
  params: string;
  amount: number;
  /** false for the informational "previous balance" line, which is not part of the total. */
  counted: boolean;
}

export const InvoiceLineEntity = new EntitySchema<InvoiceLineRow>({
  name: 'InvoiceLine',
  tableName: 'invoice_lines',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    invoiceId: { type: 'integer', name: 'invoice_id' },
    position: { type: 'integer' },
    kind: { type: 'text' },
    description: { type: 'text' },
    params: { type: 'text', default: '{}' },
    amount: { type: 'integer' },
    counted: { type: 'boolean', default: true },
  },
});

export interface PaymentRow {
  id: number;
  number: string;
  customerId: number;
  amount: number;
  method: PaymentMethod;
  reference: string;
  note: string;
  receivedBy: number | null;
  receivedAt: string;
  /** JSON [{ invoiceId, number, amount }]: what this payment paid, for the receipt. */
  applied: string;
  /** Customer balance right after the payment (negative = credit left). */
  balanceAfter: number;
  reversedAt: string | null;
  reversedBy: number | null;
  reverseReason: string | null;
}

export const PaymentEntity = new EntitySchema<PaymentRow>({
  name: 'Payment',
  tableName: 'payments',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    number: { type: 'text', unique: true },
    customerId: { type: 'integer', name: 'customer_id' },
    amount: { type: 'integer' },
    method: { type: 'text' },
    reference: { type: 'text', default: '' },
    note: { type: 'text', default: '' },
    receivedBy: { type: 'integer', name: 'received_by', nullable: true },
    receivedAt: { type: 'text', name: 'received_at' },
    applied: { type: 'text', default: '[]' },
    balanceAfter: { type: 'integer', name: 'balance_after' },
    reversedAt: { type: 'text', name: 'reversed_at', nullable: true },
    reversedBy: { type: 'integer', name: 'reversed_by', nullable: true },
    reverseReason: { type: 'text', name: 'reverse_reason', nullable: true },
  },
});

export interface LedgerRow {
  id: number;
  customerId: number;
  kind: LedgerKind;
  /** > 0 the customer owes more; < 0 credit. */
  amount: number;
  invoiceId: number | null;
  paymentId: number | null;
  memo: string;
  createdBy: number | null;
  createdAt: string;
}

export const LedgerEntity = new EntitySchema<LedgerRow>({
  name: 'LedgerEntry',
  tableName: 'ledger_entries',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    customerId: { type: 'integer', name: 'customer_id' },
    kind: { type: 'text' },
    amount: { type: 'integer' },
    invoiceId: { type: 'integer', name: 'invoice_id', nullable: true },
    paymentId: { type: 'integer', name: 'payment_id', nullable: true },
    memo: { type: 'text', default: '' },
    createdBy: { type: 'integer', name: 'created_by', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
  },
});
