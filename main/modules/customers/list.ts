import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { CustomerListItem, customerFilterSchema } from '../../../shared/contract/customers';
import { billingSql, customerBalances, customerOverdue, liveSubscriptionsOf } from '../billing';
import { CUSTOMER_COLUMNS, CUSTOMER_FROM, toCustomerDto, withCollectorNames, type CustomerRaw } from './service';
import { phoneDigits } from './phone';
import { LIKE_ESCAPE, likeContains } from '../../core/sql';

export type CustomerFilter = z.output<typeof customerFilterSchema>;

/** Worst first: an isolated subscription is what a clerk must see. */
const RANK: Record<string, number> = { isolated: 4, active: 3, paused: 2, pending: 1 };


/**
 * The WHERE clause of a customer filter over `customers c`. `today` is the office-local date (YYYY-MM-DD)
 * that decides which invoices are past due. Every condition is on customers or an indexed EXISTS (billing's
 * conditions come from billing's billingSql: this module never names billing's tables).
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
    conds.push(billingSql.liveOnRouter('c.id'));
    params.push(f.routerId);
  }
  if (f.planId) {
    conds.push(billingSql.liveOnPlan('c.id'));
    params.push(f.planId);
  }
  if (f.isolated !== undefined) {
    conds.push(`${f.isolated ? '' : 'NOT '}${billingSql.isolated('c.id')}`);
  }
  if (f.overdue !== undefined) {
    conds.push(`${f.overdue ? '' : 'NOT '}${billingSql.overdue('c.id')}`);
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
  const rows = await withCollectorNames(
    em,
    (await em.query(`SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE ${where} ORDER BY c.name COLLATE NOCASE, c.id${page}`, limit === null ? params : [...params, limit, offset])) as CustomerRaw[],
  );
  const items: CustomerListItem[] = rows.map((r) => ({ ...toCustomerDto(r), balance: 0, overdue: 0, usernames: [], plans: [], serviceStatus: null }));
  await addAggregates(em, items, today);
  return items;
}

/** Balance, overdue and live subscriptions (from billing), computed only for the customers given (a page), in chunks. */
async function addAggregates(em: EntityManager, items: CustomerListItem[], today: string): Promise<void> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const ids = [...byId.keys()];
  for (let at = 0; at < ids.length; at += 500) {
    const chunk = ids.slice(at, at + 500);
    for (const [id, v] of await customerBalances(em, chunk)) byId.get(id)!.balance = v;
    for (const [id, v] of await customerOverdue(em, chunk, today)) byId.get(id)!.overdue = v;
    for (const s of await liveSubscriptionsOf(em, chunk)) {
      const item = byId.get(s.customerId)!;
      item.usernames.push(s.username);
      if (!item.plans.includes(s.plan)) item.plans.push(s.plan);
      if (!item.serviceStatus || (RANK[s.status] ?? 0) > (RANK[item.serviceStatus] ?? 0)) item.serviceStatus = s.status;
    }
  }
}

/** Balance and overdue of one customer (the detail view). */
export async function customerTotals(em: EntityManager, id: number, today: string): Promise<{ balance: number; overdue: number }> {
  return { balance: (await customerBalances(em, [id])).get(id) ?? 0, overdue: (await customerOverdue(em, [id], today)).get(id) ?? 0 };
}
