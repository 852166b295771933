import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { ModuleContext } from '../../core/module';
import { staged } from '../../core/dispatcher';
import type { ParsedInput } from '../../../shared/contract';
import { userNames } from '../auth';
import type { Outbox, RouterService } from '../routers';
import { detectLogins } from './watch';
import type { OutletDto, OutletStatement, OutletStatementLine } from '../../../shared/contract/vouchers';
import type { OutletStockMoveKind } from '../../../shared/contract/vouchers';

type OutletHandlers = Pick<
  DomainHandlers<'vouchers'>,
  'vouchers.outlets' | 'vouchers.saveOutlet' | 'vouchers.handOver' | 'vouchers.takeBack' | 'vouchers.outletPayment' | 'vouchers.outletStatement'
>;

/** Lines an outlet's statement shows; the balance still counts the older ones. */
const STATEMENT_LINES = 500;

/** An outlet's money: used vouchers × its price (or the profile's price when it has none), minus what it paid. */
async function outletDtos(em: EntityManager, id?: number): Promise<OutletDto[]> {
  const rows = (await em.query(
    `SELECT o.*,
       (SELECT count(*) FROM vouchers v WHERE v.outlet_id = o.id AND v.state = 'unused') AS stock,
       (SELECT COALESCE(SUM(v.sold_price), 0) FROM vouchers v WHERE v.outlet_id = o.id AND v.first_login_at IS NOT NULL) AS sold_value,
       (SELECT COALESCE(SUM(amount), 0) FROM outlet_payments WHERE outlet_id = o.id) AS paid
     FROM outlets o ${id ? 'WHERE o.id = ?' : ''} ORDER BY o.name`,
    id ? [id] : [],
  )) as Record<string, unknown>[];
  const prices = (await em.query('SELECT outlet_id, profile_id, price FROM outlet_prices')) as { outlet_id: number; profile_id: number; price: number }[];
  return rows.map((r) => ({
    id: r.id as number,
    name: r.name as string,
    phone: (r.phone as string | null) ?? null,
    address: r.address as string,
    notes: r.notes as string,
    active: Boolean(r.active),
    prices: prices.filter((p) => p.outlet_id === r.id).map((p) => ({ profileId: p.profile_id, price: p.price })),
    stock: r.stock as number,
    soldValue: r.sold_value as number,
    paid: r.paid as number,
    owes: (r.sold_value as number) - (r.paid as number),
  }));
}

/** Records stock moving to or from an outlet, one row per profile. */
async function recordMoves(em: EntityManager, outletId: number, kind: OutletStockMoveKind, ids: number[], at: string, by: number | null): Promise<void> {
  await em.query(
    `INSERT INTO outlet_stock_moves (outlet_id, profile_id, kind, count, at, by_user)
       SELECT ?, profile_id, ?, count(*), ?, ? FROM vouchers WHERE id IN (SELECT value FROM json_each(?)) GROUP BY profile_id`,
    [outletId, kind, at, by, JSON.stringify(ids)],
  );
}

/**
 * The outlet's book, oldest first with the running balance: stock in and out, payments, and used vouchers —
 * consecutive logins of one profile on one office day make one line, so every balance shown really was one.
 */
