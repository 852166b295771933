// Public entry of the tickets module (issue 14, trouble reports): the only file other modules and the composition root import.

/** The staff handlers (tickets.*) and the customer portal's calls (open, listOf, oneOf, photoOf). */
export { createTicketsModule, type TicketsModule } from './module';
/** What opening a ticket takes (the portal passes it to TicketsModule.open). */
export type { OpenTicketInput } from './service';
/** Table schemas, listed by the composition root. */
export { TicketEntity, TicketNoteEntity, TicketPhotoEntity } from './entities';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['tickets', 'ticket_notes', 'ticket_photos'];
