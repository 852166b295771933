import type { EntityManager } from 'typeorm';
import type { LedgerEntryDto, Page } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { userNames } from '../auth';
import type { RouterRemovalCheck } from '../routers';

/**
 * The billing module's tables as other modules may read them, exported through index.ts: a customer's money
 * and subscriptions for the customer screens, and SQL fragments (owned and written here) that let the customers
 * list filter by billing facts in its own query. Other modules never name these tables in their SQL
 * (tests/unit/table-ownership).
 */

/** A subscription that still gives (or is about to give) service. */
const LIVE = "s.status IN ('pending','active','isolated','paused')";

const json = (ids: Iterable<number>): string => JSON.stringify([...new Set(ids)]);

/**
 * SQL conditions over a column `col` holding a customer id (each `?` is the caller's parameter, in order):
 * EXISTS over indexed columns, so a filtered page stays one query.
 */
export const billingSql = {
  /** A live subscription on this router (one `?`). */
  liveOnRouter: (col: string): string => `EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = ${col} AND s.router_id = ? AND ${LIVE})`,
  /** A live subscription of this plan (one `?`). */
  liveOnPlan: (col: string): string => `EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = ${col} AND s.plan_id = ? AND ${LIVE})`,
  /** An isolated subscription (no `?`). */
  isolated: (col: string): string => `EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = ${col} AND s.status = 'isolated')`,
  /** An open invoice due before a day (one `?`: the office-local date). */
  overdue: (col: string): string => `EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = ${col} AND i.status IN ('open','partial') AND i.due_date < ?)`,
};

/** id → ledger balance of the given customers (customers without entries are absent: 0). */
export async function customerBalances(em: EntityManager, ids: Iterable<number>): Promise<Map<number, number>> {
  const rows = (await em.query('SELECT customer_id AS id, SUM(amount) AS v FROM ledger_entries WHERE customer_id IN (SELECT value FROM json_each(?)) GROUP BY customer_id', [json(ids)])) as {
    id: number;
    v: number;
  }[];
  return new Map(rows.map((r) => [r.id, r.v]));
}

/** id → what the given customers owe on invoices due before `today` (absent: 0). */
export async function customerOverdue(em: EntityManager, ids: Iterable<number>, today: string): Promise<Map<number, number>> {
  const rows = (await em.query(
    `SELECT customer_id AS id, SUM(total - paid) AS v FROM invoices
      WHERE customer_id IN (SELECT value FROM json_each(?)) AND status IN ('open','partial') AND due_date < ? GROUP BY customer_id`,
    [json(ids), today],
  )) as { id: number; v: number }[];
  return new Map(rows.map((r) => [r.id, r.v]));
}

export interface LiveSubscription {
  customerId: number;
  username: string;
  status: 'pending' | 'active' | 'isolated' | 'paused';
  plan: string;
}

/** Live subscriptions of the given customers with their plan's name, oldest first. */
export async function liveSubscriptionsOf(em: EntityManager, ids: Iterable<number>): Promise<LiveSubscription[]> {
  const rows = (await em.query(
    `SELECT s.customer_id, s.username, s.status, p.name AS plan FROM subscriptions s JOIN plans p ON p.id = s.plan_id
      WHERE s.customer_id IN (SELECT value FROM json_each(?)) AND ${LIVE} ORDER BY s.id`,
    [json(ids)],
  )) as { customer_id: number; username: string; status: LiveSubscription['status']; plan: string }[];
  return rows.map((r) => ({ customerId: r.customer_id, username: r.username, status: r.status, plan: r.plan }));
}

/** Subscriptions that still give service (not terminated) of one customer: they block deactivating it. */
export async function liveSubscriptionCount(em: EntityManager, customerId: number): Promise<number> {
  const [r] = (await em.query(`SELECT count(*) AS n FROM subscriptions s WHERE s.customer_id = ? AND ${LIVE}`, [customerId])) as { n: number }[];
  return r?.n ?? 0;
}

/** Every PPPoE username of a customer (its search text includes them). */
export async function subscriptionUsernames(em: EntityManager, customerId: number): Promise<string[]> {
  return ((await em.query('SELECT username FROM subscriptions WHERE customer_id = ?', [customerId])) as { username: string }[]).map((s) => s.username);
}

/** A customer's subscriptions that are not terminated (id, router, username), oldest first. */
export async function openSubscriptionsOf(em: EntityManager, customerId: number): Promise<{ id: number; routerId: number; username: string }[]> {
  const rows = (await em.query("SELECT id, router_id, username FROM subscriptions WHERE customer_id = ? AND status <> 'terminated' ORDER BY id", [customerId])) as {
    id: number;
    router_id: number;
    username: string;
  }[];
  return rows.map((r) => ({ id: r.id, routerId: r.router_id, username: r.username }));
}

/** Subscriptions (any status, terminated too) on a router: `live` of them not terminated. */
export async function subscriptionsOnRouter(em: EntityManager, routerId: number): Promise<{ total: number; live: number }> {
  const [use] = (await em.query("SELECT count(*) AS n, sum(status <> 'terminated') AS live FROM subscriptions WHERE router_id = ?", [routerId])) as { n: number; live: number | null }[];
  return { total: use?.n ?? 0, live: use?.live ?? 0 };
}

/** routers.remove's check (registered by the root): a router with subscriptions, even ended ones, stays. */
export const subscriptionsKeepRouter: RouterRemovalCheck = async (em, router) => {
  const use = await subscriptionsOnRouter(em, router.id);
  if (use.total > 0) {
    throw new AppError('routers.in_use', use.live > 0 ? `${use.live} subscription(s) still use router ${router.name}` : `Ended subscriptions keep their history on router ${router.name}`, {
      count: use.live > 0 ? use.live : use.total,
    });
  }
};

