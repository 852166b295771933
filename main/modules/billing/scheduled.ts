import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import { appendAudit } from '../audit';
import type { Db } from '../../core/db';
import { addDays, type LocalDate } from '../../../shared/dates';
import type { BillingContext } from './context';
import type { SubscriptionRow } from './entities';
import type { Lifecycle } from './lifecycle';
import { SubscriptionEntity } from './entities';
import { refreshSearch } from '../customers';
import { enforce } from './enforce';
import type { ScheduledAction } from '../../../shared/contract/billing';

// Declared once in shared/contract/billing.ts (the DTO shows it too); re-exported for main's modules.
export type { ScheduledAction };

const ALLOWED: Record<ScheduledAction, SubscriptionRow['status'][]> = {
  activate: ['pending'],
  changePlan: ['active', 'isolated'],
  pause: ['active', 'isolated'],
  resume: ['paused'],
  terminate: ['pending', 'active', 'isolated', 'paused'],
};

/** How far ahead a change may be scheduled. */
const MAX_DAYS_AHEAD = 366;

/**
 * A change dated after today is not applied now (neither on the router nor in the bills): it is kept as
 * scheduled, shown with a cancel button, and applied on its date by the daily billing job — router and
 * invoice together, exactly as if staff had made it that day.
 */
export async function scheduleChange(
  em: EntityManager,
  b: BillingContext,
  sub: SubscriptionRow,
  a: { action: ScheduledAction; date: LocalDate; planId?: number; userId: number | null; at: string },
): Promise<void> {
  const today = b.today(new Date(a.at));
  const max = addDays(today, MAX_DAYS_AHEAD);
  if (a.date > max) throw new AppError('billing.future_date', `${a.date} is too far ahead`, { field: 'date', today, max });
  if (!ALLOWED[a.action].includes(sub.status)) {
    throw new AppError('billing.bad_state', `Cannot schedule ${a.action} for a subscription that is ${sub.status}`, { status: sub.status, action: a.action });
  }
  const [pending] = (await em.query("SELECT action, date FROM scheduled_changes WHERE subscription_id = ? AND status = 'scheduled'", [sub.id])) as { action: string; date: string }[];
  if (pending) throw new AppError('billing.already_scheduled', `A change is scheduled for ${pending.date} already`, { date: pending.date, action: pending.action });
  if (a.action === 'changePlan') {
    const plan = await b.plan(em, a.planId!);
    if (!plan.active) throw new AppError('billing.plan_archived', `Plan ${plan.name} is archived`, { field: 'planId' });
    if (plan.id === sub.planId) throw new AppError('billing.same_plan', `The subscription is on ${plan.name} already`, { field: 'planId' });
  }
  await em.query('INSERT INTO scheduled_changes (subscription_id, action, date, plan_id, status, created_by, created_at) VALUES (?,?,?,?,?,?,?)', [
    sub.id,
    a.action,
    a.date,
    a.planId ?? null,
    'scheduled',
    a.userId,
    a.at,
  ]);
}

export async function cancelScheduled(em: EntityManager, subscriptionId: number, userId: number | null, at: string): Promise<{ action: string; date: string }> {
  const [pending] = (await em.query("SELECT id, action, date FROM scheduled_changes WHERE subscription_id = ? AND status = 'scheduled'", [subscriptionId])) as { id: number; action: string; date: string }[];
  if (!pending) throw new AppError('not_found', 'Nothing is scheduled for this subscription');
  await em.query("UPDATE scheduled_changes SET status = 'cancelled', settled_at = ?, settled_by = ? WHERE id = ?", [at, userId, pending.id]);
  return pending;
}

/** A change made by hand leaves nothing for a scheduled one to do (all of them, or those of one action). */
export async function cancelObsolete(em: EntityManager, subscriptionId: number, at: string, action?: ScheduledAction): Promise<void> {
  await em.query(`UPDATE scheduled_changes SET status = 'cancelled', settled_at = ? WHERE subscription_id = ? AND status = 'scheduled'${action ? ' AND action = ?' : ''}`, [
    at,
    subscriptionId,
    ...(action ? [action] : []),
  ]);
}

/** Applies every scheduled change due by today, oldest date first, each in its own audited transaction. */
export async function applyScheduled(db: Db, b: BillingContext, life: Lifecycle, now: Date): Promise<{ applied: number; failed: number }> {
  const today = b.today(now);
  const at = now.toISOString();
  const due = (await db.manager.query("SELECT id, subscription_id, action, date, plan_id, created_by FROM scheduled_changes WHERE status = 'scheduled' AND date <= ? ORDER BY date, id", [today])) as {
    id: number;
    subscription_id: number;
    action: ScheduledAction;
    date: string;
    plan_id: number | null;
    created_by: number | null;
  }[];
  const result = { applied: 0, failed: 0 };
  for (const c of due) {
    try {
      await db.write(async (em) => {
        const sub = await em.getRepository(SubscriptionEntity).findOneByOrFail({ id: c.subscription_id });
        const who = { userId: c.created_by, at };
        if (c.action === 'activate') await life.activate(em, sub, c.date, who);
        else if (c.action === 'changePlan') await life.changePlan(em, sub, await b.plan(em, c.plan_id!), c.date, who);
        else if (c.action === 'pause') await life.pause(em, sub, c.date, who);
        else if (c.action === 'resume') await life.resume(em, sub, c.date, who);
        else {
          await life.terminate(em, sub, c.date, who);
          await refreshSearch(em, sub.customerId);
        }
        await em.query("UPDATE scheduled_changes SET status = 'done', settled_at = ? WHERE id = ?", [at, c.id]);
        // A credit from the change may pay off arrears: restored at once, as when staff make it.
        await enforce(em, b, life, today, at, sub.customerId);
        await appendAudit(em, {
          at,
          user: null,
          method: 'billing.scheduled',
          summary: summary('subscriptions.scheduledApplied', { username: sub.username, action: c.action, date: c.date }),
          details: { subscriptionId: sub.id, customerId: sub.customerId, scheduledChangeId: c.id },
          transport: 'job',
          ip: null,
        });
      });
      result.applied++;
    } catch (err) {
      const message = err instanceof AppError ? `${err.code}: ${err.message}` : String(err);
      await db.write(async (em) => {
        await em.query("UPDATE scheduled_changes SET status = 'failed', error = ?, settled_at = ? WHERE id = ?", [message.slice(0, 500), at, c.id]);
      });
      result.failed++;
    }
  }
  return result;
}
