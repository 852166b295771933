import type { EntityManager } from 'typeorm';
import { subscriptionUsernames } from '../billing';

/** Digits-only forms of a phone too, so "0812 3456" and "62812…" both find +62812…. */
function phoneForms(phone: string | null): string[] {
  if (!phone) return [];
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('62') ? [digits, `0${digits.slice(2)}`] : [digits];
}

/**
 * Rebuilds the lower-cased search text of a customer: name, number, phones, address, area and the PPPoE
 * usernames of its subscriptions. Called in the transaction that changes any of them.
 */
export async function refreshSearch(em: EntityManager, customerId: number): Promise<void> {
  const [c] = (await em.query('SELECT number, name, phone, whatsapp, address, area, id_number FROM customers WHERE id = ?', [customerId])) as {
    number: string;
    name: string;
    phone: string | null;
    whatsapp: string | null;
    address: string;
    area: string;
    id_number: string;
  }[];
  if (!c) return;
  const usernames = await subscriptionUsernames(em, customerId);
  const text = [c.number, c.name, ...phoneForms(c.phone), ...phoneForms(c.whatsapp), c.address, c.area, c.id_number, ...usernames]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  await em.query('UPDATE customers SET search = ? WHERE id = ?', [text, customerId]);
}
