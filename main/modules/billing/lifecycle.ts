import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { periodContaining, type LocalDate } from '../../../shared/dates';
import { diffLines, finish, suspendedRows } from './engine/invoice';
import type { Terms, TermsRow } from './engine/timeline';
import type { PlanRow, SubscriptionRow, SubscriptionStatus } from './entities';
import { anchorDayOf, assertState, type BillingContext } from './context';
import { resettle } from './ledger';
import { dueDateOf, issueDue, publishIssued, writeInvoice, type IssueContext } from './periods';
import { appendTerms, cacheTerms, ensureTimeline, loadTerms, planTerms, type TermsEvent } from './terms';
import { InvoiceWriter } from './writer';
import { parseJson } from '../../core/json';

/** A discount can lower a plan's price to zero, never below. */
export function assertDiscount(discount: number, plan: PlanRow): void {
  if (discount > plan.price) throw new AppError('billing.discount_too_high', `The discount ${discount} is more than the price of ${plan.name}`, { field: 'discount', max: plan.price });
}

/** The plan's discount for a package of that many months (basis points), fixed on a subscription when it is made. */
export function packageDiscountBp(plan: Pick<PlanRow, 'cycleDiscounts'>, months: number): number {
  return months > 1 ? (parseJson<Record<string, number>>(plan.cycleDiscounts)?.[String(months)] ?? 0) : 0;
}

interface Who {
  userId: number | null;
  at: string;
}

/**
 * The named state changes of a subscription. Each one is a dated row on the subscription's timeline: periods
 * not invoiced yet are invoiced first (under the terms that held), then every invoiced period the change
 * reaches is re-derived and only the difference is billed, in one invoice or credit note. Router effects are
 * queued in the caller's transaction.
 */
export class Lifecycle {
  constructor(private readonly b: BillingContext) {}

  /** The issuing context of one write transaction (shared with the daily run's code path). */
  context(em: EntityManager, who: Who): IssueContext {
    const today = this.b.today(new Date(who.at));
    const s = this.b.settings();
    return {
      em,
      writer: new InvoiceWriter(this.b.m.db.raw(), s.invoicePrefix, today, who.at),
      today,
      at: who.at,
      createdBy: who.userId,
      leadDays: s.prepaidLeadDays,
      finish: { roundingUnit: s.roundingUnit, roundingMode: s.roundingMode },
      resettle: new Set(),
      balances: new Map(),
      events: this.b.m.domainEvents,
      issued: [],
    };
  }

  /** Counters stored, invoice.issued published, then settlement (which publishes invoice.paid) re-derived. */
  async finishContext(c: IssueContext): Promise<void> {
    c.writer.flush();
    await publishIssued(c);
    for (const id of c.resettle) await resettle(c.em, id, c.events, new Date(c.at));
    c.resettle.clear();
  }

  /**
   * The domain event of a subscription's state change from `from` to its state now (none when it did not change).
   * Back to active: activated from pending, restored from isolated, resumed otherwise (a pause ended, or a
   * voided termination or pause that puts the service back).
   */
  private async statusChanged(em: EntityManager, sub: SubscriptionRow, from: SubscriptionStatus, date: LocalDate, at: string): Promise<void> {
    if (sub.status === from) return;
    const base = { subscriptionId: sub.id, customerId: sub.customerId, username: sub.username, date };
    const when = new Date(at);
    const events = this.b.m.domainEvents;
    if (sub.status === 'active') {
      if (from === 'pending') await events.publish(em, 'subscription.activated', { ...base, adopted: false }, when);
      else if (from === 'isolated') await events.publish(em, 'subscription.restored', base, when);
      else await events.publish(em, 'subscription.resumed', base, when);
    } else if (sub.status === 'isolated') await events.publish(em, 'subscription.isolated', { ...base, reason: sub.isolationReason ?? 'overdue' }, when);
    else if (sub.status === 'paused') await events.publish(em, 'subscription.paused', base, when);
    else if (sub.status === 'terminated') await events.publish(em, 'subscription.terminated', base, when);
  }

  /** Whether prices include PPN now (office setting); each terms row keeps what held when it was made. */
  private taxIncluded(): boolean {
    return this.b.settings().pricesIncludeTax;
  }

  private async plan(em: EntityManager, id: number) {
    return this.b.plan(em, id);
  }

