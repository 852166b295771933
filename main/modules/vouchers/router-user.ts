import type { EntityManager } from 'typeorm';
import type { VoucherExpiry } from '../../../shared/contract/vouchers';
import type { VoucherState } from '../../../shared/contract/vouchers';
import { type DesiredObject, ops, type RouterOp } from '../routers';

/*
 * A voucher's /ip/hotspot/user as the database says it should be: one place for the push (add), every later
 * edit (lock to MAC, expiry, staff enable/disable/extend — each upsert carries the whole user, so one that has
 * to re-add a missing user re-adds it complete) and drift detection.
 */

/** What a voucher's hotspot user carries besides its name and state. */
export interface HotspotUserSource {
  password: string;
  profile_name: string;
  hotspot_server: string;
  /** Its batch comment (Mikhmon's vc-123-11.25.26). */
  comment: string;
  time_limit_seconds: number | null;
  data_quota_bytes: number | null;
}

/** The fields of a fresh, enabled voucher: the pusher's add sends exactly these. */
export function hotspotUserFields(u: HotspotUserSource): Record<string, string> {
  const fields: Record<string, string> = { server: u.hotspot_server, password: u.password, profile: u.profile_name, comment: u.comment };
  if (u.time_limit_seconds) fields['limit-uptime'] = `${u.time_limit_seconds}s`;
  if (u.data_quota_bytes) fields['limit-bytes-total'] = String(u.data_quota_bytes);
  fields.disabled = 'no';
  return fields;
}

/** One voucher with everything its desired hotspot user depends on. */
export interface VoucherUserRow extends HotspotUserSource {
  id: number;
  router_id: number;
  username: string;
  state: VoucherState;
  on_router: number;
  first_login_at: string | null;
  mac: string | null;
  lock_mac: number;
  expiry_action: 'remove' | 'disable';
  expiry: VoucherExpiry;
}

const SELECT = `SELECT v.id, v.router_id, v.username, v.password, v.state, v.on_router, v.first_login_at, v.mac, b.comment,
       p.profile_name, p.hotspot_server, p.time_limit_seconds, p.data_quota_bytes, p.lock_mac, p.expiry_action, p.expiry
  FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id JOIN voucher_profiles p ON p.id = v.profile_id`;

export async function voucherUsers(em: EntityManager, where: string, params: unknown[]): Promise<VoucherUserRow[]> {
  return (await em.query(`${SELECT} WHERE ${where}`, params)) as VoucherUserRow[];
}

export async function voucherUser(em: EntityManager, id: number): Promise<VoucherUserRow | null> {
  return (await voucherUsers(em, 'v.id = ?', [id]))[0] ?? null;
}

/**
 * Once used, a voucher whose profile leaves expiry to a script on the router (Mikhmon's) is that script's:
 * it rewrites the comment to the expiry date, and its monitor sets limit-uptime to 1s or removes the user.
 */
export const routerOwned = (v: Pick<VoucherUserRow, 'expiry' | 'first_login_at'>): boolean => v.expiry === 'router' && v.first_login_at !== null;

/** Fields the app still sets on a used voucher whose expiry the router's script owns: not its comment or limit-uptime. */
function routerOwnedFields(v: VoucherUserRow): Record<string, string> {
  const fields = hotspotUserFields(v);
  delete fields.comment;
  delete fields['limit-uptime'];
  if (v.lock_mac && v.mac) fields['mac-address'] = v.mac;
  fields.disabled = v.state === 'disabled' ? 'yes' : 'no';
  return fields;
}

/**
 * The whole hotspot user a voucher should be on its router, `present: false` when it should not be there,
 * or null when the app claims nothing about it: one that never reached the router, and a used one whose
 * expiry the router's script owns (its comment, limit-uptime and very presence are that script's) — except
 * that one disabled by staff stays disabled.
 */
export function desiredVoucherUser(v: VoucherUserRow): DesiredObject | null {
  const key = { name: v.username };
  if (v.state === 'removed') return { menu: '/ip/hotspot/user', key, present: false, fields: {} };
  if (routerOwned(v)) return v.state === 'disabled' && v.on_router ? { menu: '/ip/hotspot/user', key, present: true, fields: routerOwnedFields(v) } : null;
  if (v.state === 'expired' && v.expiry_action === 'remove') return { menu: '/ip/hotspot/user', key, present: false, fields: {} };
  if (!v.on_router) return null;
  const fields = hotspotUserFields(v);
  if (v.lock_mac && v.mac) fields['mac-address'] = v.mac;
  fields.disabled = v.state === 'disabled' || v.state === 'expired' ? 'yes' : 'no';
  return { menu: '/ip/hotspot/user', key, present: true, fields };
}

/** The outbox op that brings a voucher's hotspot user to its desired state (null: nothing the app may claim). */
export function voucherUserOp(v: VoucherUserRow): RouterOp | null {
  const d = desiredVoucherUser(v);
  if (!d) return null;
  return d.present ? ops.hotspotUser(v.username, d.fields) : ops.removeHotspotUser(v.username);
}

/**
 * Staff enabling or disabling a voucher: its desired user; for a used voucher whose expiry the router's script
 * owns, the fields the app still sets (enabled or disabled, never its comment or limit-uptime).
 */
export function staffUserOp(v: VoucherUserRow): RouterOp | null {
  if (routerOwned(v) && v.on_router) return ops.hotspotUser(v.username, routerOwnedFields(v));
  return voucherUserOp(v);
}
