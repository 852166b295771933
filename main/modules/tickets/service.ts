import type { EntityManager } from 'typeorm';
import type { PortalTicket } from '../../../shared/contract/portal';
import {
  TICKET_PORTAL_OPEN_LIMIT,
  TICKET_STATES,
  TICKET_TRANSITIONS,
  type TicketAssignee,
  type TicketCategory,
  type TicketDto,
  type TicketNoteDto,
  type TicketPhotoMime,
  type TicketRowDto,
  type TicketState,
  type TicketVia,
} from '../../../shared/contract/tickets';
import { todayIn } from '../../../shared/dates';
import { AppError } from '../../../shared/errors';
import { roleHas } from '../../../shared/permissions';
import { nextNumber, pad } from '../../core/counters';
import type { DomainEvents } from '../../core/domain-events';
import { LIKE_ESCAPE, likeContains } from '../../core/sql';
import { accounts, userNames } from '../auth';
import { customerById, customerContact, customerLabels, customerSql } from '../customers';
import { TicketEntity, TicketNoteEntity, TicketPhotoEntity, type TicketNoteRow, type TicketRow } from './entities';
import { photoBytes } from './photo';

/*
 * Trouble tickets (issue 14): opening one (portal or staff), its history lines, and the three kinds of change —
 * assignment, note, state — each written with its history line and published as a domain event in the caller's
 * transaction (the WhatsApp module turns the events into messages to the customer in that same transaction).
 */

export interface TicketsEnv {
  domainEvents: DomainEvents;
  /** The office time zone: a ticket's number carries the office month it was opened in. */
  timeZone(): string;
}

export interface OpenTicketInput {
  customerId: number;
  category: TicketCategory;
  text: string;
  photo: { mime: TicketPhotoMime; base64: string } | null;
  via: TicketVia;
  /** The staff member who opened it; null from the portal. */
  userId: number | null;
}

const repo = (em: EntityManager) => em.getRepository(TicketEntity);
const notes = (em: EntityManager) => em.getRepository(TicketNoteEntity);

export async function ticketRow(em: EntityManager, id: number): Promise<TicketRow> {
  const t = await repo(em).findOneBy({ id });
  if (!t) throw new AppError('not_found', `Ticket ${id} not found`);
  return t;
}

/** Opens a ticket in the caller's transaction: number, the 'opened' line, the photo, the ticket.opened event. */
export async function openTicket(em: EntityManager, env: TicketsEnv, input: OpenTicketInput, now: Date): Promise<TicketRow> {
  const customer = await customerById(em, input.customerId);
  if (!customer) throw new AppError('not_found', `Customer ${input.customerId} not found`, { field: 'customerId' });
  const text = input.text.trim();
  if (text.length < 1 || text.length > 2000) throw new AppError('validation', 'Describe the problem in 1–2000 characters', { field: 'text' });
  if (input.via === 'portal') {
    const [r] = (await em.query("SELECT count(*) AS n FROM tickets WHERE customer_id = ? AND via = 'portal' AND state <> 'solved'", [input.customerId])) as { n: number }[];
    if ((r?.n ?? 0) >= TICKET_PORTAL_OPEN_LIMIT) {
      throw new AppError('tickets.too_many', `There are already ${TICKET_PORTAL_OPEN_LIMIT} reports that are not solved yet`, { max: TICKET_PORTAL_OPEN_LIMIT });
    }
  }
  const bytes = input.photo ? photoBytes(input.photo) : null;
  const [y, m] = todayIn(env.timeZone(), now).split('-') as [string, string];
  const number = `TK/${y}/${m}/${pad(await nextNumber(em, `ticket:${y}-${m}`), 5)}`;
  const at = now.toISOString();
  const row = await repo(em).save({
    number,
    customerId: input.customerId,
    category: input.category,
    text,
    state: 'open',
    assignedTo: null,
    via: input.via,
    openedBy: input.userId,
    createdAt: at,
    updatedAt: at,
    solvedAt: null,
  });
  await notes(em).insert({ ticketId: row.id, event: 'opened', userId: input.userId, note: '', visibleToCustomer: false, fromState: null, toState: 'open', assignedTo: null, at });
  if (bytes && input.photo) await em.getRepository(TicketPhotoEntity).insert({ ticketId: row.id, mime: input.photo.mime, bytes, createdAt: at });
  await env.domainEvents.publish(em, 'ticket.opened', { ticketId: row.id, customerId: row.customerId, number, category: row.category, via: row.via, userId: input.userId }, now);
  return row;
}

