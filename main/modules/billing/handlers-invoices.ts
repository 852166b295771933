import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { InvoiceDetail, InvoiceDto, InvoiceLineDto } from '../../../shared/contract';
import type { BillingContext } from './context';
import { enforce } from './enforce';
import { balanceOf, post, resettle } from './ledger';
import { addDays } from '../../../shared/dates';
import { oneOffInvoice } from './charges';
import type { Lifecycle } from './lifecycle';
import { parseJson } from '../../core/json';
import { LIKE_ESCAPE, likeContains, likePrefix } from '../../core/sql';
import { customerContact, customerLabels, customerById, customerSql } from '../customers';
import type { EntityManager } from 'typeorm';

/** Invoices with their subscription's username; customer labels come from the customers module (invoiceRows). */
const SELECT = `SELECT i.*, s.username FROM invoices i LEFT JOIN subscriptions s ON s.id = i.subscription_id`;

type Raw = Record<string, unknown>;

/** SELECT rows with their customer's name, number and area (one customers query for all rows). */
async function invoiceRows(em: EntityManager, sqlTail: string, params: unknown[]): Promise<Raw[]> {
  const rows = (await em.query(`${SELECT} ${sqlTail}`, params)) as Raw[];
  const customers = await customerLabels(em, rows.map((r) => r.customer_id as number));
  return rows.map((r) => {
    const c = customers.get(r.customer_id as number);
    return { ...r, customer_name: c?.name ?? '', customer_number: c?.number ?? '', area: c?.area ?? '' };
  });
}

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
    rounding: (r.total as number) - (r.subtotal as number) - (r.tax as number),
    total: r.total as number,
    previousBalance: r.previous_balance as number,
    paid: r.paid as number,
    remaining,
    status,
    overdue: remaining > 0 && (r.due_date as string) < today,
    voidReason: (r.void_reason as string | null) ?? null,
    voidedAt: (r.voided_at as string | null) ?? null,
    createdAt: r.created_at as string,
    chargeType: (r.charge_type as string | null) ?? null,
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
      if (input.period) add(`i.issue_date LIKE ? ${LIKE_ESCAPE}`, likePrefix(`${input.period}-`));
      if (input.area) add(customerSql.inArea('i.customer_id'), input.area);
      if (input.collectorId) add(customerSql.collectedBy('i.customer_id'), input.collectorId);
      if (input.q) add(`(i.number LIKE ? ${LIKE_ESCAPE} OR ${customerSql.searchLike('i.customer_id')})`, likeContains(input.q), likeContains(input.q.toLowerCase()));
      if (input.status === 'unpaid') add("i.status IN ('open','partial')");
      else if (input.status === 'overdue') add("i.status IN ('open','partial') AND i.due_date < ?", today);
      else if (input.status) add('i.status = ?', input.status);
      const cond = where.join(' AND ');
      const [agg] = (await ctx.em.query(
        `SELECT count(*) AS n, COALESCE(SUM(CASE WHEN i.status <> 'void' THEN i.total ELSE 0 END), 0) AS total,
                COALESCE(SUM(CASE WHEN i.status IN ('open','partial') THEN i.total - i.paid ELSE 0 END), 0) AS remaining
           FROM invoices i WHERE ${cond}`,
        params,
      )) as { n: number; total: number; remaining: number }[];
      const rows = await invoiceRows(ctx.em, `WHERE ${cond} ORDER BY i.issue_date DESC, i.id DESC LIMIT ? OFFSET ?`, [...params, input.pageSize, (input.page - 1) * input.pageSize]);
      return { items: rows.map((r) => toInvoiceDto(r, today)), total: agg?.n ?? 0, page: input.page, pageSize: input.pageSize, sumTotal: agg?.total ?? 0, sumRemaining: agg?.remaining ?? 0 };
    },

    'invoices.get': async (input, ctx) => invoiceDetail(ctx.em, input.id, b.today(ctx.now)),

    async 'invoices.void'(input, ctx) {
      const [r] = await invoiceRows(ctx.em, 'WHERE i.id = ?', [input.id]);
      if (!r) throw new AppError('not_found', `No invoice ${input.id}`);
      if (r.status === 'void') throw new AppError('billing.already_void', `${r.number as string} is void already`);
      const at = ctx.now.toISOString();
      const who = { userId: ctx.user?.id ?? null, at };
      const kind = r.kind as InvoiceDto['kind'];
      if (kind === 'period' || kind === 'activation') {
        // The period is waived: it is not charged, and no later change can charge or credit it.
        const periods = (await ctx.em.query('SELECT subscription_id, start FROM billing_periods WHERE invoice_id = ?', [input.id])) as { subscription_id: number; start: string }[];
        for (const p of periods) {
          const [later] = (await ctx.em.query(
            "SELECT i.number FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.subscription_id = ? AND l.period_start = ? AND i.id <> ? AND i.status <> 'void' LIMIT 1",
            [p.subscription_id, p.start, input.id],
          )) as { number: string }[];
          if (later) throw new AppError('billing.void_has_changes', `${later.number} changed this period`, { number: later.number });
        }
        await ctx.em.query('UPDATE billing_periods SET waived = 1 WHERE invoice_id = ?', [input.id]);
      } else if (kind === 'change' || kind === 'final') {
        const [ev] = r.event_id ? ((await ctx.em.query('SELECT event FROM subscription_terms WHERE id = ?', [r.event_id])) as { event: string }[]) : [];
        // No event to undo, or one that staff do not decide (isolation, restore, a new plan price): use an operation.
        if (!r.event_id || !r.subscription_id || !ev || ['isolate', 'restore', 'price'].includes(ev.event)) {
          throw new AppError('billing.void_use_operation', `${r.number as string} cannot be voided`);
        }
        await life.undoEvent(ctx.em, { id: input.id, number: r.number as string, subscriptionId: r.subscription_id as number, eventId: r.event_id as number }, who);
      }
      await ctx.em.query("UPDATE invoices SET status = 'void', paid = 0, void_reason = ?, voided_at = ? WHERE id = ?", [input.reason, at, input.id]);
      await post(ctx.em, { customerId: r.customer_id as number, kind: 'void', amount: -(r.total as number), invoiceId: input.id, memo: input.reason, createdBy: who.userId, at });
      await b.m.domainEvents.publish(ctx.em, 'invoice.voided', { invoiceId: input.id, customerId: r.customer_id as number, number: r.number as string, total: r.total as number, reason: input.reason }, ctx.now);
      await resettle(ctx.em, r.customer_id as number, b.m.domainEvents, ctx.now);
      await enforce(ctx.em, b, life, b.today(ctx.now), at, r.customer_id as number);
      ctx.audit(summary('invoices.voided', { number: r.number as string, reason: input.reason }), { invoiceId: input.id, customerId: r.customer_id, total: r.total });
      const [after] = await invoiceRows(ctx.em, 'WHERE i.id = ?', [input.id]);
      return toInvoiceDto(after!, b.today(ctx.now));
    },

    async 'invoices.createCharge'(input, ctx) {
      const c = await customerById(ctx.em, input.customerId);
      if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      if (input.subscriptionId) {
        const [s] = (await ctx.em.query('SELECT id FROM subscriptions WHERE id = ? AND customer_id = ?', [input.subscriptionId, c.id])) as { id: number }[];
        if (!s) throw new AppError('not_found', `No subscription ${input.subscriptionId} of this customer`, { field: 'subscriptionId' });
      }
      const today = b.today(ctx.now);
      const due = input.dueDate ?? addDays(today, b.settings().dueDays);
      if (due < today) throw new AppError('billing.due_in_past', `${due} is before today`, { field: 'dueDate' });
      const id = await oneOffInvoice(ctx.em, b, life, { userId: ctx.user?.id ?? null, at: ctx.now.toISOString() }, {
        customerId: c.id,
        subscriptionId: input.subscriptionId ?? null,
        chargeType: input.type,
        amount: input.amount,
        text: input.description,
        dueDate: due,
        taxed: input.taxed ?? (input.type === 'installation' && b.settings().taxInstallFee),
      });
      ctx.audit(summary('invoices.charged', { customer: c.name, amount: input.amount, type: input.type }), { invoiceId: id, customerId: c.id });
      const [after] = await invoiceRows(ctx.em, 'WHERE i.id = ?', [id]);
      return toInvoiceDto(after!, today);
    },
  };
}