interface LedgerRaw {
  id: number;
  kind: LedgerEntryDto['kind'];
  amount: number;
  balance: number;
  invoice_id: number | null;
  invoice_number: string | null;
  payment_id: number | null;
  payment_number: string | null;
  memo: string;
  created_by: number | null;
  created_at: string;
}

/**
 * A customer's ledger, oldest first, each entry with the balance after it. The running sum is a window
 * over all the customer's entries, so it is right on every page, not just the first.
 */
export async function customerLedgerPage(em: EntityManager, customerId: number, page: number, pageSize: number): Promise<Page<LedgerEntryDto>> {
  const [count] = (await em.query('SELECT count(*) AS n FROM ledger_entries WHERE customer_id = ?', [customerId])) as { n: number }[];
  const rows = (await em.query(
    `SELECT * FROM (
       SELECT l.id, l.kind, l.amount, SUM(l.amount) OVER (ORDER BY l.id) AS balance, l.invoice_id, i.number AS invoice_number,
              l.payment_id, p.number AS payment_number, l.memo, l.created_by, l.created_at
       FROM ledger_entries l
       LEFT JOIN invoices i ON i.id = l.invoice_id
       LEFT JOIN payments p ON p.id = l.payment_id
       WHERE l.customer_id = ?
     ) ORDER BY id LIMIT ? OFFSET ?`,
    [customerId, pageSize, (page - 1) * pageSize],
  )) as LedgerRaw[];
  const staff = await userNames(em, rows.map((r) => r.created_by));
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      amount: r.amount,
      balance: r.balance,
      invoiceId: r.invoice_id,
      invoiceNumber: r.invoice_number,
      paymentId: r.payment_id,
      paymentNumber: r.payment_number,
      memo: r.memo,
      createdBy: r.created_by === null ? null : (staff.get(r.created_by) ?? null),
      createdAt: r.created_at,
    })),
    total: count?.n ?? 0,
    page,
    pageSize,
  };
}

/** A payment of method 'gateway' as the payments module's reconciliation reads it. */
export interface GatewayPaymentRow {
  id: number;
  number: string;
  customerId: number;
  amount: number;
  reference: string;
  note: string;
  receivedAt: string;
  reversedAt: string | null;
  reverseReason: string | null;
}

const GATEWAY_PAYMENT_COLS =
  'id, number, customer_id AS customerId, amount, reference, note, received_at AS receivedAt, reversed_at AS reversedAt, reverse_reason AS reverseReason';

/**
 * Gateway payments (method 'gateway', kind 'payment') received in [fromUtc, toUtc), plus the payments with the
 * given ids whatever their time (an attempt's payment), by id.
 */
export async function gatewayPayments(em: EntityManager, fromUtc: string, toUtc: string, ids: Iterable<number> = []): Promise<GatewayPaymentRow[]> {
  return (await em.query(
    `SELECT ${GATEWAY_PAYMENT_COLS} FROM payments
      WHERE (method = 'gateway' AND kind = 'payment' AND received_at >= ? AND received_at < ?) OR id IN (SELECT value FROM json_each(?))
      ORDER BY id`,
    [fromUtc, toUtc, json(ids)],
  )) as GatewayPaymentRow[];
}

/**
 * An invoice as a public page reads it at every load (the pay page: what is owed now). Only the invoice's own
 * row: no lines, balance or contact, and no "today" (its status and remaining do not depend on the date).
 */
export interface PayableInvoice {
  id: number;
  number: string;
  customerId: number;
  status: 'open' | 'partial' | 'paid' | 'void';
  periodStart: string | null;
  periodEnd: string | null;
  dueDate: string;
  total: number;
  /** total − paid, never below 0; 0 when void (what invoices.get and invoices.list call remaining). */
  remaining: number;
}

const PAYABLE = 'SELECT id, number, customer_id, status, period_start, period_end, due_date, total, paid FROM invoices';
type PayableRaw = { id: number; number: string; customer_id: number; status: PayableInvoice['status']; period_start: string | null; period_end: string | null; due_date: string; total: number; paid: number };
const payable = (r: PayableRaw): PayableInvoice => ({
  id: r.id,
  number: r.number,
  customerId: r.customer_id,
  status: r.status,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  dueDate: r.due_date,
  total: r.total,
  remaining: r.status === 'void' ? 0 : Math.max(0, r.total - r.paid),
});

export async function payableInvoice(em: EntityManager, id: number): Promise<PayableInvoice | null> {
  const [r] = (await em.query(`${PAYABLE} WHERE id = ?`, [id])) as PayableRaw[];
  return r ? payable(r) : null;
}

/** A customer's open and partly paid invoices, oldest first (the newest 200, as the invoices list pages them). */
export async function payableInvoicesOf(em: EntityManager, customerId: number): Promise<PayableInvoice[]> {
  const rows = (await em.query(`${PAYABLE} WHERE customer_id = ? AND status IN ('open','partial') ORDER BY issue_date DESC, id DESC LIMIT 200`, [customerId])) as PayableRaw[];
  return rows.reverse().map(payable);
}

/** Receipt numbers of the payments that settle an invoice, in settlement order (credit notes are not receipts). */
export async function invoiceReceiptNumbers(em: EntityManager, invoiceId: number): Promise<string[]> {
  const rows = (await em.query(
    'SELECT p.number FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.invoice_id = ? AND a.payment_id IS NOT NULL GROUP BY a.payment_id ORDER BY MIN(a.id)',
    [invoiceId],
  )) as { number: string }[];
  return rows.map((r) => r.number);
}
