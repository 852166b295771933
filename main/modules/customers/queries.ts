import type { EntityManager } from 'typeorm';
import { LIKE_ESCAPE } from '../../core/sql';

/**
 * The customers table as other modules may read it, exported through index.ts: labels for a page of rows,
 * single-customer lookups, and the SQL fragments (owned and written here) that let a list elsewhere filter
 * or sort by a customer column in its own query. Other modules never name the table in their SQL
 * (tests/unit/table-ownership).
 */

export interface CustomerLabel {
  name: string;
  number: string;
  area: string;
}

/** id → name, number and area of the given customers (one query for a whole page). */
export async function customerLabels(em: EntityManager, ids: Iterable<number>): Promise<Map<number, CustomerLabel>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = (await em.query('SELECT id, name, number, area FROM customers WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(list)])) as ({ id: number } & CustomerLabel)[];
  return new Map(rows.map(({ id, ...label }) => [id, label]));
}

/** One customer's id, name and status, or null when there is no such customer. */
export async function customerById(em: EntityManager, id: number): Promise<{ id: number; name: string; status: string } | null> {
  const [c] = (await em.query('SELECT id, name, status FROM customers WHERE id = ?', [id])) as { id: number; name: string; status: string }[];
  return c ?? null;
}

/** The customer with this number (PLG-000123), or null. */
export async function customerByNumber(em: EntityManager, number: string): Promise<{ id: number; name: string } | null> {
  const [c] = (await em.query('SELECT id, name FROM customers WHERE number = ?', [number])) as { id: number; name: string }[];
  return c ?? null;
}

/** What an invoice prints of its customer beyond the label. */
export async function customerContact(em: EntityManager, id: number): Promise<{ address: string; phone: string | null; npwp: string } | null> {
  const [c] = (await em.query('SELECT address, phone, npwp FROM customers WHERE id = ?', [id])) as { address: string; phone: string | null; npwp: string }[];
  return c ?? null;
}

/** Customers whose status is active (the dashboard). */
export async function activeCustomerCount(em: EntityManager): Promise<number> {
  const [r] = (await em.query("SELECT count(*) AS v FROM customers WHERE status = 'active'")) as { v: number }[];
  return r?.v ?? 0;
}

/**
 * SQL fragments over a column `col` holding a customer id, for another module's list query (one query per
 * page, filtered and sorted in SQLite). Each `?` is the caller's parameter, in order.
 */
export const customerSql = {
  /** The customer's search text matches a LIKE pattern (one `?`). */
  searchLike: (col: string): string => `${col} IN (SELECT id FROM customers WHERE search LIKE ? ${LIKE_ESCAPE})`,
  /** The customer is in an area (one `?`). */
  inArea: (col: string): string => `${col} IN (SELECT id FROM customers WHERE area = ?)`,
  /** The customer's collector is a user (one `?`). */
  collectedBy: (col: string): string => `${col} IN (SELECT id FROM customers WHERE collector_id = ?)`,
  /** The customer's name, as a sort key. */
  name: (col: string): string => `(SELECT name FROM customers WHERE id = ${col})`,
};
