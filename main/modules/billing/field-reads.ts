import type { EntityManager } from 'typeorm';

/**
 * What field collection (the collections module, through index.ts) reads of billing's tables: who took a
 * payment and how, and what customers owe by due date.
 */

export interface PaymentReceipt {
  id: number;
  number: string;
  customerId: number;
  amount: number;
  method: string;
  kind: string;
  receivedBy: number | null;
  receivedAt: string;
  reversedAt: string | null;
}

/** One payment's receipt facts, or null when there is no such payment. */
export async function paymentReceipt(em: EntityManager, id: number): Promise<PaymentReceipt | null> {
  const [r] = (await em.query(
    `SELECT id, number, customer_id AS customerId, amount, method, kind, received_by AS receivedBy, received_at AS receivedAt, reversed_at AS reversedAt
       FROM payments WHERE id = ?`,
    [id],
  )) as PaymentReceipt[];
  return r ?? null;
}

export interface Arrears {
  /** Unpaid on invoices due on or before the day. */
  owed: number;
  invoices: number;
  /** The oldest unpaid due date (any open invoice), null when none. */
  oldestDue: string | null;
  /** Unpaid on every open invoice, due later included. */
  openTotal: number;
  isolated: boolean;
}

/** id → what each of the given customers owes by `today` (customers with no open invoice are absent). */
export async function arrearsOf(em: EntityManager, ids: Iterable<number>, today: string): Promise<Map<number, Arrears>> {
  const list = JSON.stringify([...new Set(ids)]);
  const rows = (await em.query(
    `SELECT i.customer_id AS id,
            COALESCE(SUM(CASE WHEN i.due_date <= ? THEN i.total - i.paid ELSE 0 END), 0) AS owed,
            COALESCE(SUM(CASE WHEN i.due_date <= ? THEN 1 ELSE 0 END), 0) AS invoices,
            MIN(i.due_date) AS oldest,
            COALESCE(SUM(i.total - i.paid), 0) AS open_total
       FROM invoices i
      WHERE i.customer_id IN (SELECT value FROM json_each(?)) AND i.status IN ('open','partial') AND i.total > i.paid
      GROUP BY i.customer_id`,
    [today, today, list],
  )) as { id: number; owed: number; invoices: number; oldest: string | null; open_total: number }[];
  const isolated = new Set(
    ((await em.query("SELECT DISTINCT customer_id AS id FROM subscriptions WHERE status = 'isolated' AND customer_id IN (SELECT value FROM json_each(?))", [list])) as { id: number }[]).map((r) => r.id),
  );
  return new Map(rows.map((r) => [r.id, { owed: r.owed, invoices: r.invoices, oldestDue: r.oldest, openTotal: r.open_total, isolated: isolated.has(r.id) }]));
}
