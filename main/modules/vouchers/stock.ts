import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { CallContext, DomainHandlers } from '../../core/context';
import { roleHas } from '../../../shared/permissions';
import { nextNumber } from '../../core/counters';
import type { ModuleContext } from '../../core/module';
import { LIKE_ESCAPE, likeContains } from '../../core/sql';
import { voucherSeconds } from './duration';
import { ops, type Outbox } from '../routers';
import { todayIn } from '../../../shared/dates';
import { batchComment, generateCodes } from './codes';
import { staffUserOp, voucherUser } from './router-user';
import { batchDtos, VOUCHER_SELECT, voucherDtos, vouchersWhere } from './dto';
import { VoucherProfileEntity } from './entities';
import type { VoucherPusher } from './pusher';
import type { VoucherDto } from '../../../shared/contract/vouchers';

type StockHandlers = Pick<
  DomainHandlers<'vouchers'>,
  'vouchers.generate' | 'vouchers.cancelPush' | 'vouchers.resumePush' | 'vouchers.batches' | 'vouchers.list' | 'vouchers.lookup' | 'vouchers.extend' | 'vouchers.disable' | 'vouchers.enable'
>;

/** Codes of unsold stock are for managers: a cashier gets them by selling (vouchers.sell), not by listing. */
export function maskStock(v: VoucherDto, canSeeStock: boolean): VoucherDto {
  if (canSeeStock || v.state !== 'unused' || v.soldAt !== null || v.outletId !== null) return v;
  return { ...v, username: '••••••', password: '••••••' };
}

/** The SQL twin of maskStock's test over `vouchers v`: unsold stock, whose code only a manager sees. */
const STOCK_SQL = "v.state = 'unused' AND v.sold_at IS NULL AND v.outlet_id IS NULL";

const manages = (ctx: CallContext) => ctx.user !== null && roleHas(ctx.user.role, 'vouchers.manage');

/** The whole hotspot user of a voucher in its current state, so an upsert that has to re-add it (expired and removed) is complete. */
async function enqueueUser(em: EntityManager, outbox: Outbox, voucherId: number, source: string): Promise<void> {
  const v = await voucherUser(em, voucherId);
  const op = v && staffUserOp(v);
  if (op) await outbox.enqueue(em, v.router_id, op, source);
}

export async function voucherById(em: EntityManager, id: number): Promise<VoucherDto> {
  const [v] = await vouchersWhere(em, 'v.id = ?', [id]);
  if (!v) throw new AppError('not_found', `No voucher ${id}`);
  return v;
}

const batchById = async (em: EntityManager, id: number) => {
  const [b] = await batchDtos(em, 'b.id = ?', [id]);
  if (!b) throw new AppError('not_found', `No batch ${id}`);
  return b;
};

