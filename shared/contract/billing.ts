import { z } from 'zod';
import { op } from './op';
import { calendarDateSchema, calendarMonthSchema, empty, idSchema, pageSchema } from './common';
import type { IsoDate, Page } from './dto';

/** An office-local calendar date, YYYY-MM-DD. */
export type LocalDate = string;
/** Years bounded to what the date engine handles (common.ts: MIN_YEAR–MAX_YEAR). */
export const localDateSchema = calendarDateSchema;

const rupiah = z.number().int().min(0).max(1_000_000_000);
const bp = z.number().int().min(0).max(10000);
export const cycleDiscountsSchema = z.object({ '3': bp.optional(), '6': bp.optional(), '12': bp.optional() });
export type CycleDiscounts = z.output<typeof cycleDiscountsSchema>;

export interface PlanDto {
  id: number;
  name: string;
  price: number;
  /** Basis points: 1100 = 11 %. */
  taxRateBp: number;
  profileName: string;
  rateLimit: string;
  localAddress: string;
  remoteAddress: string;
  /** Discount (basis points) for packages of 3, 6 or 12 months paid ahead. */
  cycleDiscounts: CycleDiscounts;
  active: boolean;
  /** Live (not terminated) subscriptions on this plan. */
  subscriptions: number;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/*
 * Row enums: declared once here, reused by the entity rows (main/modules/billing), the DTOs and the zod
 * schemas. tests/unit/shared-enums.test.ts holds each one against its column's CHECK in the schema snapshot.
 */
export const SUBSCRIPTION_STATUSES = ['pending', 'active', 'isolated', 'paused', 'terminated'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const ANCHORS = ['fixed', 'anniversary'] as const;
export type Anchor = (typeof ANCHORS)[number];
/** postpaid: invoiced when the period starts; prepaid: invoiced ahead, due the day before it starts. */
export const BILLING_MODES = ['postpaid', 'prepaid'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
export const ISOLATION_REASONS = ['overdue', 'manual'] as const;
export type IsolationReason = (typeof ISOLATION_REASONS)[number];
/** A lifecycle change dated in the future (scheduled_changes.action). */
export const SCHEDULED_ACTIONS = ['activate', 'changePlan', 'pause', 'resume', 'terminate'] as const;
export type ScheduledAction = (typeof SCHEDULED_ACTIONS)[number];
export const INVOICE_STATUSES = ['open', 'partial', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_KINDS = ['period', 'activation', 'change', 'final', 'manual'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];
/** The invoice list's status filter: a stored status, or unpaid (open/partial) and overdue (unpaid past due). */
export const INVOICE_FILTER_STATUSES = [...INVOICE_STATUSES, 'unpaid', 'overdue'] as const;
export type InvoiceStatusFilter = (typeof INVOICE_FILTER_STATUSES)[number];
/** gateway payments come from a payment gateway, never from the counter. */
export const PAYMENT_METHODS = ['cash', 'transfer', 'gateway'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** refund: credit paid back to the customer (money going out). */
export const PAYMENT_KINDS = ['payment', 'refund'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];
const counterMethod = z.enum(PAYMENT_METHODS).exclude(['gateway']);

export interface SubscriptionDto {
  id: number;
  customerId: number;
  customerName: string;
  customerNumber: string;
  planId: number;
  planName: string;
  price: number;
  routerId: number;
  routerName: string;
  username: string;
  password: string;
  status: SubscriptionStatus;
  installDate: LocalDate;
  anchor: Anchor;
  anchorDay: number;
  dueDays: number;
  graceDays: number;
  discount: number;
  installFee: number;
  activatedOn: LocalDate | null;
  /** Start of the next period to invoice. */
  billedUntil: LocalDate | null;
  /** Date of the last lifecycle change: a new change cannot be dated before it (null before activation). */
  termsSince: LocalDate | null;
  /** A change dated in the future, waiting for its date (one at a time). */
  scheduled: { action: ScheduledAction; date: LocalDate; planName: string | null } | null;
  /** The last scheduled change, when it could not be applied on its date (why, in `error`). */
  scheduledFailed: { action: string; date: LocalDate; error: string; planName: string | null } | null;
  billingMode: BillingMode;
  cycleMonths: number;
  /** The package discount fixed for this subscription (basis points). */
  cycleDiscountBp: number;
  promiseUntil: LocalDate | null;
  isolatedAt: IsoDate | null;
  isolationReason: IsolationReason | null;
  terminatedOn: LocalDate | null;
}

export interface InvoiceLineDto {
  kind: string;
  /** Translation key under billing.lines; params carry the arithmetic (days, periodDays, price, rate…). */
  description: string;
  params: Record<string, string | number>;
  amount: number;
  /** false: shown for information (previous balance), not part of the total. */
  counted: boolean;
}

export interface InvoiceDto {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  customerNumber: string;
  area: string;
  subscriptionId: number | null;
  username: string | null;
  kind: InvoiceKind;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  issueDate: LocalDate;
  dueDate: LocalDate;
  /** Before tax (DPP). */
  subtotal: number;
  tax: number;
  /** The rounding line's amount (total = subtotal + tax + rounding; with prices that include PPN, total = subtotal + tax). */
  rounding: number;
  total: number;
  previousBalance: number;
  paid: number;
  /** total − paid (0 when void). */
  remaining: number;
  status: InvoiceStatus;
  overdue: boolean;
  voidReason: string | null;
  voidedAt: IsoDate | null;
  createdAt: IsoDate;
  /** One-off invoices: installation, reconnection, late_fee, equipment, other; credit for a credit note. */
  chargeType: string | null;
}

export interface InvoiceDetail extends InvoiceDto {
  lines: InvoiceLineDto[];
  /** Customer's balance now (arrears > 0, credit < 0): what the customer owes in total. */
  customerBalance: number;
  customerAddress: string;
  customerPhone: string | null;
  /** The customer's tax number (NPWP), printed on the invoice when set. */
  customerNpwp: string;
  /** Who pays this invoice now (fresh from settlement): payments and credit notes, with the amount each gives it. */
  payments: { kind: 'payment' | 'credit'; id: number; number: string; amount: number; receivedAt: IsoDate; reversed: boolean }[];
}

export interface PaymentDto {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  customerNumber: string;
  amount: number;
  method: PaymentMethod;
  reference: string;
  note: string;
  receivedBy: string | null;
  receivedAt: IsoDate;
  /** What this payment pays now (fresh from settlement in ledger order), for the receipt. */
  applied: { invoiceId: number; number: string; amount: number }[];
  /** Customer balance right after it (< 0 = credit left over). */
  balanceAfter: number;
  reversedAt: IsoDate | null;
  reversedBy: string | null;
  reverseReason: string | null;
  /** refund: credit paid back to the customer (money going out). */
  kind: PaymentKind;
}

export interface DashboardDto {
  /** Sum of positive customer balances. */
  receivables: number;
  overdueInvoices: number;
  overdueAmount: number;
  isolated: number;
  activeSubscriptions: number;
  customers: number;
  revenueThisMonth: number;
  /**
   * Last 12 months, oldest first: month = YYYY-MM, amount = payments received that month (reversed later or not)
   * minus the amounts of payments reversed that month. A reversal is booked in the month it happens, so a closed
   * month never changes. revenueThisMonth is the same for the current month.
   */
  revenueByMonth: { month: string; amount: number }[];
  /** Router changes still waiting (isolation and restore reach routers through them). */
  pendingRouterJobs: number;
}

export interface RevenueMonth {
  /** YYYY-MM */
  month: string;
  /** Invoiced for the days of this month, before tax (a package spread over its months; void invoices left out). */
  invoiced: number;
  /** Money received in the month. */
  received: number;
  /** Payments reversed in the month (whenever they were received). */
  reversed: number;
  /** Credit paid back to customers in the month. */
  refunded: number;
  /** received − reversed − refunded. */
  cash: number;
}

export interface RevenueReport {
  months: RevenueMonth[];
  totals: Omit<RevenueMonth, 'month'>;
}

export interface InvoiceRunResult {
  created: number;
  total: number;
}

const planInput = z.object({
  name: z.string().trim().min(2).max(60),
  price: rupiah,
  taxRateBp: z.number().int().min(0).max(10000).default(0),
  /** RouterOS /ppp/profile name; letters, digits, dot, dash, underscore. */
  profileName: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,60}$/, { message: 'Use letters, digits, dot, dash or underscore' }),
  /** RouterOS rate-limit, e.g. 10M/10M or 5M/10M 8M/15M 4M/8M 10/10. */
  rateLimit: z
    .string()
    .trim()
    .max(120)
    .regex(/^[0-9A-Za-z/ .]*$/, { message: 'Use a RouterOS rate limit such as 10M/10M' })
    .default(''),
  localAddress: z.string().trim().max(60).regex(/^[A-Za-z0-9._:-]*$/).default(''),
  remoteAddress: z.string().trim().max(60).regex(/^[A-Za-z0-9._:-]*$/).default(''),
  /** e.g. { "12": 1000 }: 12 months paid ahead cost 10 % less. */
  cycleDiscounts: cycleDiscountsSchema.default({}),
});

const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{2,64}$/, { message: 'Use 2–64 letters, digits, dot, dash, underscore or @' });
const pppPassword = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, { message: 'Use 1–64 printable characters without spaces' });

const subscriptionTerms = z.object({
  /** postpaid: invoiced when the period starts, due `dueDays` later. prepaid: invoiced `prepaidLeadDays` before it, due the day before it starts. */
  billingMode: z.enum(BILLING_MODES).default('postpaid'),
  /** 1 = monthly; 3, 6, 12 = a package invoiced as one period at the plan's discount for it (fixed before activation). */
  cycleMonths: z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)]).default(1),
  anchor: z.enum(ANCHORS).default('fixed'),
  /** For a fixed anchor: the day of the month periods start (1–28). */
  anchorDay: z.number().int().min(1).max(28).default(1),
  dueDays: z.number().int().min(0).max(60).default(10),
  graceDays: z.number().int().min(0).max(60).default(3),
  discount: rupiah.default(0),
  installFee: rupiah.default(0),
});

