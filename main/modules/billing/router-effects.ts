import type { EntityManager } from 'typeorm';
import type { Settings } from '../../../shared/settings';
import { type DesiredObject, lastJobFor, ops, type Outbox, repairOp, type RouterOp, routerOpSchema, targetOf } from '../routers';
import type { PlanRow, SubscriptionRow } from './entities';

/*
 * One function per kind of router object the billing side manages. Each says what the object should be
 * (a DesiredObject); the upsert or removal queued through the outbox is derived from it (repairOp), and the
 * reconciler's desired state (desired.ts) calls the same function — so what is pushed and what drift is
 * compared against can never disagree.
 */

export type PlanProfile = Pick<PlanRow, 'profileName' | 'rateLimit' | 'localAddress' | 'remoteAddress'>;

/** The /ppp/profile of a plan: only the fields the office filled in are managed. */
export function planProfile(plan: PlanProfile): DesiredObject {
  const fields: Record<string, string> = {};
  if (plan.rateLimit) fields['rate-limit'] = plan.rateLimit;
  if (plan.localAddress) fields['local-address'] = plan.localAddress;
  if (plan.remoteAddress) fields['remote-address'] = plan.remoteAddress;
  return { menu: '/ppp/profile', key: { name: plan.profileName }, present: true, fields };
}

export const planProfileOp = (plan: PlanProfile): RouterOp => repairOp(planProfile(plan));

/** The isolation profile billing.setupIsolation creates: its address list (for the firewall) and rate limit. */
export function isolationProfile(name: string, s: Pick<Settings['billing'], 'isolationAddressList' | 'isolationRateLimit'>): DesiredObject {
  const fields: Record<string, string> = { 'address-list': s.isolationAddressList };
  if (s.isolationRateLimit) fields['rate-limit'] = s.isolationRateLimit;
  return { menu: '/ppp/profile', key: { name }, present: true, fields };
}

/** The comment the app writes on a secret: who it belongs to (adopting a router reads the number back). */
export const secretComment = (customerNumber: string, customerName: string): string => `${customerNumber} ${customerName}`.slice(0, 200);

/**
 * The PPP secret of a subscription in a given state: absent once terminated; otherwise its password, PPPoE,
 * the plan's profile (or the isolation profile), disabled while paused, and the customer comment.
 */
export function pppSecret(sub: Pick<SubscriptionRow, 'username' | 'password' | 'status'>, planProfileName: string, isolationProfileName: string, comment: string): DesiredObject {
  if (sub.status === 'terminated') return { menu: '/ppp/secret', key: { name: sub.username }, present: false, fields: {} };
  return {
    menu: '/ppp/secret',
    key: { name: sub.username },
    present: true,
    fields: {
      password: sub.password,
      service: 'pppoe',
      profile: sub.status === 'isolated' ? isolationProfileName : planProfileName,
      disabled: sub.status === 'paused' ? 'yes' : 'no',
      comment,
    },
  };
}

const canonical = (op: RouterOp): string => JSON.stringify(op, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/**
 * Queues `op` unless the outbox ledger already holds it as the last change of that object on that router
 * (pending, running or done — not failed). Returns whether it was queued. Drift repair stays the safety net
 * for an object changed by hand since.
 */
export async function enqueueIfChanged(em: EntityManager, outbox: Outbox, routerId: number, op: RouterOp, source: string): Promise<boolean> {
  const last = await lastJobFor(em, routerId, targetOf(op));
  if (last && last.status !== 'failed') {
    const prev = routerOpSchema.safeParse(JSON.parse(last.op));
    if (prev.success && canonical(prev.data) === canonical(routerOpSchema.parse(op))) return false;
  }
  await outbox.enqueue(em, routerId, op, source);
  return true;
}

/** Queues router changes for one subscription, in the caller's transaction. */
export class SubscriptionEffects {
  constructor(private readonly outbox: Outbox) {}

  private async context(em: EntityManager, sub: SubscriptionRow): Promise<{ plan: PlanProfile; isolationProfile: string; comment: string }> {
    const [row] = (await em.query(
      `SELECT p.profile_name, p.rate_limit, p.local_address, p.remote_address, r.isolation_profile, c.number, c.name
         FROM plans p, routers r, customers c WHERE p.id = ? AND r.id = ? AND c.id = ?`,
      [sub.planId, sub.routerId, sub.customerId],
    )) as Record<string, string>[];
    if (!row) throw new Error(`subscription ${sub.id}: plan, router or customer missing`);
    const plan = { profileName: row.profile_name!, rateLimit: row.rate_limit!, localAddress: row.local_address!, remoteAddress: row.remote_address! };
    return { plan, isolationProfile: row.isolation_profile!, comment: secretComment(row.number!, row.name!) };
  }

  /**
   * Bring the secret to the subscription's state; optionally kick the session. The plan's profile goes first
   * (so the secret can name it), but only when this router does not have it queued already: a plan edit
   * re-queues it on its routers (handlers-plans.ts), so most changes of a subscription cost one op, not two.
   */
  async sync(em: EntityManager, sub: SubscriptionRow, source: string, kick: boolean): Promise<void> {
    const c = await this.context(em, sub);
    if (sub.status !== 'isolated') await enqueueIfChanged(em, this.outbox, sub.routerId, planProfileOp(c.plan), source);
    await this.outbox.enqueue(em, sub.routerId, repairOp(pppSecret(sub, c.plan.profileName, c.isolationProfile, c.comment)), source);
    if (kick) await this.outbox.enqueue(em, sub.routerId, ops.kickPpp(sub.username), source);
  }

  /** The service ended: the secret goes and so does the session. */
  async remove(em: EntityManager, sub: SubscriptionRow, source: string): Promise<void> {
    await this.outbox.enqueue(em, sub.routerId, repairOp(pppSecret({ ...sub, status: 'terminated' }, '', '', '')), source);
    await this.outbox.enqueue(em, sub.routerId, ops.kickPpp(sub.username), source);
  }
}
