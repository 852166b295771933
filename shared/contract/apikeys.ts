import { z } from 'zod';
import { PERMISSIONS, type Permission } from '../permissions';
import { idSchema } from './common';
import type { IsoDate } from './dto';
import { op } from './op';

/*
 * API keys for the REST API (issue 15): owner/admin create a key with a name, scopes (permissions of the contract
 * their own role has), an optional expiry and an optional IP allowlist. The key is shown once (`mbk_…`), stored as
 * SHA-256, listed by prefix and last 4 characters, and revocable. A call with a key acts as the user who created
 * it, limited to the key's scopes.
 */

/** The visible start of every key. */
export const API_KEY_PREFIX = 'mbk_';
/** Characters after the prefix (base62: 32 × log2(62) ≈ 190 bits). */
export const API_KEY_BODY_LENGTH = 32;
export const API_KEY_PATTERN = /^mbk_[0-9A-Za-z]{32}$/;

/** An IPv4/IPv6 address or a CIDR range (checked by the server with ipaddr.js). */
const allowIpSchema = z
  .string()
  .trim()
  .min(2)
  .max(50)
  .regex(/^[0-9A-Fa-f.:/]+$/, { message: 'Use an IP address (192.168.1.10) or a range (192.168.1.0/24)' });

export interface ApiKeyDto {
  id: number;
  name: string;
  /** `mbk_AbC…` — the first characters, to tell keys apart. */
  prefix: string;
  /** The last 4 characters of the key. */
  last4: string;
  scopes: Permission[];
  /** Addresses/ranges allowed to use the key; empty = any address. */
  allowIps: string[];
  expiresAt: IsoDate | null;
  createdAt: IsoDate;
  /** Who created it (the key acts as them): their full name. */
  createdBy: { id: number; name: string } | null;
  lastUsedAt: IsoDate | null;
  lastUsedIp: string | null;
  revokedAt: IsoDate | null;
  /** active, expired (past expiresAt) or revoked — as of now. */
  state: 'active' | 'expired' | 'revoked';
}

export const apiKeysContract = {
  /** Every key, newest first (revoked and expired ones too). */
  'apiKeys.list': op<ApiKeyDto[]>()({ input: z.object({}).strict(), access: 'api.manage', mutates: false }),
  /** Returns the key itself once (`token`); only its SHA-256 is kept. Scopes must be permissions the creator's role has. */
  'apiKeys.create': op<{ key: ApiKeyDto; token: string }>()({
    input: z
      .object({
        name: z.string().trim().min(1).max(100),
        scopes: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length),
        expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
        allowIps: z.array(allowIpSchema).max(50).default([]),
      })
      .strict(),
    access: 'api.manage',
    mutates: true,
  }),
  /** Revoked keys stop working at once; revoking is final. */
  'apiKeys.revoke': op<ApiKeyDto>()({ input: z.object({ id: idSchema }).strict(), access: 'api.manage', mutates: true }),
} as const;
