import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { ModuleContext } from '../../core/module';
import type { OutletDto, SalesReport } from '../../../shared/contract/vouchers';
import { addDays, localMidnightUtc } from '../billing/engine/dates';
import { vouchersWhere } from './dto';

type SalesHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.sell' | 'vouchers.outlets' | 'vouchers.saveOutlet' | 'vouchers.handOver' | 'vouchers.outletPayment' | 'vouchers.sales'>;

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

export function salesHandlers(m: ModuleContext): SalesHandlers {
  const one = async (em: EntityManager, id: number) => {
    const [o] = await outletDtos(em, id);
    if (!o) throw new AppError('not_found', `No outlet ${id}`, { field: 'outletId' });
    return o;
  };

  return {
    async 'vouchers.sell'(input, ctx) {
      const [p] = (await ctx.em.query('SELECT id, name, selling_price FROM voucher_profiles WHERE id = ?', [input.profileId])) as { id: number; name: string; selling_price: number }[];
      if (!p) throw new AppError('not_found', `No voucher profile ${input.profileId}`, { field: 'profileId' });
      const ids = ((await ctx.em.query(
        "SELECT id FROM vouchers WHERE profile_id = ? AND state = 'unused' AND on_router = 1 AND sold_at IS NULL AND outlet_id IS NULL ORDER BY serial LIMIT ?",
        [p.id, input.quantity],
      )) as { id: number }[]).map((r) => r.id);
      if (ids.length < input.quantity) throw new AppError('vouchers.out_of_stock', `Only ${ids.length} ${p.name} voucher(s) in stock`, { field: 'quantity', stock: ids.length });
      await ctx.em.query('UPDATE vouchers SET sold_at = ?, sold_by = ?, sold_price = ? WHERE id IN (SELECT value FROM json_each(?))', [ctx.now.toISOString(), ctx.user?.id ?? null, p.selling_price, JSON.stringify(ids)]);
      ctx.audit(summary('vouchers.sold', { count: ids.length, profile: p.name, amount: ids.length * p.selling_price }), { ids });
      return vouchersWhere(ctx.em, 'v.id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
    },

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
      if (input.batchId) (where.push('batch_id = ?'), params.push(input.batchId));
      if (input.ids) (where.push('id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(input.ids)));
      if (!input.batchId && !input.ids) throw new AppError('validation', 'Choose a batch or vouchers', { field: 'batchId' });
      const ids = ((await ctx.em.query(`SELECT id FROM vouchers WHERE ${where.join(' AND ')} ORDER BY serial LIMIT ?`, [...params, input.quantity ?? 10_000])) as { id: number }[]).map((r) => r.id);
      // The outlet's price is fixed when the stock is handed over: a later price change does not rewrite old debts.
      await ctx.em.query(
        `UPDATE vouchers SET outlet_id = ?, handed_at = ?,
           sold_price = COALESCE((SELECT price FROM outlet_prices WHERE outlet_id = ? AND profile_id = vouchers.profile_id), (SELECT price FROM voucher_profiles WHERE id = vouchers.profile_id))
         WHERE id IN (SELECT value FROM json_each(?))`,
        [outlet.id, ctx.now.toISOString(), outlet.id, JSON.stringify(ids)],
      );
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
     * Sales in a date range (office days): counter sales at their sale time and selling price; outlet
     * vouchers when first used, at the outlet's price.
     */
    async 'vouchers.sales'(input, ctx) {
      const tz = m.settings.get('locale').timezone;
      const from = localMidnightUtc(input.from, tz);
      const to = localMidnightUtc(addDays(input.to, 1), tz);
      const offset = Math.round((new Date(`${input.from}T00:00:00Z`).getTime() - new Date(from).getTime()) / 60000);
      const keyExpr = {
        day: `strftime('%Y-%m-%d', s.at, '${offset >= 0 ? '+' : ''}${offset} minutes')`,
        profile: 'p.name',
        outlet: "COALESCE(o.name, '')",
        router: 'r.name',
      }[input.groupBy];
      const rows = (await ctx.em.query(
        `WITH s AS (
           SELECT v.profile_id, v.router_id, NULL AS outlet_id, v.sold_at AS at, v.sold_price AS amount FROM vouchers v WHERE v.outlet_id IS NULL AND v.sold_at >= ? AND v.sold_at < ?
           UNION ALL
           SELECT v.profile_id, v.router_id, v.outlet_id, v.first_login_at, v.sold_price FROM vouchers v
            WHERE v.outlet_id IS NOT NULL AND v.first_login_at >= ? AND v.first_login_at < ?)
         SELECT ${keyExpr} AS k, count(*) AS n, COALESCE(SUM(s.amount), 0) AS amount
           FROM s JOIN voucher_profiles p ON p.id = s.profile_id JOIN routers r ON r.id = s.router_id LEFT JOIN outlets o ON o.id = s.outlet_id
          GROUP BY k ORDER BY k`,
        [from, to, from, to],
      )) as { k: string; n: number; amount: number }[];
      const report: SalesReport = {
        from: input.from,
        to: input.to,
        groupBy: input.groupBy,
        rows: rows.map((r) => ({ key: r.k, label: r.k, count: r.n, amount: r.amount })),
        totalCount: rows.reduce((a, r) => a + r.n, 0),
        totalAmount: rows.reduce((a, r) => a + r.amount, 0),
      };
      return report;
    },
  };
}
