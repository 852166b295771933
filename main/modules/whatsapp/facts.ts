import type { EntityManager } from 'typeorm';
import type { BroadcastFilter } from '../../../shared/contract/whatsapp';

/*
 * What the WhatsApp module needs to know about customers, their bills and payments, read from the modules that
 * own them. The composition root implements it with those modules' public exports, so this module stays
 * ignorant of their tables.
 */

export interface WaCustomer {
  id: number;
  name: string;
  /** Customer number (C000123). */
  number: string;
  /** The WhatsApp number, E.164, else null. */
  whatsapp: string | null;
  optIn: boolean;
}

export interface WaInvoiceFacts {
  id: number;
  customerId: number;
  number: string;
  periodStart: string | null;
  /** Exclusive end. */
  periodEnd: string | null;
  total: number;
  /** Still to pay. */
  remaining: number;
  dueDate: string;
  status: string;
}

export interface WaFacts {
  customer(em: EntityManager, id: number): Promise<WaCustomer | null>;
  /** The customer whose WhatsApp number (or phone) is this one (digits 62…), else null. */
  customerByNumber(em: EntityManager, digits: string): Promise<WaCustomer | null>;
  /** Opt-in on or off (a STOP / MULAI reply), in the caller's transaction. */
  setOptIn(em: EntityManager, customerId: number, on: boolean, now: Date): Promise<void>;
  /** What the customer owes now (open invoices) and their ledger balance (positive = owes). */
  account(em: EntityManager, customerId: number): Promise<{ owed: number; balance: number; openInvoices: number; plan: string | null }>;
  invoice(em: EntityManager, id: number): Promise<WaInvoiceFacts | null>;
  payment(em: EntityManager, id: number): Promise<{ customerId: number; number: string; amount: number } | null>;
  subscription(em: EntityManager, id: number): Promise<{ customerId: number; username: string; password: string; plan: string } | null>;
  /** A payment link (made or reused) for an invoice or everything a customer owes; null when online payment is not set up. */
  payLink(em: EntityManager, target: { invoiceId: number } | { customerId: number }, now: Date): Promise<string | null>;
  /** The page of a shop purchase (its voucher and QR login), or null. */
  purchaseLink(em: EntityManager, attemptId: number): Promise<string | null>;
  /** A payment's receipt as a PDF, in the office's language and time zone; null when there is no such payment. */
  receiptPdf(em: EntityManager, paymentId: number): Promise<{ filename: string; bytes: Buffer } | null>;
  /** Open invoices (something left to pay) due between two office days, inclusive. */
  dueInvoices(em: EntityManager, from: string, to: string): Promise<{ id: number; customerId: number; dueDate: string }[]>;
  /** Customers a broadcast filter selects (opt-in and numbers are judged by the caller). */
  select(em: EntityManager, filter: BroadcastFilter): Promise<WaCustomer[]>;
}
