import { z } from 'zod';
import { op } from './op';
import { calendarDateSchema, idSchema, pageSchema } from './common';
import type { IsoDate, Page } from './dto';

const rupiah = z.number().int().min(0).max(100_000_000);
/** Who ends a profile's vouchers: the app (first login + validity), a script already on the router (Mikhmon's), or nobody. */
export const VOUCHER_EXPIRY = ['app', 'router', 'never'] as const;
export type VoucherExpiry = (typeof VOUCHER_EXPIRY)[number];

/** The longest validity, time limit or extension the expiry code handles: ten years. */
export const MAX_DURATION_DAYS = 3650;
export const MAX_DURATION_SECONDS = MAX_DURATION_DAYS * 86_400;
const DURATION_RE = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
/** Seconds in a duration of durationSchema's form (1w2d3h4m5s), or null when it is not one (may be Infinity). */
export function durationSeconds(text: string): number | null {
  const m = DURATION_RE.exec(text.trim());
  if (!m || text.trim() === '') return null;
  const [w, d, h, mi, s] = m.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number];
  return w * 604_800 + d * 86_400 + h * 3_600 + mi * 60 + s;
}
/** RouterOS durations: 30m, 3h, 1d, 7d, 1w2d, 1d12h…; at least 1 s, at most MAX_DURATION_DAYS. */
export const durationSchema = z
  .string()
  .trim()
  .max(40)
  .regex(DURATION_RE, { message: 'Use a duration such as 3h, 1d, 7d or 30d' })
  .refine((s) => s.length > 0 && s !== '0', { message: 'Use a duration such as 3h, 1d, 7d or 30d' })
  .refine(
    (s) => {
      const n = durationSeconds(s);
      // Not a duration at all: the checks above say so.
      return n === null || (n >= 1 && n <= MAX_DURATION_SECONDS);
    },
    { message: `Use a duration from 1s up to ${MAX_DURATION_DAYS}d` },
  );

/*
 * Row enums: declared once here, reused by the entity rows (main/modules/vouchers), the DTOs and the zod
 * schemas. tests/unit/shared-enums.test.ts holds each one against its column's CHECK in the schema snapshot.
 */
/** What the app does to a voucher when it expires. */
export const EXPIRY_ACTIONS = ['remove', 'disable'] as const;
export type ExpiryAction = (typeof EXPIRY_ACTIONS)[number];
/** vc: the code is both name and password; up: a separate password. */
export const VOUCHER_MODES = ['vc', 'up'] as const;
export type VoucherMode = (typeof VOUCHER_MODES)[number];
export const VOUCHER_STATES = ['unused', 'active', 'expired', 'disabled', 'removed'] as const;
export type VoucherState = (typeof VOUCHER_STATES)[number];
/** imported: a batch read from a router (Mikhmon), never pushed by the app. */
export const VOUCHER_BATCH_STATUSES = ['pushing', 'done', 'cancelled', 'imported'] as const;
export type VoucherBatchStatus = (typeof VOUCHER_BATCH_STATUSES)[number];
/** Stock an outlet gets or gives back (outlet_stock_moves.kind). */
export const OUTLET_STOCK_MOVE_KINDS = ['handover', 'takeback'] as const;
export type OutletStockMoveKind = (typeof OUTLET_STOCK_MOVE_KINDS)[number];

export const CHARSETS = ['lower', 'upper', 'mixed', 'lower-digits', 'upper-digits', 'mixed-digits', 'digits'] as const;
export type Charset = (typeof CHARSETS)[number];

export interface VoucherProfileDto {
  id: number;
  routerId: number;
  routerName: string;
  name: string;
  profileName: string;
  hotspotServer: string;
  price: number;
  sellingPrice: number;
  /** How long a voucher lasts from its first login; null when its vouchers never expire (expiry 'never'). */
  validity: string | null;
  validitySeconds: number | null;
  timeLimit: string | null;
  dataQuotaMb: number | null;
  rateLimit: string;
  sharedUsers: number;
  addressPool: string;
  lockMac: boolean;
  expiryAction: ExpiryAction;
  /** Who ends its vouchers: the app, a script on the router (Mikhmon's), or nobody. */
  expiry: VoucherExpiry;
  active: boolean;
  /** Offered in the public voucher shop (bought online, paid through a payment gateway). */
  online: boolean;
  /** Unused vouchers on the router (stock). */
  stock: number;
}

export interface VoucherDto {
  id: number;
  serial: number;
  batchId: number;
  batchComment: string;
  routerId: number;
  routerName: string;
  profileId: number;
  profileName: string;
  username: string;
  password: string;
  state: VoucherState;
  onRouter: boolean;
  price: number;
  /** Null: the profile never expires. */
  validity: string | null;
  timeLimit: string | null;
  dataQuotaMb: number | null;
  firstLoginAt: IsoDate | null;
  expiresAt: IsoDate | null;
  mac: string | null;
  outletId: number | null;
  outletName: string | null;
  soldAt: IsoDate | null;
  soldBy: string | null;
  soldPrice: number | null;
  createdAt: IsoDate;
}