async function addLine(em: EntityManager, line: Omit<TicketNoteRow, 'id'>): Promise<number> {
  const r = await notes(em).insert(line);
  return (r.identifiers[0] as { id: number }).id;
}

/** Moves a ticket (TICKET_TRANSITIONS) with an optional note; refused (4xx) for any other move. */
export async function changeState(em: EntityManager, env: TicketsEnv, id: number, to: TicketState, note: string, visible: boolean, userId: number | null, now: Date): Promise<TicketRow> {
  const t = await ticketRow(em, id);
  if (!TICKET_TRANSITIONS[t.state].includes(to)) {
    throw new AppError('tickets.bad_state', `Ticket ${t.number} is ${t.state}; it cannot become ${to}`, { from: t.state, to });
  }
  const at = now.toISOString();
  const text = note.trim();
  const entryId = await addLine(em, { ticketId: id, event: 'state', userId, note: text, visibleToCustomer: visible, fromState: t.state, toState: to, assignedTo: null, at });
  await repo(em).update({ id }, { state: to, updatedAt: at, solvedAt: to === 'solved' ? at : null });
  await env.domainEvents.publish(
    em,
    'ticket.updated',
    { ticketId: id, customerId: t.customerId, number: t.number, entryId, change: 'state', from: t.state, to, note: visible && text ? text : null, assignedTo: t.assignedTo, userId },
    now,
  );
  return ticketRow(em, id);
}

/** A note on the ticket, internal or shown to the customer. */
export async function addNote(em: EntityManager, env: TicketsEnv, id: number, note: string, visible: boolean, userId: number | null, now: Date): Promise<TicketRow> {
  const t = await ticketRow(em, id);
  const text = note.trim();
  if (!text) throw new AppError('validation', 'Write the note', { field: 'note' });
  const at = now.toISOString();
  const entryId = await addLine(em, { ticketId: id, event: 'note', userId, note: text, visibleToCustomer: visible, fromState: null, toState: null, assignedTo: null, at });
  await repo(em).update({ id }, { updatedAt: at });
  await env.domainEvents.publish(
    em,
    'ticket.updated',
    { ticketId: id, customerId: t.customerId, number: t.number, entryId, change: 'note', from: t.state, to: t.state, note: visible ? text : null, assignedTo: t.assignedTo, userId },
    now,
  );
  return ticketRow(em, id);
}

/** Whether a user may be given tickets: active, and their role handles tickets. */
async function assignable(em: EntityManager, userId: number): Promise<boolean> {
  const u = await accounts.find(em, userId);
  return !!u && u.status === 'active' && roleHas(u.role, 'tickets.manage');
}

/**
 * Gives the ticket to a staff member (null: to nobody). A solved ticket is refused (reopen it first). An open
 * ticket given to someone moves to in progress (its own line and event: the customer hears it is being handled).
 * Giving it to whoever has it already changes nothing.
 */
export async function assignTicket(em: EntityManager, env: TicketsEnv, id: number, assignee: number | null, userId: number | null, now: Date): Promise<TicketRow> {
  const t = await ticketRow(em, id);
  if (t.state === 'solved') throw new AppError('tickets.bad_state', `Ticket ${t.number} is solved; reopen it first`, { from: t.state, to: t.state });
  if (assignee !== null && !(await assignable(em, assignee))) throw new AppError('tickets.assignee_invalid', 'This user cannot be given tickets', { field: 'userId' });
  if (t.assignedTo === assignee) return t;
  const at = now.toISOString();
  const entryId = await addLine(em, { ticketId: id, event: 'assigned', userId, note: '', visibleToCustomer: false, fromState: null, toState: null, assignedTo: assignee, at });
  await repo(em).update({ id }, { assignedTo: assignee, updatedAt: at });
  await env.domainEvents.publish(
    em,
    'ticket.updated',
    { ticketId: id, customerId: t.customerId, number: t.number, entryId, change: 'assigned', from: t.state, to: t.state, note: null, assignedTo: assignee, userId },
    now,
  );
  if (assignee !== null && t.state === 'open') return changeState(em, env, id, 'in_progress', '', true, userId, now);
  return ticketRow(em, id);
}

/* ---------- reads ---------- */

export interface TicketFilter {
  state?: TicketState | undefined;
  assignee?: number | 'me' | 'none' | undefined;
  customerId?: number | undefined;
  q?: string | undefined;
}

