import { createHash, randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { API_KEY_BODY_LENGTH, API_KEY_PATTERN, API_KEY_PREFIX, type ApiKeyDto, type apiKeysContract } from '../../../shared/contract/apikeys';
import { AppError } from '../../../shared/errors';
import { PERMISSIONS, roleHas, type Permission } from '../../../shared/permissions';
import type { ResolvedApiKey } from '../../core/dispatcher';
import type { Db } from '../../core/db';
import type { User } from '../../core/user';
import { accounts, userNames } from '../auth';

type In<M extends keyof typeof apiKeysContract> = z.output<(typeof apiKeysContract)[M]['input']>;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `mbk_` + 32 base62 characters from the CSPRNG (rejection sampling: no modulo bias), ≈ 190 bits. */
export function newApiKey(): string {
  let body = '';
  while (body.length < API_KEY_BODY_LENGTH) {
    for (const b of randomBytes(48)) {
      if (b < 248 && body.length < API_KEY_BODY_LENGTH) body += BASE62[b % 62];
    }
  }
  return API_KEY_PREFIX + body;
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Row {
  id: number;
  name: string;
  prefix: string;
  last4: string;
  scopes: string;
  allow_ips: string;
  expires_at: string | null;
  user_id: number;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
}

const SELECT = 'SELECT k.* FROM api_keys k';

function dto(r: Row, now: Date, names: Map<number, string>): ApiKeyDto {
  const expired = r.expires_at !== null && r.expires_at <= now.toISOString();
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    last4: r.last4,
    scopes: JSON.parse(r.scopes) as Permission[],
    allowIps: JSON.parse(r.allow_ips) as string[],
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    createdBy: names.has(r.user_id) ? { id: r.user_id, name: names.get(r.user_id)! } : null,
    lastUsedAt: r.last_used_at,
    lastUsedIp: r.last_used_ip,
    revokedAt: r.revoked_at,
    state: r.revoked_at ? 'revoked' : expired ? 'expired' : 'active',
  };
}

export async function listKeys(em: EntityManager, now: Date): Promise<ApiKeyDto[]> {
  const rows = (await em.query(`${SELECT} ORDER BY k.id DESC`)) as Row[];
  const names = await userNames(em, rows.map((r) => r.user_id));
  return rows.map((r) => dto(r, now, names));
}

async function keyDto(em: EntityManager, id: number, now: Date): Promise<ApiKeyDto> {
  const [r] = (await em.query(`${SELECT} WHERE k.id = ?`, [id])) as Row[];
  if (!r) throw new AppError('not_found', `No API key ${id}`, { field: 'id' });
  return dto(r, now, await userNames(em, [r.user_id]));
}

const invalid = (path: (string | number)[], message: string, params: Record<string, unknown> = {}): AppError =>
  new AppError('validation', 'Some fields are not valid', { issues: [{ path, code: 'custom', message, params }] });

/** An address or CIDR range, normalised (IPv4-mapped IPv6 as IPv4); null when it is neither. */
export function normaliseAllowIp(s: string): string | null {
  try {
    if (s.includes('/')) {
      if (!ipaddr.isValidCIDR(s)) return null;
      const [addr, bits] = ipaddr.parseCIDR(s);
      if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return `${(addr as ipaddr.IPv6).toIPv4Address().toString()}/${bits - 96}`;
      // The network address of the range (192.168.1.7/24 → 192.168.1.0/24).
      const net = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(s) : ipaddr.IPv6.networkAddressFromCIDR(s);
      return `${net.toString()}/${bits}`;
    }
    if (!ipaddr.isValid(s)) return null;
    return ipaddr.process(s).toString();
  } catch {
    return null;
  }
}

/** Whether a caller's address is in the allowlist (an empty list allows any address). */
export function ipAllowed(ip: string | null, allow: readonly string[]): boolean {
  if (allow.length === 0) return true;
  if (!ip || !ipaddr.isValid(ip)) return false;
  const addr = ipaddr.process(ip);
  for (const entry of allow) {
    try {
      if (entry.includes('/')) {
        const range = ipaddr.parseCIDR(entry);
        if (range[0].kind() === addr.kind() && addr.match(range)) return true;
      } else if (ipaddr.process(entry).toString() === addr.toString()) return true;
    } catch {
      // a stored entry is always valid; anything else matches nothing
    }
  }
  return false;
}

export async function createKey(em: EntityManager, input: In<'apiKeys.create'>, user: User, now: Date): Promise<{ key: ApiKeyDto; token: string }> {
  const scopes = [...new Set(input.scopes)];
  const beyond = scopes.filter((p) => !roleHas(user.role, p));
  if (beyond.length > 0) throw invalid(['scopes'], `Your role (${user.role}) does not have: ${beyond.join(', ')}`, { notInRole: beyond });
  if (input.expiresAt !== null && Date.parse(input.expiresAt) <= now.getTime()) throw invalid(['expiresAt'], 'Choose a time in the future');
  const allow: string[] = [];
  for (const [i, s] of input.allowIps.entries()) {
    const n = normaliseAllowIp(s);
    if (!n) throw invalid(['allowIps', i], 'Use an IP address (192.168.1.10) or a range (192.168.1.0/24)');
    if (!allow.includes(n)) allow.push(n);
  }
  const token = newApiKey();
  const at = now.toISOString();
  const [r] = (await em.query(
    'INSERT INTO api_keys (name, prefix, last4, key_sha256, scopes, allow_ips, expires_at, user_id, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id',
    [
      input.name,
      token.slice(0, API_KEY_PREFIX.length + 4),
      token.slice(-4),
      sha256(token),
      JSON.stringify(PERMISSIONS.filter((p) => scopes.includes(p))),
      JSON.stringify(allow),
      input.expiresAt === null ? null : new Date(input.expiresAt).toISOString(),
      user.id,
      at,
    ],
  )) as { id: number }[];
  return { key: await keyDto(em, r!.id, now), token };
}

export async function revokeKey(em: EntityManager, id: number, userId: number | null, now: Date): Promise<ApiKeyDto> {
  const before = await keyDto(em, id, now);
  if (!before.revokedAt) await em.query('UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ?', [now.toISOString(), userId, id]);
  return keyDto(em, id, now);
}

interface KeyRow {
  id: number;
  name: string;
  scopes: string;
  allow_ips: string;
  expires_at: string | null;
  revoked_at: string | null;
  user_id: number;
  last_used_at: string | null;
  last_used_ip: string | null;
}

/** How often a key's "last used" is written at most (per key, unless the address changes). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a presented key: the dispatcher's `resolveApiKey` (touch = true records the last use) and the REST
 * layer's early check (touch = false). Throws the error to answer: unknown/revoked/expired → unauthenticated
 * (401, details.reason), address not allowed or user disabled → forbidden (403).
 */
export async function resolveKey(db: Db, token: string, ip: string | null, now: Date, touch: boolean): Promise<ResolvedApiKey> {
  if (!API_KEY_PATTERN.test(token)) throw new AppError('unauthenticated', 'This API key is not valid', { reason: 'api_key_invalid' });
  const [k] = (await db.manager.query('SELECT id, name, scopes, allow_ips, expires_at, revoked_at, user_id, last_used_at, last_used_ip FROM api_keys WHERE key_sha256 = ?', [sha256(token)])) as KeyRow[];
  if (!k) throw new AppError('unauthenticated', 'This API key is not valid', { reason: 'api_key_invalid' });
  if (k.revoked_at) throw new AppError('unauthenticated', 'This API key was revoked', { reason: 'api_key_revoked' });
  if (k.expires_at !== null && k.expires_at <= now.toISOString()) throw new AppError('unauthenticated', 'This API key has expired', { reason: 'api_key_expired', expiresAt: k.expires_at });
  const allow = JSON.parse(k.allow_ips) as string[];
  if (!ipAllowed(ip, allow)) throw new AppError('forbidden', 'This API key may not be used from this address', { reason: 'ip_not_allowed', ip });
  const user = await accounts.find(db.manager, k.user_id);
  if (!user || user.status !== 'active') throw new AppError('forbidden', 'The user this API key acts as is disabled', { reason: 'api_key_user_disabled' });
  if (touch && (k.last_used_at === null || now.getTime() - Date.parse(k.last_used_at) >= TOUCH_EVERY_MS || k.last_used_ip !== ip)) {
    await db.write((em) => em.query('UPDATE api_keys SET last_used_at = ?, last_used_ip = ? WHERE id = ?', [now.toISOString(), ip, k.id]));
  }
  return { id: k.id, name: k.name, scopes: JSON.parse(k.scopes) as Permission[], user };
}