  /** Dates an event may carry: not in the future, not before activation, not before the last change. */
  private checkDate(sub: SubscriptionRow, date: LocalDate, today: LocalDate): void {
    if (date > today) throw new AppError('billing.future_date', `${date} is in the future`, { field: 'date', today });
    if (sub.activatedOn && date < sub.activatedOn) throw new AppError('billing.before_activation', `${date} is before the activation on ${sub.activatedOn}`, { field: 'date', since: sub.activatedOn });
    if (sub.termsSince && date < sub.termsSince) {
      throw new AppError('billing.before_last_change', `${date} is before the last change on ${sub.termsSince}`, { field: 'date', since: sub.termsSince });
    }
  }

  /** Brings the subscription's invoices up to today (the same path as the daily run). */
  async catchUp(c: IssueContext, sub: SubscriptionRow, rows: TermsRow[]): Promise<void> {
    const plan = await this.plan(c.em, sub.planId);
    await issueDue(c, sub, rows, { plan: { ...plan, taxIncluded: this.taxIncluded() } });
  }

  /**
   * Appends an event to the timeline and bills its difference over every invoiced period it reaches. The new
   * terms are made from the row in force now (or are given whole). Returns the invoice (or credit note) it made.
   */
  private async event(c: IssueContext, sub: SubscriptionRow, event: TermsEvent, date: LocalDate, next: Terms | ((current: Terms) => Terms), prevStatus: SubscriptionStatus): Promise<number | null> {
    // A subscription billed before the timeline existed gets one first, so the date is checked against it.
    await ensureTimeline(c.em, sub, c.at);
    this.checkDate(sub, date, c.today);
    const rows = await loadTerms(c.em, sub.id);
    const current = rows[rows.length - 1];
    const terms = typeof next === 'function' ? next(current ?? planTerms(await this.plan(c.em, sub.planId), sub.discount, true, this.taxIncluded(), sub.cycleDiscountBp)) : next;
    if (!sub.billedUntil) sub.billedUntil = periodContaining(date, anchorDayOf(sub, sub.activatedOn ?? date)).start;
    await this.catchUp(c, sub, rows);
    const row = await appendTerms(c.em, sub.id, { ...terms, event, startsOn: date, prevStatus, prevPlanId: sub.planId, prevDiscount: rows[rows.length - 1]?.discount ?? sub.discount, createdBy: c.createdBy, at: c.at });
    // How many periods were registered when the change was made: periods registered after it were derived with it.
    await c.em.query('UPDATE subscription_terms SET periods_before = (SELECT count(*) FROM billing_periods WHERE subscription_id = ?) WHERE id = ?', [sub.id, row.id]);
    const after = [...rows, row];
    const periods = (await c.em.query('SELECT start, end, months, suspended, invoice_id FROM billing_periods WHERE subscription_id = ? AND end > ? AND waived = 0 ORDER BY start', [sub.id, date])) as {
      start: string;
      end: string;
      months: number;
      suspended: number;
      invoice_id: number | null;
    }[];
    const lines = periods.flatMap((p) => diffLines(rows, after, { start: p.start, end: p.end, months: p.months, suspended: Boolean(p.suspended) }, date));
    cacheTerms(sub, terms, date);
    if (lines.every((l) => l.amount === 0)) return null;
    const draft = finish(lines, c.finish);
    const w = await writeInvoice(c, {
      customerId: sub.customerId,
      subscriptionId: sub.id,
      kind: event === 'terminate' ? 'final' : 'change',
      periodStart: date,
      periodEnd: periods[periods.length - 1]!.end,
      dueDate: dueDateOf(date, c.today, sub),
      draft,
      // A credit gives back the latest days: it pays the newest invoice it corrects first.
      credits: draft.total < 0 ? periods.map((p) => p.invoice_id).filter((id): id is number => id !== null).reverse() : [],
      eventId: row.id,
    });
    await c.em.query('UPDATE subscription_terms SET invoice_id = ? WHERE id = ?', [w.id, row.id]);
    return w.id;
  }

  async activate(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['pending'], 'activate');
    const c = this.context(em, who);
    if (date > c.today) throw new AppError('billing.future_date', `${date} is in the future`, { field: 'date', today: c.today });
    const plan = await this.plan(em, sub.planId);
    if (!plan.active) throw new AppError('billing.plan_archived', `Plan ${plan.name} is archived`, { field: 'planId' });
    sub.activatedOn = date;
    if (sub.anchor === 'anniversary') sub.anchorDay = Number(date.slice(8, 10));
    const terms = planTerms(plan, sub.discount, true, this.taxIncluded(), sub.cycleDiscountBp);
    const row = await appendTerms(em, sub.id, { ...terms, event: 'activate', startsOn: date, prevStatus: 'pending', prevPlanId: sub.planId, prevDiscount: sub.discount, createdBy: who.userId, at: who.at });
    cacheTerms(sub, terms, date);
    sub.billedUntil = periodContaining(date, anchorDayOf(sub, date)).start;
    sub.status = 'active';
    const s = this.b.settings();
    const activation = { installFee: sub.installFee, feeTaxBp: s.taxInstallFee ? s.chargeTaxRateBp : 0, taxIncluded: s.pricesIncludeTax };
    const ids = await issueDue(c, sub, [row], { activation, plan: { ...plan, taxIncluded: s.pricesIncludeTax } });
    if (ids[0]) await em.query('UPDATE subscription_terms SET invoice_id = ? WHERE id = ?', [ids[0], row.id]);
    await this.finishContext(c);
    await this.b.saveSub(em, sub, who.at);
    await this.statusChanged(em, sub, 'pending', date, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.activate', false);
  }