async function statementLines(em: EntityManager, outletId: number, timeZone: string): Promise<OutletStatementLine[]> {
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  type Event = Omit<OutletStatementLine, 'balance' | 'day'> & { profileId: number | null };
  const events: Event[] = [];
  const moves = (await em.query(
    `SELECT m.kind, m.count, m.at, m.profile_id, p.name AS profile, m.by_user FROM outlet_stock_moves m
       JOIN voucher_profiles p ON p.id = m.profile_id WHERE m.outlet_id = ?`,
    [outletId],
  )) as { kind: OutletStockMoveKind; count: number; at: string; profile_id: number; profile: string; by_user: number | null }[];
  const used = (await em.query(
    `SELECT v.first_login_at AS at, v.sold_price AS price, v.profile_id, p.name AS profile FROM vouchers v JOIN voucher_profiles p ON p.id = v.profile_id
      WHERE v.outlet_id = ? AND v.first_login_at IS NOT NULL`,
    [outletId],
  )) as { at: string; price: number | null; profile_id: number; profile: string }[];
  const payments = (await em.query(
    'SELECT o.amount, o.note, o.received_at AS at, o.received_by FROM outlet_payments o WHERE o.outlet_id = ?',
    [outletId],
  )) as { amount: number; note: string; at: string; received_by: number | null }[];
  // Staff names are the auth module's: one lookup for the whole statement.
  const staff = await userNames(em, [...moves.map((r) => r.by_user), ...payments.map((r) => r.received_by)]);
  const by = (id: number | null): string | null => (id === null ? null : (staff.get(id) ?? null));
  for (const r of moves) events.push({ at: r.at, kind: r.kind, profileId: r.profile_id, profile: r.profile, count: r.count, debit: 0, credit: 0, note: '', by: by(r.by_user) });
  for (const r of used) events.push({ at: r.at, kind: 'used', profileId: r.profile_id, profile: r.profile, count: 1, debit: r.price ?? 0, credit: 0, note: '', by: null });
  for (const r of payments) events.push({ at: r.at, kind: 'payment', profileId: null, profile: null, count: 0, debit: 0, credit: r.amount, note: r.note, by: by(r.received_by) });
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const lines: OutletStatementLine[] = [];
  let balance = 0;
  let lastProfile: number | null = null;
  for (const { profileId, ...e } of events) {
    const day = dayOf.format(new Date(e.at));
    balance += e.debit - e.credit;
    const last = lines[lines.length - 1];
    if (e.kind === 'used' && last?.kind === 'used' && last.day === day && lastProfile === profileId) {
      last.count += 1;
      last.debit += e.debit;
      last.at = e.at;
      last.balance = balance;
      continue;
    }
    lastProfile = profileId;
    lines.push({ ...e, day, balance });
  }
  return lines;
}

