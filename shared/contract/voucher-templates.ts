import { z } from 'zod';
import { op } from './op';
import { idSchema } from './common';
import type { IsoDate } from './dto';
import type { VoucherMode } from './vouchers';

/** Paper of a voucher sheet: an A4 grid (paginated) or a thermal roll (continuous). */
export const PAPERS = ['a4', '58mm', '80mm'] as const;
export type Paper = (typeof PAPERS)[number];

/** A template the office made (the built-in ones live in the renderer). */
export interface VoucherTemplateDto {
  id: number;
  name: string;
  paper: Paper;
  /** Vouchers side by side. */
  columns: number;
  /** Rows per A4 page (ignored on thermal rolls). */
  rows: number;
  /** One voucher: HTML with {{placeholders}} (Mikhmon's <?= $username; ?> style is accepted too). */
  html: string;
  css: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/** One voucher as a sheet prints it. */
export interface PrintVoucher {
  id: number;
  serial: number;
  username: string;
  password: string;
  /** vc = code only (username = password), up = username and password. */
  mode: VoucherMode;
  profile: string;
  /** Null: the profile never expires. */
  validity: string | null;
  timeLimit: string | null;
  dataQuotaMb: number | null;
  /** Selling price, integer rupiah. */
  price: number;
  /** The batch comment (Mikhmon's `comment`). */
  comment: string;
  routerId: number;
}

/** Everything a voucher sheet needs. */
export interface VoucherPrintData {
  office: { name: string; logo: string | null; phone: string };
  /** The name printed as Mikhmon's `hotspotname` (the office name). */
  hotspotName: string;
  /** Per router: the hotspot DNS name and the login URL the QR code carries ('' = none known: no QR code). */
  routers: { id: number; name: string; dnsName: string; loginUrl: string }[];
  vouchers: PrintVoucher[];
  /** Vouchers of this selection still being sent to their router: left out until they are there. */
  sending: number;
}

const html = z.string().max(100_000);

export const voucherTemplateInputSchema = z.object({
  id: idSchema.optional(),
  name: z.string().trim().min(1).max(60),
  paper: z.enum(PAPERS),
  columns: z.number().int().min(1).max(8),
  rows: z.number().int().min(1).max(30).default(8),
  html: html.refine((s) => s.trim().length > 0, { message: 'The template is empty' }),
  css: html.default(''),
});

export const voucherTemplatesContract = {
  'vouchers.templates': op<VoucherTemplateDto[]>()({ input: z.object({}).strict(), access: 'vouchers.read', mutates: false }),
  'vouchers.saveTemplate': op<VoucherTemplateDto>()({ input: voucherTemplateInputSchema, access: 'vouchers.manage', mutates: true }),
  'vouchers.removeTemplate': op<{ ok: true }>()({ input: z.object({ id: idSchema }), access: 'vouchers.manage', mutates: true }),
  /** A batch or chosen vouchers (in serial order, removed ones left out) with what their sheet prints. */
  'vouchers.printData': op<VoucherPrintData>()({
    input: z
      .object({ batchId: idSchema.optional(), ids: z.array(idSchema).min(1).max(10_000).optional() })
      .refine((i) => (i.batchId === undefined) !== (i.ids === undefined), { message: 'Give a batch or voucher ids' }),
    access: 'vouchers.read',
    mutates: false,
  }),
};