export interface VoucherBatchDto {
  id: number;
  routerId: number;
  routerName: string;
  profileId: number;
  profileName: string;
  quantity: number;
  mode: VoucherMode;
  codeLength: number;
  charset: Charset;
  prefix: string;
  comment: string;
  status: VoucherBatchStatus;
  pushed: number;
  lastError: string | null;
  createdBy: string | null;
  createdAt: IsoDate;
  finishedAt: IsoDate | null;
  unused: number;
}

export interface OutletDto {
  id: number;
  name: string;
  phone: string | null;
  address: string;
  notes: string;
  active: boolean;
  prices: { profileId: number; price: number }[];
  /** Vouchers handed over and not used yet. */
  stock: number;
  /** Used vouchers × the outlet's price. */
  soldValue: number;
  paid: number;
  /** soldValue − paid. */
  owes: number;
}

/** One line of an outlet's statement: stock handed over or taken back, vouchers used (owed), a payment. */
export interface OutletStatementLine {
  /** Newest instant of the line (ISO UTC); `day` is its office date. */
  at: string;
  day: string;
  kind: OutletStockMoveKind | 'used' | 'payment';
  profile: string | null;
  count: number;
  /** What the outlet owes for this line (used vouchers). */
  debit: number;
  /** What it paid. */
  credit: number;
  /** What it owes after this line. */
  balance: number;
  note: string;
  by: string | null;
}

/** An outlet's book, newest first (the newest 500 lines; balances count every line). */
export interface OutletStatement {
  outlet: OutletDto;
  lines: OutletStatementLine[];
  truncated: boolean;
}

export interface SalesReport {
  from: string;
  to: string;
  groupBy: 'day' | 'profile' | 'outlet' | 'router';
  rows: { key: string; label: string; count: number; amount: number }[];
  totalCount: number;
  totalAmount: number;
}

const profileInput = z.object({
  routerId: idSchema,
  name: z.string().trim().min(1).max(60),
  profileName: z.string().trim().regex(/^[A-Za-z0-9._-]{1,60}$/, { message: 'Use letters, digits, dot, dash or underscore' }),
  hotspotServer: z.string().trim().regex(/^[A-Za-z0-9._-]{1,60}$/).default('all'),
  price: rupiah,
  sellingPrice: rupiah,
  /** Required unless expiry is 'never' (then not used). */
  validity: durationSchema.nullable().default(null),
  /** 'app': first login + validity; 'router': a script already on the router (Mikhmon's) ends them; 'never'. */
  expiry: z.enum(VOUCHER_EXPIRY).default('app'),
  timeLimit: durationSchema.nullable().default(null),
  dataQuotaMb: z.number().int().min(1).max(10_000_000).nullable().default(null),
  rateLimit: z.string().trim().max(120).regex(/^[0-9A-Za-z/ .]*$/, { message: 'Use a RouterOS rate limit such as 1M/2M' }).default(''),
  sharedUsers: z.number().int().min(1).max(1000).default(1),
  addressPool: z.string().trim().max(60).regex(/^[A-Za-z0-9._-]*$/).default(''),
  lockMac: z.boolean().default(false),
  expiryAction: z.enum(EXPIRY_ACTIONS).default('remove'),
  /** Offered in the public voucher shop at its selling price. */
  online: z.boolean().default(false),
});

export const generateSchema = z.object({
  profileId: idSchema,
  quantity: z.number().int().min(1).max(10_000),
  mode: z.enum(VOUCHER_MODES).default('vc'),
  codeLength: z.number().int().min(3).max(12).default(6),
  charset: z.enum(CHARSETS).default('upper-digits'),
  /** Leave out 0/O/o, 1/l/I/i and similar look-alikes. */
  avoidAmbiguous: z.boolean().default(true),
  prefix: z.string().trim().max(6).regex(/^[A-Za-z0-9]*$/, { message: 'Letters and digits only' }).default(''),
  note: z.string().trim().max(40).regex(/^[^\n-]*$/, { message: 'No dashes or line breaks' }).default(''),
});

