import { z } from 'zod';
import { op } from './op';
import { idSchema, pageSchema } from './common';
import type { IsoDate, Page } from './dto';
import type { SubscriptionDto, SubscriptionStatus } from './billing';

/* Row enums: one declaration for the entity rows, the DTOs and zod (checked against the schema by tests/unit/shared-enums.test.ts). */
export const CUSTOMER_STATUSES = ['active', 'inactive'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
/** What moves a customer's balance (ledger_entries.kind). */
export const LEDGER_KINDS = ['invoice', 'payment', 'void', 'reversal', 'adjustment'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface CustomerDto {
  id: number;
  number: string;
  name: string;
  /** International form, e.g. +6281234567890. */
  phone: string | null;
  whatsapp: string | null;
  waOptIn: boolean;
  address: string;
  area: string;
  lat: number | null;
  lng: number | null;
  idNumber: string;
  /** Tax number (NPWP) for invoices; empty when none. */
  npwp: string;
  notes: string;
  status: CustomerStatus;
  collectorId: number | null;
  collectorName: string | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/** A row of the customer list: the customer plus what a clerk needs at a glance. */
export interface CustomerListItem extends CustomerDto {
  /** Ledger balance in rupiah: > 0 owes, < 0 credit. */
  balance: number;
  /** Unpaid amount of invoices past their due date. */
  overdue: number;
  /** PPPoE usernames and plan names of live subscriptions. */
  usernames: string[];
  plans: string[];
  /** Worst subscription state (isolated > active > paused > pending), null without subscriptions. */
  serviceStatus: Exclude<SubscriptionStatus, 'terminated'> | null;
}

export interface CustomerDetail {
  customer: CustomerDto;
  balance: number;
  overdue: number;
  subscriptions: SubscriptionDto[];
}

/** A ledger entry with the running balance after it. */
export interface LedgerEntryDto {
  id: number;
  kind: LedgerKind;
  amount: number;
  balance: number;
  invoiceId: number | null;
  invoiceNumber: string | null;
  paymentId: number | null;
  paymentNumber: string | null;
  memo: string;
  createdBy: string | null;
  createdAt: IsoDate;
}

/** What the router says about one subscription's PPPoE account right now. */
export interface PppLiveStatus {
  subscriptionId: number;
  routerId: number;
  routerName: string;
  username: string;
  reachable: boolean;
  online: boolean;
  address: string | null;
  uptime: string | null;
  callerId: string | null;
  error: string | null;
}

export interface ImportRowResult {
  /** 1-based row in the file (header = row 1). */
  row: number;
  name: string;
  phone: string | null;
  area: string;
  errors: { field: string; message: string }[];
}

export interface ImportPreview {
  total: number;
  valid: number;
  invalid: number;
  rows: ImportRowResult[];
  /** Columns recognised from the header, and ones ignored. */
  columns: string[];
  ignored: string[];
}

export interface ExportFile {
  filename: string;
  mime: string;
  base64: string;
}

const optionalText = (max: number) => z.string().trim().max(max).default('');
/** Any common way of writing an Indonesian number (08…, 628…, +62 8…); stored in international form. */
const phoneInput = z.string().trim().max(30).nullable().default(null);

export const customerInputSchema = z.object({
  name: z.string().trim().min(2).max(100),
  phone: phoneInput,
  whatsapp: phoneInput,
  waOptIn: z.boolean().default(false),
  address: optionalText(300),
  area: optionalText(60),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lng: z.number().min(-180).max(180).nullable().default(null),
  idNumber: optionalText(32),
  npwp: z.string().trim().max(30).regex(/^[0-9.\- ]*$/, { message: 'Use digits, dots and dashes' }).default(''),
  notes: optionalText(1000),
  collectorId: idSchema.nullable().default(null),
});
export type CustomerInput = z.input<typeof customerInputSchema>;

export const customerFilterSchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  routerId: idSchema.optional(),
  planId: idSchema.optional(),
  area: z.string().trim().max(60).optional(),
  overdue: z.boolean().optional(),
  isolated: z.boolean().optional(),
});

const fileSchema = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** File content, base64; 10 MB at most. */
  base64: z.string().max(14_000_000),
});

export const customersContract = {
  'customers.list': op<Page<CustomerListItem>>()({
    input: pageSchema.extend(customerFilterSchema.shape),
    access: 'customers.read',
    mutates: false,
  }),
  'customers.get': op<CustomerDetail>()({ input: z.object({ id: idSchema }), access: 'customers.read', mutates: false }),
  'customers.create': op<CustomerDto>()({ input: customerInputSchema, access: 'customers.manage', mutates: true }),
  'customers.update': op<CustomerDto>()({ input: customerInputSchema.extend({ id: idSchema }), access: 'customers.manage', mutates: true }),
  'customers.setStatus': op<CustomerDto>()({
    input: z.object({ id: idSchema, status: z.enum(CUSTOMER_STATUSES) }),
    access: 'customers.manage',
    mutates: true,
  }),
  /** Distinct areas in use, for filters and the form. */
  'customers.areas': op<string[]>()({ input: z.object({}).strict(), access: 'customers.read', mutates: false }),
  'customers.ledger': op<Page<LedgerEntryDto>>()({
    input: pageSchema.extend({ id: idSchema }),
    access: 'customers.read',
    mutates: false,
  }),
  /** Online now? Asks the routers of the customer's subscriptions. */
  'customers.routerStatus': op<PppLiveStatus[]>()({ input: z.object({ id: idSchema }), access: 'customers.read', mutates: false }),
  'customers.export': op<ExportFile>()({
    input: customerFilterSchema.extend({ format: z.enum(['csv', 'xlsx']) }),
    access: 'customers.read',
    mutates: false,
  }),
  /** Checks a CSV/XLSX file without writing anything. */
  'customers.importPreview': op<ImportPreview>()({ input: fileSchema, access: 'customers.manage', mutates: false }),
  /** Writes every row, or nothing when any row is invalid (the error lists the rows). */
  'customers.import': op<{ created: number }>()({ input: fileSchema, access: 'customers.manage', mutates: true }),
};
