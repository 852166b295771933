import { EntitySchema } from 'typeorm';
import type { TicketCategory, TicketNoteEvent, TicketPhotoMime, TicketState, TicketVia } from '../../../shared/contract/tickets';

/** A trouble ticket (migrations/1765400000100-Tickets.ts). */
export interface TicketRow {
  id: number;
  /** TK/2026/12/00001. */
  number: string;
  customerId: number;
  category: TicketCategory;
  text: string;
  state: TicketState;
  assignedTo: number | null;
  via: TicketVia;
  /** The staff member who opened it; null from the portal. */
  openedBy: number | null;
  createdAt: string;
  updatedAt: string;
  solvedAt: string | null;
}

/** One line of a ticket's history (append-only). */
export interface TicketNoteRow {
  id: number;
  ticketId: number;
  event: TicketNoteEvent;
  userId: number | null;
  note: string;
  visibleToCustomer: boolean;
  fromState: TicketState | null;
  toState: TicketState | null;
  assignedTo: number | null;
  at: string;
}

export interface TicketPhotoRow {
  ticketId: number;
  mime: TicketPhotoMime;
  bytes: Buffer;
  createdAt: string;
}

export const TicketEntity = new EntitySchema<TicketRow>({
  name: 'Ticket',
  tableName: 'tickets',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    number: { type: 'text', unique: true },
    customerId: { type: 'integer', name: 'customer_id' },
    category: { type: 'text' },
    text: { type: 'text' },
    state: { type: 'text' },
    assignedTo: { type: 'integer', name: 'assigned_to', nullable: true },
    via: { type: 'text' },
    openedBy: { type: 'integer', name: 'opened_by', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
    solvedAt: { type: 'text', name: 'solved_at', nullable: true },
  },
});

export const TicketNoteEntity = new EntitySchema<TicketNoteRow>({
  name: 'TicketNote',
  tableName: 'ticket_notes',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    ticketId: { type: 'integer', name: 'ticket_id' },
    event: { type: 'text' },
    userId: { type: 'integer', name: 'user_id', nullable: true },
    note: { type: 'text', default: '' },
    visibleToCustomer: { type: 'boolean', name: 'visible_to_customer', default: false },
    fromState: { type: 'text', name: 'from_state', nullable: true },
    toState: { type: 'text', name: 'to_state', nullable: true },
    assignedTo: { type: 'integer', name: 'assigned_to', nullable: true },
    at: { type: 'text' },
  },
});

export const TicketPhotoEntity = new EntitySchema<TicketPhotoRow>({
  name: 'TicketPhoto',
  tableName: 'ticket_photos',
  columns: {
    ticketId: { type: 'integer', name: 'ticket_id', primary: true },
    mime: { type: 'text' },
    bytes: { type: 'blob' },
    createdAt: { type: 'text', name: 'created_at' },
  },
});
