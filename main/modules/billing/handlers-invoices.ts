import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { InvoiceDetail, InvoiceDto, InvoiceLineDto } from '../../../shared/contract';
import type { BillingContext } from './context';
import { enforce } from './enforce';
import { balanceOf, post, resettle } from './ledger';
import type { Lifecycle } from './lifecycle';
import { parseJson } from '../../core/json';

const SELECT = `SELECT i.*, c.name AS customer_name, c.number AS customer_number, c.area, s.username
  FROM invoices i JOIN customers c ON c.id = i.customer_id LEFT JOIN subscriptions s ON s.id = i.subscription_id`;

type Raw = Record<string, unknown>;

export function toInvoiceDto(r: Raw, today: string): InvoiceDto {
  const status = r.status as InvoiceDto['status'];
  const remaining = status === 'void' ? 0 : Math.max(0, (r.total as number) - (r.paid as number));
  return {
    id: r.id as number,
    number: r.number as string,
    customerId: r.customer_id as number,
    customerName: r.customer_name as string,
    customerNumber: r.customer_number as string,
    area: (r.area as string) ?? '',
    subscriptionId: (r.subscription_id as number | null) ?? null,
    username: (r.username as string | null) ?? null,
    kind: r.kind as InvoiceDto['kind'],
    periodStart: (r.period_start as string | null) ?? null,
    periodEnd: (r.period_end as string | null) ?? null,
    issueDate: r.issue_date as string,
    dueDate: r.due_date as string,
    subtotal: r.subtotal as number,
    tax: r.tax as number,
    total: r.total as number,
    previousBalance: r.previous_balance as number,
    paid: r.paid as number,
    remaining,
    status,
    overdue: remaining > 0 && (r.due_date as string) < today,
    voidReason: (r.void_reason as string | null) ?? null,
    voidedAt: (r.voided_at as string | null) ?? null,
    createdAt: r.created_at as string,
  };
}

export function invoiceHandlers(b: BillingContext, life: Lifecycle): DomainHandlers<'invoices'> {
  return {
    async 'invoices.list'(input, ctx) {
      const today = b.today(ctx.now);
      const where: string[] = ['1=1'];
      const params: unknown[] = [];
      const add = (sql: string, ...p: unknown[]) => (where.push(sql), params.push(...p));
      if (input.customerId) add('i.customer_id = ?', input.customerId);
      if (input.period) add('i.issue_date LIKE ?', `${input.period}-%`);
      if (input.area) add('c.area = ?', input.area);
      if (input.collectorId) add('c.collector_id = ?', input.collectorId);
      if (input.q) add('(i.number LIKE ? OR c.search LIKE ?)', `%${input.q}%`, `%${input.q.toLowerCase()}%`);
      if (input.status === 'unpaid') add("i.status IN ('open','partial')");
      else if (input.status === 'overdue') add("i.status IN ('open','partial') AND i.due_date < ?", today);
      else if (input.status) add('i.status = ?', input.status);
      const cond = where.join(' AND ');
      const [agg] = (await ctx.em.query(
        `SELECT count(*) AS n, COALESCE(SUM(CASE WHEN i.status <> 'void' THEN i.total ELSE 0 END), 0) AS total,
                COALESCE(SUM(CASE WHEN i.status IN ('open','partial') THEN i.total - i.paid ELSE 0 END), 0) AS remaining
           FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE ${cond}`,
        params,
      )) as { n: number; total: number; remaining: number }[];
      const rows = (await ctx.em.query(`${SELECT} WHERE ${cond} ORDER BY i.issue_date DESC, i.id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize])) as Raw[];
      return { items: rows.map((r) => toInvoiceDto(r, today)), total: agg?.n ?? 0, page: input.page, pageSize: input.pageSize, sumTotal: agg?.total ?? 0, sumRemaining: agg?.remaining ?? 0 };
    },

    async 'invoices.get'(input, ctx) {
      const [r] = (await ctx.em.query(`${SELECT} WHERE i.id = ?`, [input.id])) as Raw[];
      if (!r) throw new AppError('not_found', `No invoice ${input.id}`);
      const lines = (await ctx.em.query('SELECT kind, description, params, amount, counted FROM invoice_lines WHERE invoice_id = ? ORDER BY position', [input.id])) as Raw[];
      const [cust] = (await ctx.em.query('SELECT address, phone FROM customers WHERE id = ?', [r.customer_id])) as { address: string; phone: string | null }[];
      const payments = (await ctx.em.query(
        `SELECT DISTINCT p.id, p.number, p.amount, p.received_at, p.reversed_at FROM payments p, json_each(p.applied) a
          WHERE json_extract(a.value, '$.invoiceId') = ? ORDER BY p.id`,
        [input.id],
      )) as { id: number; number: string; amount: number; received_at: string; reversed_at: string | null }[];
      const detail: InvoiceDetail = {
        ...toInvoiceDto(r, b.today(ctx.now)),
        lines: lines.map(
          (l): InvoiceLineDto => ({
            kind: l.kind as string,
            description: l.description as string,
            params: parseJson<Record<string, string | number>>(l.params as string) ?? {},
            amount: l.amount as number,
            counted: Boolean(l.counted),
          }),
        ),
        customerBalance: await balanceOf(ctx.em, r.customer_id as number),
        customerAddress: cust?.address ?? '',
        customerPhone: cust?.phone ?? null,
        payments: payments.map((p) => ({ id: p.id, number: p.number, amount: p.amount, receivedAt: p.received_at, reversed: p.reversed_at !== null })),
      };
      return detail;
    },

    async 'invoices.void'(input, ctx) {
      const [r] = (await ctx.em.query(`${SELECT} WHERE i.id = ?`, [input.id])) as Raw[];
      if (!r) throw new AppError('not_found', `No invoice ${input.id}`);
      if (r.status === 'void') throw new AppError('billing.already_void', `${r.number as string} is void already`);
      const at = ctx.now.toISOString();
      await ctx.em.query("UPDATE invoices SET status = 'void', paid = 0, void_reason = ?, voided_at = ? WHERE id = ?", [input.reason, at, input.id]);
      // Voiding the invoice of the running period: nothing of it was charged, so nothing can be credited back.
      if (r.subscription_id && r.period_end) {
        await ctx.em.query('UPDATE subscriptions SET period_price = 0, period_discount = 0 WHERE id = ? AND billed_until = ?', [r.subscription_id, r.period_end]);
      }
      await post(ctx.em, { customerId: r.customer_id as number, kind: 'void', amount: -(r.total as number), invoiceId: input.id, memo: input.reason, createdBy: ctx.user?.id ?? null, at });
      await resettle(ctx.em, r.customer_id as number);
      await enforce(ctx.em, b, life, b.today(ctx.now), at, r.customer_id as number);
      ctx.audit(summary('invoices.voided', { number: r.number as string, reason: input.reason }), { invoiceId: input.id, customerId: r.customer_id, total: r.total });
      const [after] = (await ctx.em.query(`${SELECT} WHERE i.id = ?`, [input.id])) as Raw[];
      return toInvoiceDto(after!, b.today(ctx.now));
    },
  };
}
