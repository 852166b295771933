import { In, Not, type EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { toPlanDto } from './dto';
import { PlanEntity, SubscriptionEntity, type PlanRow } from './entities';
import type { BillingContext } from './context';
import { routerIds, routersWithJobFor, targetOf } from '../routers';
import { planProfileOp } from './router-effects';

async function usage(em: EntityManager): Promise<Map<number, number>> {
  const rows = (await em.query("SELECT plan_id, count(*) AS n FROM subscriptions WHERE status <> 'terminated' GROUP BY plan_id")) as { plan_id: number; n: number }[];
  return new Map(rows.map((r) => [r.plan_id, r.n]));
}

async function assertFree(em: EntityManager, p: { name: string; profileName: string }, exceptId?: number): Promise<void> {
  const repo = em.getRepository(PlanEntity);
  const not = exceptId ? { id: Not(exceptId) } : {};
  if (await repo.findOneBy({ name: p.name, ...not })) throw new AppError('conflict', `A plan named "${p.name}" exists`, { field: 'name' });
  if (await repo.findOneBy({ profileName: p.profileName, ...not })) throw new AppError('billing.profile_taken', `Profile ${p.profileName} is used by another plan`, { field: 'profileName' });
}

/** A new plan's profile goes to every router of the office (through the outbox), ready for its subscriptions. */
async function pushProfile(em: EntityManager, b: BillingContext, plan: PlanRow, source: string): Promise<void> {
  for (const id of await routerIds(em)) await b.outbox.enqueue(em, id, planProfileOp(plan), source);
}

/**
 * An edited plan's profile goes again to the routers that use it: where a live subscription of the plan is,
 * or where the app has put that profile before (the outbox ledger). Elsewhere it is queued when a
 * subscription first lands there (SubscriptionEffects.sync).
 */
async function repushProfile(em: EntityManager, b: BillingContext, plan: PlanRow, source: string): Promise<void> {
  const op = planProfileOp(plan);
  const live = (await em.query("SELECT DISTINCT router_id AS id FROM subscriptions WHERE plan_id = ? AND status IN ('active','isolated','paused')", [plan.id])) as { id: number }[];
  const routers = new Set([...live.map((r) => r.id), ...(await routersWithJobFor(em, targetOf(op)))]);
  for (const id of [...routers].sort((x, y) => x - y)) await b.outbox.enqueue(em, id, op, source);
}

export function planHandlers(b: BillingContext): DomainHandlers<'plans'> {
  return {
    async 'plans.list'(input, ctx) {
      const rows = await ctx.em.getRepository(PlanEntity).find({ where: input.includeArchived ? {} : { active: true }, order: { price: 'ASC', name: 'ASC' } });
      const used = await usage(ctx.em);
      return rows.map((p) => toPlanDto(p, used.get(p.id) ?? 0));
    },

    async 'plans.create'(input, ctx) {
      await assertFree(ctx.em, input);
      const at = ctx.now.toISOString();
      const row = await ctx.em.getRepository(PlanEntity).save({ ...input, cycleDiscounts: JSON.stringify(input.cycleDiscounts), active: true, createdAt: at, updatedAt: at });
      await pushProfile(ctx.em, b, row, 'plans.create');
      ctx.audit(summary('plans.created', { name: row.name, price: row.price }), { planId: row.id });
      return toPlanDto(row, 0);
    },

    async 'plans.update'(input, ctx) {
      const before = await b.plan(ctx.em, input.id);
      await assertFree(ctx.em, input, input.id);
      const next: PlanRow = { ...before, ...input, cycleDiscounts: JSON.stringify(input.cycleDiscounts), updatedAt: ctx.now.toISOString() };
      await ctx.em.getRepository(PlanEntity).save(next);
      const routerSide = before.profileName !== next.profileName || before.rateLimit !== next.rateLimit || before.localAddress !== next.localAddress || before.remoteAddress !== next.remoteAddress;
      if (routerSide) await repushProfile(ctx.em, b, next, 'plans.update');
      if (before.profileName !== next.profileName) {
        // Live secrets follow the plan to its new profile (the old profile is left on the router).
        const subs = await ctx.em.getRepository(SubscriptionEntity).findBy({ planId: next.id, status: In(['active', 'paused']) });
        for (const s of subs) await b.effects.sync(ctx.em, s, 'plans.update', false);
      }
      const used = await usage(ctx.em);
      ctx.audit(summary('plans.updated', { name: next.name }), { planId: next.id, price: [before.price, next.price] });
      return toPlanDto(next, used.get(next.id) ?? 0);
    },

    async 'plans.setActive'(input, ctx) {
      const plan = await b.plan(ctx.em, input.id);
      plan.active = input.active;
      plan.updatedAt = ctx.now.toISOString();
      await ctx.em.getRepository(PlanEntity).save(plan);
      ctx.audit(summary(input.active ? 'plans.unarchived' : 'plans.archived', { name: plan.name }), { planId: plan.id });
      return toPlanDto(plan, (await usage(ctx.em)).get(plan.id) ?? 0);
    },
  };
}

