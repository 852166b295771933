import type { DesiredObject, DesiredStateProvider } from '../routers';
import { VoucherProfileEntity } from './entities';
import { expectedScript, profileFields } from './report';
import { desiredVoucherUser, routerOwned, voucherUsers } from './router-user';

/**
 * What the vouchers say a router's hotspot should have: each voucher profile with the fields its push sends
 * (the on-login script only where the app owns it), and every voucher's whole hotspot user as computed by
 * desiredVoucherUser — present and complete (limits, comment, MAC lock, disabled by state), or absent.
 * Reconciliation compares these (and only these).
 */
export function vouchersDesired(reportUrl: () => string | null): DesiredStateProvider {
  return async (em, routerId) => {
    const profiles = await em.getRepository(VoucherProfileEntity).findBy({ routerId });
    const out: DesiredObject[] = [];
    for (const p of profiles) {
      const script = p.expiry === 'router' ? null : await expectedScript(em, p, reportUrl());
      out.push({ menu: '/ip/hotspot/user/profile', key: { name: p.profileName }, present: true, fields: profileFields(p, script) });
    }
    for (const v of await voucherUsers(em, "v.router_id = ? AND (v.on_router = 1 OR v.state = 'removed')", [routerId])) {
      const d = desiredVoucherUser(v);
      if (d) out.push(d);
      // Used under a router script (Mikhmon's): what the app once sent for it is no claim any more.
      else if (routerOwned(v)) out.push({ menu: '/ip/hotspot/user', key: { name: v.username }, present: true, fields: {}, released: true });
    }
    return out;
  };
}
