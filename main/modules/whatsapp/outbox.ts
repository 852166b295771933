import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import type { z } from 'zod';
import type { Page } from '../../../shared/contract';
import type { waContract, WaInboundDto, WaKind, WaMessageDto, WaMessageState } from '../../../shared/contract/whatsapp';
import { customerLabels } from '../customers';
import { userNames } from '../auth';

/*
 * The WhatsApp outbox (issue 13): a message is a row written in the caller's transaction — the transaction of the
 * event that causes it — with an optional dedupe key that makes a second enqueue of the same message a no-op.
 */

export interface MessageRow {
  id: number;
  customer_id: number | null;
  to_number: string;
  kind: WaKind;
  dedupe_key: string | null;
  body: string;
  document: string | null;
  state: WaMessageState;
  attempts: number;
  next_attempt_at: string | null;
  provider_id: string | null;
  error: string | null;
  created_by: number | null;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
  read_at: string | null;
  updated_at: string;
}

export interface Enqueue {
  customerId: number | null;
  /** E.164 ("+62812…") or digits; stored as digits. */
  to: string;
  kind: WaKind;
  body: string;
  /** One message per key, ever (e.g. `reminder_before:<invoice id>`, `payment_received:<payment id>`). */
  dedupeKey?: string | null;
  /** A document to attach, resolved by the sender (e.g. `receipt:<payment id>`). */
  document?: string | null;
  createdBy?: number | null;
  /** Not before this time (default: at once). */
  notBefore?: Date | null;
}

type InputOf<M extends keyof typeof waContract> = z.output<(typeof waContract)[M]['input']>;

/** Digits of a phone number (E.164 without "+"). */
export const digitsOf = (n: string): string => n.replace(/\D/g, '');

