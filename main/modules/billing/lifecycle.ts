import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { addDays, type LocalDate, type Period } from './engine/dates';
import { changeDraft, startDraft, stopDraft } from './engine/invoice';
import type { PlanRow, SubscriptionRow } from './entities';
import type { PlanTerms } from './engine/invoice';

/** The terms the running period was invoiced at (what a credit for unused days gives back). */
function billedTerms(sub: SubscriptionRow): PlanTerms & { discount: number } {
  return { name: sub.periodPlan ?? '', price: sub.periodPrice, taxRateBp: sub.periodTaxBp, discount: sub.periodDiscount };
}

function setBilledTerms(sub: SubscriptionRow, plan: PlanTerms, discount: number): void {
  sub.periodPlan = plan.name;
  sub.periodPrice = plan.price;
  sub.periodTaxBp = plan.taxRateBp;
  sub.periodDiscount = discount;
}

/** A discount can lower a plan's price to zero, never below. */
export function assertDiscount(discount: number, plan: PlanRow): void {
  if (discount > plan.price) throw new AppError('billing.discount_too_high', `The discount ${discount} is more than the price of ${plan.name}`, { field: 'discount', max: plan.price });
}
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
      today: this.b.today(),
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
    const { draft, period, billedUntil } = startDraft(plan, sub.discount, withFee ? sub.installFee : 0, date, periodOf(anchorDay));
    await this.issue(em, sub, 'activation', period, date, draft, who);
    sub.billedUntil = billedUntil;
    setBilledTerms(sub, plan, sub.discount);
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
    assertDiscount(sub.discount, newPlan);
    const period = this.invoicedPeriod(sub, date);
    if (period) {
      // Credit what the period was invoiced at; charge the new plan (the discount carries on unchanged).
      await this.issue(em, sub, 'change', null, date, changeDraft(billedTerms(sub), newPlan, date, period), who);
      setBilledTerms(sub, newPlan, sub.periodDiscount);
    }
    sub.planId = newPlan.id;
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.changePlan', sub.status === 'active');
    return oldPlan;
  }

  async pause(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['active', 'isolated'], 'pause');
    const period = this.invoicedPeriod(sub, date);
    if (period) await this.issue(em, sub, 'change', null, date, stopDraft(billedTerms(sub), sub.periodDiscount, date, period), who);
    sub.status = 'paused';
    sub.pausedOn = date;
    sub.billedUntil = null;
    sub.isolatedAt = null;
    sub.isolationReason = null;
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.pause', true);
  }

  async resume(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['paused'], 'resume');
    // Days before the pause were credited already: a resume cannot start before it.
    if (sub.pausedOn && date < sub.pausedOn) {
      throw new AppError('billing.date_out_of_period', `Resume on or after ${sub.pausedOn}`, { field: 'date', from: sub.pausedOn });
    }
    const plan = await this.b.plan(em, sub.planId);
    if (!plan.active) throw new AppError('billing.plan_archived', `Plan ${plan.name} is archived`, { field: 'planId' });
    await this.start(em, sub, plan, date, false, who);
    sub.status = 'active';
    sub.pausedOn = null;
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.resume', false);
  }

  async terminate(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['pending', 'active', 'isolated', 'paused'], 'end');
    const wasLive = sub.status !== 'pending';
    const period = sub.status === 'paused' ? null : this.invoicedPeriod(sub, date);
    if (period) await this.issue(em, sub, 'final', null, date, stopDraft(billedTerms(sub), sub.periodDiscount, date, period), who);
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
