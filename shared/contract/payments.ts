import { z } from 'zod';
import { op } from './op';
import { calendarDateSchema, empty, idSchema, pageSchema } from './common';
import type { ExportFile } from './customers';
import type { IsoDate, Page } from './dto';

/**
 * Online payments through a payment gateway (issue 12; shared/reference/payments.md). The domain is `gateway.*`
 * (`payments.*` is the counter's, in billing.ts). An attempt is one try to pay (one order id at the gateway);
 * only the gateway's status API changes its state, and a paid attempt becomes exactly one payment (method
 * 'gateway') that settles invoices like a counter payment.
 */

export const GATEWAYS = ['duitku', 'tripay', 'midtrans', 'xendit'] as const;
export type Gateway = (typeof GATEWAYS)[number];
export const GATEWAY_ENVS = ['sandbox', 'production'] as const;
export type GatewayEnvironment = (typeof GATEWAY_ENVS)[number];
/** DuitKu's three signature schemes (reference §2); other gateways ignore it. */
export const SIGNATURE_SCHEMES = ['hmac-sha256', 'sha256', 'md5'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];
/** DuitKu: 'v2' = we show the methods and create with one; 'pop' = DuitKu's own payment page. */
export const GATEWAY_FLAVOURS = ['v2', 'pop'] as const;
export type GatewayFlavour = (typeof GATEWAY_FLAVOURS)[number];
/** Who pays the gateway's fee: added to what the customer pays, or absorbed by the office. */
export const FEE_BEARERS = ['customer', 'office'] as const;
export type FeeBearer = (typeof FEE_BEARERS)[number];
export const ATTEMPT_STATES = ['pending', 'paid', 'failed', 'expired'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];
/** What an attempt pays: an invoice, a customer's balance (top-up), or a voucher of a profile. */
export const ATTEMPT_PURPOSES = ['invoice', 'customer', 'voucher'] as const;
export type AttemptPurpose = (typeof ATTEMPT_PURPOSES)[number];
/** What moved an attempt: the gateway's callback (then its status API), the polling job, staff, or its creation. */
export const ATTEMPT_EVENT_SOURCES = ['callback', 'poll', 'staff', 'create'] as const;
export type AttemptEventSource = (typeof ATTEMPT_EVENT_SOURCES)[number];
/**
 * Why a paid attempt waits for a person (the money is recorded as a payment anyway: the ledger keeps the credit).
 * amount_mismatch: the gateway says another amount was paid; invoice_already_paid: the invoice was settled
 * elsewhere (at the counter) first; paid_after_expiry: paid after we had marked it expired or failed;
 * customer_missing: the attempt has no customer to credit (not recorded; handle by hand).
 */
