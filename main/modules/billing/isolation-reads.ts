import type { EntityManager } from 'typeorm';

/*
 * What the isolation page reads of billing's subscriptions (main/modules/isolation, through the root's wiring):
 * the isolated subscriptions' logins, and whose PPPoE login a session on a router is.
 */

/** PPPoE logins of the subscriptions isolated now, per router (the only ones the isolation page looks for). */
export async function isolatedLogins(em: EntityManager): Promise<Map<number, string[]>> {
  const rows = (await em.query("SELECT router_id, username FROM subscriptions WHERE status = 'isolated' ORDER BY router_id, id")) as { router_id: number; username: string }[];
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.router_id, [...(out.get(r.router_id) ?? []), r.username]);
  return out;
}

export interface SubscriptionLogin {
  id: number;
  customerId: number;
  status: 'pending' | 'active' | 'isolated' | 'paused' | 'terminated';
}

/** The subscription that owns a PPPoE username on a router (the newest not terminated, else the newest). */
export async function subscriptionByLogin(em: EntityManager, routerId: number, username: string): Promise<SubscriptionLogin | null> {
  const [r] = (await em.query(
    "SELECT id, customer_id, status FROM subscriptions WHERE router_id = ? AND username = ? ORDER BY status = 'terminated', id DESC LIMIT 1",
    [routerId, username],
  )) as { id: number; customer_id: number; status: SubscriptionLogin['status'] }[];
  return r ? { id: r.id, customerId: r.customer_id, status: r.status } : null;
}