export function stockHandlers(m: ModuleContext, outbox: Outbox, pusher: VoucherPusher): StockHandlers {
  return {
    async 'vouchers.generate'(input, ctx) {
      const profile = await ctx.em.getRepository(VoucherProfileEntity).findOneBy({ id: input.profileId });
      if (!profile || !profile.active) throw new AppError('not_found', `No active voucher profile ${input.profileId}`, { field: 'profileId' });
      const taken = new Set(((await ctx.em.query('SELECT lower(username) AS u FROM vouchers')) as { u: string }[]).map((r) => r.u));
      let codes;
      try {
        codes = generateCodes(input, (u) => taken.has(u.toLowerCase()));
      } catch {
        throw new AppError('vouchers.code_space', 'Too few possible codes for this quantity: use longer codes or more characters', { field: 'codeLength' });
      }
      const at = ctx.now.toISOString();
      const comment = batchComment(input.mode, todayIn(m.settings.get('locale').timezone, ctx.now), input.note);
      const [b] = (await ctx.em.query(
        `INSERT INTO voucher_batches (router_id, profile_id, quantity, mode, code_length, charset, prefix, comment, status, pushed, created_by, created_at)
         VALUES (?,?,?,?,?,?,?,?,'pushing',0,?,?) RETURNING id`,
        [profile.routerId, profile.id, input.quantity, input.mode, input.codeLength, input.charset, input.prefix, comment, ctx.user?.id ?? null, at],
      )) as { id: number }[];
      const first = await nextNumber(ctx.em, 'voucher', codes.length);
      const raw = m.db.raw();
      const ins = raw.prepare("INSERT INTO vouchers (batch_id, router_id, profile_id, serial, username, password, state, on_router, created_at) VALUES (?,?,?,?,?,?,'unused',0,?)");
      codes.forEach((c, i) => ins.run(b!.id, profile.routerId, profile.id, first + i, c.username, c.password, at));
      m.db.afterCommit(() => pusher.kick(b!.id));
      ctx.audit(summary('vouchers.generated', { count: input.quantity, profile: profile.name, comment }), { batchId: b!.id });
      return batchById(ctx.em, b!.id);
    },

    async 'vouchers.cancelPush'(input, ctx) {
      const b = await batchById(ctx.em, input.batchId);
      if (b.status !== 'pushing') throw new AppError('vouchers.bad_state', `Batch ${b.comment} is ${b.status}`);
      await ctx.em.query("UPDATE voucher_batches SET status = 'cancelled', finished_at = ? WHERE id = ?", [ctx.now.toISOString(), b.id]);
      // What never reached the router cannot be sold or printed.
      // One whose reply was lost in a dropped connection may be on the router after all: reconciliation treats
      // removed vouchers as absent and takes such a user off (the router may well be down now).
      await ctx.em.query("UPDATE vouchers SET state = 'removed', removed_at = ? WHERE batch_id = ? AND on_router = 0 AND state = 'unused'", [ctx.now.toISOString(), b.id]);
      ctx.audit(summary('vouchers.pushCancelled', { comment: b.comment, pushed: b.pushed }), { batchId: b.id });
      return batchById(ctx.em, b.id);
    },

    async 'vouchers.resumePush'(input, ctx) {
      const b = await batchById(ctx.em, input.batchId);
      if (b.status === 'done' || b.status === 'imported') throw new AppError('vouchers.bad_state', `Batch ${b.comment} is ${b.status}`);
      await ctx.em.query("UPDATE voucher_batches SET status = 'pushing', finished_at = NULL WHERE id = ?", [b.id]);
      await ctx.em.query("UPDATE vouchers SET state = 'unused', removed_at = NULL WHERE batch_id = ? AND state = 'removed' AND removed_at = ?", [b.id, b.finishedAt]);
      m.db.afterCommit(() => pusher.kick(b.id));
      return batchById(ctx.em, b.id);
    },

    async 'vouchers.batches'(input, ctx) {
      const where = ['1=1'];
      const params: unknown[] = [];
      if (input.routerId) {
        where.push('b.router_id = ?');
        params.push(input.routerId);
      }
      if (input.profileId) {
        where.push('b.profile_id = ?');
        params.push(input.profileId);
      }
      const cond = where.join(' AND ');
      const [c] = (await ctx.em.query(`SELECT count(*) AS n FROM voucher_batches b WHERE ${cond}`, params)) as { n: number }[];
      const items = await batchDtos(ctx.em, cond, [...params, input.pageSize, (input.page - 1) * input.pageSize], 'ORDER BY b.id DESC LIMIT ? OFFSET ?');
      return { items, total: c?.n ?? 0, page: input.page, pageSize: input.pageSize };
    },

    async 'vouchers.list'(input, ctx) {
      const where = ['1=1'];
      const params: unknown[] = [];
      const add = (sql: string, ...p: unknown[]) => (where.push(sql), params.push(...p));
      if (input.q) {
        // A search never matches what the caller may not see: without vouchers.manage the code of unsold
        // stock is masked (maskStock), so it is not searched either, and the total counts only what matches.
        const q = likeContains(input.q);
        const code = manages(ctx) ? `v.username LIKE ? ${LIKE_ESCAPE}` : `(v.username LIKE ? ${LIKE_ESCAPE} AND NOT (${STOCK_SQL}))`;
        add(`(${code} OR b.comment LIKE ? ${LIKE_ESCAPE} OR p.name LIKE ? ${LIKE_ESCAPE})`, q, q, q);
      }
      if (input.batchId) add('v.batch_id = ?', input.batchId);
      if (input.profileId) add('v.profile_id = ?', input.profileId);
      if (input.routerId) add('v.router_id = ?', input.routerId);
      if (input.outletId) add('v.outlet_id = ?', input.outletId);
      if (input.state) add('v.state = ?', input.state);
      if (input.ids) add('v.id IN (SELECT value FROM json_each(?))', JSON.stringify(input.ids));
      const cond = where.join(' AND ');
      const [c] = (await ctx.em.query(
        `SELECT count(*) AS n FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id JOIN voucher_profiles p ON p.id = v.profile_id WHERE ${cond}`,
        params,
      )) as { n: number }[];
      const items = await vouchersWhere(ctx.em, cond, [...params, input.pageSize, (input.page - 1) * input.pageSize], 'ORDER BY v.serial LIMIT ? OFFSET ?');
      return { items: items.map((v) => maskStock(v, manages(ctx))), total: c?.n ?? 0, page: input.page, pageSize: input.pageSize };
    },

    async 'vouchers.lookup'(input, ctx) {
      const rows = (await ctx.em.query(`${VOUCHER_SELECT} WHERE lower(v.username) = lower(?) OR CAST(v.serial AS TEXT) = ? LIMIT 1`, [input.code, input.code])) as Record<string, unknown>[];
      const [v] = await voucherDtos(ctx.em, rows);
      if (!v) return null;
      // Found by its code: the caller has the code already. By serial number: stock stays hidden.
      return v.username.toLowerCase() === input.code.toLowerCase() ? v : maskStock(v, manages(ctx));
    },

    async 'vouchers.extend'(input, ctx) {
      const v = await voucherById(ctx.em, input.id);
      if (v.state !== 'active' && v.state !== 'expired') throw new AppError('vouchers.bad_state', `Voucher ${v.username} is ${v.state}`);
      // Only the app's own expiry can be extended: a router script's (Mikhmon's) date is on the router, and "never" has none.
      const [owner] = (await ctx.em.query('SELECT p.expiry FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id WHERE v.id = ?', [v.id])) as { expiry: string }[];
      if (owner?.expiry !== 'app') throw new AppError('vouchers.bad_state', `Voucher ${v.username} does not expire by the app`);
      const base = v.expiresAt && v.state === 'active' ? new Date(v.expiresAt) : ctx.now;
      const until = new Date(base.getTime() + voucherSeconds(input.by, 'by') * 1000);
      await ctx.em.query("UPDATE vouchers SET state = 'active', expires_at = ? WHERE id = ?", [until.toISOString(), v.id]);
      if (v.state === 'expired') await enqueueUser(ctx.em, outbox, v.id, 'vouchers.extend');
      ctx.audit(summary('vouchers.extended', { code: v.username, until: until.toISOString() }), { voucherId: v.id });
      return voucherById(ctx.em, v.id);
    },

    async 'vouchers.disable'(input, ctx) {
      const v = await voucherById(ctx.em, input.id);
      if (v.state === 'disabled' || v.state === 'removed') throw new AppError('vouchers.bad_state', `Voucher ${v.username} is ${v.state}`);
      await ctx.em.query("UPDATE vouchers SET state = 'disabled', disabled_at = ? WHERE id = ?", [ctx.now.toISOString(), v.id]);
      if (v.onRouter) await enqueueUser(ctx.em, outbox, v.id, 'vouchers.disable');
      await outbox.enqueue(ctx.em, v.routerId, ops.kickHotspot(v.username), 'vouchers.disable');
      ctx.audit(summary('vouchers.disabled', { code: v.username }), { voucherId: v.id });
      return voucherById(ctx.em, v.id);
    },

    async 'vouchers.enable'(input, ctx) {
      const v = await voucherById(ctx.em, input.id);
      if (v.state !== 'disabled') throw new AppError('vouchers.bad_state', `Voucher ${v.username} is ${v.state}`);
      const state = v.firstLoginAt ? (v.expiresAt && v.expiresAt <= ctx.now.toISOString() ? 'expired' : 'active') : 'unused';
      await ctx.em.query('UPDATE vouchers SET state = ?, disabled_at = NULL WHERE id = ?', [state, v.id]);
      if (state !== 'expired' && v.onRouter) await enqueueUser(ctx.em, outbox, v.id, 'vouchers.enable');
      ctx.audit(summary('vouchers.enabled', { code: v.username }), { voucherId: v.id });
      return voucherById(ctx.em, v.id);
    },
  };
}
