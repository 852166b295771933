import { z } from 'zod';
import type { InvoiceStatus, PaymentMethod, SubscriptionStatus } from './billing';
import type { IsoDate } from './dto';

/*
 * The customer portal (issue 14): what a customer's phone may call, over `POST /portal/api/<method>` with the
 * portal's own session cookie. A separate contract from the staff one on purpose: no staff method can be named
 * here, and no portal method exists in the staff contract. `public` methods need no session; `customer` methods
 * act only on the signed-in customer's own records (ids of others are "not found").
 */

export type PortalAccess = 'public' | 'customer';

export interface PortalOpDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly access: PortalAccess;
  /** Mutating operations run in the write queue, in a transaction. */
  readonly mutates: boolean;
  /** Phantom: the output type. */
  readonly __output?: O;
}

export function portalOp<O>() {
  return <I extends z.ZodType>(def: { input: I; access: PortalAccess; mutates: boolean }): PortalOpDef<I, O> => def;
}

const none = z.object({}).strict();
const id = z.number().int().positive();
export const PORTAL_LANGS = ['id', 'en'] as const;
export type PortalLang = (typeof PORTAL_LANGS)[number];
/** How a portal session was signed in (portal_sessions.via). */
export const PORTAL_SESSION_VIA = ['code', 'password'] as const;
/** What a one-time code proves (portal_codes.purpose). */
export const PORTAL_CODE_PURPOSES = ['login', 'change_number'] as const;
export type PortalCodePurpose = (typeof PORTAL_CODE_PURPOSES)[number];

/** Customer number (C000123), phone or WhatsApp number as the customer types it. */
export const portalLoginSchema = z.string().trim().min(3).max(40);
export const portalCodeSchema = z.string().trim().regex(/^\d{6}$/, { message: 'Enter the 6-digit code' });

