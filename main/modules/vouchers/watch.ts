import type { EntityManager } from 'typeorm';
import type { Db } from '../../core/db';
import type { DomainEvents } from '../../core/domain-events';
import { ops, type Outbox, parseDuration, parseExpiryComment, parseGmtOffset, type RouterService, type Row } from '../routers';
import { storedValiditySeconds } from './duration';
import { voucherUser, voucherUserOp, voucherUsers } from './router-user';

export interface WatchResult {
  firstLogins: number;
  expired: number;
  unreachable: number;
}

/**
 * Marks a voucher's first login (once). Who ends it depends on its profile: the app (expiry = first login +
 * validity, and a MAC lock sent with the whole hotspot user), a script on the router (Mikhmon's: its expiry is
 * learned from the comment that script writes, see detectLogins; the script locks the MAC itself), or nobody
 * (no expiry). Returns true if it was unused. Publishes voucher.first_login, and for an outlet's voucher its
 * voucher.sold: the outlet owes it from its first use (as the sales report counts it).
 */
export async function markFirstLogin(em: EntityManager, outbox: Outbox, events: DomainEvents, routerId: number, username: string, at: Date, mac: string | null): Promise<boolean> {
  const [v] = (await em.query(
    `SELECT v.id, v.profile_id, v.outlet_id, v.sold_price, p.validity_seconds, p.expiry FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.router_id = ? AND v.username = ? AND v.state = 'unused'`,
    [routerId, username],
  )) as { id: number; profile_id: number; outlet_id: number | null; sold_price: number | null; validity_seconds: number; expiry: 'app' | 'router' | 'never' }[];
  // No such unused voucher, or a login time that is no date (an absurd uptime from the router): nothing to record.
  if (!v || !Number.isFinite(at.getTime())) return false;
  // A validity stored before durations were bounded counts as the longest one, not as an invalid date.
  const expires = v.expiry === 'app' ? new Date(at.getTime() + storedValiditySeconds(v.validity_seconds) * 1000).toISOString() : null;
  await em.query("UPDATE vouchers SET state = 'active', first_login_at = ?, expires_at = ?, mac = ? WHERE id = ?", [at.toISOString(), expires, mac, v.id]);
  await events.publish(em, 'voucher.first_login', { voucherId: v.id, routerId, profileId: v.profile_id, username, mac, expiresAt: expires }, at);
  if (v.outlet_id !== null) {
    await events.publish(em, 'voucher.sold', { voucherIds: [v.id], profileId: v.profile_id, amount: v.sold_price ?? 0, channel: 'outlet', outletId: v.outlet_id }, at);
  }
  const row = await voucherUser(em, v.id);
  // The whole user, so a user deleted on the router in the meantime comes back complete and locked.
  if (row && row.lock_mac && mac) {
    const op = voucherUserOp(row);
    if (op) await outbox.enqueue(em, routerId, op, 'vouchers.lockMac');
  }
  return true;
}

/** Routers with vouchers to watch: unused ones (first logins) and used ones whose expiry the router's script owns. */
async function watchedRouters(db: Db): Promise<{ id: number; routerOwned: number }[]> {
  return (await db.manager.query(
    `SELECT v.router_id AS id, max(p.expiry = 'router') AS routerOwned
       FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.on_router = 1 AND (v.state = 'unused' OR (v.state = 'active' AND p.expiry = 'router'))
      GROUP BY v.router_id`,
  )) as { id: number; routerOwned: number }[];
}

/**
 * Used vouchers whose expiry the router's script (Mikhmon's) owns: their expiry is the date that script wrote
 * into the comment; once it has passed and the script removed the user, the voucher is expired. The app sends
 * nothing to the router for them.
 */
