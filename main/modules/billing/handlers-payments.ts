import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { nextNumber, pad } from '../../core/counters';
import type { PaymentDto } from '../../../shared/contract';
import type { BillingContext } from './context';
import { recordPayment } from './record';
import { balanceOf, paymentAllocations, post, resettle } from './ledger';
import type { Lifecycle } from './lifecycle';
import { addDays, localMidnightUtc } from '../../../shared/dates';
import { LIKE_ESCAPE, likeContains } from '../../core/sql';
import { userNames } from '../auth';
import { customerById, customerLabels, customerSql } from '../customers';

const SELECT = 'SELECT p.* FROM payments p';

type Raw = Record<string, unknown>;

/** SELECT rows with customer labels and staff names from their owners (one customers and one users query for all rows). */
async function paymentRows(em: EntityManager, sqlTail: string, params: unknown[]): Promise<Raw[]> {
  const rows = (await em.query(`${SELECT} ${sqlTail}`, params)) as Raw[];
  const customers = await customerLabels(em, rows.map((r) => r.customer_id as number));
  const staff = await userNames(em, rows.flatMap((r) => [(r.received_by as number | null) ?? null, (r.reversed_by as number | null) ?? null]));
  const name = (id: unknown): string | null => (typeof id === 'number' ? (staff.get(id) ?? null) : null);
  return rows.map((r) => {
    const c = customers.get(r.customer_id as number);
    return { ...r, customer_name: c?.name ?? '', customer_number: c?.number ?? '', received_by_name: name(r.received_by), reversed_by_name: name(r.reversed_by) };
  });
}

type Applied = PaymentDto['applied'];

/** `applied` is what the payment pays now, from the fresh settlement (allocations), not a stored copy. */
function toPaymentDto(r: Raw, applied: Applied): PaymentDto {
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
    applied,
    balanceAfter: r.balance_after as number,
    reversedAt: (r.reversed_at as string | null) ?? null,
    reversedBy: (r.reversed_by_name as string | null) ?? null,
    reverseReason: (r.reverse_reason as string | null) ?? null,
    kind: (r.kind as PaymentDto['kind']) ?? 'payment',
  };
}

/** A payment (receipt) with what it pays now: the staff screen, the portal and the PDF receipt. */
export async function paymentById(em: EntityManager, id: number): Promise<PaymentDto> {
  const [r] = await paymentRows(em, 'WHERE p.id = ?', [id]);
  if (!r) throw new AppError('not_found', `No payment ${id}`);
  return toPaymentDto(r, (await paymentAllocations(em, [id])).get(id) ?? []);
}

