import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { toString as qrToString } from 'qrcode';
import { AppError } from '../../../shared/errors';
import type { ParsedInput, PaymentLinkDto, PaymentLinkKind, PaymentLinkState } from '../../../shared/contract';
import type { SecretBox } from '../../core/secrets';
import { invoiceToPay } from '../billing';
import { customerById } from '../customers';

export interface LinkRow {
  id: number;
  kind: PaymentLinkKind;
  invoice_id: number | null;
  customer_id: number;
  code: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: number | null;
  created_by: number | null;
  created_at: string;
}

/** Characters of the truncated HMAC-SHA256 in a code (base64url: 96 bits). */
export const SIGNATURE_CHARS = 16;
const CODE = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{16})$/;

/**
 * Signs and checks link codes `<base36 id>.<HMAC-SHA256(key, "id:expiresAt") truncated>`. The key is 32 random
 * bytes made on the first link and kept sealed by the app's SecretBox (payment_link_keys); it is read once.
 */
export class LinkSigner {
  private key: Buffer | null = null;
  /** Compared against when there is no key or no such link, so an unknown code costs the same as a forged one. */
  private readonly dummy = randomBytes(32);

  constructor(private readonly secrets: SecretBox) {}

  private async load(em: EntityManager): Promise<Buffer | null> {
    if (this.key) return this.key;
    const [r] = (await em.query('SELECT key_sealed FROM payment_link_keys WHERE id = 1')) as { key_sealed: string }[];
    if (r) this.key = Buffer.from(this.secrets.open(r.key_sealed), 'base64');
    return this.key;
  }

  /** The key, made (in the caller's transaction) when this is the first link. */
  async keyFor(em: EntityManager, now: Date): Promise<Buffer> {
    const have = await this.load(em);
    if (have) return have;
    const fresh = randomBytes(32);
    await em.query('INSERT INTO payment_link_keys (id, key_sealed, created_at) VALUES (1, ?, ?)', [this.secrets.seal(fresh.toString('base64')), now.toISOString()]);
    // Not cached here: if this transaction rolls back, the next link makes (and stores) a key again.
    return fresh;
  }

  /** A MAC of a text with the link key (the pay page's form nonces); null while no link was ever made. */
  async mac(em: EntityManager, text: string): Promise<string | null> {
    const key = await this.load(em);
    return key ? createHmac('sha256', key).update(text).digest('base64url').slice(0, SIGNATURE_CHARS) : null;
  }

  static sign(key: Buffer, id: number, expiresAt: string): string {
    return createHmac('sha256', key).update(`${id}:${expiresAt}`).digest('base64url').slice(0, SIGNATURE_CHARS);
  }

  static codeOf(key: Buffer, id: number, expiresAt: string): string {
    return `${id.toString(36)}.${LinkSigner.sign(key, id, expiresAt)}`;
  }

  /** The link a code names, or null (malformed, unknown or forged: the caller says 404 without saying which). */
  async verify(em: EntityManager, code: string): Promise<LinkRow | null> {
    const m = CODE.exec(code);
    if (!m) return null;
    const id = parseInt(m[1]!, 36);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const key = await this.load(em);
    const row = key ? await linkRow(em, id) : null;
    const expected = Buffer.from(LinkSigner.sign(key ?? this.dummy, id, row?.expires_at ?? ''), 'utf8');
    const given = Buffer.from(m[2]!, 'utf8');
    const same = expected.length === given.length && timingSafeEqual(expected, given);
    return same && row && row.code === code ? row : null;
  }
}

export async function linkRow(em: EntityManager, id: number): Promise<LinkRow | null> {
  const [r] = (await em.query('SELECT * FROM payment_links WHERE id = ?', [id])) as LinkRow[];
  return r ?? null;
}

export function linkState(r: LinkRow, now: Date): PaymentLinkState {
  if (r.revoked_at) return 'revoked';
  return now.getTime() >= new Date(r.expires_at).getTime() ? 'expired' : 'active';
}

/** Where customers open links: the first enabled account's public address, else the listener's (LAN) address. */
export async function linkBase(em: EntityManager, listenUrl: string | null): Promise<string | null> {
  const [r] = (await em.query("SELECT public_base_url FROM payment_accounts WHERE enabled = 1 AND public_base_url <> '' ORDER BY id LIMIT 1")) as { public_base_url: string }[];
  const root = r?.public_base_url || listenUrl;
  return root ? root.replace(/\/+$/, '') : null;
}