function where(f: TicketFilter, me: number | null, withState: boolean): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (withState && f.state) {
    parts.push('t.state = ?');
    params.push(f.state);
  }
  if (f.assignee === 'none') parts.push('t.assigned_to IS NULL');
  else if (f.assignee !== undefined) {
    parts.push('t.assigned_to = ?');
    params.push(f.assignee === 'me' ? (me ?? 0) : f.assignee);
  }
  if (f.customerId !== undefined) {
    parts.push('t.customer_id = ?');
    params.push(f.customerId);
  }
  if (f.q) {
    const like = likeContains(f.q.toLowerCase());
    parts.push(`(lower(t.number) LIKE ? ${LIKE_ESCAPE} OR lower(t.text) LIKE ? ${LIKE_ESCAPE} OR ${customerSql.searchLike('t.customer_id')})`);
    params.push(like, like, like);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

type Raw = { id: number; number: string; customer_id: number; category: TicketCategory; text: string; state: TicketState; assigned_to: number | null; via: TicketVia; created_at: string; updated_at: string; solved_at: string | null };

async function rowDtos(em: EntityManager, rows: Raw[]): Promise<TicketRowDto[]> {
  const customers = await customerLabels(em, rows.map((r) => r.customer_id));
  const users = await userNames(em, rows.map((r) => r.assigned_to));
  const photos = new Set(
    ((await em.query('SELECT ticket_id FROM ticket_photos WHERE ticket_id IN (SELECT value FROM json_each(?))', [JSON.stringify(rows.map((r) => r.id))])) as { ticket_id: number }[]).map((p) => p.ticket_id),
  );
  return rows.map((r) => {
    const c = customers.get(r.customer_id);
    return {
      id: r.id,
      number: r.number,
      customerId: r.customer_id,
      customerName: c?.name ?? '',
      customerNumber: c?.number ?? '',
      customerArea: c?.area ?? '',
      category: r.category,
      text: r.text,
      state: r.state,
      assignedTo: r.assigned_to !== null ? { id: r.assigned_to, name: users.get(r.assigned_to) ?? '' } : null,
      via: r.via,
      hasPhoto: photos.has(r.id),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      solvedAt: r.solved_at,
    };
  });
}

/** A page of tickets (unsolved first, newest first) and the count per state under the other filters. */
export async function listTickets(em: EntityManager, f: TicketFilter, me: number | null, page: number, pageSize: number) {
  const w = where(f, me, true);
  const [total] = (await em.query(`SELECT count(*) AS n FROM tickets t ${w.sql}`, w.params)) as { n: number }[];
  const rows = (await em.query(`SELECT t.* FROM tickets t ${w.sql} ORDER BY (t.state = 'solved'), t.id DESC LIMIT ? OFFSET ?`, [...w.params, pageSize, (page - 1) * pageSize])) as Raw[];
  const c = where(f, me, false);
  const byState = (await em.query(`SELECT t.state AS state, count(*) AS n FROM tickets t ${c.sql} GROUP BY t.state`, c.params)) as { state: TicketState; n: number }[];
  const counts = Object.fromEntries(TICKET_STATES.map((s) => [s, byState.find((b) => b.state === s)?.n ?? 0])) as Record<TicketState, number>;
  return { items: await rowDtos(em, rows), total: total?.n ?? 0, page, pageSize, counts };
}

async function rawOf(em: EntityManager, id: number): Promise<Raw | null> {
  const [r] = (await em.query('SELECT * FROM tickets WHERE id = ?', [id])) as Raw[];
  return r ?? null;
}

type NoteRaw = { id: number; event: TicketNoteRow['event']; user_id: number | null; note: string; visible_to_customer: number; from_state: TicketState | null; to_state: TicketState | null; assigned_to: number | null; at: string };

async function linesOf(em: EntityManager, ticketId: number): Promise<NoteRaw[]> {
  return (await em.query('SELECT * FROM ticket_notes WHERE ticket_id = ? ORDER BY id', [ticketId])) as NoteRaw[];
}

export async function ticketDto(em: EntityManager, id: number): Promise<TicketDto> {
  const r = await rawOf(em, id);
  if (!r) throw new AppError('not_found', `Ticket ${id} not found`);
  const [row] = await rowDtos(em, [r]);
  const lines = await linesOf(em, id);
  const [opened] = (await em.query('SELECT opened_by FROM tickets WHERE id = ?', [id])) as { opened_by: number | null }[];
  const users = await userNames(em, [...lines.flatMap((l) => [l.user_id, l.assigned_to]), opened?.opened_by ?? null]);
  const contact = await customerContact(em, r.customer_id);
  const [photo] = (await em.query('SELECT mime FROM ticket_photos WHERE ticket_id = ?', [id])) as { mime: TicketPhotoMime }[];
  const noteDtos: TicketNoteDto[] = lines.map((l) => ({
    id: l.id,
    event: l.event,
    note: l.note,
    visibleToCustomer: l.visible_to_customer === 1,
    fromState: l.from_state,
    toState: l.to_state,
    assignedTo: l.assigned_to !== null ? { id: l.assigned_to, name: users.get(l.assigned_to) ?? '' } : null,
    by: l.user_id !== null ? (users.get(l.user_id) ?? null) : null,
    at: l.at,
  }));
  return {
    ...row!,
    customer: { id: r.customer_id, name: row!.customerName, number: row!.customerNumber, area: row!.customerArea, address: contact?.address ?? '', phone: contact?.phone ?? null },
    notes: noteDtos,
    photoMime: photo?.mime ?? null,
    openedBy: opened?.opened_by != null ? (users.get(opened.opened_by) ?? null) : null,
  };
}

export async function photoOf(em: EntityManager, ticketId: number): Promise<{ mime: TicketPhotoMime; bytes: Buffer } | null> {
  const [p] = (await em.query('SELECT mime, bytes FROM ticket_photos WHERE ticket_id = ?', [ticketId])) as { mime: TicketPhotoMime; bytes: Buffer }[];
  return p ? { mime: p.mime, bytes: Buffer.from(p.bytes) } : null;
}

/** Active staff whose role handles tickets, with how many unsolved tickets each has. */
export async function assignees(em: EntityManager): Promise<TicketAssignee[]> {
  const users = (await accounts.list(em, { status: 'active' })).filter((u) => roleHas(u.role, 'tickets.manage'));
  const load = (await em.query("SELECT assigned_to AS id, count(*) AS n FROM tickets WHERE assigned_to IS NOT NULL AND state <> 'solved' GROUP BY assigned_to")) as { id: number; n: number }[];
  const byId = new Map(load.map((l) => [l.id, l.n]));
  return users.map((u) => ({ id: u.id, name: u.fullName, role: u.role, open: byId.get(u.id) ?? 0 })).sort((a, b) => a.name.localeCompare(b.name));
}

/* ---------- the customer's view (portal) ---------- */

/**
 * A ticket as its customer sees it: what they wrote, the state, and the history lines meant for them — every state
 * change (with its note when the note was shown to them) and every note shown to them, oldest first. Internal
 * notes and assignments never leave the office.
 */
function portalTicket(r: Raw, lines: NoteRaw[], hasPhoto: boolean): PortalTicket {
  let state: TicketState = 'open';
  const updates: PortalTicket['updates'] = [];
  for (const l of lines) {
    if (l.event === 'state' && l.to_state) {
      state = l.to_state;
      updates.push({ at: l.at, state, note: l.visible_to_customer === 1 ? l.note : '' });
    } else if (l.event === 'note' && l.visible_to_customer === 1) updates.push({ at: l.at, state, note: l.note });
  }
  return { id: r.id, number: r.number, category: r.category, text: r.text, state: r.state, hasPhoto, createdAt: r.created_at, updatedAt: r.updated_at, updates };
}

async function portalTickets(em: EntityManager, rows: Raw[]): Promise<PortalTicket[]> {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const lines = (await em.query('SELECT * FROM ticket_notes WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY id', [ids])) as (NoteRaw & { ticket_id: number })[];
  const photos = new Set(((await em.query('SELECT ticket_id FROM ticket_photos WHERE ticket_id IN (SELECT value FROM json_each(?))', [ids])) as { ticket_id: number }[]).map((p) => p.ticket_id));
  return rows.map((r) => portalTicket(r, lines.filter((l) => l.ticket_id === r.id), photos.has(r.id)));
}

/** The customer's tickets, newest first (at most 100). */
export async function customerTickets(em: EntityManager, customerId: number): Promise<PortalTicket[]> {
  const rows = (await em.query('SELECT * FROM tickets WHERE customer_id = ? ORDER BY id DESC LIMIT 100', [customerId])) as Raw[];
  return portalTickets(em, rows);
}

/** One of the customer's tickets; null when there is no such ticket or it is someone else's. */
export async function customerTicket(em: EntityManager, customerId: number, ticketId: number): Promise<PortalTicket | null> {
  const r = await rawOf(em, ticketId);
  if (!r || r.customer_id !== customerId) return null;
  return (await portalTickets(em, [r]))[0] ?? null;
}

/** The ticket's photo if the ticket is this customer's. */
export async function customerTicketPhoto(em: EntityManager, customerId: number, ticketId: number): Promise<{ mime: TicketPhotoMime; bytes: Buffer } | null> {
  const r = await rawOf(em, ticketId);
  if (!r || r.customer_id !== customerId) return null;
  return photoOf(em, ticketId);
}
