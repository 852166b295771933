import type { DesiredObject, DesiredStateProvider } from '../routers/reconcile';

/**
 * What the subscriptions say each router's PPP secrets should be: present with the right password, profile
 * (the plan's, or the isolation profile) and enabled flag; absent once terminated. Comments and other fields
 * staff may have set on the router are not compared.
 */
export const subscriptionsDesired: DesiredStateProvider = async (em, routerId) => {
  const rows = (await em.query(
    `SELECT s.username, s.password, s.status, p.profile_name, r.isolation_profile
       FROM subscriptions s JOIN plans p ON p.id = s.plan_id JOIN routers r ON r.id = s.router_id
      WHERE s.router_id = ? AND s.status IN ('active','isolated','paused','terminated')`,
    [routerId],
  )) as { username: string; password: string; status: string; profile_name: string; isolation_profile: string }[];
  return rows.map((s): DesiredObject =>
    s.status === 'terminated'
      ? { menu: '/ppp/secret', key: { name: s.username }, present: false, fields: {} }
      : {
          menu: '/ppp/secret',
          key: { name: s.username },
          present: true,
          fields: { password: s.password, profile: s.status === 'isolated' ? s.isolation_profile : s.profile_name, disabled: s.status === 'paused' ? 'yes' : 'no' },
        },
  );
};