export function outletHandlers(m: ModuleContext, routers: RouterService, outbox: Outbox): OutletHandlers {
  const one = async (em: EntityManager, id: number) => {
    const [o] = await outletDtos(em, id);
    if (!o) throw new AppError('not_found', `No outlet ${id}`, { field: 'outletId' });
    return o;
  };

  return {
    async 'vouchers.outlets'(_input, ctx) {
      return outletDtos(ctx.em);
    },

    async 'vouchers.saveOutlet'(input, ctx) {
      const at = ctx.now.toISOString();
      const [clash] = (await ctx.em.query('SELECT id FROM outlets WHERE name = ? AND id <> ?', [input.name, input.id ?? 0])) as { id: number }[];
      if (clash) throw new AppError('conflict', `An outlet named ${input.name} exists`, { field: 'name' });
      let id = input.id;
      if (id) {
        await one(ctx.em, id);
        await ctx.em.query('UPDATE outlets SET name = ?, phone = ?, address = ?, notes = ?, active = ?, updated_at = ? WHERE id = ?', [input.name, input.phone, input.address, input.notes, input.active ? 1 : 0, at, id]);
        await ctx.em.query('DELETE FROM outlet_prices WHERE outlet_id = ?', [id]);
      } else {
        const [r] = (await ctx.em.query('INSERT INTO outlets (name, phone, address, notes, active, created_at, updated_at) VALUES (?,?,?,?,?,?,?) RETURNING id', [input.name, input.phone, input.address, input.notes, input.active ? 1 : 0, at, at])) as { id: number }[];
        id = r!.id;
      }
      for (const p of input.prices) await ctx.em.query('INSERT INTO outlet_prices (outlet_id, profile_id, price) VALUES (?,?,?)', [id, p.profileId, p.price]);
      ctx.audit(summary('vouchers.outletSaved', { name: input.name }), { outletId: id });
      return one(ctx.em, id);
    },

    async 'vouchers.handOver'(input, ctx) {
      const outlet = await one(ctx.em, input.outletId);
      const where = ["state = 'unused'", 'on_router = 1', 'sold_at IS NULL', 'outlet_id IS NULL'];
      const params: unknown[] = [];
      if (input.batchId) {
        where.push('batch_id = ?');
        params.push(input.batchId);
      }
      if (input.ids) {
        where.push('id IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(input.ids));
      }
      if (!input.batchId && !input.ids) throw new AppError('validation', 'Choose a batch or vouchers', { field: 'batchId' });
      const ids = ((await ctx.em.query(`SELECT id FROM vouchers WHERE ${where.join(' AND ')} ORDER BY serial LIMIT ?`, [...params, input.quantity ?? 10_000])) as { id: number }[]).map((r) => r.id);
      // The outlet's price is fixed when the stock is handed over: a later price change does not rewrite old debts.
      await ctx.em.query(
        `UPDATE vouchers SET outlet_id = ?, handed_at = ?,
           sold_price = COALESCE((SELECT price FROM outlet_prices WHERE outlet_id = ? AND profile_id = vouchers.profile_id), (SELECT price FROM voucher_profiles WHERE id = vouchers.profile_id))
         WHERE id IN (SELECT value FROM json_each(?))`,
        [outlet.id, ctx.now.toISOString(), outlet.id, JSON.stringify(ids)],
      );
      await recordMoves(ctx.em, outlet.id, 'handover', ids, ctx.now.toISOString(), ctx.user?.id ?? null);
      ctx.audit(summary('vouchers.handedOver', { count: ids.length, outlet: outlet.name }), { outletId: outlet.id, ids: ids.length });
      return { handed: ids.length };
    },

    async 'vouchers.outletPayment'(input, ctx) {
      const outlet = await one(ctx.em, input.outletId);
      await ctx.em.query('INSERT INTO outlet_payments (outlet_id, amount, note, received_by, received_at) VALUES (?,?,?,?,?)', [outlet.id, input.amount, input.note, ctx.user?.id ?? null, ctx.now.toISOString()]);
      ctx.audit(summary('vouchers.outletPaid', { outlet: outlet.name, amount: input.amount }), { outletId: outlet.id });
      return one(ctx.em, outlet.id);
    },

    /**
     * A voucher the outlet sold may have been used since the last check: the routers are asked first (their
     * logins charged to the outlet), and only vouchers still unused come back. No answer from a router, no
     * take-back: the outlet would escape a debt.
     */
    /**
     * Staged: the routers are read first (first logins seen are recorded in their own transactions, as the
     * hourly watch does), then the vouchers come back in the call's transaction, audited by the dispatcher.
     */
    'vouchers.takeBack': staged(
      async (input: ParsedInput<'vouchers.takeBack'>, ctx) => {
        const outlet = await one(ctx.em, input.outletId);
        const held = (await ctx.em.query("SELECT id, router_id FROM vouchers WHERE outlet_id = ? AND state = 'unused'", [outlet.id])) as { id: number; router_id: number }[];
        if (held.length === 0) throw new AppError('vouchers.nothing_to_return', `Outlet ${outlet.name} has no unused vouchers to give back`, { field: 'outletId' });
        const seen = await detectLogins(m.db, routers, outbox, m.domainEvents, ctx.now, [...new Set(held.map((r) => r.router_id))]);
        if (seen.unreachable > 0) throw new AppError('vouchers.router_unreachable', `A router holding ${outlet.name}'s vouchers did not answer`, { field: 'outletId' });
        return held.map((r) => r.id);
      },
      async (input, heldIds, ctx) => {
        const outlet = await one(ctx.em, input.outletId);
        const where = ['outlet_id = ?', "state = 'unused'", 'first_login_at IS NULL'];
        const params: unknown[] = [outlet.id];
        if (input.ids) {
          where.push('id IN (SELECT value FROM json_each(?))');
          params.push(JSON.stringify(input.ids));
        }
        const ids = ((await ctx.em.query(`SELECT id FROM vouchers WHERE ${where.join(' AND ')}`, params)) as { id: number }[]).map((r) => r.id);
        if (ids.length === 0) throw new AppError('vouchers.nothing_to_return', `Outlet ${outlet.name} has no unused vouchers to give back`, { field: 'outletId' });
        const at = ctx.now.toISOString();
        await recordMoves(ctx.em, outlet.id, 'takeback', ids, at, ctx.user?.id ?? null);
        await ctx.em.query('UPDATE vouchers SET outlet_id = NULL, handed_at = NULL, sold_price = NULL WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
        const [used] = (await ctx.em.query("SELECT count(*) AS n FROM vouchers WHERE id IN (SELECT value FROM json_each(?)) AND state <> 'unused'", [JSON.stringify(heldIds)])) as { n: number }[];
        ctx.audit(summary('vouchers.takenBack', { count: ids.length, outlet: outlet.name }), { outletId: outlet.id, ids: ids.length });
        return { returned: ids.length, used: used?.n ?? 0 };
      },
    ),

    async 'vouchers.outletStatement'(input, ctx) {
      const outlet = await one(ctx.em, input.outletId);
      const all = await statementLines(ctx.em, outlet.id, m.settings.get('locale').timezone);
      const statement: OutletStatement = { outlet, lines: all.slice(-STATEMENT_LINES).reverse(), truncated: all.length > STATEMENT_LINES };
      return statement;
    },
  };
}