  async changePlan(em: EntityManager, sub: SubscriptionRow, newPlan: PlanRow, date: LocalDate, who: Who): Promise<PlanRow> {
    assertState(sub, ['active', 'isolated'], 'change the plan of');
    if (!newPlan.active) throw new AppError('billing.plan_archived', `Plan ${newPlan.name} is archived`, { field: 'planId' });
    const oldPlan = await this.plan(em, sub.planId);
    if (oldPlan.id === newPlan.id) throw new AppError('billing.same_plan', `The subscription is on ${newPlan.name} already`, { field: 'planId' });
    assertDiscount(sub.discount, newPlan);
    const c = this.context(em, who);
    await this.event(c, sub, 'change', date, planTerms(newPlan, sub.discount, true, this.taxIncluded(), sub.cycleDiscountBp), sub.status);
    sub.planId = newPlan.id;
    await this.finishContext(c);
    await this.b.saveSub(em, sub, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.changePlan', sub.status === 'active');
    return oldPlan;
  }

  /** A new recurring discount from `date` on (the days already invoiced are re-derived). */
  async changeDiscount(em: EntityManager, sub: SubscriptionRow, discount: number, date: LocalDate, who: Who): Promise<void> {
    const plan = await this.plan(em, sub.planId);
    assertDiscount(discount, plan);
    if (sub.status === 'pending' || sub.status === 'terminated') {
      sub.discount = discount;
      return;
    }
    const c = this.context(em, who);
    await this.event(c, sub, 'discount', date, (current) => ({ ...current, discount }), sub.status);
    sub.discount = discount;
    await this.finishContext(c);
  }

  async pause(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['active', 'isolated'], 'pause');
    const from = sub.status;
    const c = this.context(em, who);
    await this.event(c, sub, 'pause', date, (current) => ({ ...current, billable: false }), sub.status);
    sub.status = 'paused';
    sub.pausedOn = date;
    sub.isolatedAt = null;
    sub.isolationReason = null;
    await this.finishContext(c);
    await this.b.saveSub(em, sub, who.at);
    await this.statusChanged(em, sub, from, date, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.pause', true);
  }

  async resume(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['paused'], 'resume');
    const plan = await this.plan(em, sub.planId);
    if (!plan.active) throw new AppError('billing.plan_archived', `Plan ${plan.name} is archived`, { field: 'planId' });
    const c = this.context(em, who);
    await this.event(c, sub, 'resume', date, planTerms(plan, sub.discount, true, this.taxIncluded(), sub.cycleDiscountBp), 'paused');
    sub.status = 'active';
    sub.pausedOn = null;
    await this.finishContext(c);
    await this.b.saveSub(em, sub, who.at);
    await this.statusChanged(em, sub, 'paused', date, who.at);
    await this.b.effects.sync(em, sub, 'subscriptions.resume', false);
  }

  async terminate(em: EntityManager, sub: SubscriptionRow, date: LocalDate, who: Who): Promise<void> {
    assertState(sub, ['pending', 'active', 'isolated', 'paused'], 'end');
    const from = sub.status;
    const wasLive = sub.status !== 'pending';
    const c = this.context(em, who);
    if (wasLive) {
      await this.event(c, sub, 'terminate', date, (current) => ({ ...current, billable: false }), sub.status);
    } else if (date > c.today) {
      throw new AppError('billing.future_date', `${date} is in the future`, { field: 'date', today: c.today });
    }
    sub.status = 'terminated';
    sub.terminatedOn = date;
    sub.promiseUntil = null;
    await this.finishContext(c);
    await this.b.saveSub(em, sub, who.at);
    await this.statusChanged(em, sub, from, date, who.at);
    if (wasLive) await this.b.effects.remove(em, sub, 'subscriptions.terminate');
  }

