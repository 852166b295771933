import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { ModuleContext } from '../../core/module';
import type { SalesReport } from '../../../shared/contract/vouchers';
import { addDays, localMidnightUtc } from '../../../shared/dates';
import { routerNames } from '../routers';
import { vouchersWhere } from './dto';

type Group = { k: string; n: number; amount: number };

/** Sales grouped by router id → by router name, in name order (as SQLite's ORDER BY on the name would). */
async function byRouterName(em: EntityManager, grouped: { k: string | number; n: number; amount: number }[]): Promise<Group[]> {
  const names = await routerNames(em, grouped.map((g) => Number(g.k)));
  const byName = new Map<string, Group>();
  for (const g of grouped) {
    const k = names.get(Number(g.k)) ?? '';
    const into = byName.get(k) ?? { k, n: 0, amount: 0 };
    into.n += g.n;
    into.amount += g.amount;
    byName.set(k, into);
  }
  return [...byName.values()].sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
}

type SalesHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.sell' | 'vouchers.sales'>;

export function salesHandlers(m: ModuleContext): SalesHandlers {
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
      await m.domainEvents.publish(ctx.em, 'voucher.sold', { voucherIds: ids, profileId: p.id, amount: ids.length * p.selling_price, channel: 'counter' }, ctx.now);
      ctx.audit(summary('vouchers.sold', { count: ids.length, profile: p.name, amount: ids.length * p.selling_price }), { ids });
      return vouchersWhere(ctx.em, 'v.id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids)]);
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
        // Router names are the routers module's: grouped by id here, named (and ordered by name) below.
        router: 's.router_id',
      }[input.groupBy];
      const grouped = (await ctx.em.query(
        `WITH s AS (
           SELECT v.profile_id, v.router_id, NULL AS outlet_id, v.sold_at AS at, v.sold_price AS amount FROM vouchers v WHERE v.outlet_id IS NULL AND v.sold_at >= ? AND v.sold_at < ?
           UNION ALL
           SELECT v.profile_id, v.router_id, v.outlet_id, v.first_login_at, v.sold_price FROM vouchers v
            WHERE v.outlet_id IS NOT NULL AND v.first_login_at >= ? AND v.first_login_at < ?)
         SELECT ${keyExpr} AS k, count(*) AS n, COALESCE(SUM(s.amount), 0) AS amount
           FROM s JOIN voucher_profiles p ON p.id = s.profile_id LEFT JOIN outlets o ON o.id = s.outlet_id
          GROUP BY k ORDER BY k`,
        [from, to, from, to],
      )) as { k: string | number; n: number; amount: number }[];
      const rows = input.groupBy === 'router' ? await byRouterName(ctx.em, grouped) : (grouped as { k: string; n: number; amount: number }[]);
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
