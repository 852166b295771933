import type { EntityManager } from 'typeorm';
import type { PortalCodePurpose, PortalTicket, TicketCategory } from '../../../shared/contract/portal';

/*
 * What the portal needs from other modules, handed in by the composition root (main/app/app.ts). Each matches an
 * interface promised between the issue-14 helpers (/tmp shared notes): 1 sendLoginCode (WhatsApp), 2 PDFs
 * (billing), 3 tickets, 4 live sessions and month usage (routers).
 */

/** Interface 4 (routers). */
export interface PortalConnectionPort {
  /** A username missing from the map is not online; throws when the router cannot be reached. */
  liveSessions(routerId: number, usernames: string[]): Promise<Map<string, { ip: string | null; uptimeSeconds: number; rx: number; tx: number; /** null: the router showed no byte counters. */ counters?: string | null }>>;
  monthUsage(em: EntityManager, routerId: number, username: string, fromUtcIso: string): Promise<{ rx: number; tx: number } | null>;
}

/** Interface 3 (tickets). */
export interface PortalTicketsPort {
  open(
    em: EntityManager,
    t: { customerId: number; category: TicketCategory; text: string; photo: { mime: string; base64: string } | null; via: 'portal' | 'staff'; userId: number | null },
    now: Date,
  ): Promise<PortalTicket>;
  listOf(em: EntityManager, customerId: number): Promise<PortalTicket[]>;
  oneOf(em: EntityManager, customerId: number, ticketId: number): Promise<PortalTicket | null>;
  photoOf(em: EntityManager, customerId: number, ticketId: number): Promise<{ mime: string; bytes: Buffer } | null>;
}

export interface PdfOptions {
  lang: 'id' | 'en';
  timeZone: string;
  office: { name: string; address: string; phone: string };
}
export type PdfFile = { filename: string; bytes: Buffer } | null;

/** Interface 2 (billing PDFs). */
export interface PortalPdfPort {
  invoicePdf(em: EntityManager, invoiceId: number, opts: PdfOptions): Promise<PdfFile>;
  receiptPdf(em: EntityManager, paymentId: number, opts: PdfOptions): Promise<PdfFile>;
}

export interface PortalDeps {
  /** The built portal UI (dist/portal), or null (then /portal/ says it is not built). */
  portalDir: string | null;
  /** Interface 1 (WhatsApp): queues the code in the caller's transaction; false = no WhatsApp channel is set up. */
  sendLoginCode(em: EntityManager, to: { customerId: number | null; number: string }, code: string, purpose: PortalCodePurpose, now: Date): Promise<boolean>;
  /** A pay link (made or reused) for an invoice or for everything a customer owes; null when online payment is off or nothing is owed. */
  payLink(em: EntityManager, target: { invoiceId: number } | { customerId: number }, now: Date): Promise<string | null>;
  /** Online payment is set up (an enabled account and an address customers can open). */
  canPayOnline(em: EntityManager): Promise<boolean>;
  /** The public voucher shop's address when something is on sale, else null. */
  shopUrl(em: EntityManager): Promise<string | null>;
  connection: PortalConnectionPort | null;
  tickets: PortalTicketsPort | null;
  pdfs: PortalPdfPort | null;
}

/** Per-address and per-login limits (tests lower or raise them). */
export interface PortalLimits {
  /** Every portal API call per address and minute. */
  callsPerMinute?: number;
  /** Sign-in codes asked per address in 15 minutes (default: the portal setting codesPer15Min). */
  codesPerAddress?: number;
  /** Sign-in codes asked for one login in 15 minutes (default: the portal setting codesPer15Min). */
  codesPerLogin?: number;
  /** Failed code checks per address in 15 minutes. */
  verifyFailuresPerAddress?: number;
  /** Failed password sign-ins per address in 15 minutes. */
  passwordFailuresPerAddress?: number;
  /** Seconds before a code can be asked again for the same login (0: no wait). */
  resendSeconds?: number;
}
