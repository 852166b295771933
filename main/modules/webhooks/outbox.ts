import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '../../core/domain-events';

/*
 * The webhook outbox (issue 15): a business event becomes one webhook_events row (its body serialised once — the
 * bytes that get signed on every attempt) and one delivery per enabled endpoint that wants it, written in the
 * event's own transaction: the change and its webhooks commit together or not at all.
 */

/** The object an event is about: deliveries of one object reach an endpoint in the order they happened. */
export function objectKeyOf(e: DomainEvent): string {
  const d = e.data as unknown as Record<string, unknown>;
  const [domain] = e.type.split('.');
  switch (domain) {
    case 'customer':
      return `customer:${String(d.customerId)}`;
    case 'invoice':
      return `invoice:${String(d.invoiceId)}`;
    case 'payment':
      return `payment:${String(d.paymentId)}`;
    case 'payment_attempt':
      return `attempt:${String(d.attemptId)}`;
    case 'voucher':
      return `voucher:${String(Array.isArray(d.voucherIds) ? d.voucherIds[0] : d.voucherId)}`;
    case 'router':
      return `router:${String(d.routerId)}`;
    case 'ticket':
      return `ticket:${String(d.ticketId)}`;
    case 'job':
      return `job:${String(d.job)}`;
    default:
      // subscription.*, promise.made
      return `subscription:${String(d.subscriptionId)}`;
  }
}

/** `msg_` + 26 url-safe characters: unique, never containing a "." (it is part of the signed content). */
export const newMessageId = (): string => `msg_${randomBytes(20).toString('base64url').slice(0, 26)}`;

export interface EndpointWants {
  id: number;
  events: string[];
}

export const wants = (ep: EndpointWants, type: string): boolean => ep.events.includes('*') || ep.events.includes(type);

/** Enabled endpoints and the events they want (a small table; read per event inside the transaction). */
export async function enabledEndpoints(em: EntityManager): Promise<EndpointWants[]> {
  const rows = (await em.query('SELECT id, events FROM webhook_endpoints WHERE enabled = 1')) as { id: number; events: string }[];
  return rows.map((r) => ({ id: r.id, events: JSON.parse(r.events) as string[] }));
}

/** Records an event and its deliveries in the caller's transaction. Returns the message id, or null when no endpoint wants it. */
export async function recordEvent(em: EntityManager, type: string, data: unknown, at: Date, objectKey: string, endpoints: EndpointWants[], id = newMessageId()): Promise<string | null> {
  const targets = endpoints.filter((ep) => wants(ep, type));
  if (targets.length === 0) return null;
  const body = JSON.stringify({ type, timestamp: at.toISOString(), data });
  const now = at.toISOString();
  await em.query('INSERT INTO webhook_events (id, type, object_key, body, created_at) VALUES (?,?,?,?,?)', [id, type, objectKey, body, now]);
  for (const ep of targets) {
    await em.query("INSERT INTO webhook_deliveries (event_id, endpoint_id, object_key, state, attempts, next_at, created_at, updated_at) VALUES (?,?,?,'queued',0,NULL,?,?)", [id, ep.id, objectKey, now, now]);
  }
  return id;
}
