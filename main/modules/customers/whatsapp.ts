import type { EntityManager } from 'typeorm';

/*
 * What the WhatsApp module reads and sets on customers (through the composition root): their WhatsApp number
 * and opt-in, a customer by the number a message came from, and customers by area.
 */

export interface CustomerWhatsApp {
  id: number;
  name: string;
  number: string;
  whatsapp: string | null;
  phone: string | null;
  optIn: boolean;
  area: string;
  status: string;
}

type Raw = { id: number; name: string; number: string; whatsapp: string | null; phone: string | null; wa_opt_in: number; area: string; status: string };
const SELECT = 'SELECT id, name, number, whatsapp, phone, wa_opt_in, area, status FROM customers';
const toDto = (r: Raw): CustomerWhatsApp => ({ id: r.id, name: r.name, number: r.number, whatsapp: r.whatsapp, phone: r.phone, optIn: r.wa_opt_in === 1, area: r.area, status: r.status });

export async function customerWhatsApp(em: EntityManager, id: number): Promise<CustomerWhatsApp | null> {
  const [r] = (await em.query(`${SELECT} WHERE id = ?`, [id])) as Raw[];
  return r ? toDto(r) : null;
}

/** The customer whose WhatsApp number (else phone) is this one (digits, 62…); the oldest when several share it. */
export async function customerByWhatsApp(em: EntityManager, digits: string): Promise<CustomerWhatsApp | null> {
  const e164 = `+${digits.replace(/\D/g, '')}`;
  const [r] = (await em.query(`${SELECT} WHERE whatsapp = ? OR (whatsapp IS NULL AND phone = ?) ORDER BY (whatsapp = ?) DESC, id LIMIT 1`, [e164, e164, e164])) as Raw[];
  return r ? toDto(r) : null;
}

export async function setWhatsAppOptIn(em: EntityManager, id: number, on: boolean, now: Date): Promise<void> {
  await em.query('UPDATE customers SET wa_opt_in = ?, updated_at = ? WHERE id = ?', [on ? 1 : 0, now.toISOString(), id]);
}

/** Customers not deactivated, in the given areas (empty: all) and among `ids` when given. */
export async function customersForMessages(em: EntityManager, areas: string[], ids: number[] | null): Promise<CustomerWhatsApp[]> {
  const rows = (await em.query(
    `${SELECT} WHERE status <> 'inactive' AND (json_array_length(?) = 0 OR area IN (SELECT value FROM json_each(?))) AND (? IS NULL OR id IN (SELECT value FROM json_each(?))) ORDER BY id`,
    [JSON.stringify(areas), JSON.stringify(areas), ids === null ? null : 1, JSON.stringify(ids ?? [])],
  )) as Raw[];
  return rows.map(toDto);
}
