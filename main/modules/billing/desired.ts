import type { EntityManager } from 'typeorm';
import { billingSettingsSchema } from '../../../shared/settings';
import { customerLabels } from '../customers';
import { storedGroup } from '../settings';
import { type DesiredObject, type DesiredStateProvider, desiredTarget, isolationProfileOf, jobExists } from '../routers';
import { isolationProfile, planProfile, pppSecret, secretComment } from './router-effects';

/** The office's billing settings as the transaction sees them (the stored value over the defaults). */
async function billingSettings(em: EntityManager) {
  const stored = await storedGroup(em, 'billing');
  const parsed = billingSettingsSchema.safeParse({ ...billingSettingsSchema.parse({}), ...(stored as object) });
  return parsed.success ? parsed.data : billingSettingsSchema.parse({});
}

/**
 * Everything the billing side sets on a router, as the database says it should be now — built by the same
 * functions that queue the changes (router-effects.ts):
 * - each subscription's PPP secret (password, service, profile, disabled, comment; absent once terminated);
 * - the /ppp/profile of every plan a live subscription on this router uses (the fields the office filled in);
 * - the isolation profile, on routers where billing.setupIsolation created it (address list, rate limit from
 *   the settings of now, so a changed setting shows as drift and is repaired).
 * Fields staff may set on these objects beyond these are not compared.
 */
export const subscriptionsDesired: DesiredStateProvider = async (em, routerId) => {
  const out: DesiredObject[] = [];
  const router = await isolationProfileOf(em, routerId);
  if (!router) return out;
  // Terminated first: a username taken again by a newer subscription is desired present.
  const subs = (await em.query(
    `SELECT s.username, s.password, s.status, p.profile_name, s.customer_id
       FROM subscriptions s JOIN plans p ON p.id = s.plan_id
      WHERE s.router_id = ? AND s.status IN ('active','isolated','paused','terminated')
      ORDER BY s.status <> 'terminated', s.id`,
    [routerId],
  )) as { username: string; password: string; status: 'active' | 'isolated' | 'paused' | 'terminated'; profile_name: string; customer_id: number }[];
  const customers = await customerLabels(em, subs.map((s) => s.customer_id));
  for (const s of subs) {
    const c = customers.get(s.customer_id);
    if (c) out.push(pppSecret(s, s.profile_name, router.isolationProfile, secretComment(c.number, c.name)));
  }

  const plans = (await em.query(
    `SELECT DISTINCT p.profile_name, p.rate_limit, p.local_address, p.remote_address
       FROM plans p JOIN subscriptions s ON s.plan_id = p.id
      WHERE s.router_id = ? AND s.status IN ('active','isolated','paused')
      ORDER BY p.id`,
    [routerId],
  )) as { profile_name: string; rate_limit: string; local_address: string; remote_address: string }[];
  for (const p of plans) out.push(planProfile({ profileName: p.profile_name, rateLimit: p.rate_limit, localAddress: p.local_address, remoteAddress: p.remote_address }));

  if (await isolationSetUp(em, routerId, router.isolationProfile)) out.push(isolationProfile(router.isolationProfile, await billingSettings(em)));
  return out;
};

/** Whether billing.setupIsolation made this router's isolation profile (then the app keeps it; otherwise it is staff's). */
export async function isolationSetUp(em: EntityManager, routerId: number, profileName: string): Promise<boolean> {
  const target = desiredTarget(isolationProfile(profileName, { isolationAddressList: '', isolationRateLimit: '' }));
  return jobExists(em, routerId, target, 'billing.setupIsolation');
}