export const subscriptionCreateSchema = subscriptionTerms.extend({
  customerId: idSchema,
  planId: idSchema,
  routerId: idSchema,
  username: usernameSchema,
  password: pppPassword,
  installDate: localDateSchema,
  /** Activate at once (create the PPP secret, issue the first invoice) or leave pending until installed. */
  activate: z.boolean().default(true),
});

export const invoiceFilterSchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(INVOICE_FILTER_STATUSES).optional(),
  /** YYYY-MM: invoices issued in that month. */
  period: calendarMonthSchema.optional(),
  area: z.string().trim().max(60).optional(),
  collectorId: idSchema.optional(),
  customerId: idSchema.optional(),
});

export const plansContract = {
  'plans.list': op<PlanDto[]>()({ input: z.object({ includeArchived: z.boolean().default(false) }), access: 'customers.read', mutates: false }),
  'plans.create': op<PlanDto>()({ input: planInput, access: 'billing.manage', mutates: true }),
  /** A changed rate limit or pool reaches every router's profile through the outbox. */
  'plans.update': op<PlanDto>()({ input: planInput.extend({ id: idSchema }), access: 'billing.manage', mutates: true }),
  'plans.setActive': op<PlanDto>()({ input: z.object({ id: idSchema, active: z.boolean() }), access: 'billing.manage', mutates: true }),
};