export const REVIEW_REASONS = ['amount_mismatch', 'invoice_already_paid', 'paid_after_expiry', 'customer_missing'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export interface PaymentAccountDto {
  id: number;
  gateway: Gateway;
  name: string;
  env: GatewayEnvironment;
  merchantCode: string;
  /** Keys are write-only: the DTO says only whether one is stored. */
  hasApiKey: boolean;
  hasSecondaryKey: boolean;
  signatureScheme: SignatureScheme;
  flavour: GatewayFlavour;
  enabled: boolean;
  /** Channel codes customers are offered (empty = all the gateway lists). */
  methods: string[];
  feeBearer: FeeBearer;
  /** Public base URL of this office's server as the gateway reaches it (https://…), or '' when not set. */
  publicBaseUrl: string;
  /** What to paste into the gateway's dashboard as the callback URL ('' while publicBaseUrl is not set). */
  callbackUrl: string;
  /** Host override for sandboxes/test doubles; null = the gateway's own host. */
  baseUrl: string | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface GatewayMethodDto {
  code: string;
  name: string;
  /** Integer rupiah the gateway charges for the test amount. */
  fee: number;
  image?: string;
}

export interface PaymentAttemptDto {
  id: number;
  orderId: string;
  accountId: number;
  accountName: string;
  gateway: Gateway;
  purpose: AttemptPurpose;
  invoiceId: number | null;
  customerId: number | null;
  customerName: string;
  voucherProfileId: number | null;
  /** A shop purchase: the profile's name, the voucher the confirmed payment delivered and its code. */
  voucherProfileName: string;
  voucherId: number | null;
  voucherCode: string | null;
  /** The shop buyer's WhatsApp number (E.164) if they gave one, else ''. */
  buyerPhone: string;
  /** Integer rupiah asked from the customer (the fee included when the customer bears it). */
  amount: number;
  fee: number;
  method: string;
  gatewayRef: string;
  payCode: string;
  qrString: string;
  paymentUrl: string;
  expiresAt: IsoDate | null;
  state: AttemptState;
  /** The one payment this attempt became. */
  paymentId: number | null;
  paymentNumber: string | null;
  needsReview: boolean;
  reviewReason: ReviewReason | null;
  reviewedAt: IsoDate | null;
  reviewNote: string;
  lastCheckedAt: IsoDate | null;
  nextCheckAt: IsoDate | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface AttemptEventDto {
  id: number;
  at: IsoDate;
  fromState: AttemptState | null;
  toState: AttemptState;
  source: AttemptEventSource;
  detail: string;
}

export interface PaymentAttemptDetailDto extends PaymentAttemptDto {
  events: AttemptEventDto[];
}

export interface PaymentCallbackDto {
  id: number;
  at: IsoDate;
  gateway: string;
  accountId: number | null;
  remoteIp: string;
  contentType: string;
  /** The raw body as received (capped). */
  body: string;
  accepted: boolean;
  /** Why it was refused or what it led to (bad_signature, malformed, unknown_order, amount_mismatch, …). */
  reason: string;
  orderId: string | null;
}

export const PAYMENT_LINK_KINDS = ['invoice', 'customer'] as const;
export type PaymentLinkKind = (typeof PAYMENT_LINK_KINDS)[number];
/** A link is active until it expires or staff revoke it. */
export type PaymentLinkState = 'active' | 'expired' | 'revoked';

/** A signed, expiring link to the public pay page of one invoice or of everything a customer owes. */
export interface PaymentLinkDto {
  id: number;
  kind: PaymentLinkKind;
  invoiceId: number | null;
  customerId: number;
  /** `<base36 id>.<signature>`: the part after /p/. */
  code: string;
  /** The full address (the account's public address, else the listener's LAN address). */
  url: string;
  /** The same without "https://", for WhatsApp and SMS. */
  shortUrl: string;
  expiresAt: IsoDate;
  revokedAt: IsoDate | null;
  state: PaymentLinkState;
  createdAt: IsoDate;
  /** The link as a QR code (SVG), on creation only. */
  qrSvg?: string;
}

/** The public voucher shop as staff hand it out (a poster, the portal, WhatsApp). */
export interface VoucherShopInfo {
  /** The shop's address (the accounts' public address, else the listener's LAN address); null while there is none. */
  url: string | null;
  /** The address as a QR code (SVG). */
  qrSvg: string | null;
  /** Profiles on sale (active and marked online), cheapest first. */
  profiles: { id: number; name: string; price: number }[];
  /** Enabled payment accounts (none: the shop says it is closed). */
  accounts: number;
}

/** Money of paid attempts: gross = what the customer paid at the gateway, fee = the gateway's, net = gross − fee (what the ledger credits). */
export interface GatewayMoney {
  count: number;
  gross: number;
  fee: number;
  net: number;
}

/** Paid attempts by office day (the day the gateway's "paid" was applied) and account. */
export interface GatewayReportRow extends GatewayMoney {
  day: string;
  accountId: number;
  accountName: string;
  gateway: Gateway;
}

export interface GatewayReport {
  from: string;
  to: string;
  rows: GatewayReportRow[];
  /** Per account over the whole range. */
  byAccount: (GatewayMoney & { accountId: number; accountName: string; gateway: Gateway })[];
  totals: GatewayMoney;
}

/** One paid attempt as the reconciliation lists it (amounts in integer rupiah). */
export interface ReconcileAttemptItem {
  attemptId: number;
  orderId: string;
  paidAt: IsoDate;
  customerName: string;
  /** What we asked for (the fee included when the customer bears it). */
  asked: number;
  /** What the gateway says was paid. */
  paid: number;
  fee: number;
  /** What the ledger should hold for it (paid − fee). */
  expected: number;
  paymentId: number | null;
  paymentNumber: string | null;
  /** What the ledger holds (null: no payment). */
  ledger: number | null;
  reversedAt: IsoDate | null;
  reverseReason: string | null;
}

/** A gateway payment in the ledger that no paid attempt points at. */
export interface ReconcilePaymentItem {
  paymentId: number;
  number: string;
  customerName: string;
  amount: number;
  reference: string;
  note: string;
  receivedAt: IsoDate;
  reversedAt: IsoDate | null;
}

export interface GatewayReconciliation {
  accountId: number;
  accountName: string;
  gateway: Gateway;
  from: string;
  to: string;
  /** Paid attempts whose payment is in the ledger, not reversed, for exactly the expected amount. */
  matched: GatewayMoney & { ledger: number };
  /** Paid at the gateway but no payment in the ledger (e.g. no customer to credit). */
  paidWithoutPayment: ReconcileAttemptItem[];
  /** Gateway payments received in the range that no attempt points at (any account: the ledger does not name one). */
  paymentsWithoutAttempt: ReconcilePaymentItem[];
  /** Paid another amount than asked, or the ledger holds another amount than expected. */
  amountDifferences: ReconcileAttemptItem[];
  /** The attempt's payment was reversed afterwards (money came in at the gateway but is no longer credited). */
  reversed: ReconcileAttemptItem[];
  /** Voucher shop purchases paid there that delivered their voucher (vouchers are sales, not ledger credits). */
  vouchers: GatewayMoney;
}

/** Office-local dates, at most a year apart. */
const ranged = <T extends z.ZodObject<{ from: typeof calendarDateSchema; to: typeof calendarDateSchema }>>(o: T) =>
  o
    .refine((r: { from: string; to: string }) => r.from <= r.to, { message: 'The start is after the end', path: ['from'] })
    .refine((r: { from: string; to: string }) => Date.parse(r.to) - Date.parse(r.from) <= 366 * 86_400_000, { message: 'At most a year at a time', path: ['to'] });

const name = z.string().trim().min(1).max(100);
const key = z.string().trim().min(1).max(500);
const channel = z.string().trim().regex(/^[A-Za-z0-9_-]{1,30}$/, { message: 'Use the gateway’s channel code' });
const httpUrl = z.url({ protocol: /^https?$/ }).max(300);

export const accountInputSchema = z.object({
  gateway: z.enum(GATEWAYS),
  name,
  env: z.enum(GATEWAY_ENVS).default('sandbox'),
  merchantCode: z.string().trim().max(100).default(''),
  /** Required when creating; on update absent = keep the stored key. */
  apiKey: key.optional(),
  secondaryKey: key.optional(),
  signatureScheme: z.enum(SIGNATURE_SCHEMES).default('hmac-sha256'),
  flavour: z.enum(GATEWAY_FLAVOURS).default('v2'),
  enabled: z.boolean().default(true),
  methods: z.array(channel).max(50).default([]),
  feeBearer: z.enum(FEE_BEARERS).default('customer'),
  publicBaseUrl: z.union([httpUrl, z.literal('')]).default(''),
  baseUrl: httpUrl.nullable().default(null),
});

const attemptFilter = pageSchema.extend({
  state: z.enum(ATTEMPT_STATES).optional(),
  needsReview: z.boolean().optional(),
  accountId: idSchema.optional(),
  customerId: idSchema.optional(),
});

export const gatewayContract = {
  'gateway.accounts': op<PaymentAccountDto[]>()({ input: empty, access: 'settings.read', mutates: false }),
  'gateway.createAccount': op<PaymentAccountDto>()({
    input: accountInputSchema.refine((a) => a.apiKey !== undefined, { message: 'The API key is required', path: ['apiKey'] }),
    access: 'settings.manage',
    mutates: true,
  }),
  /** Absent keys keep the stored ones; `clearSecondaryKey` removes the secondary key. */
  'gateway.updateAccount': op<PaymentAccountDto>()({
    input: accountInputSchema.extend({ id: idSchema, clearSecondaryKey: z.boolean().default(false) }),
    access: 'settings.manage',
    mutates: true,
  }),
  /** Only an account without attempts can be removed (else disable it: the attempts keep their history). */
  'gateway.removeAccount': op<{ removed: true }>()({ input: z.object({ id: idSchema }), access: 'settings.manage', mutates: true }),
  /** Asks the gateway for the account's methods and fees for an amount: proves the keys work. */
  'gateway.testAccount': op<{ methods: GatewayMethodDto[] }>()({
    input: z.object({ id: idSchema, amount: z.number().int().min(10_000).max(100_000_000).default(10_000) }),
    access: 'settings.manage',
    mutates: false,
  }),
  'gateway.attempts': op<Page<PaymentAttemptDto>>()({ input: attemptFilter, access: 'billing.read', mutates: false }),
  'gateway.attempt': op<PaymentAttemptDetailDto>()({ input: z.object({ id: idSchema }), access: 'billing.read', mutates: false }),
  /** Every callback received, accepted or not, newest first. */
  'gateway.callbacks': op<Page<PaymentCallbackDto>>()({
    input: pageSchema.extend({ accountId: idSchema.optional(), accepted: z.boolean().optional(), orderId: z.string().trim().max(50).optional() }),
    access: 'billing.read',
    mutates: false,
  }),
  /** A person looked at a flagged attempt (the payment stays; corrections go through payments.reverse/refund). */
  'gateway.markReviewed': op<PaymentAttemptDto>()({
    input: z.object({ id: idSchema, note: z.string().trim().min(3).max(300) }),
    access: 'billing.manage',
    mutates: true,
  }),
  /** Staff start a payment for an invoice (its open amount) or a customer (an amount); the answer has the pay code / URL. */
  'gateway.createAttempt': op<PaymentAttemptDto>()({
    input: z
      .object({
        accountId: idSchema,
        invoiceId: idSchema.optional(),
        customerId: idSchema.optional(),
        amount: z.number().int().min(1).max(1_000_000_000).optional(),
        method: channel.optional(),
      })
      .refine((a) => (a.invoiceId === undefined) !== (a.customerId === undefined), { message: 'Give an invoice or a customer', path: ['invoiceId'] })
      .refine((a) => a.customerId === undefined || a.amount !== undefined, { message: 'A customer payment needs its amount', path: ['amount'] }),
    access: 'payments.collect',
    mutates: true,
  }),
  /** Ask the gateway now about one attempt (what the polling job does); its answer alone changes the state. */
  'gateway.checkAttempt': op<PaymentAttemptDto>()({ input: z.object({ id: idSchema }), access: 'payments.collect', mutates: true }),
  /** A pay link for an invoice (its open amount) or a customer (everything they owe), valid `expiresInDays` days. */
  'gateway.createLink': op<PaymentLinkDto>()({
    input: z
      .object({ invoiceId: idSchema.optional(), customerId: idSchema.optional(), expiresInDays: z.number().int().min(1).max(90).default(7) })
      .refine((a) => (a.invoiceId === undefined) !== (a.customerId === undefined), { message: 'Give an invoice or a customer', path: ['invoiceId'] }),
    access: 'payments.collect',
    mutates: true,
  }),
  /** The links of an invoice or of a customer (theirs and their invoices'), newest first. */
  'gateway.links': op<PaymentLinkDto[]>()({
    input: z
      .object({ invoiceId: idSchema.optional(), customerId: idSchema.optional() })
      .refine((a) => (a.invoiceId === undefined) !== (a.customerId === undefined), { message: 'Give an invoice or a customer', path: ['invoiceId'] }),
    access: 'billing.read',
    mutates: false,
  }),
  /** The link stops working at once (its pay page says so); attempts already started go on. */
  'gateway.revokeLink': op<PaymentLinkDto>()({ input: z.object({ id: idSchema }), access: 'payments.collect', mutates: true }),
  /** Online payments by office day and account: count, gross, gateway fee and net (paid attempts only). */
  'gateway.report': op<GatewayReport>()({
    input: ranged(z.object({ from: calendarDateSchema, to: calendarDateSchema, accountId: idSchema.optional() })),
    access: 'reports.read',
    mutates: false,
  }),
  /** The report as a CSV (UTF-8 with BOM) or XLSX file; text cells neutralised against formulas (shared/spreadsheet). */
  'gateway.reportExport': op<ExportFile>()({
    input: ranged(
      z.object({ from: calendarDateSchema, to: calendarDateSchema, accountId: idSchema.optional(), format: z.enum(['csv', 'xlsx']), language: z.enum(['id', 'en']).default('id') }),
    ),
    access: 'reports.read',
    mutates: false,
  }),
  /** The shop's address, QR code and what it sells. */
  'gateway.shop': op<VoucherShopInfo>()({ input: empty, access: 'vouchers.read', mutates: false }),
  /** One account's paid attempts against the gateway payments in the ledger; everything that does not match is listed. */
  'gateway.reconcile': op<GatewayReconciliation>()({
    input: ranged(z.object({ accountId: idSchema, from: calendarDateSchema, to: calendarDateSchema })),
    access: 'reports.read',
    mutates: false,
  }),
};
