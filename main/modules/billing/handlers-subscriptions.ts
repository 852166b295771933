import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { CallContext, DomainHandlers } from '../../core/context';
import { customerById, customerSql, refreshSearch } from '../customers';
import { routerName } from '../routers';
import { forViewer, subscriptionDto, subscriptionDtos } from './dto';
import { SubscriptionEntity, type SubscriptionRow } from './entities';
import type { BillingContext } from './context';
import { enforce } from './enforce';
import { cancelObsolete, cancelScheduled, scheduleChange, type ScheduledAction } from './scheduled';
import { assertDiscount, packageDiscountBp, type Lifecycle } from './lifecycle';
import { addDays } from '../../../shared/dates';
import { roleHas } from '../../../shared/permissions';
import type { SubscriptionDto } from '../../../shared/contract';
import { LIKE_ESCAPE, likeContains } from '../../core/sql';

export function subscriptionHandlers(b: BillingContext, life: Lifecycle): DomainHandlers<'subscriptions'> {
  const who = (ctx: CallContext) => ({ userId: ctx.user?.id ?? null, at: ctx.now.toISOString() });
  /** After a change whose credit may pay off arrears: an isolated subscription of the customer is restored at once. */
  const restoreIfPaid = (ctx: CallContext, customerId: number) => enforce(ctx.em, b, life, b.today(ctx.now), ctx.now.toISOString(), customerId);
  /** A date after today: the change waits for its day (nothing happens now). */
  const later = async (ctx: CallContext, sub: SubscriptionRow, action: ScheduledAction, date: string, planId?: number, audited = true): Promise<boolean> => {
    if (date <= b.today(ctx.now)) return false;
    await scheduleChange(ctx.em, b, sub, { action, date, planId, userId: ctx.user?.id ?? null, at: ctx.now.toISOString() });
    if (audited) audit(ctx, sub, summary('subscriptions.scheduled', { username: sub.username, action, date }));
    return true;
  };
  const dto = async (ctx: CallContext, id: number): Promise<SubscriptionDto> => forViewer((await subscriptionDto(ctx.em, id))!, ctx.user);
  const audit = (ctx: CallContext, sub: SubscriptionRow, s: ReturnType<typeof summary>) => ctx.audit(s, { subscriptionId: sub.id, customerId: sub.customerId });

  return {
    async 'subscriptions.list'(input, ctx) {
      const where: string[] = ['1=1'];
      const params: unknown[] = [];
      if (input.customerId) {
        where.push('s.customer_id = ?');
        params.push(input.customerId);
      }
      if (input.routerId) {
        where.push('s.router_id = ?');
        params.push(input.routerId);
      }
      if (input.planId) {
        where.push('s.plan_id = ?');
        params.push(input.planId);
      }
      if (input.status) {
        where.push('s.status = ?');
        params.push(input.status);
      }
      if (input.q) {
        where.push(`(s.username LIKE ? ${LIKE_ESCAPE} OR ${customerSql.searchLike('s.customer_id')})`);
        params.push(likeContains(input.q.toLowerCase()), likeContains(input.q.toLowerCase()));
      }
      const cond = where.join(' AND ');
      const [count] = (await ctx.em.query(`SELECT count(*) AS n FROM subscriptions s WHERE ${cond}`, params)) as { n: number }[];
      const items = await subscriptionDtos(ctx.em, cond, [...params, input.pageSize, (input.page - 1) * input.pageSize], `ORDER BY ${customerSql.name('s.customer_id')}, s.id LIMIT ? OFFSET ?`);
      return { items: items.map((s) => forViewer(s, ctx.user)), total: count?.n ?? 0, page: input.page, pageSize: input.pageSize };
    },

    async 'subscriptions.get'(input, ctx) {
      const s = await subscriptionDto(ctx.em, input.id);
      if (!s) throw new AppError('not_found', `No subscription ${input.id}`);
      return forViewer(s, ctx.user);
    },

    async 'subscriptions.create'(input, ctx) {
      const customer = await customerById(ctx.em, input.customerId);
      if (!customer) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      const plan = await b.plan(ctx.em, input.planId);
      if (!plan.active) throw new AppError('billing.plan_archived', `Plan ${plan.name} is archived`, { field: 'planId' });
      assertDiscount(input.discount, plan);
      if ((await routerName(ctx.em, input.routerId)) === null) throw new AppError('not_found', `No router ${input.routerId}`, { field: 'routerId' });
      const clash = await ctx.em.getRepository(SubscriptionEntity).findOneBy({ routerId: input.routerId, username: input.username });
      if (clash) throw new AppError('billing.username_taken', `${input.username} is taken on that router`, { field: 'username' });
      const at = ctx.now.toISOString();
      const { activate, ...fields } = input;
      // The package discount is the plan's at the time the subscription is made, and stays with it.
      const cycleDiscountBp = packageDiscountBp(plan, input.cycleMonths);
      const sub = await ctx.em.getRepository(SubscriptionEntity).save({
        ...fields,
        cycleDiscountBp,
        status: 'pending',
        activatedOn: null,
        billedUntil: null,
        termsSince: null,
        periodPlan: null,
        periodPrice: 0,
        periodDiscount: 0,
        periodTaxBp: 0,
        pausedOn: null,
        promiseUntil: null,
        isolatedAt: null,
        isolationReason: null,
        terminatedOn: null,
        createdAt: at,
        updatedAt: at,
      } as Omit<SubscriptionRow, 'id'>);
      await refreshSearch(ctx.em, customer.id);
      audit(ctx, sub, summary('subscriptions.created', { username: sub.username, customer: customer.name }));
      if (activate && !(await later(ctx, sub, 'activate', input.installDate, undefined, false))) await life.activate(ctx.em, sub, input.installDate, who(ctx));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.update'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      if (sub.status === 'terminated') throw new AppError('billing.bad_state', 'The subscription has ended', { status: sub.status });
      if (sub.status !== 'pending' && (input.anchor !== sub.anchor || (input.anchor === 'fixed' && input.anchorDay !== sub.anchorDay))) {
        throw new AppError('billing.bad_state', 'The billing day can only change before activation', { field: 'anchorDay' });
      }
      assertDiscount(input.discount, await b.plan(ctx.em, sub.planId));
      const passwordChanged = input.password !== sub.password;
      // A new discount is a dated change of terms: the days already invoiced from today on are re-derived.
      if (input.discount !== sub.discount) await life.changeDiscount(ctx.em, sub, input.discount, b.today(ctx.now), who(ctx));
      // Postpaid or prepaid: from the next period on (already invoiced periods keep their due dates).
      Object.assign(sub, { dueDays: input.dueDays, graceDays: input.graceDays, password: input.password, billingMode: input.billingMode ?? sub.billingMode });
      const cycleMonths = input.cycleMonths ?? sub.cycleMonths;
      if (sub.status === 'pending') {
        const plan = await b.plan(ctx.em, sub.planId);
        const cycleDiscountBp = packageDiscountBp(plan, cycleMonths);
        Object.assign(sub, { anchor: input.anchor, anchorDay: input.anchorDay, cycleMonths, cycleDiscountBp });
      } else if (cycleMonths !== sub.cycleMonths) {
        throw new AppError('billing.bad_state', 'The package length can only change before activation', { field: 'cycleMonths' });
      }
      await b.saveSub(ctx.em, sub, ctx.now.toISOString());
      if (passwordChanged && sub.status !== 'pending') await b.effects.sync(ctx.em, sub, 'subscriptions.update', false);
      await restoreIfPaid(ctx, sub.customerId);
      audit(ctx, sub, summary('subscriptions.updated', { username: sub.username }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.activate'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      const date = input.date ?? b.today(ctx.now);
      if (await later(ctx, sub, 'activate', date)) return dto(ctx, sub.id);
      await life.activate(ctx.em, sub, date, who(ctx));
      // Activated by hand: a scheduled activation has nothing left to do.
      await cancelObsolete(ctx.em, sub.id, ctx.now.toISOString(), 'activate');
      audit(ctx, sub, summary('subscriptions.activated', { username: sub.username, date }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.changePlan'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      const date = input.date ?? b.today(ctx.now);
      const newPlan = await b.plan(ctx.em, input.planId);
      if (await later(ctx, sub, 'changePlan', date, newPlan.id)) return dto(ctx, sub.id);
      const old = await life.changePlan(ctx.em, sub, newPlan, date, who(ctx));
      // A downgrade's credit may bring an isolated customer back under the threshold.
      await restoreIfPaid(ctx, sub.customerId);
      audit(ctx, sub, summary('subscriptions.planChanged', { username: sub.username, from: old.name, to: newPlan.name, date }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.pause'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      const date = input.date ?? b.today(ctx.now);
      if (await later(ctx, sub, 'pause', date)) return dto(ctx, sub.id);
      await life.pause(ctx.em, sub, date, who(ctx));
      // Its credit may pay off another subscription's arrears: restored at once.
      await restoreIfPaid(ctx, sub.customerId);
      audit(ctx, sub, summary('subscriptions.paused', { username: sub.username, date }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.resume'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      const date = input.date ?? b.today(ctx.now);
      if (await later(ctx, sub, 'resume', date)) return dto(ctx, sub.id);
      await life.resume(ctx.em, sub, date, who(ctx));
      // Its credit may pay off another subscription's arrears: restored at once.
      await restoreIfPaid(ctx, sub.customerId);
      audit(ctx, sub, summary('subscriptions.resumed', { username: sub.username, date }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.terminate'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      const date = input.date ?? b.today(ctx.now);
      if (await later(ctx, sub, 'terminate', date)) return dto(ctx, sub.id);
      await life.terminate(ctx.em, sub, date, who(ctx));
      // Its credit may pay off another subscription's arrears: restored at once.
      await restoreIfPaid(ctx, sub.customerId);
      // Ended: whatever was scheduled for it cannot happen any more.
      await cancelObsolete(ctx.em, sub.id, ctx.now.toISOString());
      await refreshSearch(ctx.em, sub.customerId);
      audit(ctx, sub, summary('subscriptions.terminated', { username: sub.username, date }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.cancelScheduled'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      const [pending] = (await ctx.em.query("SELECT action FROM scheduled_changes WHERE subscription_id = ? AND status = 'scheduled'", [sub.id])) as { action: string }[];
      if (pending && pending.action !== 'activate' && !(ctx.user && roleHas(ctx.user.role, 'billing.manage'))) {
        throw new AppError('forbidden', 'Only billing managers cancel a scheduled change of service');
      }
      const c = await cancelScheduled(ctx.em, sub.id, ctx.user?.id ?? null, ctx.now.toISOString());
      audit(ctx, sub, summary('subscriptions.scheduledCancelled', { username: sub.username, action: c.action, date: c.date }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.isolate'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      await life.isolate(ctx.em, sub, 'manual', who(ctx));
      audit(ctx, sub, summary('subscriptions.isolated', { username: sub.username }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.restore'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      await life.restore(ctx.em, sub, 'subscriptions.restore', who(ctx));
      audit(ctx, sub, summary('subscriptions.restored', { username: sub.username }));
      return dto(ctx, sub.id);
    },

    async 'subscriptions.promise'(input, ctx) {
      const sub = await b.sub(ctx.em, input.id);
      if (sub.status === 'terminated' || sub.status === 'pending') throw new AppError('billing.bad_state', `The subscription is ${sub.status}`, { status: sub.status });
      const today = b.today(ctx.now);
      if (input.until !== null) {
        if (input.until < today) throw new AppError('billing.date_out_of_period', 'A promise to pay is for a day from today on', { field: 'until' });
        // Never more than 90 days, counted from the office's today on the core clock (not the wall clock).
        const limit = addDays(today, 90);
        if (input.until > limit) throw new AppError('billing.promise_too_long', `At most until ${limit}`, { field: 'until', max: limit });
        // Counter and field staff may give a short grace; longer promises are a manager's decision.
        const max = addDays(today, b.settings().maxPromiseDays);
        if (input.until > max && !(ctx.user && roleHas(ctx.user.role, 'billing.manage'))) {
          throw new AppError('billing.promise_too_long', `At most until ${max}`, { field: 'until', max });
        }
      }
      const promised = input.until !== null && input.until !== sub.promiseUntil;
      sub.promiseUntil = input.until;
      await b.saveSub(ctx.em, sub, ctx.now.toISOString());
      // Before the restore it may allow, like a payment before what it pays.
      if (promised) await b.m.domainEvents.publish(ctx.em, 'promise.made', { customerId: sub.customerId, subscriptionId: sub.id, until: input.until! }, ctx.now);
      await restoreIfPaid(ctx, sub.customerId);
      ctx.audit(input.until ? summary('subscriptions.promised', { username: sub.username, until: input.until }) : summary('subscriptions.promiseCleared', { username: sub.username }), {
        subscriptionId: sub.id,
        customerId: sub.customerId,
        note: input.note,
      });
      return dto(ctx, sub.id);
    },
  };
}