const subId = z.object({ id: idSchema });
/** Dated lifecycle changes: today by default; a past date (not before the last change) is billed as of that day; a future date is scheduled. */
const onDate = subId.extend({ date: localDateSchema.optional() });

export const subscriptionsContract = {
  'subscriptions.list': op<Page<SubscriptionDto>>()({
    input: pageSchema.extend({
      q: z.string().trim().max(100).optional(),
      customerId: idSchema.optional(),
      routerId: idSchema.optional(),
      planId: idSchema.optional(),
      status: z.enum(SUBSCRIPTION_STATUSES).optional(),
    }),
    access: 'customers.read',
    mutates: false,
  }),
  'subscriptions.get': op<SubscriptionDto>()({ input: subId, access: 'customers.read', mutates: false }),
  'subscriptions.create': op<SubscriptionDto>()({ input: subscriptionCreateSchema, access: 'customers.manage', mutates: true }),
  /** Terms and credentials; the plan changes through changePlan (prorated). */
  'subscriptions.update': op<SubscriptionDto>()({
    input: subscriptionTerms.omit({ installFee: true }).extend({
      id: idSchema,
      password: pppPassword,
      // Left out: unchanged.
      billingMode: z.enum(BILLING_MODES).optional(),
      cycleMonths: z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)]).optional(),
    }),
    access: 'customers.manage',
    mutates: true,
  }),
  /** Pending → active: PPP secret created, first (prorated) invoice issued. */
  'subscriptions.activate': op<SubscriptionDto>()({ input: onDate, access: 'customers.manage', mutates: true }),
  /** Prorated from the given date (default today): credit for the old plan's unused days, charge for the new. */
  'subscriptions.changePlan': op<SubscriptionDto>()({
    input: onDate.extend({ planId: idSchema }),
    access: 'billing.manage',
    mutates: true,
  }),
  'subscriptions.pause': op<SubscriptionDto>()({ input: onDate, access: 'billing.manage', mutates: true }),
  'subscriptions.resume': op<SubscriptionDto>()({ input: onDate, access: 'billing.manage', mutates: true }),
  /** Ends the service: unused days credited, PPP secret removed, session kicked. */
  'subscriptions.terminate': op<SubscriptionDto>()({ input: onDate, access: 'billing.manage', mutates: true }),
  /** Cancels the change waiting for its date (a scheduled activation: whoever manages customers; other changes: billing managers). */
  'subscriptions.cancelScheduled': op<SubscriptionDto>()({ input: subId, access: 'customers.manage', mutates: true }),
  'subscriptions.isolate': op<SubscriptionDto>()({ input: subId, access: 'billing.manage', mutates: true }),
  'subscriptions.restore': op<SubscriptionDto>()({ input: subId, access: 'billing.manage', mutates: true }),
  /** Promise to pay: not isolated until the date (null clears it). Restores at once if isolated. */
  'subscriptions.promise': op<SubscriptionDto>()({
    input: subId.extend({
      /** At most 90 days after the office's today (checked by the handler, on the core clock). */
      until: localDateSchema.nullable(),
      note: z.string().trim().max(300).default(''),
    }),
    access: 'payments.collect',
    mutates: true,
  }),
};

