import type { EntityManager } from 'typeorm';
import type { Db } from '../../core/db';
import { parseDuration } from '../routers/client/format';
import { storedValiditySeconds } from './duration';
import { ops } from '../routers/outbox/ops';
import type { Outbox } from '../routers/outbox/outbox';
import type { RouterService } from '../routers/service';

export interface WatchResult {
  firstLogins: number;
  expired: number;
  unreachable: number;
}

/** Marks a voucher's first login (once): expiry = first login + validity. Returns true if it was unused. */
export async function markFirstLogin(em: EntityManager, outbox: Outbox, routerId: number, username: string, at: Date, mac: string | null): Promise<boolean> {
  const [v] = (await em.query(
    `SELECT v.id, p.validity_seconds, p.lock_mac FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.router_id = ? AND v.username = ? AND v.state = 'unused'`,
    [routerId, username],
  )) as { id: number; validity_seconds: number; lock_mac: number }[];
  // No such unused voucher, or a login time that is no date (an absurd uptime from the router): nothing to record.
  if (!v || !Number.isFinite(at.getTime())) return false;
  // A validity stored before durations were bounded counts as the longest one, not as an invalid date.
  const expires = new Date(at.getTime() + storedValiditySeconds(v.validity_seconds) * 1000);
  await em.query("UPDATE vouchers SET state = 'active', first_login_at = ?, expires_at = ?, mac = ? WHERE id = ?", [at.toISOString(), expires.toISOString(), mac, v.id]);
  if (v.lock_mac && mac) await outbox.enqueue(em, routerId, ops.hotspotUser(username, { 'mac-address': mac }), 'vouchers.lockMac');
  return true;
}

/**
 * First logins seen on the routers (all, or the given ones) — active sessions and users whose uptime counter
 * moved — independent of the router's date format: our clock minus the uptime the router reports.
 */
export async function detectLogins(db: Db, routers: RouterService, outbox: Outbox, now: Date, only?: number[]): Promise<{ firstLogins: number; unreachable: number }> {
  const all = (await db.manager.query("SELECT DISTINCT router_id AS id FROM vouchers WHERE state = 'unused' AND on_router = 1")) as { id: number }[];
  const ids = only ? all.filter((r) => only.includes(r.id)) : all;
  let firstLogins = 0;
  let unreachable = 0;
  for (const { id } of ids) {
    let active, users;
    try {
      const client = await routers.clientFor(id);
      [active, users] = await Promise.all([
        client.print('/ip/hotspot/active', { proplist: ['user', 'uptime', 'mac-address'] }),
        client.print('/ip/hotspot/user', { proplist: ['name', 'uptime'] }),
      ]);
    } catch {
      unreachable++;
      continue;
    }
    const seen = new Map<string, { uptime: number; mac: string | null }>();
    for (const u of users) {
      const up = parseDuration(u.uptime ?? '') ?? 0;
      if (u.name && up > 0) seen.set(u.name, { uptime: up, mac: null });
    }
    for (const a of active) {
      if (!a.user) continue;
      const up = parseDuration(a.uptime ?? '') ?? 0;
      const prev = seen.get(a.user);
      seen.set(a.user, { uptime: Math.max(up, prev?.uptime ?? 0), mac: a['mac-address'] ?? null });
    }
    if (seen.size === 0) continue;
    firstLogins += await db.write(async (em) => {
      const unused = (await em.query("SELECT username FROM vouchers WHERE router_id = ? AND state = 'unused'", [id])) as { username: string }[];
      let n = 0;
      for (const { username } of unused) {
        const s = seen.get(username);
        if (s && (await markFirstLogin(em, outbox, id, username, new Date(now.getTime() - Math.round(s.uptime) * 1000), s.mac))) n++;
      }
      return n;
    });
  }
  return { firstLogins, unreachable };
}

/** Expired vouchers are removed (or disabled, per profile) on their router and their sessions kicked. */
export async function expireDue(em: EntityManager, outbox: Outbox, now: Date): Promise<number> {
  const due = (await em.query(
    `SELECT v.id, v.router_id, v.username, p.expiry_action FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.state = 'active' AND v.expires_at <= ?`,
    [now.toISOString()],
  )) as { id: number; router_id: number; username: string; expiry_action: 'remove' | 'disable' }[];
  for (const v of due) {
    await em.query("UPDATE vouchers SET state = 'expired' WHERE id = ?", [v.id]);
    if (v.expiry_action === 'remove') await outbox.enqueue(em, v.router_id, ops.removeHotspotUser(v.username), 'vouchers.expire');
    else await outbox.enqueue(em, v.router_id, ops.hotspotUser(v.username, { disabled: 'yes' }), 'vouchers.expire');
    await outbox.enqueue(em, v.router_id, ops.kickHotspot(v.username), 'vouchers.expire');
  }
  return due.length;
}
