import type { JobRunDto } from './contract/dto';
import type { SettingsGroup } from './settings';
import type { Permission } from './permissions';
import type { VoucherBatchStatus } from './contract/vouchers';
import type { TicketCategory, TicketState } from './contract/portal';

/** Push events from main to the UI (IPC `webContents.send` in desktop, Server-Sent Events in server mode). */
export interface ServerEvents {
  'jobs.run': JobRunDto;
  'settings.changed': { group: SettingsGroup };
  'session.ended': { reason: 'logout' | 'expired' | 'disabled' };
  /** Outbox counts of a router after the worker applied a batch. */
  'routers.outbox': { routerId: number; pending: number; failed: number; done: number; applying?: { done: number; total: number } };
  /** An invoice run in progress: subscriptions handled of those due when it started. */
  'billing.progress': { task: 'invoices'; done: number; total: number; created: number };
  /** A voucher batch being pushed to its router. */
  'vouchers.progress': { batchId: number; pushed: number; total: number; status: VoucherBatchStatus; error: string | null };
  /** The PPP usage sampler's run: routers read of all. */
  'routers.usage': { done: number; total: number };
}
export type EventName = keyof ServerEvents;
export const EVENT_NAMES: EventName[] = ['jobs.run', 'settings.changed', 'session.ended', 'routers.outbox', 'billing.progress', 'vouchers.progress', 'routers.usage'];

/** Permission a session needs to receive an event (null: every logged-in session). Checked by every transport. */
export const EVENT_PERMISSION: Record<EventName, Permission | null> = {
  'jobs.run': 'jobs.read',
  'settings.changed': null,
  'session.ended': null,
  'routers.outbox': 'routers.read',
  'billing.progress': 'billing.read',
  'vouchers.progress': 'vouchers.read',
  'routers.usage': 'routers.read',
};

/**
 * Domain events: what happened in the business, published inside the transaction that made it happen
 * (main/core/domain-events.ts), so a durable outbox row written by a subscriber (a WhatsApp message, a webhook
 * delivery) commits together with the change or not at all. The catalogue is what REST/webhook docs and the UI list.
 */
export const DOMAIN_EVENTS = [
  'customer.created',
  'customer.updated',
  'subscription.activated',
  'subscription.isolated',
  'subscription.restored',
  'subscription.paused',
  'subscription.resumed',
  'subscription.terminated',
  'invoice.issued',
  'invoice.paid',
  'invoice.voided',
  'payment.received',
  'payment.reversed',
  'payment_attempt.paid',
  'payment_attempt.failed',
  'voucher.sold',
  'voucher.first_login',
  'voucher.expired',
  'router.down',
  'router.up',
  'job.failed',
  'promise.made',
  'ticket.opened',
  'ticket.updated',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENTS)[number];

/** A subscription's state change: the office day it took effect (a back-dated change carries its own date). */
interface SubscriptionChange {
  subscriptionId: number;
  customerId: number;
  /** The PPPoE username. */
  username: string;
  date: string;
}

/** Ids plus the few facts a message or a webhook needs; never whole rows. Money is integer rupiah, days YYYY-MM-DD, times ISO 8601 UTC. */
export interface DomainEventData {
  /** One event per customer, also for a file import and a router adoption (`source` tells them apart). */
  'customer.created': { customerId: number; number: string; source: 'staff' | 'import' | 'adopt' };
  /** `changed`: the fields whose value changed (customers.update's names, 'status' for customers.setStatus). */
  'customer.updated': { customerId: number; changed: string[] };
  /** pending → active (by staff, on its scheduled day, or adopted from a router: `adopted`). */
  'subscription.activated': SubscriptionChange & { adopted: boolean };
  'subscription.isolated': SubscriptionChange & { reason: 'overdue' | 'manual' };
  /** isolated → active (paid, promised, or lifted by staff). */
  'subscription.restored': SubscriptionChange;
  'subscription.paused': SubscriptionChange;
  /** paused → active; also a voided termination or pause that puts the service back. */
  'subscription.resumed': SubscriptionChange;
  'subscription.terminated': SubscriptionChange;
  /** Every invoice document: period, activation, change, final, manual charges and credit notes (total < 0). */
  'invoice.issued': { invoiceId: number; customerId: number; subscriptionId: number | null; number: string; kind: 'period' | 'activation' | 'change' | 'final' | 'manual'; total: number; dueDate: string };
  /** An invoice with something to pay became fully paid (by a payment, a credit note or a credit balance). */
  'invoice.paid': { invoiceId: number; customerId: number; number: string; total: number };
  'invoice.voided': { invoiceId: number; customerId: number; number: string; total: number; reason: string };
  'payment.received': { paymentId: number; customerId: number; amount: number; number: string; method: string };
  'payment.reversed': { paymentId: number; customerId: number; amount: number; number: string; reason: string };
  /** A gateway confirmed an attempt: the payment it recorded, or the voucher it delivered (null when it waits for a person). */
  'payment_attempt.paid': { attemptId: number; orderId: string; purpose: 'invoice' | 'customer' | 'voucher'; amount: number; customerId: number | null; invoiceId: number | null; paymentId: number | null; voucherId: number | null };
  'payment_attempt.failed': { attemptId: number; orderId: string; purpose: 'invoice' | 'customer' | 'voucher'; state: 'failed' | 'expired'; customerId: number | null; invoiceId: number | null };
  /** Counter sales (several at once), online shop deliveries, and outlet vouchers when first used (when the outlet owes them). */
  'voucher.sold': { voucherIds: number[]; profileId: number; amount: number; channel: 'counter' | 'online' | 'outlet'; outletId?: number; attemptId?: number; buyerPhone?: string };
  'voucher.first_login': { voucherId: number; routerId: number; profileId: number; username: string; mac: string | null; expiresAt: string | null };
  'voucher.expired': { voucherId: number; routerId: number; profileId: number; username: string };
  /** The router stopped answering (connect, login, timeout, dropped connection). */
  'router.down': { routerId: number; name: string; error: string };
  'router.up': { routerId: number; name: string };
  'job.failed': { jobRunId: number; job: string; error: string };
  'promise.made': { customerId: number; subscriptionId: number; until: string };
  /** A trouble ticket opened from the portal or by staff (`userId`: the staff member, null from the portal). */
  'ticket.opened': { ticketId: number; customerId: number; number: string; category: TicketCategory; via: 'portal' | 'staff'; userId: number | null };
  /**
   * A ticket changed: its state (from ≠ to), a note (`note`: the text when shown to the customer, else null) or
   * who handles it (`assignedTo`). `entryId` is the history line, one per change.
   */
  'ticket.updated': { ticketId: number; customerId: number; number: string; entryId: number; change: 'state' | 'note' | 'assigned'; from: TicketState; to: TicketState; note: string | null; assignedTo: number | null; userId: number | null };
}

/** One published event. */
export type DomainEvent = { [T in DomainEventType]: { type: T; data: DomainEventData[T]; at: Date } }[DomainEventType];