export const invoicesContract = {
  'invoices.list': op<Page<InvoiceDto> & { sumTotal: number; sumRemaining: number }>()({
    input: pageSchema.extend(invoiceFilterSchema.shape),
    access: 'billing.read',
    mutates: false,
  }),
  'invoices.get': op<InvoiceDetail>()({ input: z.object({ id: idSchema }), access: 'billing.read', mutates: false }),
  /** A one-off charge (installation, reconnection fee, late fee, equipment…) as an invoice with its own due date. */
  'invoices.createCharge': op<InvoiceDto>()({
    input: z.object({
      customerId: idSchema,
      subscriptionId: idSchema.optional(),
      type: z.enum(['installation', 'reconnection', 'late_fee', 'equipment', 'other']),
      description: z.string().trim().max(200).default(''),
      amount: rupiah.min(1),
      /** PPN at the office's charge rate; default: the installation-fee setting for an installation, otherwise untaxed. */
      taxed: z.boolean().optional(),
      dueDate: localDateSchema.optional(),
    }),
    access: 'billing.manage',
    mutates: true,
  }),
  /**
   * Void with a reason: a reversing ledger entry; nothing is deleted. A period invoice's period is then not
   * charged (waived); a change's invoice undoes the change (only the newest one); refused otherwise.
   */
  'invoices.void': op<InvoiceDto>()({
    input: z.object({ id: idSchema, reason: z.string().trim().min(3).max(300) }),
    access: 'billing.manage',
    mutates: true,
  }),
};

export const paymentsContract = {
  /** Counter or field payment; pays the oldest open invoice first, the rest stays as credit. */
  'payments.create': op<PaymentDto>()({
    input: z.object({
      customerId: idSchema,
      amount: rupiah.min(1),
      method: counterMethod,
      reference: z.string().trim().max(100).default(''),
      note: z.string().trim().max(300).default(''),
      /** One per payment form: the same key again returns the payment already recorded (a double click pays once). */
      idempotencyKey: z.string().trim().min(8).max(100).optional(),
      /** Record it although a live payment already has this reference (else billing.duplicate_reference). */
      confirmDuplicate: z.boolean().default(false),
    }).refine((p) => p.method !== 'transfer' || p.reference.length > 0, { message: 'A bank transfer needs its reference', path: ['reference'] }),
    access: 'payments.collect',
    mutates: true,
  }),
  'payments.list': op<Page<PaymentDto> & { sum: number }>()({
    input: pageSchema.extend({
      customerId: idSchema.optional(),
      from: localDateSchema.optional(),
      to: localDateSchema.optional(),
      receivedBy: idSchema.optional(),
      q: z.string().trim().max(100).optional(),
    }),
    access: 'billing.read',
    mutates: false,
  }),
  'payments.get': op<PaymentDto>()({ input: z.object({ id: idSchema }), access: 'billing.read', mutates: false }),
  /**
   * Pays a customer's remaining credit back in cash or by transfer (admins; audited): only for a customer with
   * no live subscription and up to the credit they have. Recorded like a payment going out (its own number).
   */
  'payments.refund': op<PaymentDto>()({
    input: z.object({
      customerId: idSchema,
      amount: rupiah.min(1),
      method: counterMethod,
      reference: z.string().trim().max(100).default(''),
      note: z.string().trim().min(3).max(300),
      idempotencyKey: z.string().trim().min(8).max(100).optional(),
    }),
    access: 'payments.reverse',
    mutates: true,
  }),
  /** An audited reversing ledger entry (admins only); the payment itself is never edited or deleted. */
  'payments.reverse': op<PaymentDto>()({
    input: z.object({ id: idSchema, reason: z.string().trim().min(3).max(300) }),
    access: 'payments.reverse',
    mutates: true,
  }),
};

