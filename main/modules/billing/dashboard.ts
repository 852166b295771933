import type { EntityManager } from 'typeorm';
import type { DashboardDto } from '../../../shared/contract';
import type { LocalDate } from '../../../shared/dates';
import { cashByMonth } from './revenue';
import { activeCustomerCount } from '../customers';
import { pendingJobCount } from '../routers';

const one = async (em: EntityManager, sql: string, params: unknown[] = []): Promise<number> => {
  const [r] = (await em.query(sql, params)) as { v: number | null }[];
  return r?.v ?? 0;
};

function monthsBack(today: LocalDate, n: number): string[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

/** The owner's view: what is owed, what is late, what came in. */
export async function dashboard(em: EntityManager, today: LocalDate, timeZone: string): Promise<DashboardDto> {
  const months = monthsBack(today, 12);
  const cash = await cashByMonth(em, months, timeZone);
  const revenueByMonth: DashboardDto['revenueByMonth'] = months.map((month, i) => ({ month, amount: cash[i]!.cash }));
  return {
    receivables: await one(em, 'SELECT COALESCE(SUM(b), 0) AS v FROM (SELECT SUM(amount) AS b FROM ledger_entries GROUP BY customer_id) WHERE b > 0'),
    overdueInvoices: await one(em, "SELECT count(*) AS v FROM invoices WHERE status IN ('open','partial') AND due_date < ?", [today]),
    overdueAmount: await one(em, "SELECT COALESCE(SUM(total - paid), 0) AS v FROM invoices WHERE status IN ('open','partial') AND due_date < ?", [today]),
    isolated: await one(em, "SELECT count(*) AS v FROM subscriptions WHERE status = 'isolated'"),
    activeSubscriptions: await one(em, "SELECT count(*) AS v FROM subscriptions WHERE status IN ('active','isolated')"),
    customers: await activeCustomerCount(em),
    revenueThisMonth: revenueByMonth[revenueByMonth.length - 1]!.amount,
    revenueByMonth,
    pendingRouterJobs: await pendingJobCount(em),
  };
}
