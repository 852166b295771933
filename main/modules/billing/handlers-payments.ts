import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { nextNumber, pad } from '../../core/counters';
import { parseJson } from '../../core/json';
import type { PaymentDto } from '../../../shared/contract';
import type { BillingContext } from './context';
import { enforce } from './enforce';
import { balanceOf, post, resettle } from './ledger';
import type { Lifecycle } from './lifecycle';
import { addDays, localMidnightUtc } from './engine/dates';

const SELECT = `SELECT p.*, c.name AS customer_name, c.number AS customer_number, u.full_name AS received_by_name, v.full_name AS reversed_by_name
  FROM payments p JOIN customers c ON c.id = p.customer_id LEFT JOIN users u ON u.id = p.received_by LEFT JOIN users v ON v.id = p.reversed_by`;

type Raw = Record<string, unknown>;

function toPaymentDto(r: Raw): PaymentDto {
  return {
    id: r.id as number,
    number: r.number as string,
    customerId: r.customer_id as number,
    customerName: r.customer_name as string,
    customerNumber: r.customer_number as string,
    amount: r.amount as number,
    method: r.method as PaymentDto['method'],
    reference: r.reference as string,
    note: r.note as string,
    receivedBy: (r.received_by_name as string | null) ?? null,
    receivedAt: r.received_at as string,
    applied: parseJson<PaymentDto['applied']>(r.applied as string) ?? [],
    balanceAfter: r.balance_after as number,
    reversedAt: (r.reversed_at as string | null) ?? null,
    reversedBy: (r.reversed_by_name as string | null) ?? null,
    reverseReason: (r.reverse_reason as string | null) ?? null,
  };
}

export function paymentHandlers(b: BillingContext, life: Lifecycle): DomainHandlers<'payments'> {
  const get = async (em: EntityManager, id: number): Promise<PaymentDto> => {
    const [r] = (await em.query(`${SELECT} WHERE p.id = ?`, [id])) as Raw[];
    if (!r) throw new AppError('not_found', `No payment ${id}`);
    return toPaymentDto(r);
  };

  return {
    async 'payments.create'(input, ctx) {
      const [c] = (await ctx.em.query('SELECT id, name FROM customers WHERE id = ?', [input.customerId])) as { id: number; name: string }[];
      if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      const at = ctx.now.toISOString();
      const [y, m] = b.today(ctx.now).split('-');
      const number = `${b.settings().receiptPrefix}/${y}/${m}/${pad(await nextNumber(ctx.em, `receipt:${y}-${m}`), 5)}`;
      const [ins] = (await ctx.em.query(
        `INSERT INTO payments (number, customer_id, amount, method, reference, note, received_by, received_at, applied, balance_after)
         VALUES (?,?,?,?,?,?,?,?,'[]',0) RETURNING id`,
        [number, c.id, input.amount, input.method, input.reference, input.note, ctx.user?.id ?? null, at],
      )) as { id: number }[];
      const id = ins!.id;
      await post(ctx.em, { customerId: c.id, kind: 'payment', amount: -input.amount, paymentId: id, memo: number, createdBy: ctx.user?.id ?? null, at });
      const changes = await resettle(ctx.em, c.id);
      const applied = changes.filter((ch) => ch.delta > 0).map((ch) => ({ invoiceId: ch.invoiceId, number: ch.number, amount: ch.delta }));
      await ctx.em.query('UPDATE payments SET applied = ?, balance_after = ? WHERE id = ?', [JSON.stringify(applied), await balanceOf(ctx.em, c.id), id]);
      // Paid enough: restored now, not at the next hourly check.
      await enforce(ctx.em, b, life, b.today(ctx.now), at, c.id);
      ctx.audit(summary('payments.received', { amount: input.amount, customer: c.name, number }), { paymentId: id, customerId: c.id, method: input.method });
      return get(ctx.em, id);
    },

    async 'payments.list'(input, ctx) {
      const tz = b.m.settings.get('locale').timezone;
      const where: string[] = ['1=1'];
      const params: unknown[] = [];
      const add = (sql: string, ...p: unknown[]) => (where.push(sql), params.push(...p));
      if (input.customerId) add('p.customer_id = ?', input.customerId);
      if (input.receivedBy) add('p.received_by = ?', input.receivedBy);
      if (input.from) add('p.received_at >= ?', localMidnightUtc(input.from, tz));
      if (input.to) add('p.received_at < ?', localMidnightUtc(addDays(input.to, 1), tz));
      if (input.q) add('(p.number LIKE ? OR p.reference LIKE ? OR c.search LIKE ?)', `%${input.q}%`, `%${input.q}%`, `%${input.q.toLowerCase()}%`);
      const cond = where.join(' AND ');
      const [agg] = (await ctx.em.query(
        `SELECT count(*) AS n, COALESCE(SUM(CASE WHEN p.reversed_at IS NULL THEN p.amount ELSE 0 END), 0) AS sum FROM payments p JOIN customers c ON c.id = p.customer_id WHERE ${cond}`,
        params,
      )) as { n: number; sum: number }[];
      const rows = (await ctx.em.query(`${SELECT} WHERE ${cond} ORDER BY p.id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize])) as Raw[];
      return { items: rows.map(toPaymentDto), total: agg?.n ?? 0, page: input.page, pageSize: input.pageSize, sum: agg?.sum ?? 0 };
    },

    async 'payments.get'(input, ctx) {
      return get(ctx.em, input.id);
    },

    async 'payments.reverse'(input, ctx) {
      const p = await get(ctx.em, input.id);
      if (p.reversedAt) throw new AppError('billing.already_reversed', `${p.number} is reversed already`);
      const at = ctx.now.toISOString();
      await ctx.em.query('UPDATE payments SET reversed_at = ?, reversed_by = ?, reverse_reason = ? WHERE id = ?', [at, ctx.user?.id ?? null, input.reason, p.id]);
      await post(ctx.em, { customerId: p.customerId, kind: 'reversal', amount: p.amount, paymentId: p.id, memo: input.reason, createdBy: ctx.user?.id ?? null, at });
      await resettle(ctx.em, p.customerId);
      ctx.audit(summary('payments.reversed', { number: p.number, amount: p.amount, reason: input.reason }), { paymentId: p.id, customerId: p.customerId });
      return get(ctx.em, p.id);
    },
  };
}
