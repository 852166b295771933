import type { EntityManager } from 'typeorm';
import type { PortalTicket } from '../../../shared/contract/portal';
import type { TicketPhotoMime } from '../../../shared/contract/tickets';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';
import {
  addNote,
  assignees,
  assignTicket,
  changeState,
  customerTicket,
  customerTicketPhoto,
  customerTickets,
  listTickets,
  openTicket,
  photoOf,
  ticketDto,
  ticketRow,
  type OpenTicketInput,
  type TicketsEnv,
} from './service';
import { userNames } from '../auth';

/**
 * The tickets module: the staff handlers (tickets.*) and what the customer portal calls for the signed-in
 * customer. Every write runs in the caller's transaction (a handler's, or the portal's) and publishes its domain
 * event there (ticket.opened, ticket.updated), so the WhatsApp message to the customer commits with the change.
 */
export interface TicketsModule extends DomainModule<DomainHandlers<'tickets'>> {
  /** Opens a ticket (inside a write transaction). Refused: not_found customer, tickets.too_many (portal), tickets.photo_invalid. */
  open(em: EntityManager, input: OpenTicketInput, now: Date): Promise<PortalTicket>;
  /** The customer's tickets, newest first (at most 100). */
  listOf(em: EntityManager, customerId: number): Promise<PortalTicket[]>;
  /** One of the customer's own tickets, else null (someone else's is null too). */
  oneOf(em: EntityManager, customerId: number, ticketId: number): Promise<PortalTicket | null>;
  /** The photo of one of the customer's own tickets, else null. */
  photoOf(em: EntityManager, customerId: number, ticketId: number): Promise<{ mime: TicketPhotoMime; bytes: Buffer } | null>;
}

export function createTicketsModule(m: ModuleContext): TicketsModule {
  const env: TicketsEnv = { domainEvents: m.domainEvents, timeZone: () => m.settings.get('locale').timezone };

  return {
    async open(em, input, now) {
      const row = await openTicket(em, env, input, now);
      const t = await customerTicket(em, row.customerId, row.id);
      if (!t) throw new Error(`ticket ${row.id} was not written`);
      return t;
    },
    listOf: (em, customerId) => customerTickets(em, customerId),
    oneOf: (em, customerId, ticketId) => customerTicket(em, customerId, ticketId),
    photoOf: (em, customerId, ticketId) => customerTicketPhoto(em, customerId, ticketId),

    handlers: {
      async 'tickets.list'(input, ctx) {
        const { page, pageSize, ...filter } = input;
        return listTickets(ctx.em, filter, ctx.user?.id ?? null, page, pageSize);
      },

      'tickets.get': async (input, ctx) => ticketDto(ctx.em, input.id),

      async 'tickets.photo'(input, ctx) {
        await ticketRow(ctx.em, input.id);
        const p = await photoOf(ctx.em, input.id);
        return p ? { mime: p.mime, base64: p.bytes.toString('base64') } : null;
      },

      'tickets.assignees': async (_input, ctx) => assignees(ctx.em),

      async 'tickets.create'(input, ctx) {
        const userId = ctx.user?.id ?? null;
        const row = await openTicket(ctx.em, env, { customerId: input.customerId, category: input.category, text: input.text, photo: input.photo, via: 'staff', userId }, ctx.now);
        if (input.assignTo !== null) await assignTicket(ctx.em, env, row.id, input.assignTo, userId, ctx.now);
        const t = await ticketDto(ctx.em, row.id);
        ctx.audit(summary('tickets.opened', { number: t.number, customer: t.customerName }), { ticketId: t.id, customerId: t.customerId, category: t.category, photo: input.photo !== null });
        return t;
      },

      async 'tickets.assign'(input, ctx) {
        const before = await ticketRow(ctx.em, input.id);
        await assignTicket(ctx.em, env, input.id, input.userId, ctx.user?.id ?? null, ctx.now);
        const t = await ticketDto(ctx.em, input.id);
        if (input.userId === null) ctx.audit(summary('tickets.unassigned', { number: t.number }), { ticketId: t.id, from: before.assignedTo });
        else {
          const name = (await userNames(ctx.em, [input.userId])).get(input.userId) ?? String(input.userId);
          ctx.audit(summary('tickets.assigned', { number: t.number, name }), { ticketId: t.id, from: before.assignedTo, to: input.userId });
        }
        return t;
      },

      async 'tickets.note'(input, ctx) {
        await addNote(ctx.em, env, input.id, input.note, input.visibleToCustomer, ctx.user?.id ?? null, ctx.now);
        const t = await ticketDto(ctx.em, input.id);
        ctx.audit(summary(input.visibleToCustomer ? 'tickets.notedVisible' : 'tickets.noted', { number: t.number }), { ticketId: t.id });
        return t;
      },

      async 'tickets.setState'(input, ctx) {
        const before = await ticketRow(ctx.em, input.id);
        await changeState(ctx.em, env, input.id, input.state, input.note, input.visibleToCustomer, ctx.user?.id ?? null, ctx.now);
        const t = await ticketDto(ctx.em, input.id);
        ctx.audit(summary('tickets.stateChanged', { number: t.number, from: before.state, to: t.state }), { ticketId: t.id, from: before.state, to: t.state });
        return t;
      },
    },
  };
}
