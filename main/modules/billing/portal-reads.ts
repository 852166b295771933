import { timingSafeEqual, createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { InvoiceStatus, PaymentMethod, SubscriptionStatus } from '../../../shared/contract/billing';

/*
 * What the customer portal reads of billing (issue 14), through the composition root. Every read takes the
 * signed-in customer's id and filters by it in SQL: another customer's invoice or receipt id is simply not found.
 */

export interface PortalSubscriptionRow {
  id: number;
  routerId: number;
  username: string;
  status: SubscriptionStatus;
  plan: string;
  rateLimit: string;
  /** Exclusive end of the last paid period invoice, or null. */
  paidUntil: string | null;
}

/** A customer's subscriptions that are not terminated, oldest first, with plan name, rate limit and paid-up date. */
export async function portalSubscriptions(em: EntityManager, customerId: number): Promise<PortalSubscriptionRow[]> {
  const rows = (await em.query(
    `SELECT s.id, s.router_id, s.username, s.status, p.name AS plan, p.rate_limit,
            (SELECT MAX(i.period_end) FROM invoices i WHERE i.subscription_id = s.id AND i.kind = 'period' AND i.status = 'paid') AS paid_until
       FROM subscriptions s JOIN plans p ON p.id = s.plan_id
      WHERE s.customer_id = ? AND s.status <> 'terminated' ORDER BY s.id`,
    [customerId],
  )) as { id: number; router_id: number; username: string; status: SubscriptionStatus; plan: string; rate_limit: string; paid_until: string | null }[];
  return rows.map((r) => ({ id: r.id, routerId: r.router_id, username: r.username, status: r.status, plan: r.plan, rateLimit: r.rate_limit, paidUntil: r.paid_until }));
}

export interface PortalMoney {
  /** Still to pay on open and partly paid invoices. */
  owed: number;
  /** Ledger balance: positive = owes, negative = credit. */
  balance: number;
  /** The open invoice due first. */
  nextDue: { invoiceId: number; date: string; amount: number } | null;
}

export async function portalMoney(em: EntityManager, customerId: number): Promise<PortalMoney> {
  // One statement (the portal's home runs it on every load): what is owed, the ledger balance, the next due invoice.
  const [r] = (await em.query(
    `SELECT (SELECT COALESCE(SUM(total - paid), 0) FROM invoices WHERE customer_id = ? AND status IN ('open','partial')) AS owed,
            (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE customer_id = ?) AS balance,
            n.id, n.due_date, n.amount
       FROM (SELECT 1) LEFT JOIN (SELECT id, due_date, total - paid AS amount FROM invoices WHERE customer_id = ? AND status IN ('open','partial') AND total > paid ORDER BY due_date, id LIMIT 1) n`,
    [customerId, customerId, customerId],
  )) as { owed: number; balance: number; id: number | null; due_date: string | null; amount: number | null }[];
  return { owed: r?.owed ?? 0, balance: r?.balance ?? 0, nextDue: r?.id != null ? { invoiceId: r.id, date: r.due_date!, amount: r.amount! } : null };
}

export interface PortalInvoiceRowRaw {
  id: number;
  number: string;
  periodStart: string | null;
  periodEnd: string | null;
  total: number;
  remaining: number;
  dueDate: string;
  status: InvoiceStatus;
  issuedAt: string;
}

type InvRaw = { id: number; number: string; period_start: string | null; period_end: string | null; total: number; paid: number; due_date: string; status: InvoiceStatus; created_at: string };
const INV_COLS = 'id, number, period_start, period_end, total, paid, due_date, status, created_at';
const toInv = (r: InvRaw): PortalInvoiceRowRaw => ({
  id: r.id,
  number: r.number,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  total: r.total,
  remaining: r.status === 'open' || r.status === 'partial' ? Math.max(0, r.total - r.paid) : 0,
  dueDate: r.due_date,
  status: r.status,
  issuedAt: r.created_at,
});

/** A page of the customer's invoices (not voided), newest first, before the invoice id `cursor`. */
export async function portalInvoicePage(em: EntityManager, customerId: number, cursor: number | null, limit: number): Promise<{ items: PortalInvoiceRowRaw[]; nextCursor: number | null }> {
  const rows = (await em.query(`SELECT ${INV_COLS} FROM invoices WHERE customer_id = ? AND status <> 'void' AND id < ? ORDER BY id DESC LIMIT ?`, [
    customerId,
    cursor ?? Number.MAX_SAFE_INTEGER,
    limit + 1,
  ])) as InvRaw[];
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map(toInv);
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

export interface PortalInvoiceDetailRaw extends PortalInvoiceRowRaw {
  lines: { description: string; params: Record<string, unknown>; amount: number; counted: boolean }[];
  payments: { id: number; number: string; amount: number; receivedAt: string }[];
}

/** One of the customer's invoices (not voided) with its lines and the receipts that paid it; null if it is not theirs. */
export async function portalInvoice(em: EntityManager, customerId: number, invoiceId: number): Promise<PortalInvoiceDetailRaw | null> {
  const [r] = (await em.query(`SELECT ${INV_COLS} FROM invoices WHERE id = ? AND customer_id = ? AND status <> 'void'`, [invoiceId, customerId])) as InvRaw[];
  if (!r) return null;
  const lines = (await em.query('SELECT description, params, amount, counted FROM invoice_lines WHERE invoice_id = ? ORDER BY position', [invoiceId])) as {
    description: string;
    params: string;
    amount: number;
    counted: number;
  }[];
  const pays = (await em.query(
    `SELECT p.id, p.number, SUM(a.amount) AS amount, p.received_at FROM allocations a JOIN payments p ON p.id = a.payment_id
      WHERE a.invoice_id = ? AND p.customer_id = ? AND p.reversed_at IS NULL GROUP BY p.id ORDER BY p.id`,
    [invoiceId, customerId],
  )) as { id: number; number: string; amount: number; received_at: string }[];
  return {
    ...toInv(r),
    lines: lines.map((l) => ({ description: l.description, params: safeParams(l.params), amount: l.amount, counted: l.counted === 1 })),
    payments: pays.map((p) => ({ id: p.id, number: p.number, amount: p.amount, receivedAt: p.received_at })),
  };
}

function safeParams(s: string): Record<string, unknown> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface PortalPaymentRowRaw {
  id: number;
  number: string;
  amount: number;
  method: PaymentMethod;
  receivedAt: string;
  reversed: boolean;
}

/** A page of the customer's payments (money received, not refunds), newest first, before the payment id `cursor`. */
export async function portalPaymentPage(em: EntityManager, customerId: number, cursor: number | null, limit: number): Promise<{ items: PortalPaymentRowRaw[]; nextCursor: number | null }> {
  const rows = (await em.query(
    "SELECT id, number, amount, method, received_at, reversed_at FROM payments WHERE customer_id = ? AND kind <> 'refund' AND id < ? ORDER BY id DESC LIMIT ?",
    [customerId, cursor ?? Number.MAX_SAFE_INTEGER, limit + 1],
  )) as { id: number; number: string; amount: number; method: PaymentMethod; received_at: string; reversed_at: string | null }[];
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map((r) => ({ id: r.id, number: r.number, amount: r.amount, method: r.method, receivedAt: r.received_at, reversed: r.reversed_at !== null }));
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

/** Whether a payment (a receipt) is this customer's. */
export async function isCustomersPayment(em: EntityManager, customerId: number, paymentId: number): Promise<boolean> {
  const [r] = (await em.query("SELECT 1 AS y FROM payments WHERE id = ? AND customer_id = ? AND kind <> 'refund'", [paymentId, customerId])) as { y: number }[];
  return !!r;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * The customer whose PPPoE username and password these are (subscriptions not terminated), or null. Every
 * subscription with that username is compared in constant time (the same username may exist on two routers).
 */
export async function customerByPppLogin(em: EntityManager, username: string, password: string): Promise<number | null> {
  const rows = (await em.query("SELECT customer_id, password FROM subscriptions WHERE username = ? AND status <> 'terminated' ORDER BY id", [username])) as { customer_id: number; password: string }[];
  const given = digest(password);
  let found: number | null = null;
  // Compared against a dummy when there is no such username, so the time taken does not tell.
  for (const r of rows.length ? rows : [{ customer_id: 0, password: '\u0000' }]) {
    if (timingSafeEqual(digest(r.password), given) && r.customer_id > 0 && found === null) found = r.customer_id;
  }
  return found;
}
