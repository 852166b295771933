import type { EntityManager } from 'typeorm';
import { toE164 } from './phone';
import { refreshSearch } from './search';

/*
 * What the customer portal (issue 14) reads and writes of a customer, through the composition root: who signs in
 * with a customer number or a phone/WhatsApp number, the profile, and a new WhatsApp number once the customer
 * proved it with a code sent to it. Deactivated customers cannot sign in.
 */

export interface PortalCustomer {
  id: number;
  number: string;
  name: string;
  /** E.164 or null. */
  whatsapp: string | null;
  phone: string | null;
  optIn: boolean;
  status: string;
}

type Raw = { id: number; number: string; name: string; whatsapp: string | null; phone: string | null; wa_opt_in: number; status: string };
const SELECT = 'SELECT id, number, name, whatsapp, phone, wa_opt_in, status FROM customers';
const toDto = (r: Raw): PortalCustomer => ({ id: r.id, number: r.number, name: r.name, whatsapp: r.whatsapp, phone: r.phone, optIn: r.wa_opt_in === 1, status: r.status });

export async function portalCustomer(em: EntityManager, id: number): Promise<PortalCustomer | null> {
  const [r] = (await em.query(`${SELECT} WHERE id = ?`, [id])) as Raw[];
  return r ? toDto(r) : null;
}

/**
 * The active customer a customer means by what they typed: their customer number (any case, e.g. plg-000123),
 * else their WhatsApp number, else their phone (any common way of writing it). Where several customers share a
 * number, the one whose WhatsApp it is, then the oldest.
 */
export async function portalCustomerByLogin(em: EntityManager, login: string): Promise<PortalCustomer | null> {
  const text = login.trim();
  if (text === '') return null;
  const [byNumber] = (await em.query(`${SELECT} WHERE number = ? AND status = 'active'`, [text.toUpperCase()])) as Raw[];
  if (byNumber) return toDto(byNumber);
  const [exact] = text.toUpperCase() === text ? [] : ((await em.query(`${SELECT} WHERE number = ? AND status = 'active'`, [text])) as Raw[]);
  if (exact) return toDto(exact);
  const e164 = /^[+0-9 ().-]+$/.test(text) ? toE164(text) : null;
  if (!e164) return null;
  const [r] = (await em.query(`${SELECT} WHERE (whatsapp = ? OR phone = ?) AND status = 'active' ORDER BY (whatsapp = ?) DESC, id LIMIT 1`, [e164, e164, e164])) as Raw[];
  return r ? toDto(r) : null;
}

/** Sets a customer's WhatsApp number (E.164), in the caller's transaction; the search text follows. */
export async function setPortalWhatsApp(em: EntityManager, id: number, e164: string, now: Date): Promise<void> {
  await em.query('UPDATE customers SET whatsapp = ?, updated_at = ? WHERE id = ?', [e164, now.toISOString(), id]);
  await refreshSearch(em, id);
}
