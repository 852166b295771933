import type { EntityManager } from 'typeorm';
import type { PlanDto, SubscriptionDto } from '../../../shared/contract';
import type { PlanRow } from './entities';
import { parseJson } from '../../core/json';
import { customerLabels } from '../customers';
import { routerNames } from '../routers';
import { roleHas, type Role } from '../../../shared/permissions';

/** Subscriptions with plan and scheduled changes; customer and router labels come from their owners (subscriptionDtos). */
const SUB_SELECT = `SELECT s.*, p.name AS plan_name, p.price AS price,
    (SELECT json_object('action', sc.action, 'date', sc.date, 'planName', (SELECT name FROM plans WHERE id = sc.plan_id)) FROM scheduled_changes sc
      WHERE sc.subscription_id = s.id AND sc.status = 'scheduled') AS scheduled_json,
    (SELECT json_object('action', sc.action, 'date', sc.date, 'error', sc.error, 'status', sc.status, 'planName', (SELECT name FROM plans WHERE id = sc.plan_id)) FROM scheduled_changes sc
      WHERE sc.subscription_id = s.id AND sc.status <> 'scheduled' ORDER BY sc.id DESC LIMIT 1) AS last_scheduled_json
  FROM subscriptions s JOIN plans p ON p.id = s.plan_id`;

type SubRaw = Record<string, unknown>;

function failedOf(json: string | null): SubscriptionDto['scheduledFailed'] {
  const last = json ? parseJson<{ action: string; date: string; error: string | null; status: string; planName: string | null }>(json) : null;
  return last && last.status === 'failed' ? { action: last.action, date: last.date, error: last.error ?? '', planName: last.planName ?? null } : null;
}

function toSubscriptionDto(r: SubRaw): SubscriptionDto {
  return {
    id: r.id as number,
    customerId: r.customer_id as number,
    customerName: r.customer_name as string,
    customerNumber: r.customer_number as string,
    planId: r.plan_id as number,
    planName: r.plan_name as string,
    price: r.price as number,
    routerId: r.router_id as number,
    routerName: r.router_name as string,
    username: r.username as string,
    password: r.password as string,
    status: r.status as SubscriptionDto['status'],
    installDate: r.install_date as string,
    anchor: r.anchor as SubscriptionDto['anchor'],
    anchorDay: r.anchor_day as number,
    dueDays: r.due_days as number,
    graceDays: r.grace_days as number,
    discount: r.discount as number,
    installFee: r.install_fee as number,
    activatedOn: (r.activated_on as string | null) ?? null,
    billedUntil: (r.billed_until as string | null) ?? null,
    termsSince: (r.terms_since as string | null) ?? null,
    scheduled: r.scheduled_json ? (parseJson<SubscriptionDto['scheduled']>(r.scheduled_json as string) ?? null) : null,
    scheduledFailed: failedOf(r.last_scheduled_json as string | null),
    billingMode: (r.billing_mode as SubscriptionDto['billingMode']) ?? 'postpaid',
    cycleMonths: (r.cycle_months as number) ?? 1,
    cycleDiscountBp: (r.cycle_discount_bp as number) ?? 0,
    promiseUntil: (r.promise_until as string | null) ?? null,
    isolatedAt: (r.isolated_at as string | null) ?? null,
    isolationReason: (r.isolation_reason as SubscriptionDto['isolationReason']) ?? null,
    terminatedOn: (r.terminated_on as string | null) ?? null,
  };
}

/**
 * Subscriptions with their customer, plan and router names. `where` and `tail` are SQL over s/p with ? params
 * (customer columns through the customers module's customerSql). Labels: one customers and one routers query.
 */
export async function subscriptionDtos(em: EntityManager, where = '1=1', params: unknown[] = [], tail = 'ORDER BY s.id'): Promise<SubscriptionDto[]> {
  const rows = (await em.query(`${SUB_SELECT} WHERE ${where} ${tail}`, params)) as SubRaw[];
  const customers = await customerLabels(em, rows.map((r) => r.customer_id as number));
  const routers = await routerNames(em, rows.map((r) => r.router_id as number));
  return rows.map((r) => {
    const c = customers.get(r.customer_id as number);
    return toSubscriptionDto({ ...r, customer_name: c?.name ?? '', customer_number: c?.number ?? '', router_name: routers.get(r.router_id as number) ?? '' });
  });
}

/** PPPoE passwords are for those who install and manage connections, not for the counter or the field collector. */
export function forViewer(s: SubscriptionDto, user: { role: Role } | null): SubscriptionDto {
  if (user && (roleHas(user.role, 'customers.manage') || roleHas(user.role, 'routers.manage'))) return s;
  return { ...s, password: '' };
}

export async function subscriptionDto(em: EntityManager, id: number): Promise<SubscriptionDto | null> {
  return (await subscriptionDtos(em, 's.id = ?', [id]))[0] ?? null;
}

export function toPlanDto(p: PlanRow, subscriptions: number): PlanDto {
  return { ...p, cycleDiscounts: parseJson<PlanDto['cycleDiscounts']>(p.cycleDiscounts) ?? {}, active: Boolean(p.active), subscriptions };
}

