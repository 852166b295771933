import type { EntityManager } from 'typeorm';
import { ops, type RouterOp } from '../routers/outbox/ops';
import type { Outbox } from '../routers/outbox/outbox';
import type { PlanRow, SubscriptionRow } from './entities';

/** The /ppp/profile of a plan: only the fields the office filled in are managed. */
export function planProfileOp(plan: Pick<PlanRow, 'profileName' | 'rateLimit' | 'localAddress' | 'remoteAddress'>): RouterOp {
  const fields: Record<string, string> = {};
  if (plan.rateLimit) fields['rate-limit'] = plan.rateLimit;
  if (plan.localAddress) fields['local-address'] = plan.localAddress;
  if (plan.remoteAddress) fields['remote-address'] = plan.remoteAddress;
  return ops.pppProfile(plan.profileName, fields);
}

/** The PPP secret a subscription should have, given its state. */
export function secretOp(sub: SubscriptionRow, plan: Pick<PlanRow, 'profileName'>, isolationProfile: string, comment: string): RouterOp {
  return ops.pppSecret(sub.username, {
    password: sub.password,
    service: 'pppoe',
    profile: sub.status === 'isolated' ? isolationProfile : plan.profileName,
    disabled: sub.status === 'paused' ? 'yes' : 'no',
    comment,
  });
}

/** Queues router changes for one subscription, in the caller's transaction. */
export class SubscriptionEffects {
  constructor(private readonly outbox: Outbox) {}

  private async context(em: EntityManager, sub: SubscriptionRow): Promise<{ plan: PlanRow; isolationProfile: string; comment: string }> {
    const [row] = (await em.query(
      `SELECT p.profile_name, p.rate_limit, p.local_address, p.remote_address, r.isolation_profile, c.number, c.name
         FROM plans p, routers r, customers c WHERE p.id = ? AND r.id = ? AND c.id = ?`,
      [sub.planId, sub.routerId, sub.customerId],
    )) as Record<string, string>[];
    if (!row) throw new Error(`subscription ${sub.id}: plan, router or customer missing`);
    const plan = { profileName: row.profile_name!, rateLimit: row.rate_limit!, localAddress: row.local_address!, remoteAddress: row.remote_address! } as PlanRow;
    return { plan, isolationProfile: row.isolation_profile!, comment: `${row.number} ${row.name}`.slice(0, 200) };
  }

  /** Bring the secret to the subscription's state (profile first, so the secret can name it); optionally kick the session. */
  async sync(em: EntityManager, sub: SubscriptionRow, source: string, kick: boolean): Promise<void> {
    const c = await this.context(em, sub);
    if (sub.status !== 'isolated') await this.outbox.enqueue(em, sub.routerId, planProfileOp(c.plan), source);
    await this.outbox.enqueue(em, sub.routerId, secretOp(sub, c.plan, c.isolationProfile, c.comment), source);
    if (kick) await this.outbox.enqueue(em, sub.routerId, ops.kickPpp(sub.username), source);
  }

  /** The service ended: the secret goes and so does the session. */
  async remove(em: EntityManager, sub: SubscriptionRow, source: string): Promise<void> {
    await this.outbox.enqueue(em, sub.routerId, ops.removePppSecret(sub.username), source);
    await this.outbox.enqueue(em, sub.routerId, ops.kickPpp(sub.username), source);
  }
}
