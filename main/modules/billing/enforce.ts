import type { EntityManager } from 'typeorm';
import type { LocalDate } from '../../../shared/dates';
import { SubscriptionEntity } from './entities';
import type { BillingContext } from './context';
import type { Lifecycle } from './lifecycle';

interface Standing {
  id: number;
  status: 'active' | 'isolated';
  isolation_reason: string | null;
  promise_until: string | null;
  overdue: number;
}

/**
 * Who should be isolated and who restored: a subscription with more than `threshold` unpaid past its due
 * date + grace days (its own invoices and the customer's one-off charges) is isolated (unless a promise to pay covers today); an isolated-for-arrears one is
 * restored once it is back under the threshold or promised. Manual isolations are left to staff.
 */
export async function standings(em: EntityManager, today: LocalDate, customerId?: number): Promise<Standing[]> {
  return (await em.query(
    `SELECT s.id, s.status, s.isolation_reason, s.promise_until,
            COALESCE((SELECT SUM(i.total - i.paid) FROM invoices i
                       WHERE (i.subscription_id = s.id OR (i.subscription_id IS NULL AND i.customer_id = s.customer_id)) AND i.status IN ('open','partial')
                         AND date(i.due_date, '+' || s.grace_days || ' days') < ?), 0) AS overdue
       FROM subscriptions s
      WHERE s.status IN ('active','isolated') ${customerId ? 'AND s.customer_id = ?' : ''}`,
    customerId ? [today, customerId] : [today],
  )) as Standing[];
}

export interface EnforceResult {
  isolated: number;
  restored: number;
}

/**
 * Applies the rules. A customer-scoped call after a payment, credit, void or promise only restores
 * (`restoreOnly`): isolating is the hourly job's work, never a surprise at the counter.
 */
export async function enforce(em: EntityManager, b: BillingContext, life: Lifecycle, today: LocalDate, at: string, customerId?: number, restoreOnly = customerId !== undefined): Promise<EnforceResult> {
  const threshold = b.settings().restoreThreshold;
  const result: EnforceResult = { isolated: 0, restored: 0 };
  for (const s of await standings(em, today, customerId)) {
    const promised = s.promise_until !== null && s.promise_until >= today;
    const late = s.overdue > threshold && !promised;
    if (s.status === 'active' && late && !restoreOnly) {
      const sub = await em.getRepository(SubscriptionEntity).findOneByOrFail({ id: s.id });
      await life.isolate(em, sub, 'overdue', { userId: null, at });
      result.isolated++;
    } else if (s.status === 'isolated' && s.isolation_reason === 'overdue' && !late) {
      const sub = await em.getRepository(SubscriptionEntity).findOneByOrFail({ id: s.id });
      await life.restore(em, sub, 'billing.enforce', { userId: null, at });
      result.restored++;
    }
  }
  return result;
}

export async function overdueInvoices(em: EntityManager, today: LocalDate): Promise<number> {
  const [r] = (await em.query("SELECT count(*) AS n FROM invoices WHERE status IN ('open','partial') AND due_date < ?", [today])) as { n: number }[];
  return r?.n ?? 0;
}