/** What a router has that the app could adopt (read-only: nothing is written by the preview). */
export interface RouterImportPreview {
  routerId: number;
  routerName: string;
  profiles: {
    name: string;
    rateLimit: string;
    localAddress: string;
    remoteAddress: string;
    /** The plan already mapped to this profile, if any. */
    planId: number | null;
    planName: string | null;
    secrets: number;
  }[];
  secrets: {
    name: string;
    profile: string;
    disabled: boolean;
    comment: string;
    /** The customer this would become (an existing one when the comment names its number). */
    customerName: string;
    customerId: number | null;
    /** Why it cannot be imported (already managed, isolated, no profile…); null = importable. */
    problem: 'imported' | 'isolated' | 'unknown_profile' | null;
  }[];
  /** Hotspot side, for information until the voucher module adopts it: Mikhmon batches recognised. */
  hotspot: { profiles: number; users: number; mikhmonBatches: { comment: string; users: number }[] };
}

export interface RouterImportReport {
  plansCreated: number;
  customersCreated: number;
  subscriptionsCreated: number;
  paused: number;
  skipped: { name: string; reason: string }[];
}

export const billingContract = {
  'billing.importPreview': op<RouterImportPreview>()({ input: z.object({ routerId: idSchema }), access: 'billing.manage', mutates: false }),
  /**
   * Adopt a router's PPP customers: profiles become plans (at the prices given), secrets become customers
   * with active subscriptions billed from their next anchor day. The router itself is not changed.
   */
  'billing.importFromRouter': op<RouterImportReport>()({
    input: z.object({
      routerId: idSchema,
      plans: z.array(z.object({ profile: z.string().min(1).max(60), name: z.string().trim().min(2).max(60), price: rupiah })).max(500),
      secrets: z.array(z.string().min(1).max(64)).min(1).max(20_000),
      anchorDay: z.number().int().min(1).max(28).default(1),
    }),
    access: 'billing.manage',
    // Reads the router first, outside the transaction; then writes and is audited in the call's transaction
    // (a staged mutation, main/core/dispatcher.ts).
    mutates: true,
  }),
  'billing.dashboard': op<DashboardDto>()({ input: empty, access: 'billing.read', mutates: false }),
  /** Revenue month by month: invoiced (accrual, before tax) and cash. At most 36 months. */
  'billing.revenue': op<RevenueReport>()({
    input: z
      .object({ from: calendarMonthSchema, to: calendarMonthSchema })
      .refine((r) => r.from <= r.to, { message: 'from is after to', path: ['to'] })
      .refine((r) => (Number(r.to.slice(0, 4)) - Number(r.from.slice(0, 4))) * 12 + Number(r.to.slice(5)) - Number(r.from.slice(5)) < 36, { message: 'At most 36 months', path: ['to'] }),
    access: 'billing.read',
    mutates: false,
  }),
  /** Credit note (amount < 0) or extra charge (amount > 0) on a customer's ledger, with a reason. */
  'billing.adjust': op<{ balance: number }>()({
    input: z.object({
      customerId: idSchema,
      amount: z.number().int().min(-1_000_000_000).max(1_000_000_000).refine((n) => n !== 0, { message: 'Not zero' }),
      reason: z.string().trim().min(3).max(300),
    }),
    access: 'billing.manage',
    mutates: true,
  }),
  /**
   * Issue every invoice due up to today now (the same work as the daily job, in its history under the user's
   * name). The run commits in chunks of up to 2,000 subscriptions — resumable, and never holding the write queue
   * for the whole run — before the call's own transaction records its outcome in the audit log (a staged mutation).
   */
  'billing.runInvoices': op<InvoiceRunResult>()({ input: empty, access: 'billing.manage', mutates: true }),
  /** Create the default isolation profile (and its address list) on a router through the outbox. */
  'billing.setupIsolation': op<{ queued: number }>()({ input: z.object({ routerId: idSchema }), access: 'routers.manage', mutates: true }),
};

export type { Page };