/** An invoice with its lines, its customer's contact and who pays it now (the staff screen, the portal, PDFs). */
export async function invoiceDetail(em: EntityManager, id: number, today: string): Promise<InvoiceDetail> {
  const [r] = await invoiceRows(em, 'WHERE i.id = ?', [id]);
  if (!r) throw new AppError('not_found', `No invoice ${id}`);
  const lines = (await em.query('SELECT kind, description, params, amount, counted FROM invoice_lines WHERE invoice_id = ? ORDER BY position', [id])) as Raw[];
  const cust = await customerContact(em, r.customer_id as number);
  // Who pays this invoice now, fresh from settlement: payments and credit notes.
  const payments = (await em.query(
    `SELECT a.payment_id, a.credit_invoice_id, SUM(a.amount) AS amount, p.number AS p_number, p.received_at, ci.number AS c_number, ci.created_at AS c_at
       FROM allocations a LEFT JOIN payments p ON p.id = a.payment_id LEFT JOIN invoices ci ON ci.id = a.credit_invoice_id
      WHERE a.invoice_id = ? GROUP BY a.payment_id, a.credit_invoice_id ORDER BY MIN(a.id)`,
    [id],
  )) as { payment_id: number | null; credit_invoice_id: number | null; amount: number; p_number: string | null; received_at: string | null; c_number: string | null; c_at: string | null }[];
  const detail: InvoiceDetail = {
    ...toInvoiceDto(r, today),
    lines: lines.map(
      (l): InvoiceLineDto => ({
        kind: l.kind as string,
        description: l.description as string,
        params: parseJson<Record<string, string | number>>(l.params as string) ?? {},
        amount: l.amount as number,
        counted: Boolean(l.counted),
      }),
    ),
    customerBalance: await balanceOf(em, r.customer_id as number),
    customerAddress: cust?.address ?? '',
    customerPhone: cust?.phone ?? null,
    customerNpwp: cust?.npwp ?? '',
    payments: payments.map((p) =>
      p.payment_id !== null
        ? { kind: 'payment' as const, id: p.payment_id, number: p.p_number!, amount: p.amount, receivedAt: p.received_at!, reversed: false }
        : { kind: 'credit' as const, id: p.credit_invoice_id!, number: p.c_number!, amount: p.amount, receivedAt: p.c_at!, reversed: false },
    ),
  };
  return detail;
}
