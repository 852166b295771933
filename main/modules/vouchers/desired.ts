import type { DesiredObject, DesiredStateProvider } from '../routers/reconcile';

/**
 * What the vouchers say a router's hotspot should have: each voucher profile (rate limit, shared users),
 * every voucher that reached the router with its password and profile, enabled or disabled by its state,
 * and none of the removed or expired-and-removed ones. Reconciliation compares these (and only these).
 */
export const vouchersDesired: DesiredStateProvider = async (em, routerId) => {
  const profiles = (await em.query('SELECT profile_name, rate_limit, shared_users FROM voucher_profiles WHERE router_id = ?', [routerId])) as {
    profile_name: string;
    rate_limit: string;
    shared_users: number;
  }[];
  const out: DesiredObject[] = profiles.map((p) => ({
    menu: '/ip/hotspot/user/profile',
    key: { name: p.profile_name },
    present: true,
    fields: { 'shared-users': String(p.shared_users), ...(p.rate_limit ? { 'rate-limit': p.rate_limit } : {}) },
  }));
  const vouchers = (await em.query(
    `SELECT v.username, v.password, v.state, p.profile_name, p.expiry_action FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.router_id = ? AND (v.on_router = 1 OR v.state = 'removed')`,
    [routerId],
  )) as { username: string; password: string; state: string; profile_name: string; expiry_action: 'remove' | 'disable' }[];
  for (const v of vouchers) {
    const key = { name: v.username };
    const gone = v.state === 'removed' || (v.state === 'expired' && v.expiry_action === 'remove');
    if (gone) out.push({ menu: '/ip/hotspot/user', key, present: false, fields: {} });
    else {
      const disabled = v.state === 'disabled' || v.state === 'expired';
      out.push({ menu: '/ip/hotspot/user', key, present: true, fields: { password: v.password, profile: v.profile_name, disabled: disabled ? 'yes' : 'no' } });
    }
  }
  return out;
};