  async isolate(em: EntityManager, sub: SubscriptionRow, reason: 'overdue' | 'manual', who: Who): Promise<void> {
    assertState(sub, ['active'], 'isolate');
    // Not billed while isolated (office setting): the isolation is a dated row on the timeline.
    if (!this.b.settings().billIsolated) {
      const c = this.context(em, who);
      await this.event(c, sub, 'isolate', c.today, (current) => ({ ...current }), sub.status);
      await this.finishContext(c);
    }
    sub.status = 'isolated';
    sub.isolatedAt = who.at;
    sub.isolationReason = reason;
    await this.b.saveSub(em, sub, who.at);
    await this.statusChanged(em, sub, 'active', this.b.today(new Date(who.at)), who.at);
    await this.b.effects.sync(em, sub, reason === 'manual' ? 'subscriptions.isolate' : 'billing.enforce', true);
  }

  async restore(em: EntityManager, sub: SubscriptionRow, source: string, who: Who): Promise<void> {
    assertState(sub, ['isolated'], 'restore');
    const rows = await loadTerms(em, sub.id);
    const current = rows.at(-1);
    if (current && suspendedRows(rows).has(current.id)) {
      // Billed again from today (a period that started while isolated is charged from the restore on).
      const c = this.context(em, who);
      await this.event(c, sub, 'restore', c.today, { ...current }, sub.status);
      await this.finishContext(c);
    }
    sub.status = 'active';
    sub.isolatedAt = null;
    sub.isolationReason = null;
    await this.b.saveSub(em, sub, who.at);
    await this.statusChanged(em, sub, 'isolated', this.b.today(new Date(who.at)), who.at);
    await this.b.effects.sync(em, sub, source, true);
  }

  /**
   * Voiding the invoice of an event undoes the event: the row leaves the timeline and the subscription goes
   * back to the state, plan and discount it had (on the router too). Only the newest event of a subscription,
   * with no invoice after it, can be undone: anything later was computed on top of it.
   */
  async undoEvent(em: EntityManager, invoice: { id: number; number: string; subscriptionId: number; eventId: number }, who: Who): Promise<void> {
    const sub = await this.b.sub(em, invoice.subscriptionId);
    const rows = await loadTerms(em, sub.id);
    const row = rows[rows.length - 1];
    const [later] = (await em.query("SELECT number FROM invoices WHERE subscription_id = ? AND id > ? AND status <> 'void' ORDER BY id LIMIT 1", [sub.id, invoice.id])) as { number: string }[];
    if (!row || row.id !== invoice.eventId || later || rows.length < 2) {
      throw new AppError('billing.void_not_latest', `${invoice.number} is not the newest change of this subscription`, { number: invoice.number, later: later?.number ?? null });
    }
    const [raw] = (await em.query('SELECT prev_status, prev_plan_id, prev_discount, periods_before FROM subscription_terms WHERE id = ?', [row.id])) as {
      prev_status: SubscriptionStatus;
      prev_plan_id: number;
      prev_discount: number;
      periods_before: number;
    }[];
    const [registered] = (await em.query('SELECT count(*) AS n FROM billing_periods WHERE subscription_id = ?', [sub.id])) as { n: number }[];
    if ((registered?.n ?? 0) > raw!.periods_before) {
      // A later period was billed (or found to owe nothing) under this change: undoing it would leave that period wrong.
      throw new AppError('billing.void_not_latest', `${invoice.number}: a later period was billed with this change`, { number: invoice.number, later: null });
    }
    await em.query('UPDATE subscription_terms SET voided_at = ? WHERE id = ?', [who.at, row.id]);
    const previous = rows[rows.length - 2]!;
    cacheTerms(sub, previous, previous.startsOn);
    const wasTerminated = sub.status === 'terminated';
    const from = sub.status;
    sub.status = raw!.prev_status;
    sub.planId = raw!.prev_plan_id;
    sub.discount = raw!.prev_discount;
    if (row.event === 'terminate') sub.terminatedOn = null;
    if (row.event === 'pause') sub.pausedOn = null;
    if (row.event === 'resume') sub.pausedOn = [...rows].reverse().find((r) => r.event === 'pause')?.startsOn ?? previous.startsOn;
    if (sub.status !== 'isolated') {
      sub.isolatedAt = null;
      sub.isolationReason = null;
    } else if (!sub.isolatedAt) {
      // Back to isolated (a pause of an isolated subscription undone): lifted again once paid.
      sub.isolatedAt = who.at;
      sub.isolationReason = 'overdue';
    }
    await this.b.saveSub(em, sub, who.at);
    // The state it goes back to holds again from the undone event's day.
    await this.statusChanged(em, sub, from, row.startsOn, who.at);
    await this.b.effects.sync(em, sub, 'invoices.void', wasTerminated ? false : true);
  }
}

export type { Who };
