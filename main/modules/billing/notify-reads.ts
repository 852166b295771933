import type { EntityManager } from 'typeorm';

/*
 * Reads of billing's tables for messages about them (the WhatsApp module, through the composition root): one
 * payment, one subscription with its plan, open invoices by due date, and customers by router and plan.
 */

export async function paymentFacts(em: EntityManager, id: number): Promise<{ customerId: number; number: string; amount: number } | null> {
  const [r] = (await em.query('SELECT customer_id, number, amount FROM payments WHERE id = ?', [id])) as { customer_id: number; number: string; amount: number }[];
  return r ? { customerId: r.customer_id, number: r.number, amount: r.amount } : null;
}

/** A subscription's PPPoE login and plan (for the welcome message). */
export async function subscriptionFacts(em: EntityManager, id: number): Promise<{ customerId: number; username: string; password: string; plan: string } | null> {
  const [r] = (await em.query('SELECT s.customer_id, s.username, s.password, p.name AS plan FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.id = ?', [id])) as {
    customer_id: number;
    username: string;
    password: string;
    plan: string;
  }[];
  return r ? { customerId: r.customer_id, username: r.username, password: r.password, plan: r.plan } : null;
}

/** Invoices with something left to pay whose due date is between two days (inclusive), oldest due first. */
export async function openInvoicesDue(em: EntityManager, from: string, to: string): Promise<{ id: number; customerId: number; dueDate: string }[]> {
  const rows = (await em.query("SELECT id, customer_id, due_date FROM invoices WHERE status IN ('open','partial') AND total > paid AND due_date >= ? AND due_date <= ? ORDER BY due_date, id", [from, to])) as {
    id: number;
    customer_id: number;
    due_date: string;
  }[];
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, dueDate: r.due_date }));
}

/** Customers with a subscription (not terminated) on one of the routers and/or plans given (an empty list: any). */
export async function customersOnService(em: EntityManager, routerIds: number[], planIds: number[]): Promise<number[]> {
  const rows = (await em.query(
    `SELECT DISTINCT customer_id FROM subscriptions WHERE status <> 'terminated'
       AND (json_array_length(?) = 0 OR router_id IN (SELECT value FROM json_each(?)))
       AND (json_array_length(?) = 0 OR plan_id IN (SELECT value FROM json_each(?)))`,
    [JSON.stringify(routerIds), JSON.stringify(routerIds), JSON.stringify(planIds), JSON.stringify(planIds)],
  )) as { customer_id: number }[];
  return rows.map((r) => r.customer_id);
}