export function paymentHandlers(b: BillingContext, life: Lifecycle): DomainHandlers<'payments'> {
  const get = paymentById;

  return {
    async 'payments.create'(input, ctx) {
      const r = await recordPayment(ctx.em, b, life, { ...input, idempotencyKey: input.idempotencyKey ?? null, receivedBy: ctx.user?.id ?? null, now: ctx.now });
      // A replay of a form already saved records nothing new (and audits nothing).
      if (!r.replayed) ctx.audit(summary('payments.received', { amount: input.amount, customer: r.customerName, number: r.number }), { paymentId: r.id, customerId: r.customerId, method: input.method });
      return get(ctx.em, r.id);
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
      if (input.q) add(`(p.number LIKE ? ${LIKE_ESCAPE} OR p.reference LIKE ? ${LIKE_ESCAPE} OR ${customerSql.searchLike('p.customer_id')})`, likeContains(input.q), likeContains(input.q), likeContains(input.q.toLowerCase()));
      const cond = where.join(' AND ');
      const [agg] = (await ctx.em.query(
        `SELECT count(*) AS n, COALESCE(SUM(CASE WHEN p.reversed_at IS NOT NULL THEN 0 WHEN p.kind = 'refund' THEN -p.amount ELSE p.amount END), 0) AS sum FROM payments p WHERE ${cond}`,
        params,
      )) as { n: number; sum: number }[];
      const rows = await paymentRows(ctx.em, `WHERE ${cond} ORDER BY p.id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize]);
      const applied = await paymentAllocations(ctx.em, rows.map((r) => r.id as number));
      return { items: rows.map((r) => toPaymentDto(r, applied.get(r.id as number) ?? [])), total: agg?.n ?? 0, page: input.page, pageSize: input.pageSize, sum: agg?.sum ?? 0 };
    },

    async 'payments.get'(input, ctx) {
      return get(ctx.em, input.id);
    },

    async 'payments.refund'(input, ctx) {
      const c = await customerById(ctx.em, input.customerId);
      if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      if (input.idempotencyKey) {
        const [prev] = (await ctx.em.query("SELECT id, customer_id, amount FROM payments WHERE idempotency_key = ? AND kind = 'refund'", [input.idempotencyKey])) as { id: number; customer_id: number; amount: number }[];
        if (prev && prev.customer_id === c.id && prev.amount === input.amount) return get(ctx.em, prev.id);
        if (prev) throw new AppError('conflict', 'This key was used for another refund', { field: 'idempotencyKey' });
      }
      const credit = Math.max(0, -(await balanceOf(ctx.em, c.id)));
      const [live] = (await ctx.em.query("SELECT count(*) AS n FROM subscriptions WHERE customer_id = ? AND status IN ('pending','active','isolated','paused')", [c.id])) as { n: number }[];
      if ((live?.n ?? 0) > 0 || input.amount > credit) {
        throw new AppError('billing.refund_not_allowed', `Only a customer without a running subscription gets credit back, up to ${credit}`, { field: 'amount', credit });
      }
      const at = ctx.now.toISOString();
      const [y, m] = b.today(ctx.now).split('-');
      const number = `RF/${y}/${m}/${pad(await nextNumber(ctx.em, `refund:${y}-${m}`), 5)}`;
      const [ins] = (await ctx.em.query(
        `INSERT INTO payments (number, customer_id, amount, method, reference, note, received_by, received_at, applied, balance_after, idempotency_key, kind)
         VALUES (?,?,?,?,?,?,?,?,'[]',?,?,'refund') RETURNING id`,
        [number, c.id, input.amount, input.method, input.reference, input.note, ctx.user?.id ?? null, at, -credit + input.amount, input.idempotencyKey ?? null],
      )) as { id: number }[];
      // A debit on the ledger that names the refund: it takes the money from the customer's credit.
      await post(ctx.em, { customerId: c.id, kind: 'adjustment', amount: input.amount, paymentId: ins!.id, memo: number, createdBy: ctx.user?.id ?? null, at });
      await resettle(ctx.em, c.id, b.m.domainEvents, ctx.now);
      ctx.audit(summary('payments.refunded', { amount: input.amount, customer: c.name, number }), { paymentId: ins!.id, customerId: c.id, method: input.method });
      return get(ctx.em, ins!.id);
    },

    async 'payments.reverse'(input, ctx) {
      const p = await get(ctx.em, input.id);
      if (p.reversedAt) throw new AppError('billing.already_reversed', `${p.number} is reversed already`);
      if (p.kind === 'refund') throw new AppError('billing.bad_state', `${p.number} is a refund: money that left cannot be reversed`, { status: 'refund' });
      const at = ctx.now.toISOString();
      await ctx.em.query('UPDATE payments SET reversed_at = ?, reversed_by = ?, reverse_reason = ? WHERE id = ?', [at, ctx.user?.id ?? null, input.reason, p.id]);
      await post(ctx.em, { customerId: p.customerId, kind: 'reversal', amount: p.amount, paymentId: p.id, memo: input.reason, createdBy: ctx.user?.id ?? null, at });
      await b.m.domainEvents.publish(ctx.em, 'payment.reversed', { paymentId: p.id, customerId: p.customerId, amount: p.amount, number: p.number, reason: input.reason }, ctx.now);
      await resettle(ctx.em, p.customerId, b.m.domainEvents, ctx.now);
      ctx.audit(summary('payments.reversed', { number: p.number, amount: p.amount, reason: input.reason }), { paymentId: p.id, customerId: p.customerId });
      return get(ctx.em, p.id);
    },
  };
}