export function toLinkDto(r: LinkRow, base: string, now: Date): PaymentLinkDto {
  const url = `${base}/p/${r.code}`;
  return {
    id: r.id,
    kind: r.kind,
    invoiceId: r.invoice_id,
    customerId: r.customer_id,
    code: r.code,
    url,
    shortUrl: url.replace(/^https:\/\//, ''),
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    state: linkState(r, now),
    createdAt: r.created_at,
  };
}

/** A QR code of a text as a small SVG (the pay page's QRIS image and the staff's link QR). */
export function qrSvgOf(text: string): Promise<string> {
  return qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

export interface LinkTarget {
  kind: PaymentLinkKind;
  invoiceId: number | null;
  customerId: number;
}

/** What a new link pays, checked: an invoice with something open, or a customer who exists. */
export async function linkTarget(em: EntityManager, input: ParsedInput<'gateway.createLink'>): Promise<LinkTarget> {
  if (input.invoiceId !== undefined) {
    const inv = await invoiceToPay(em, input.invoiceId);
    if (!inv) throw new AppError('not_found', `No invoice ${input.invoiceId}`, { field: 'invoiceId' });
    if (inv.status === 'paid' || inv.status === 'void' || inv.open <= 0) throw new AppError('billing.bad_state', `Invoice ${inv.number} has nothing to pay`, { status: inv.status, action: 'pay' });
    return { kind: 'invoice', invoiceId: inv.id, customerId: inv.customerId };
  }
  const c = await customerById(em, input.customerId!);
  if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
  return { kind: 'customer', invoiceId: null, customerId: c.id };
}

/** Inserts the link and its signed code in the caller's transaction. */
export async function insertLink(em: EntityManager, signer: LinkSigner, t: LinkTarget, days: number, userId: number | null, now: Date): Promise<LinkRow> {
  const key = await signer.keyFor(em, now);
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  // The id is needed for the code: insert with a unique placeholder, then sign.
  const [ins] = (await em.query(
    'INSERT INTO payment_links (kind, invoice_id, customer_id, code, expires_at, created_by, created_at) VALUES (?,?,?,?,?,?,?) RETURNING id',
    [t.kind, t.invoiceId, t.customerId, `tmp-${randomBytes(12).toString('hex')}`, expiresAt, userId, now.toISOString()],
  )) as { id: number }[];
  const id = ins!.id;
  await em.query('UPDATE payment_links SET code = ? WHERE id = ?', [LinkSigner.codeOf(key, id, expiresAt), id]);
  return (await linkRow(em, id))!;
}

/** Days a link made for a message is valid; one with fewer days left is not reused. */
const MESSAGE_LINK_DAYS = 7;
const REUSE_MIN_DAYS = 3;

/**
 * A link for a message (a reminder, an automatic answer): the newest active one of the same target with a few days
 * left, else a new one, in the caller's transaction. Null when the target has nothing to pay.
 */
export async function messageLink(em: EntityManager, signer: LinkSigner, target: { invoiceId: number } | { customerId: number }, now: Date): Promise<LinkRow | null> {
  let t: LinkTarget;
  try {
    t = await linkTarget(em, 'invoiceId' in target ? { invoiceId: target.invoiceId, expiresInDays: MESSAGE_LINK_DAYS } : { customerId: target.customerId, expiresInDays: MESSAGE_LINK_DAYS });
  } catch (err) {
    if (err instanceof AppError && (err.code === 'billing.bad_state' || err.code === 'not_found')) return null;
    throw err;
  }
  const col = t.kind === 'invoice' ? 'invoice_id' : 'customer_id';
  const [r] = (await em.query(`SELECT * FROM payment_links WHERE kind = ? AND ${col} = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY id DESC LIMIT 1`, [
    t.kind,
    t.invoiceId ?? t.customerId,
    new Date(now.getTime() + REUSE_MIN_DAYS * 86_400_000).toISOString(),
  ])) as LinkRow[];
  return r ?? insertLink(em, signer, t, MESSAGE_LINK_DAYS, null, now);
}

export async function listLinks(em: EntityManager, input: ParsedInput<'gateway.links'>): Promise<LinkRow[]> {
  if (input.invoiceId !== undefined) return (await em.query('SELECT * FROM payment_links WHERE invoice_id = ? ORDER BY id DESC LIMIT 50', [input.invoiceId])) as LinkRow[];
  return (await em.query('SELECT * FROM payment_links WHERE customer_id = ? ORDER BY id DESC LIMIT 50', [input.customerId])) as LinkRow[];
}

export async function revokeLink(em: EntityManager, id: number, userId: number | null, now: Date): Promise<LinkRow> {
  const r = await linkRow(em, id);
  if (!r) throw new AppError('not_found', `No payment link ${id}`);
  if (r.revoked_at) throw new AppError('conflict', 'This link is revoked already', { field: 'id' });
  await em.query('UPDATE payment_links SET revoked_at = ?, revoked_by = ? WHERE id = ?', [now.toISOString(), userId, id]);
  return (await linkRow(em, id))!;
}
