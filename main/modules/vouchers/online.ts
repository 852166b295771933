import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import type { Charset, VoucherMode, VoucherState } from '../../../shared/contract/vouchers';
import { todayIn } from '../../../shared/dates';
import { nextNumber } from '../../core/counters';
import type { ModuleContext } from '../../core/module';
import { routerHotspots } from '../routers';
import { alphabet, batchComment, randomCode } from './codes';
import { dur } from './dto';
import type { VoucherPusher } from './pusher';
import { hotspotLogin } from './templates';

/*
 * The public voucher shop's side of vouchers (issue 12): which profiles are sold online, the voucher a confirmed
 * payment delivers (taken from stock, or generated and pushed when there is none), and that voucher as its
 * buyer's page shows it.
 */

/** A profile as the shop shows it. */
export interface ShopProfile {
  id: number;
  name: string;
  /** The selling price (integer rupiah). */
  price: number;
  /** "1d", "7d"…; null: never expires. */
  validity: string | null;
  timeLimit: string | null;
  dataQuotaMb: number | null;
  rateLimit: string;
}

/** A delivered voucher as its buyer sees it. */
export interface ShopVoucher {
  id: number;
  username: string;
  password: string;
  mode: VoucherMode;
  profile: string;
  validity: string | null;
  timeLimit: string | null;
  dataQuotaMb: number | null;
  /** On the router: usable now. False while a freshly generated one is still being pushed. */
  ready: boolean;
  state: VoucherState;
  /** The hotspot's login page ('' when unknown: no QR code then). */
  loginUrl: string;
}

export interface DeliverInput {
  profileId: number;
  /** What the buyer paid for the voucher itself (the gateway's fee excluded). */
  price: number;
  now: Date;
  /** The shop purchase (payment attempt) it is for, and the buyer's WhatsApp number if given (E.164). */
  attemptId?: number;
  buyerPhone?: string;
}

export interface VoucherShop {
  /** Active profiles offered online, cheapest first. */
  profiles(em: EntityManager): Promise<ShopProfile[]>;
  profile(em: EntityManager, id: number): Promise<ShopProfile | null>;
  /**
   * One voucher for a confirmed payment, in the caller's transaction: the oldest unsold one of the profile on the
   * router, else a new one (a batch of one, pushed once the transaction commits; the pusher resumes it after a
   * restart). Returns its id.
   */
  deliver(em: EntityManager, input: DeliverInput): Promise<number>;
  voucher(em: EntityManager, id: number): Promise<ShopVoucher | null>;
}

const MB = 1_048_576;

type ProfileSql = { id: number; name: string; selling_price: number; validity_seconds: number; expiry: string; time_limit_seconds: number | null; data_quota_bytes: number | null; rate_limit: string };

const toShop = (p: ProfileSql): ShopProfile => ({
  id: p.id,
  name: p.name,
  price: p.selling_price,
  validity: p.expiry === 'never' ? null : dur(p.validity_seconds),
  timeLimit: dur(p.time_limit_seconds),
  dataQuotaMb: p.data_quota_bytes === null ? null : Math.round(p.data_quota_bytes / MB),
  rateLimit: p.rate_limit,
});

const PROFILE_SQL = 'SELECT id, name, selling_price, validity_seconds, expiry, time_limit_seconds, data_quota_bytes, rate_limit FROM voucher_profiles';

/** Codes of a profile's last batch (the office's own style), else 6 lower-case letters and digits like Mikhmon's default. */
async function codeStyle(em: EntityManager, profileId: number): Promise<{ mode: VoucherMode; length: number; charset: Charset; prefix: string }> {
  const [b] = (await em.query("SELECT mode, code_length, charset, prefix FROM voucher_batches WHERE profile_id = ? AND status <> 'imported' ORDER BY id DESC LIMIT 1", [profileId])) as {
    mode: VoucherMode;
    code_length: number;
    charset: Charset;
    prefix: string;
  }[];
  return b ? { mode: b.mode, length: Math.max(b.code_length, 5), charset: b.charset, prefix: b.prefix } : { mode: 'vc', length: 6, charset: 'lower-digits', prefix: '' };
}

async function freshCode(em: EntityManager, style: Awaited<ReturnType<typeof codeStyle>>): Promise<{ username: string; password: string }> {
  const chars = alphabet(style.charset, true);
  // A growing length after collisions: a nearly full code space still yields a code.
  for (let i = 0; i < 40; i++) {
    const username = style.prefix + randomCode(chars, style.length + Math.floor(i / 10));
    const [hit] = (await em.query('SELECT 1 AS x FROM vouchers WHERE lower(username) = lower(?) LIMIT 1', [username])) as unknown[];
    if (!hit) return { username, password: style.mode === 'vc' ? username : randomCode('0123456789', Math.max(3, Math.min(8, style.length))) };
  }
  throw new AppError('vouchers.code_space', 'No free voucher code could be found', { field: 'profileId' });
}

