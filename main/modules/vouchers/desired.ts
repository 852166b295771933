import type { DesiredObject, DesiredStateProvider } from '../routers/reconcile';
import { VoucherProfileEntity } from './entities';
import { expectedScript } from './report';

/**
 * What the vouchers say a router's hotspot should have: each voucher profile (rate limit, shared users, its
 * on-login script with the first-login report),
 * every voucher that reached the router with its password and profile, enabled or disabled by its state,
 * and none of the removed or expired-and-removed ones. Reconciliation compares these (and only these).
 */
export function vouchersDesired(reportUrl: () => string | null): DesiredStateProvider {
  return async (em, routerId) => {
    const profiles = await em.getRepository(VoucherProfileEntity).findBy({ routerId });
    const out: DesiredObject[] = [];
    for (const p of profiles) {
      out.push({
        menu: '/ip/hotspot/user/profile',
        key: { name: p.profileName },
        present: true,
        fields: { 'shared-users': String(p.sharedUsers), 'on-login': await expectedScript(em, p, reportUrl()), ...(p.rateLimit ? { 'rate-limit': p.rateLimit } : {}) },
      });
    }
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
}