export const TICKET_CATEGORIES = ['no_internet', 'slow', 'intermittent', 'device', 'billing', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const TICKET_STATES = ['open', 'in_progress', 'solved'] as const;
export type TicketState = (typeof TICKET_STATES)[number];
/** A photo as a data URL's parts; at most ~1.5 MB of JPEG/PNG/WebP after the phone scales it down. */
export const ticketPhotoSchema = z.object({
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  base64: z.string().max(2_000_000).regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

export interface PortalConfig {
  /** The office opened the portal (Settings → Portal); when false every other method answers forbidden (reason portal_off). */
  enabled: boolean;
  office: { name: string; phone: string };
  /** Sign-in methods the office switched on. */
  methods: { code: boolean; password: boolean };
  language: PortalLang;
  /** The office's time zone (IANA): times are shown in it, whatever the phone says. */
  timeZone: string;
  /** The public voucher shop's address, when there is something on sale. */
  shopUrl: string | null;
}

export interface PortalMe {
  customerId: number;
  name: string;
  number: string;
  language: PortalLang;
}

export interface PortalService {
  subscriptionId: number;
  plan: string;
  /** e.g. "10M/10M", from the plan. */
  speed: string;
  status: SubscriptionStatus;
  username: string;
  /** Paid up to (exclusive end of the last paid period), when known. */
  paidUntil: IsoDate | null;
}

export interface PortalPaymentRow {
  id: number;
  number: string;
  amount: number;
  method: PaymentMethod;
  receivedAt: string;
  reversed: boolean;
}

export interface PortalHome {
  me: PortalMe;
  /** The service as a whole: isolated if any live service is, else active / paused / none. */
  status: 'active' | 'isolated' | 'paused' | 'none';
  services: PortalService[];
  /** Everything still to pay on open invoices. */
  owed: number;
  /** Ledger balance (positive = owes, negative = credit). */
  balance: number;
  /** The oldest unpaid invoice's due date and amount; `overdue` when that date has passed (office calendar). */
  nextDue: { date: IsoDate; amount: number; invoiceId: number; overdue: boolean } | null;
  /** Online payment is set up (the "Bayar" button works). */
  canPayOnline: boolean;
  recentPayments: PortalPaymentRow[];
}

export interface PortalInvoiceRow {
  id: number;
  number: string;
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  total: number;
  remaining: number;
  dueDate: IsoDate;
  status: InvoiceStatus;
  issuedAt: string;
}

export interface PortalInvoice extends PortalInvoiceRow {
  lines: { description: string; amount: number }[];
  /** Receipts that paid it. */
  payments: { id: number; number: string; amount: number; receivedAt: string }[];
}

export interface PortalConnection {
  subscriptionId: number;
  username: string;
  plan: string;
  speed: string;
  /** Null when the router could not be asked (then `error` says why). */
  online: boolean | null;
  ip: string | null;
  uptimeSeconds: number | null;
  /** This session's bytes (from the router). */
  session: { rx: number; tx: number } | null;
  /** This office month's bytes, summed from the router's counters. */
  month: { rx: number; tx: number } | null;
  checkedAt: string;
  error: 'router_unreachable' | null;
}

export interface PortalTicket {
  id: number;
  number: string;
  category: TicketCategory;
  text: string;
  state: TicketState;
  hasPhoto: boolean;
  createdAt: string;
  updatedAt: string;
  /** Notes staff chose to show the customer, oldest first. */
  updates: { at: string; state: TicketState; note: string }[];
}

export interface PortalProfile {
  name: string;
  number: string;
  whatsapp: string | null;
  language: PortalLang;
  optIn: boolean;
}

export const portalContract = {
  'portal.config': portalOp<PortalConfig>()({ input: none, access: 'public', mutates: false }),
  'portal.me': portalOp<PortalMe | null>()({ input: none, access: 'public', mutates: false }),
  /**
   * Sends a sign-in code over WhatsApp to the customer's number. The answer is the same whether or not the login
   * names a customer (no enumeration): `to` is the typed phone number masked (+62 812-****-789) when a phone was
   * typed, null when a customer number was typed ("the WhatsApp number we have for you").
   */
  'portal.requestCode': portalOp<{ to: string | null; expiresInSeconds: number; resendInSeconds: number }>()({ input: z.object({ login: portalLoginSchema }).strict(), access: 'public', mutates: true }),
  'portal.verifyCode': portalOp<PortalMe>()({ input: z.object({ login: portalLoginSchema, code: portalCodeSchema }).strict(), access: 'public', mutates: true }),
  'portal.loginPassword': portalOp<PortalMe>()({ input: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }).strict(), access: 'public', mutates: true }),
  'portal.logout': portalOp<null>()({ input: none, access: 'customer', mutates: true }),
  'portal.home': portalOp<PortalHome>()({ input: none, access: 'customer', mutates: false }),
  'portal.invoices': portalOp<{ items: PortalInvoiceRow[]; nextCursor: number | null }>()({ input: z.object({ cursor: id.optional(), limit: z.number().int().min(1).max(50).default(20) }).strict(), access: 'customer', mutates: false }),
  'portal.invoice': portalOp<PortalInvoice>()({ input: z.object({ id }).strict(), access: 'customer', mutates: false }),
  'portal.payments': portalOp<{ items: PortalPaymentRow[]; nextCursor: number | null }>()({ input: z.object({ cursor: id.optional(), limit: z.number().int().min(1).max(50).default(20) }).strict(), access: 'customer', mutates: false }),
  /** A payment link (made or reused) for one invoice, or for everything owed. */
  'portal.payLink': portalOp<{ url: string }>()({ input: z.object({ invoiceId: id.optional() }).strict(), access: 'customer', mutates: true }),
  'portal.connection': portalOp<PortalConnection[]>()({ input: none, access: 'customer', mutates: false }),
  'portal.tickets': portalOp<PortalTicket[]>()({ input: none, access: 'customer', mutates: false }),
  'portal.ticket': portalOp<PortalTicket>()({ input: z.object({ id }).strict(), access: 'customer', mutates: false }),
  'portal.openTicket': portalOp<PortalTicket>()({
    input: z.object({ category: z.enum(TICKET_CATEGORIES), text: z.string().trim().min(3).max(2000), photo: ticketPhotoSchema.nullable().default(null) }).strict(),
    access: 'customer',
    mutates: true,
  }),
  'portal.profile': portalOp<PortalProfile>()({ input: none, access: 'customer', mutates: false }),
  'portal.updateProfile': portalOp<PortalProfile>()({ input: z.object({ language: z.enum(PORTAL_LANGS).optional(), optIn: z.boolean().optional() }).strict(), access: 'customer', mutates: true }),
  /** Sends a code to the new WhatsApp number; the number changes only when that code comes back. */
  'portal.requestWhatsAppChange': portalOp<{ to: string; expiresInSeconds: number }>()({ input: z.object({ whatsapp: z.string().trim().min(8).max(20) }).strict(), access: 'customer', mutates: true }),
  'portal.confirmWhatsAppChange': portalOp<PortalProfile>()({ input: z.object({ code: portalCodeSchema }).strict(), access: 'customer', mutates: true }),
} as const;

export type PortalContract = typeof portalContract;
export type PortalMethod = keyof PortalContract;
export type PortalInput<M extends PortalMethod> = z.input<PortalContract[M]['input']>;
export type PortalParsedInput<M extends PortalMethod> = z.output<PortalContract[M]['input']>;
export type PortalOutput<M extends PortalMethod> = PortalContract[M] extends PortalOpDef<z.ZodType, infer O> ? O : never;
export const PORTAL_METHODS = Object.keys(portalContract) as PortalMethod[];
export function isPortalMethod(name: string): name is PortalMethod {
  return Object.prototype.hasOwnProperty.call(portalContract, name);
}
/** The portal's session cookie (path /portal), never the staff one. */
export const PORTAL_COOKIE = 'mb_portal';
/** Sent with every portal call (with a same-origin Origin, the CSRF defence). */
export const PORTAL_HEADER = 'x-portal';