async function followRouterExpiry(em: EntityManager, events: DomainEvents, routerId: number, users: Row[], offsetMinutes: number, now: Date): Promise<void> {
  const byName = new Map(users.filter((u) => u.name).map((u) => [u.name!, u]));
  const used = (await em.query(
    `SELECT v.id, v.profile_id, v.username, v.expires_at FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.router_id = ? AND v.state = 'active' AND p.expiry = 'router' AND v.on_router = 1`,
    [routerId],
  )) as { id: number; profile_id: number; username: string; expires_at: string | null }[];
  for (const v of used) {
    const u = byName.get(v.username);
    if (u) {
      const at = parseExpiryComment(u.comment, offsetMinutes)?.toISOString() ?? null;
      if (at && at !== v.expires_at) await em.query('UPDATE vouchers SET expires_at = ? WHERE id = ?', [at, v.id]);
    } else if (v.expires_at && v.expires_at <= now.toISOString()) {
      await em.query("UPDATE vouchers SET state = 'expired' WHERE id = ?", [v.id]);
      await events.publish(em, 'voucher.expired', { voucherId: v.id, routerId, profileId: v.profile_id, username: v.username }, now);
    }
  }
}

/**
 * First logins seen on the routers (all, or the given ones) — active sessions and users whose uptime counter
 * moved — independent of the router's date format: our clock minus the uptime the router reports.
 */
export async function detectLogins(db: Db, routers: RouterService, outbox: Outbox, events: DomainEvents, now: Date, only?: number[]): Promise<{ firstLogins: number; unreachable: number }> {
  const all = await watchedRouters(db);
  const list = only ? all.filter((r) => only.includes(r.id)) : all;
  let firstLogins = 0;
  let unreachable = 0;
  for (const { id, routerOwned } of list) {
    let active, users, clock: Row[] = [];
    try {
      [active, users, clock] = await routers.withClient(id, (client) =>
        Promise.all([
          client.print('/ip/hotspot/active', { proplist: ['user', 'uptime', 'mac-address'] }),
          client.print('/ip/hotspot/user', { proplist: ['name', 'uptime', 'comment'] }),
          routerOwned ? client.print('/system/clock', { proplist: ['gmt-offset'] }) : Promise.resolve([]),
        ]),
      );
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
    firstLogins += await db.write(async (em) => {
      const unused = (await em.query("SELECT username FROM vouchers WHERE router_id = ? AND state = 'unused'", [id])) as { username: string }[];
      let n = 0;
      for (const { username } of unused) {
        const s = seen.get(username);
        if (s && (await markFirstLogin(em, outbox, events, id, username, new Date(now.getTime() - Math.round(s.uptime) * 1000), s.mac))) n++;
      }
      if (routerOwned) await followRouterExpiry(em, events, id, users, parseGmtOffset(clock[0]?.['gmt-offset'] ?? '0') ?? 0, now);
      return n;
    });
  }
  return { firstLogins, unreachable };
}

/**
 * Vouchers whose expiry the app owns and that are due: removed (or disabled, per profile — the whole user, so a
 * missing one comes back complete and disabled) on their router, and their sessions kicked. Vouchers of
 * profiles whose expiry a router script owns, or that never expire, are never touched here.
 */
export async function expireDue(em: EntityManager, outbox: Outbox, events: DomainEvents, now: Date): Promise<number> {
  const due = (await em.query(
    `SELECT v.id, v.profile_id FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.state = 'active' AND p.expiry = 'app' AND v.expires_at <= ?`,
    [now.toISOString()],
  )) as { id: number; profile_id: number }[];
  for (const { id, profile_id } of due) {
    await em.query("UPDATE vouchers SET state = 'expired' WHERE id = ?", [id]);
    const v = (await voucherUsers(em, 'v.id = ?', [id]))[0]!;
    const op = voucherUserOp(v);
    if (op) await outbox.enqueue(em, v.router_id, op, 'vouchers.expire');
    await outbox.enqueue(em, v.router_id, ops.kickHotspot(v.username), 'vouchers.expire');
    await events.publish(em, 'voucher.expired', { voucherId: id, routerId: v.router_id, profileId: profile_id, username: v.username }, now);
  }
  return due.length;
}