export const vouchersContract = {
  'vouchers.profiles': op<VoucherProfileDto[]>()({ input: z.object({ routerId: idSchema.optional(), includeArchived: z.boolean().default(false) }), access: 'vouchers.read', mutates: false }),
  'vouchers.createProfile': op<VoucherProfileDto>()({ input: profileInput, access: 'vouchers.manage', mutates: true }),
  /** Saving updates /ip/hotspot/user/profile on the router through the outbox. */
  'vouchers.updateProfile': op<VoucherProfileDto>()({ input: profileInput.omit({ routerId: true }).extend({ id: idSchema }), access: 'vouchers.manage', mutates: true }),
  'vouchers.setProfileActive': op<VoucherProfileDto>()({ input: z.object({ id: idSchema, active: z.boolean() }), access: 'vouchers.manage', mutates: true }),
  /** Writes the batch and its codes, then pushes them to the router in the background (progress events). */
  'vouchers.generate': op<VoucherBatchDto>()({ input: generateSchema, access: 'vouchers.manage', mutates: true }),
  'vouchers.cancelPush': op<VoucherBatchDto>()({ input: z.object({ batchId: idSchema }), access: 'vouchers.manage', mutates: true }),
  'vouchers.resumePush': op<VoucherBatchDto>()({ input: z.object({ batchId: idSchema }), access: 'vouchers.manage', mutates: true }),
  'vouchers.batches': op<Page<VoucherBatchDto>>()({ input: pageSchema.extend({ routerId: idSchema.optional(), profileId: idSchema.optional() }), access: 'vouchers.read', mutates: false }),
  'vouchers.list': op<Page<VoucherDto>>()({
    input: pageSchema.extend({
      q: z.string().trim().max(60).optional(),
      batchId: idSchema.optional(),
      profileId: idSchema.optional(),
      routerId: idSchema.optional(),
      outletId: idSchema.optional(),
      state: z.enum(VOUCHER_STATES).optional(),
      ids: z.array(idSchema).max(10_000).optional(),
    }),
    access: 'vouchers.read',
    mutates: false,
  }),
  /** Who sold it, when it was first used, where it is now. */
  'vouchers.lookup': op<VoucherDto | null>()({ input: z.object({ code: z.string().trim().min(1).max(60) }), access: 'vouchers.read', mutates: false }),
  /** Counter sale: takes the oldest unused, unsold vouchers of a profile. */
  'vouchers.sell': op<VoucherDto[]>()({ input: z.object({ profileId: idSchema, quantity: z.number().int().min(1).max(500) }), access: 'vouchers.sell', mutates: true }),
  'vouchers.extend': op<VoucherDto>()({ input: z.object({ id: idSchema, by: durationSchema }), access: 'vouchers.manage', mutates: true }),
  'vouchers.disable': op<VoucherDto>()({ input: z.object({ id: idSchema }), access: 'vouchers.manage', mutates: true }),
  'vouchers.enable': op<VoucherDto>()({ input: z.object({ id: idSchema }), access: 'vouchers.manage', mutates: true }),
  'vouchers.outlets': op<OutletDto[]>()({ input: z.object({}).strict(), access: 'vouchers.read', mutates: false }),
  'vouchers.saveOutlet': op<OutletDto>()({
    input: z.object({
      id: idSchema.optional(),
      name: z.string().trim().min(2).max(80),
      phone: z.string().trim().max(30).nullable().default(null),
      address: z.string().trim().max(300).default(''),
      notes: z.string().trim().max(500).default(''),
      active: z.boolean().default(true),
      prices: z.array(z.object({ profileId: idSchema, price: rupiah })).max(200).default([]),
    }),
    access: 'vouchers.manage',
    mutates: true,
  }),
  /** Hand unused vouchers (a batch, or chosen ones) to an outlet as stock. */
  'vouchers.handOver': op<{ handed: number }>()({
    input: z.object({ outletId: idSchema, batchId: idSchema.optional(), ids: z.array(idSchema).max(10_000).optional(), quantity: z.number().int().min(1).max(10_000).optional() }),
    access: 'vouchers.manage',
    mutates: true,
  }),
  'vouchers.outletPayment': op<OutletDto>()({
    input: z.object({ outletId: idSchema, amount: rupiah.min(1), note: z.string().trim().max(300).default('') }),
    access: 'payments.collect',
    mutates: true,
  }),
  /** New first-login report tokens for all routers; every voucher profile's script goes to its router again. */
  'vouchers.rotateReportTokens': op<{ routers: number; profiles: number }>()({ input: z.object({}).strict(), access: 'settings.manage', mutates: true }),
  'vouchers.outletStatement': op<OutletStatement>()({ input: z.object({ outletId: idSchema }).strict(), access: 'vouchers.read', mutates: false }),
  /**
   * Unused vouchers come back from an outlet to the office stock (all of them, or the chosen ones). Reads the
   * routers first: vouchers found used meanwhile stay the outlet's and are charged (`used`).
   */
  'vouchers.takeBack': op<{ returned: number; used: number }>()({
    input: z.object({ outletId: idSchema, ids: z.array(idSchema).min(1).max(10_000).optional() }).strict(),
    access: 'vouchers.manage',
    // Staged (main/core/dispatcher.ts): the routers are read first, outside the call's transaction.
    mutates: true,
  }),
  'vouchers.sales': op<SalesReport>()({
    input: z.object({ from: calendarDateSchema, to: calendarDateSchema, groupBy: z.enum(['day', 'profile', 'outlet', 'router']).default('day') }),
    access: 'reports.read',
    mutates: false,
  }),
};
