import { z } from 'zod';
import { op } from './op';
import { idSchema } from './common';
import { durationSchema } from './vouchers';

/** A router's hotspot side as Mikhmon left it: profiles (with their on-login metadata) and user batches. */
export interface VoucherImportPreview {
  routerId: number;
  profiles: {
    name: string;
    rateLimit: string;
    sharedUsers: number;
    /** Price, selling price and validity Mikhmon wrote into the on-login script, when present. */
    mikhmon: { price: number; sellingPrice: number; validity: string; expiryMode: string; lockMac: boolean } | null;
    /** The voucher profile already mapped to it. */
    profileId: number | null;
    users: number;
  }[];
  batches: { comment: string; profile: string; mode: 'vc' | 'up'; generatedOn: string; users: number }[];
  /** Users whose comment is an expiry date (used vouchers, both RouterOS date styles). */
  used: { profile: string; users: number; expired: number }[];
  /** Users that look like neither (left alone). */
  other: number;
  /** Usernames the app already has. */
  known: number;
}

export interface VoucherImportReport {
  profilesCreated: number;
  batchesCreated: number;
  unused: number;
  active: number;
  expired: number;
  skipped: { name: string; reason: string }[];
}

export const voucherImportContract = {
  'vouchers.importPreview': op<VoucherImportPreview>()({ input: z.object({ routerId: idSchema }), access: 'vouchers.manage', mutates: false }),
  /**
   * Keep a Mikhmon operator's stock: hotspot profiles become voucher profiles (prices and validity from
   * Mikhmon's metadata unless given), batch users become unused vouchers, used ones active (or expired) with
   * the expiry from their comment. Nothing on the router changes.
   */
  'vouchers.importFromRouter': op<VoucherImportReport>()({
    input: z.object({
      routerId: idSchema,
      profiles: z
        .array(z.object({ profile: z.string().min(1).max(60), name: z.string().trim().min(1).max(60), price: z.number().int().min(0).max(100_000_000), sellingPrice: z.number().int().min(0).max(100_000_000), validity: durationSchema }))
        .max(200),
    }),
    access: 'vouchers.manage',
    // Reads the router first, then writes in its own audited transaction (main/core/audited-write.ts).
    mutates: false,
  }),
};
