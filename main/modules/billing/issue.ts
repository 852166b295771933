import type { EntityManager } from 'typeorm';
import { nextNumber, pad } from '../../core/counters';
import type { Draft } from './engine/invoice';
import type { LocalDate, Period } from './engine/dates';
import type { InvoiceKind } from './entities';
import { balanceOf, post, resettle } from './ledger';

export interface IssueArgs {
  customerId: number;
  subscriptionId: number | null;
  kind: InvoiceKind;
  period: Period | null;
  issueDate: LocalDate;
  dueDate: LocalDate;
  draft: Draft;
  createdBy: number | null;
  at: string;
  prefix: string;
  /** The office day the invoice is made (numbers follow it, so they stay chronological even for back-dated service). */
  today: LocalDate;
}

/** INV/2026/11/00042: gap-free per office and month of issue. */
export async function invoiceNumber(em: EntityManager, prefix: string, issueDate: LocalDate): Promise<string> {
  const [y, m] = issueDate.split('-');
  const n = await nextNumber(em, `invoice:${y}-${m}`);
  return `${prefix}/${y}/${m}/${pad(n, 5)}`;
}

/**
 * Writes an invoice with its lines (plus the previous balance, shown but not counted), debits the ledger
 * and settles the customer's invoices. Returns the invoice id.
 */
export async function issueInvoice(em: EntityManager, a: IssueArgs): Promise<number> {
  const previous = await balanceOf(em, a.customerId);
  const number = await invoiceNumber(em, a.prefix, a.today);
  const res = (await em.query(
    `INSERT INTO invoices (number, customer_id, subscription_id, kind, period_start, period_end, issue_date, due_date, subtotal, tax, total, previous_balance, paid, status, created_by, created_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0,'open',?,?) RETURNING id`,
    [number, a.customerId, a.subscriptionId, a.kind, a.period?.start ?? null, a.period?.end ?? null, a.issueDate, a.dueDate, a.draft.subtotal, a.draft.tax, a.draft.total, previous, a.createdBy, a.at],
  )) as { id: number }[];
  const id = res[0]!.id;
  const lines = [
    ...(previous !== 0 ? [{ kind: 'balance', description: previous > 0 ? 'previousBalance' : 'previousCredit', params: {}, amount: previous, counted: false }] : []),
    ...a.draft.lines,
  ];
  let position = 0;
  for (const l of lines) {
    await em.query('INSERT INTO invoice_lines (invoice_id, position, kind, description, params, amount, counted) VALUES (?,?,?,?,?,?,?)', [
      id,
      position++,
      l.kind,
      l.description,
      JSON.stringify(l.params),
      l.amount,
      l.counted ? 1 : 0,
    ]);
  }
  await post(em, { customerId: a.customerId, kind: 'invoice', amount: a.draft.total, invoiceId: id, createdBy: a.createdBy, at: a.at, memo: number });
  await resettle(em, a.customerId);
  return id;
}
