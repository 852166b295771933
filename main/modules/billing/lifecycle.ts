import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { addDays, type LocalDate, type Period } from './engine/dates';
import { changeDraft, startDraft, stopDraft } from './engine/invoice';
import type { PlanRow, SubscriptionRow } from './entities';
import { issueInvoice } from './issue';
import { anchorDayOf, assertState, periodOf, type BillingContext } from './context';

interface Who {
  userId: number | null;
  at: string;
}

/**
 * The named state changes of a subscription. Each one writes its invoice or credit (prorated per day)
 * and queues its router effects in the caller's transaction.
 */
export class Lifecycle {
  constructor(private readonly b: BillingContext) {}

  private issue(em: EntityManager, sub: SubscriptionRow, kind: 'activation' | 'change' | 'final', period: Period | null, from: LocalDate, draft: ReturnType<typeof stopDraft>, who: Who) {
    return issueInvoice(em, {
      customerId: sub.customerId,
      subscriptionId: sub.id,
      kind,
      period,
      issueDate: from,
      dueDate: addDays(from, sub.dueDays),
      draft,
      createdBy: who.userId,
      at: who.at,
      prefix: this.b.settings().invoicePrefix,
    });
  }

  /** The period [start, billedUntil) that `date` falls in, when it is invoiced already; null if date is past it. */
  private invoicedPeriod(sub: SubscriptionRow, date: LocalDate): Period | null {
    if (!sub.billedUntil || !sub.activatedOn || date >= sub.billedUntil) return null;
    const p = periodOf(anchorDayOf(sub, sub.activatedOn))(date);
    if (p.end !== sub.billedUntil || date < sub.activatedOn) {
      throw new AppError('billing.date_out_of_period', `${date} is not in the current period (up to ${sub.billedUntil})`, { field: 'date', until: sub.billedUntil });
    }
    return p;
  }

  /** Starts billing on `date`: prorated to the next anchor (+ install fee on first activation). */
  private async start(em: EntityManager, sub: SubscriptionRow, plan: PlanRow, date: LocalDate, withFee: boolean, who: Who): Promise<void> {
    const anchorDay = anchorDayOf(sub, sub.activatedOn ?? date);
    const { draft, period, billedUntil } = startDraft(plan, sub.discount, withFee ? sub.installFee : 0, date, anchorDay, periodOf(anchorDay));
    await this.issue(em, sub, 'activation', period, date, draft, who);
    sub.billedUntil = billedUntil;
  }

  async activate(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['pending'], 'activate');
    const plan = await this.b.plan(em, sub.planId);
    sub.activatedOn = date;
    if (sub.anchor === 'anniversary') sub.anchorDay = Number(date.slice(8, 10));
    await this.start(em, sub, plan, date, true, who);
    sub.status = 'active';
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.activate', false);
  }

  async changePlan(em: EntityManager, sub: SubscriptionRow, newPlan: PlanRow, date: LocalDate, who: Who): Promise<PlanRow> {
    assertState(sub, ['active', 'isolated'], 'change the plan of');
    if (!newPlan.active) throw new AppError('billing.plan_archived', `Plan ${newPlan.name} is archived`, { field: 'planId' });
    const oldPlan = await this.b.plan(em, sub.planId);
    if (oldPlan.id === newPlan.id) return oldPlan;
    const period = this.invoicedPeriod(sub, date);
    if (period) await this.issue(em, sub, 'change', null, date, changeDraft(oldPlan, newPlan, date, period), who);
    sub.planId = newPlan.id;
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.changePlan', sub.status === 'active');
    return oldPlan;
  }

  async pause(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['active', 'isolated'], 'pause');
    const period = this.invoicedPeriod(sub, date);
    if (period) await this.issue(em, sub, 'change', null, date, stopDraft(await this.b.plan(em, sub.planId), sub.discount, date, period), who);
    sub.status = 'paused';
    sub.billedUntil = null;
    sub.isolatedAt = null;
    sub.isolationReason = null;
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.pause', true);
  }

  async resume(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['paused'], 'resume');
    const plan = await this.b.plan(em, sub.planId);
    if (!plan.active) throw new AppError('billing.plan_archived', `Plan ${plan.name} is archived`, { field: 'planId' });
    await this.start(em, sub, plan, date, false, who);
    sub.status = 'active';
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.resume', false);
  }

  async terminate(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['pending', 'active', 'isolated', 'paused'], 'end');
    const wasLive = sub.status !== 'pending';
    const period = sub.status === 'paused' ? null : this.invoicedPeriod(sub, date);
    if (period) await this.issue(em, sub, 'final', null, date, stopDraft(await this.b.plan(em, sub.planId), sub.discount, date, period), who);
    sub.status = 'terminated';
    sub.terminatedOn = date;
    sub.billedUntil = null;
    sub.promiseUntil = null;
    await this.b.saveSub(em, sub, who.at);
    if (wasLive) await this.b.effects.remove(em, sub, 'subscriptions.terminate');
  }

  async isolate(em: EntityManager, sub: SubscriptionRow, reason: 'overdue' | 'manual', who: Who): Promise<void> {
    assertState(sub, ['active'], 'isolate');
    sub.status = 'isolated';
    sub.isolatedAt = who.at;
    sub.isolationReason = reason;
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, reason === 'manual' ? 'subscriptions.isolate' : 'billing.enforce', true);
  }

  async restore(em: EntityManager, sub: SubscriptionRow, source: string, who: Who): Promise<void> {
    assertState(sub, ['isolated'], 'restore');
    sub.status = 'active';
    sub.isolatedAt = null;
    sub.isolationReason = null;
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, source, true);
  }
}
