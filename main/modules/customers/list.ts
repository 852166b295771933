import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { CustomerListItem, customerFilterSchema } from '../../../shared/contract/customers';
import { CUSTOMER_COLUMNS, CUSTOMER_FROM, toCustomerDto, type CustomerRaw } from './service';
import { phoneDigits } from './phone';
import { LIKE_ESCAPE, likeContains } from '../../core/sql';

export type CustomerFilter = z.output<typeof customerFilterSchema>;
type ServiceStatus = CustomerListItem['serviceStatus'];

const LIVE = "s.status IN ('pending','active','isolated','paused')";
/** Worst first: an isolated subscription is what a clerk must see. */
const RANK: Record<string, number> = { isolated: 4, active: 3, paused: 2, pending: 1 };


/**
 * The WHERE clause of a customer filter over `customers c`. `today` is the office-local date (YYYY-MM-DD)
 * that decides which invoices are past due. Every condition is on customers or an indexed EXISTS.
 */
export function filterSql(f: CustomerFilter, today: string): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  // Every word must appear somewhere: "budi rt05" finds Budi in RT05. A phone typed with spaces or dashes
  // (0812-3456, +62 812 3456) is also tried as digits, the form the search column keeps (both 62… and 0…).
  const q = f.q ?? '';
  const like = `c.search LIKE ? ${LIKE_ESCAPE}`;
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const digits = phoneDigits(q);
  if (words.length > 1 && digits.length >= 4 && /^[\d\s+().-]+$/.test(q)) {
    // "0812 3456 7890": the digits together (or the text exactly as typed, "12 05"), not each group anywhere.
    conds.push(`(${like} OR ${like})`);
    params.push(likeContains(digits), likeContains(q.toLowerCase()));
  } else {
    for (const w of words) {
      const d = phoneDigits(w);
      const asDigits = d.length >= 4 && d !== w;
      conds.push(asDigits ? `(${like} OR ${like})` : like);
      params.push(likeContains(w), ...(asDigits ? [likeContains(d)] : []));
    }
  }
  if (f.status) {
    conds.push('c.status = ?');
    params.push(f.status);
  }
  if (f.area) {
    conds.push('c.area = ?');
    params.push(f.area);
  }
  if (f.routerId) {
    conds.push(`EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.router_id = ? AND ${LIVE})`);
    params.push(f.routerId);
  }
  if (f.planId) {
    conds.push(`EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.plan_id = ? AND ${LIVE})`);
    params.push(f.planId);
  }
  if (f.isolated !== undefined) {
    conds.push(`${f.isolated ? '' : 'NOT '}EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.status = 'isolated')`);
  }
  if (f.overdue !== undefined) {
    conds.push(
      `${f.overdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.status IN ('open','partial') AND i.due_date < ?)`,
    );
    params.push(today);
  }
  return { where: conds.length ? conds.join(' AND ') : '1=1', params };
}

export async function countCustomers(em: EntityManager, f: CustomerFilter, today: string): Promise<number> {
  const { where, params } = filterSql(f, today);
  const [r] = (await em.query(`SELECT count(*) AS n FROM customers c WHERE ${where}`, params)) as { n: number }[];
  return r?.n ?? 0;
}

/** Customers matching the filter, by name; `limit` null = all of them (export). */
export async function listCustomers(em: EntityManager, f: CustomerFilter, today: string, limit: number | null, offset = 0): Promise<CustomerListItem[]> {
  const { where, params } = filterSql(f, today);
  const page = limit === null ? '' : ' LIMIT ? OFFSET ?';
  const rows = (await em.query(
    `SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE ${where} ORDER BY c.name COLLATE NOCASE, c.id${page}`,
    limit === null ? params : [...params, limit, offset],
  )) as CustomerRaw[];
  const items: CustomerListItem[] = rows.map((r) => ({ ...toCustomerDto(r), balance: 0, overdue: 0, usernames: [], plans: [], serviceStatus: null }));
  await addAggregates(em, items, today);
  return items;
}

/** Balance, overdue and live subscriptions, computed only for the customers given (a page), in chunks. */
async function addAggregates(em: EntityManager, items: CustomerListItem[], today: string): Promise<void> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const ids = [...byId.keys()];
  for (let at = 0; at < ids.length; at += 500) {
    const chunk = ids.slice(at, at + 500);
    const marks = chunk.map(() => '?').join(',');
    const balances = (await em.query(`SELECT customer_id AS id, SUM(amount) AS v FROM ledger_entries WHERE customer_id IN (${marks}) GROUP BY customer_id`, chunk)) as {
      id: number;
      v: number;
    }[];
    for (const b of balances) byId.get(b.id)!.balance = b.v;
    const overdue = (await em.query(
      `SELECT customer_id AS id, SUM(total - paid) AS v FROM invoices
       WHERE customer_id IN (${marks}) AND status IN ('open','partial') AND due_date < ? GROUP BY customer_id`,
      [...chunk, today],
    )) as { id: number; v: number }[];
    for (const o of overdue) byId.get(o.id)!.overdue = o.v;
    const subs = (await em.query(
      `SELECT s.customer_id AS id, s.username, s.status, p.name AS plan FROM subscriptions s JOIN plans p ON p.id = s.plan_id
       WHERE s.customer_id IN (${marks}) AND ${LIVE} ORDER BY s.id`,
      chunk,
    )) as { id: number; username: string; status: NonNullable<ServiceStatus>; plan: string }[];
    for (const s of subs) {
      const item = byId.get(s.id)!;
      item.usernames.push(s.username);
      if (!item.plans.includes(s.plan)) item.plans.push(s.plan);
      if (!item.serviceStatus || (RANK[s.status] ?? 0) > (RANK[item.serviceStatus] ?? 0)) item.serviceStatus = s.status;
    }
  }
}

/** Balance and overdue of one customer (the detail view). */
export async function customerTotals(em: EntityManager, id: number, today: string): Promise<{ balance: number; overdue: number }> {
  const [b] = (await em.query('SELECT COALESCE(SUM(amount), 0) AS v FROM ledger_entries WHERE customer_id = ?', [id])) as { v: number }[];
  const [o] = (await em.query(
    "SELECT COALESCE(SUM(total - paid), 0) AS v FROM invoices WHERE customer_id = ? AND status IN ('open','partial') AND due_date < ?",
    [id, today],
  )) as { v: number }[];
  return { balance: b?.v ?? 0, overdue: o?.v ?? 0 };
}
