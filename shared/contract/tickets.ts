import { z } from 'zod';
import { idSchema, pageSchema } from './common';
import type { IsoDate, Page } from './dto';
import { op } from './op';
import { TICKET_CATEGORIES, TICKET_STATES, ticketPhotoSchema, type TicketCategory, type TicketState } from './portal';

/*
 * Trouble tickets (issue 14, "Lapor gangguan"): a customer reports a problem from the portal or staff open one
 * for a customer who calls in; staff assign it to a technician, write notes (internal, or shown to the
 * customer), and move it open → in progress → solved. The customer is told over WhatsApp when it changes.
 */

export { TICKET_CATEGORIES, TICKET_STATES, type TicketCategory, type TicketState };

/** Where a ticket was opened. */
export const TICKET_VIA = ['portal', 'staff'] as const;
export type TicketVia = (typeof TICKET_VIA)[number];

/** What one line of a ticket's history is: it was opened, a note, a state change (with an optional note), an assignment. */
export const TICKET_NOTE_EVENTS = ['opened', 'note', 'state', 'assigned'] as const;
export type TicketNoteEvent = (typeof TICKET_NOTE_EVENTS)[number];

/** A photo's mime types (the portal's schema). */
export const TICKET_PHOTO_MIMES = ticketPhotoSchema.shape.mime.options;
export type TicketPhotoMime = (typeof TICKET_PHOTO_MIMES)[number];
/** Largest photo kept, decoded (the phone scales it down before sending). */
export const TICKET_PHOTO_MAX_BYTES = 1_500_000;
/** Unsolved tickets one customer may have open from the portal at a time (staff may open more). */
export const TICKET_PORTAL_OPEN_LIMIT = 3;

/**
 * The moves a ticket may make. in_progress → open gives it back to the queue; solved → open reopens it (the
 * problem came back). Anything else (the same state, solved → in_progress) is refused with tickets.bad_state.
 */
export const TICKET_TRANSITIONS: Record<TicketState, readonly TicketState[]> = {
  open: ['in_progress', 'solved'],
  in_progress: ['open', 'solved'],
  solved: ['open'],
};

export interface TicketPerson {
  id: number;
  name: string;
}

export interface TicketRowDto {
  id: number;
  /** TK/2026/12/00001. */
  number: string;
  customerId: number;
  customerName: string;
  customerNumber: string;
  customerArea: string;
  category: TicketCategory;
  /** The customer's words. */
  text: string;
  state: TicketState;
  assignedTo: TicketPerson | null;
  via: TicketVia;
  hasPhoto: boolean;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  solvedAt: IsoDate | null;
}

export interface TicketNoteDto {
  id: number;
  event: TicketNoteEvent;
  note: string;
  /** Shown to the customer in the portal (and sent over WhatsApp with a change). */
  visibleToCustomer: boolean;
  fromState: TicketState | null;
  toState: TicketState | null;
  /** For 'assigned': who got it (null = taken off everyone). */
  assignedTo: TicketPerson | null;
  /** The staff member who wrote it; null = the customer (portal) or the system. */
  by: string | null;
  at: IsoDate;
}

export interface TicketDto extends TicketRowDto {
  customer: { id: number; name: string; number: string; area: string; address: string; phone: string | null };
  /** Oldest first. */
  notes: TicketNoteDto[];
  /** The photo's type, when there is one (tickets.photo returns it). */
  photoMime: TicketPhotoMime | null;
  /** Who opened it (staff), null for the portal. */
  openedBy: string | null;
}

export interface TicketListDto extends Page<TicketRowDto> {
  /** Tickets per state under the same filters except the state. */
  counts: Record<TicketState, number>;
}

/** Staff who may be given tickets (active users whose role handles tickets). */
export interface TicketAssignee {
  id: number;
  name: string;
  role: string;
  /** Tickets assigned to them and not solved. */
  open: number;
}

const text = z.string().trim().min(3).max(2000);
const note = z.string().trim().max(2000);

export const ticketFilterSchema = z.object({
  state: z.enum(TICKET_STATES).optional(),
  /** A user id, 'me' (the caller) or 'none' (nobody yet). */
  assignee: z.union([idSchema, z.enum(['me', 'none'])]).optional(),
  customerId: idSchema.optional(),
  /** Ticket number, text, or the customer's name / number / phone / address. */
  q: z.string().trim().max(100).optional(),
});

export const ticketsContract = {
  'tickets.list': op<TicketListDto>()({ input: pageSchema.extend(ticketFilterSchema.shape), access: 'tickets.read', mutates: false }),
  'tickets.get': op<TicketDto>()({ input: z.object({ id: idSchema }), access: 'tickets.read', mutates: false }),
  /** The ticket's photo as base64 (null when it has none). */
  'tickets.photo': op<{ mime: TicketPhotoMime; base64: string } | null>()({ input: z.object({ id: idSchema }), access: 'tickets.read', mutates: false }),
  /** Who a ticket can be assigned to. */
  'tickets.assignees': op<TicketAssignee[]>()({ input: z.object({}), access: 'tickets.read', mutates: false }),
  /** Staff open a ticket for a customer who called in (the customer gets the WhatsApp confirmation). */
  'tickets.create': op<TicketDto>()({
    input: z.object({ customerId: idSchema, category: z.enum(TICKET_CATEGORIES), text, photo: ticketPhotoSchema.nullable().default(null), assignTo: idSchema.nullable().default(null) }),
    access: 'tickets.open',
    mutates: true,
  }),
  /** Gives the ticket to a staff member (null: to nobody). An open ticket moves to in progress. */
  'tickets.assign': op<TicketDto>()({ input: z.object({ id: idSchema, userId: idSchema.nullable() }), access: 'tickets.manage', mutates: true }),
  /** A note: internal, or shown to the customer (then also sent over WhatsApp). */
  'tickets.note': op<TicketDto>()({ input: z.object({ id: idSchema, note: note.min(1), visibleToCustomer: z.boolean().default(false) }), access: 'tickets.manage', mutates: true }),
  /** Moves the ticket (TICKET_TRANSITIONS), with an optional note; the customer is told over WhatsApp. */
  'tickets.setState': op<TicketDto>()({
    input: z.object({ id: idSchema, state: z.enum(TICKET_STATES), note: note.default(''), visibleToCustomer: z.boolean().default(true) }),
    access: 'tickets.manage',
    mutates: true,
  }),
};