/** Queues a message in the caller's transaction. Returns its id, or null when its dedupe key was used already. */
export async function enqueue(em: EntityManager, m: Enqueue, now: Date): Promise<number | null> {
  const to = digitsOf(m.to);
  if (to.length < 8 || to.length > 20) throw new AppError('validation', `"${m.to}" is not a phone number`, { field: 'to' });
  const at = now.toISOString();
  const rows = (await em.query(
    `INSERT INTO wa_messages (customer_id, to_number, kind, dedupe_key, body, document, state, attempts, next_attempt_at, created_by, created_at, updated_at)
     VALUES (?,?,?,?,?,?,'queued',0,?,?,?,?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [m.customerId, to, m.kind, m.dedupeKey ?? null, m.body.slice(0, 4096), m.document ?? null, m.notBefore ? m.notBefore.toISOString() : null, m.createdBy ?? null, at, at],
  )) as { id: number }[];
  return rows[0]?.id ?? null;
}

export async function messageRow(em: EntityManager, id: number): Promise<MessageRow | null> {
  const [r] = (await em.query('SELECT * FROM wa_messages WHERE id = ?', [id])) as MessageRow[];
  return r ?? null;
}

const plus = (digits: string) => `+${digits}`;

/** A sign-in code is the customer's secret: staff screens never show it. */
export const shownBody = (r: Pick<MessageRow, 'kind' | 'body'>): string => (r.kind === 'login_code' ? r.body.replace(/\d{6}/g, '••••••') : r.body);

export async function messageDtos(em: EntityManager, rows: MessageRow[]): Promise<WaMessageDto[]> {
  const customers = await customerLabels(em, rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])));
  const users = await userNames(em, rows.flatMap((r) => (r.created_by ? [r.created_by] : [])));
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_id ? (customers.get(r.customer_id)?.name ?? '') : '',
    to: plus(r.to_number),
    kind: r.kind,
    body: shownBody(r),
    document: r.document,
    state: r.state,
    error: r.error,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    deliveredAt: r.delivered_at,
    readAt: r.read_at,
    createdBy: r.created_by ? (users.get(r.created_by) ?? null) : null,
  }));
}

export async function messageDto(em: EntityManager, id: number): Promise<WaMessageDto> {
  const r = await messageRow(em, id);
  if (!r) throw new AppError('not_found', `No WhatsApp message ${id}`);
  return (await messageDtos(em, [r]))[0]!;
}

export async function listMessages(em: EntityManager, input: InputOf<'wa.messages'>): Promise<Page<WaMessageDto>> {
  const where = ['1=1'];
  const params: unknown[] = [];
  const add = (sql: string, ...v: unknown[]) => (where.push(sql), params.push(...v));
  if (input.state) add('state = ?', input.state);
  if (input.kind) add('kind = ?', input.kind);
  if (input.customerId) add('customer_id = ?', input.customerId);
  if (input.q) {
    const digits = digitsOf(input.q);
    add(`(body LIKE ? ESCAPE '\\'${digits.length >= 4 ? ' OR to_number LIKE ?' : ''})`, `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, ...(digits.length >= 4 ? [`%${digits}%`] : []));
  }
  const cond = where.join(' AND ');
  const [n] = (await em.query(`SELECT count(*) AS n FROM wa_messages WHERE ${cond}`, params)) as { n: number }[];
  const rows = (await em.query(`SELECT * FROM wa_messages WHERE ${cond} ORDER BY id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize])) as MessageRow[];
  return { items: await messageDtos(em, rows), total: n?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

/** A failed or cancelled message goes back in the queue (now). */
export async function retryMessage(em: EntityManager, id: number, now: Date): Promise<void> {
  const r = await messageRow(em, id);
  if (!r) throw new AppError('not_found', `No WhatsApp message ${id}`);
  if (r.state !== 'failed' && r.state !== 'cancelled') throw new AppError('conflict', `Message ${id} is ${r.state}`, { field: 'id', state: r.state });
  await em.query("UPDATE wa_messages SET state = 'queued', error = NULL, next_attempt_at = NULL, updated_at = ? WHERE id = ?", [now.toISOString(), id]);
}

/** A queued message is not sent. */
export async function cancelMessage(em: EntityManager, id: number, now: Date): Promise<void> {
  const r = await messageRow(em, id);
  if (!r) throw new AppError('not_found', `No WhatsApp message ${id}`);
  if (r.state !== 'queued') throw new AppError('conflict', `Message ${id} is ${r.state}`, { field: 'id', state: r.state });
  await em.query("UPDATE wa_messages SET state = 'cancelled', updated_at = ? WHERE id = ? AND state = 'queued'", [now.toISOString(), id]);
}

type InboundRow = { id: number; customer_id: number | null; from_chat: string; from_number: string | null; body: string; received_at: string; handling: WaInboundDto['handling']; read_at: string | null };

export async function inboundDtos(em: EntityManager, rows: InboundRow[]): Promise<WaInboundDto[]> {
  const customers = await customerLabels(em, rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])));
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_id ? (customers.get(r.customer_id)?.name ?? '') : '',
    from: r.from_number ? plus(r.from_number) : r.from_chat,
    body: r.body,
    receivedAt: r.received_at,
    handling: r.handling,
    readAt: r.read_at,
  }));
}

export async function listInbox(em: EntityManager, input: InputOf<'wa.inbox'>): Promise<Page<WaInboundDto>> {
  const cond = input.unreadOnly ? "handling IN ('inbox','unknown_sender') AND read_at IS NULL" : "handling IN ('inbox','unknown_sender')";
  const [n] = (await em.query(`SELECT count(*) AS n FROM wa_inbound WHERE ${cond}`)) as { n: number }[];
  const rows = (await em.query(`SELECT * FROM wa_inbound WHERE ${cond} ORDER BY id DESC LIMIT ? OFFSET ?`, [input.pageSize, (input.page - 1) * input.pageSize])) as InboundRow[];
  return { items: await inboundDtos(em, rows), total: n?.n ?? 0, page: input.page, pageSize: input.pageSize };
}

export async function conversation(em: EntityManager, customerId: number, limit: number) {
  const out = (await em.query('SELECT * FROM wa_messages WHERE customer_id = ? ORDER BY id DESC LIMIT ?', [customerId, limit])) as MessageRow[];
  const inb = (await em.query('SELECT * FROM wa_inbound WHERE customer_id = ? ORDER BY id DESC LIMIT ?', [customerId, limit])) as InboundRow[];
  // Oldest first within each side, so equal times (WhatsApp stamps whole seconds) keep the order they happened in.
  out.reverse();
  inb.reverse();
  const items = [
    ...(await messageDtos(em, out)).map((m) => ({ direction: 'out' as const, ...m, at: m.sentAt ?? m.createdAt })),
    ...(await inboundDtos(em, inb)).map((m) => ({ direction: 'in' as const, ...m, at: m.receivedAt })),
  ];
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return items.slice(-limit).map(({ at: _at, ...rest }) => rest);
}
