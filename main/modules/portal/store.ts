import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PortalCodePurpose, PortalLang } from '../../../shared/contract/portal';

/*
 * The portal's own rows: sessions (the cookie carries a random token; only its SHA-256 is stored), one-time codes
 * (6 digits from the CSPRNG, kept as an HMAC with a per-code salt, valid CODE_TTL_MS, dead after MAX_ATTEMPTS
 * wrong tries, used once, one outstanding per customer and purpose) and the customer's portal language.
 */

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 5;
/** A session's last-seen time (and sliding expiry) is written at most this often: reads stay reads. */
const TOUCH_EVERY_MS = 5 * 60_000;

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
export const newToken = (): string => randomBytes(32).toString('base64url');

export interface PortalSession {
  id: number;
  customerId: number;
  expiresAt: string;
  lastSeenAt: string;
}

/** Sessions ended or expired this long ago, and codes expired this long ago, are deleted as new ones are made. */
const KEEP_SESSIONS_MS = 30 * 86_400_000;
const KEEP_CODES_MS = 86_400_000;

export async function createSession(
  em: EntityManager,
  s: { customerId: number; via: 'code' | 'password'; ip: string | null; userAgent: string; days: number },
  now: Date,
): Promise<{ token: string; id: number }> {
  const token = newToken();
  const at = now.toISOString();
  const old = new Date(now.getTime() - KEEP_SESSIONS_MS).toISOString();
  await em.query('DELETE FROM portal_sessions WHERE id IN (SELECT id FROM portal_sessions WHERE expires_at < ? LIMIT 200)', [old]);
  await em.query('DELETE FROM portal_sessions WHERE id IN (SELECT id FROM portal_sessions WHERE ended_at < ? LIMIT 200)', [old]);
  const expires = new Date(now.getTime() + s.days * 86_400_000).toISOString();
  const [r] = (await em.query(
    'INSERT INTO portal_sessions (token_hash, customer_id, via, created_at, last_seen_at, expires_at, ip, user_agent) VALUES (?,?,?,?,?,?,?,?) RETURNING id',
    [hashToken(token), s.customerId, s.via, at, at, expires, s.ip, s.userAgent.slice(0, 300)],
  )) as { id: number }[];
  return { token, id: r!.id };
}

/** The live session of a token, or 'expired' / null. */
export async function findSession(em: EntityManager, token: string, now: Date): Promise<PortalSession | 'expired' | null> {
  const [r] = (await em.query('SELECT id, customer_id, expires_at, last_seen_at FROM portal_sessions WHERE token_hash = ? AND ended_at IS NULL', [hashToken(token)])) as {
    id: number;
    customer_id: number;
    expires_at: string;
    last_seen_at: string;
  }[];
  if (!r) return null;
  if (r.expires_at <= now.toISOString()) return 'expired';
  return { id: r.id, customerId: r.customer_id, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at };
}

/** Whether the session's last-seen time is old enough to be written again. */
export const needsTouch = (s: PortalSession, now: Date): boolean => now.getTime() - Date.parse(s.lastSeenAt) >= TOUCH_EVERY_MS;

/** Slides the session: seen now, expiring `days` from now. */
export async function touchSession(em: EntityManager, id: number, days: number, now: Date): Promise<void> {
  await em.query('UPDATE portal_sessions SET last_seen_at = ?, expires_at = ? WHERE id = ? AND ended_at IS NULL', [now.toISOString(), new Date(now.getTime() + days * 86_400_000).toISOString(), id]);
}

export async function endSession(em: EntityManager, id: number, now: Date): Promise<void> {
  await em.query('UPDATE portal_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [now.toISOString(), id]);
}

const mac = (salt: string, code: string): Buffer => createHmac('sha256', Buffer.from(salt, 'hex')).update(code, 'utf8').digest();

/** Six digits from the CSPRNG. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Stores a new code (any earlier unused one of the customer for that purpose stops working). */
export async function insertCode(em: EntityManager, c: { customerId: number; purpose: PortalCodePurpose; target: string; code: string; ip: string | null }, now: Date): Promise<{ id: number; expiresAt: Date }> {
  const at = now.toISOString();
  await em.query('DELETE FROM portal_codes WHERE id IN (SELECT id FROM portal_codes WHERE expires_at < ? LIMIT 200)', [new Date(now.getTime() - KEEP_CODES_MS).toISOString()]);
  await em.query('UPDATE portal_codes SET expires_at = ? WHERE customer_id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?', [at, c.customerId, c.purpose, at]);
  const salt = randomBytes(16).toString('hex');
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  const [r] = (await em.query(
    'INSERT INTO portal_codes (customer_id, purpose, target, code_hash, salt, created_at, expires_at, attempts, ip) VALUES (?,?,?,?,?,?,?,0,?) RETURNING id',
    [c.customerId, c.purpose, c.target, mac(salt, c.code).toString('hex'), salt, at, expiresAt.toISOString(), c.ip],
  )) as { id: number }[];
  return { id: r!.id, expiresAt };
}

export type CodeCheck = { ok: true; target: string } | { ok: false };

/**
 * Checks a code against the customer's outstanding one for a purpose: right → used (once); wrong → one more
 * attempt counted (the fifth kills it). Nothing outstanding (none, expired, used, dead) → not ok.
 */
export async function checkCode(em: EntityManager, customerId: number, purpose: PortalCodePurpose, code: string, now: Date): Promise<CodeCheck> {
  const at = now.toISOString();
  const [r] = (await em.query(
    'SELECT id, target, code_hash, salt FROM portal_codes WHERE customer_id = ? AND purpose = ? AND used_at IS NULL AND expires_at > ? AND attempts < ? ORDER BY id DESC LIMIT 1',
    [customerId, purpose, at, MAX_ATTEMPTS],
  )) as { id: number; target: string; code_hash: string; salt: string }[];
  if (!r) {
    // The same work as a real check, so a login without a code takes as long as a wrong code.
    timingSafeEqual(mac('00', code), mac('00', code));
    return { ok: false };
  }
  if (!timingSafeEqual(mac(r.salt, code), Buffer.from(r.code_hash, 'hex'))) {
    await em.query('UPDATE portal_codes SET attempts = attempts + 1 WHERE id = ?', [r.id]);
    return { ok: false };
  }
  await em.query('UPDATE portal_codes SET used_at = ? WHERE id = ?', [at, r.id]);
  return { ok: true, target: r.target };
}

/** Codes created for a customer and purpose since a time (the per-customer cap). */
export async function codesSince(em: EntityManager, customerId: number, purpose: PortalCodePurpose, since: Date): Promise<number> {
  const [r] = (await em.query('SELECT count(*) AS n FROM portal_codes WHERE customer_id = ? AND purpose = ? AND created_at > ?', [customerId, purpose, since.toISOString()])) as { n: number }[];
  return r?.n ?? 0;
}

export async function languageOf(em: EntityManager, customerId: number): Promise<PortalLang | null> {
  const [r] = (await em.query('SELECT language FROM portal_prefs WHERE customer_id = ?', [customerId])) as { language: PortalLang }[];
  return r?.language ?? null;
}

export async function setLanguage(em: EntityManager, customerId: number, language: PortalLang, now: Date): Promise<void> {
  await em.query('INSERT INTO portal_prefs (customer_id, language, updated_at) VALUES (?,?,?) ON CONFLICT (customer_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at', [
    customerId,
    language,
    now.toISOString(),
  ]);
}