/** The purchase's own facts for the sale event. */
const sale = (i: DeliverInput) => ({ ...(i.attemptId !== undefined ? { attemptId: i.attemptId } : {}), ...(i.buyerPhone ? { buyerPhone: i.buyerPhone } : {}) });

export function voucherShop(m: ModuleContext, pusher: VoucherPusher): VoucherShop {
  return {
    async profiles(em) {
      const rows = (await em.query(`${PROFILE_SQL} WHERE active = 1 AND online = 1 ORDER BY selling_price, name, id`)) as ProfileSql[];
      return rows.map(toShop);
    },

    async profile(em, id) {
      const [p] = (await em.query(`${PROFILE_SQL} WHERE id = ? AND active = 1 AND online = 1`, [id])) as ProfileSql[];
      return p ? toShop(p) : null;
    },

    async deliver(em, input) {
      const at = input.now.toISOString();
      const [stock] = (await em.query(
        "SELECT id FROM vouchers WHERE profile_id = ? AND state = 'unused' AND on_router = 1 AND sold_at IS NULL AND outlet_id IS NULL ORDER BY serial LIMIT 1",
        [input.profileId],
      )) as { id: number }[];
      if (stock) {
        await em.query('UPDATE vouchers SET sold_at = ?, sold_by = NULL, sold_price = ? WHERE id = ? AND sold_at IS NULL', [at, input.price, stock.id]);
        await m.domainEvents.publish(em, 'voucher.sold', { voucherIds: [stock.id], profileId: input.profileId, amount: input.price, channel: 'online', ...sale(input) }, input.now);
        return stock.id;
      }
      const [p] = (await em.query('SELECT id, router_id FROM voucher_profiles WHERE id = ?', [input.profileId])) as { id: number; router_id: number }[];
      if (!p) throw new AppError('not_found', `No voucher profile ${input.profileId}`, { field: 'profileId' });
      const style = await codeStyle(em, p.id);
      const code = await freshCode(em, style);
      const comment = batchComment(style.mode, todayIn(m.settings.get('locale').timezone, input.now), 'online');
      const [b] = (await em.query(
        `INSERT INTO voucher_batches (router_id, profile_id, quantity, mode, code_length, charset, prefix, comment, status, pushed, created_by, created_at)
         VALUES (?,?,1,?,?,?,?,?,'pushing',0,NULL,?) RETURNING id`,
        [p.router_id, p.id, style.mode, style.length, style.charset, style.prefix, comment, at],
      )) as { id: number }[];
      const serial = await nextNumber(em, 'voucher', 1);
      const [v] = (await em.query(
        `INSERT INTO vouchers (batch_id, router_id, profile_id, serial, username, password, state, on_router, created_at, sold_at, sold_by, sold_price)
         VALUES (?,?,?,?,?,?,'unused',0,?,?,NULL,?) RETURNING id`,
        [b!.id, p.router_id, p.id, serial, code.username, code.password, at, at, input.price],
      )) as { id: number }[];
      await m.domainEvents.publish(em, 'voucher.sold', { voucherIds: [v!.id], profileId: p.id, amount: input.price, channel: 'online', ...sale(input) }, input.now);
      m.db.afterCommit(() => pusher.kick(b!.id));
      return v!.id;
    },

    async voucher(em, id) {
      const [r] = (await em.query(
        `SELECT v.id, v.username, v.password, v.state, v.on_router, v.router_id, b.mode, p.name AS profile, p.validity_seconds, p.expiry, p.time_limit_seconds, p.data_quota_bytes
           FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id JOIN voucher_profiles p ON p.id = v.profile_id WHERE v.id = ?`,
        [id],
      )) as (ProfileSql & { username: string; password: string; state: VoucherState; on_router: number; router_id: number; mode: VoucherMode; profile: string })[];
      if (!r) return null;
      const [router] = await routerHotspots(em, [r.router_id]);
      const login = hotspotLogin(m.settings.get('vouchers').loginUrl, router?.hotspotDns ?? '');
      return {
        id: r.id,
        username: r.username,
        password: r.password,
        mode: r.mode,
        profile: r.profile,
        validity: r.expiry === 'never' ? null : dur(r.validity_seconds),
        timeLimit: dur(r.time_limit_seconds),
        dataQuotaMb: r.data_quota_bytes === null ? null : Math.round(r.data_quota_bytes / MB),
        ready: r.on_router === 1,
        state: r.state,
        loginUrl: login.loginUrl,
      };
    },
  };
}
