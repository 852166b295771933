import { z } from 'zod';
import { op } from './op';
import { idSchema } from './common';
import { durationSchema, VOUCHER_EXPIRY, type VoucherExpiry } from './vouchers';
import type { VoucherMode } from './vouchers';

/** What the operator decides for one hotspot profile: the voucher profile it becomes and who ends its vouchers. */
export const importProfileSchema = z.object({
  profile: z.string().min(1).max(60),
  name: z.string().trim().min(1).max(60),
  price: z.number().int().min(0).max(100_000_000),
  sellingPrice: z.number().int().min(0).max(100_000_000),
  /** As written (7d stays 7d). Required unless expiry is 'never'. */
  validity: durationSchema.nullable().default(null),
  /**
   * 'router': Mikhmon's script stays and ends the vouchers (nothing on the router changes); 'app': the app's
   * script replaces it and the app ends the vouchers; 'never': the vouchers never expire (Mikhmon's noexp).
   */
  expiry: z.enum(VOUCHER_EXPIRY),
});
export type ImportProfileChoice = z.infer<typeof importProfileSchema>;

/** One change the import makes on the router (applied through the outbox right after it commits). */
export interface ImportRouterChange {
  /** The hotspot profile it belongs to (a user's profile, the profile itself, its monitor scheduler). */
  profile: string;
  menu: '/ip/hotspot/user/profile' | '/ip/hotspot/user' | '/system/scheduler';
  /** The object's name on the router. */
  name: string;
  kind: 'add' | 'set' | 'remove';
  /** Changed fields (secrets and scripts shown as •••; the script's change is in `script`). */
  fields: { field: string; router: string | null; app: string | null }[];
  /** The on-login script replaced: its metadata line before and after, and what Mikhmon's script did that is lost. */
  script: { from: string | null; to: string | null; lost: ('expiry' | 'record' | 'lock')[] } | null;
}

/** A router's hotspot side as Mikhmon left it, and what importing it with the given choices would change. */
export interface VoucherImportPreview {
  routerId: number;
  /** The router read this preview is based on; the import uses the same read (valid for 15 minutes). */
  snapshot: string;
  readAt: string;
  profiles: {
    name: string;
    rateLimit: string;
    sharedUsers: number;
    /** Price, selling price and validity (as written; null when it never expires) from Mikhmon's on-login script. */
    mikhmon: { price: number; sellingPrice: number; validity: string | null; expiryMode: string; lockMac: boolean } | null;
    /**
     * Mikhmon's monitor scheduler for this profile (named after it), when present. When the app takes over
     * expiry the import removes it (listed in `changes`) if it can (`removable`); if not, it keeps running.
     */
    monitor: { name: string; interval: string; removable: boolean } | null;
    /** Who may end this profile's vouchers after the import; the first is the default (changes nothing it can avoid). */
    choices: VoucherExpiry[];
    /** The voucher profile already mapped to it. */
    profileId: number | null;
    users: number;
  }[];
  /** The choices the changes below were computed for (the given ones, else the defaults). */
  proposal: ImportProfileChoice[];
  /** Every change the import makes on the router with these choices (none for a profile left to Mikhmon). */
  changes: ImportRouterChange[];
  /** Fingerprint of `changes`: the import refuses to run when its changes differ from what was shown. */
  changesKey: string;
  batches: { comment: string; profile: string; mode: VoucherMode; generatedOn: string; users: number }[];
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
  /** The router changes queued (exactly the preview's). */
  routerChanges: number;
}

export const voucherImportContract = {
  /**
   * Reads the router (or reuses the snapshot given) and works out what importing with the given choices would
   * change there, by running the import in a transaction that is rolled back: nothing is kept.
   */
  'vouchers.importPreview': op<VoucherImportPreview>()({
    input: z.object({ routerId: idSchema, snapshot: z.string().regex(/^[0-9a-f]{32}$/).optional(), profiles: z.array(importProfileSchema).max(200).optional() }),
    access: 'vouchers.manage',
    mutates: false,
  }),
  /**
   * Keep a Mikhmon operator's stock: hotspot profiles become voucher profiles, batch users unused vouchers,
   * used ones active (or expired) with the expiry from their comment. Works on the preview's router read (no
   * network inside the write), and makes on the router exactly the changes the preview listed (`changesKey`),
   * through the outbox; it refuses when they would differ.
   */
  'vouchers.importFromRouter': op<VoucherImportReport>()({
    input: z.object({
      routerId: idSchema,
      snapshot: z.string().regex(/^[0-9a-f]{32}$/),
      changesKey: z.string().regex(/^[0-9a-f]{64}$/),
      profiles: z.array(importProfileSchema).max(200),
    }),
    access: 'vouchers.manage',
    mutates: true,
  }),
};
