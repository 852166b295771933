import type { EntityManager } from 'typeorm';
import { parseJson } from '../../core/json';
import type { DomainEvents } from '../../core/domain-events';
import { settleLedger, statusOf, type LedgerItem } from './engine/settle';
import type { LedgerKind } from './entities';

export interface LedgerPost {
  customerId: number;
  kind: LedgerKind;
  amount: number;
  invoiceId?: number | null;
  paymentId?: number | null;
  memo?: string;
  createdBy: number | null;
  at: string;
}

/** Appends to the customer's ledger (the table refuses updates and deletes). Returns the entry id. */
export async function post(em: EntityManager, e: LedgerPost): Promise<number> {
  if (!Number.isSafeInteger(e.amount)) throw new Error('ledger amounts are integer rupiah');
  const [r] = (await em.query(
    'INSERT INTO ledger_entries (customer_id, kind, amount, invoice_id, payment_id, memo, created_by, created_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id',
    [e.customerId, e.kind, e.amount, e.invoiceId ?? null, e.paymentId ?? null, e.memo ?? '', e.createdBy, e.at],
  )) as { id: number }[];
  return r!.id;
}

/** > 0 the customer owes; < 0 credit. Always the sum of the ledger. */
export async function balanceOf(em: EntityManager, customerId: number): Promise<number> {
  const [r] = (await em.query('SELECT COALESCE(SUM(amount), 0) AS b FROM ledger_entries WHERE customer_id = ?', [customerId])) as { b: number }[];
  return r?.b ?? 0;
}

/** The customer's ledger as settlement reads it (credit notes carry the invoices they correct). */
export async function ledgerItems(em: EntityManager, customerId: number): Promise<LedgerItem[]> {
  const rows = (await em.query(
    `SELECT l.id, l.kind, l.amount, l.invoice_id, l.payment_id, i.credits
       FROM ledger_entries l LEFT JOIN invoices i ON i.id = l.invoice_id AND l.kind = 'invoice'
      WHERE l.customer_id = ? ORDER BY l.id`,
    [customerId],
  )) as { id: number; kind: LedgerItem['kind']; amount: number; invoice_id: number | null; payment_id: number | null; credits: string | null }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    amount: r.amount,
    invoiceId: r.invoice_id,
    paymentId: r.payment_id,
    credits: r.credits ? (parseJson<number[]>(r.credits) ?? []) : [],
  }));
}

/**
 * Re-derives from the ledger which credit pays which invoice, and the paid amount and status of every live
 * invoice of the customer. What is stored is always exactly this fresh settlement. Every path that settles
 * an invoice comes through here, so invoice.paid is published here: an invoice with something to pay that
 * becomes paid now (again, after a reversal took its money away).
 */
export async function resettle(em: EntityManager, customerId: number, events: DomainEvents, at: Date): Promise<void> {
  const s = settleLedger(await ledgerItems(em, customerId));
  await em.query('DELETE FROM allocations WHERE customer_id = ?', [customerId]);
  for (const a of s.allocations) {
    await em.query(
      'INSERT INTO allocations (customer_id, credit_entry_id, debit_entry_id, invoice_id, payment_id, credit_invoice_id, amount) VALUES (?,?,?,?,?,?,?)',
      [customerId, a.creditEntryId, a.debitEntryId, a.invoiceId, a.paymentId, a.creditInvoiceId, a.amount],
    );
  }
  const rows = (await em.query("SELECT id, number, total, paid, status FROM invoices WHERE customer_id = ? AND status <> 'void' ORDER BY id", [customerId])) as {
    id: number;
    number: string;
    total: number;
    paid: number;
    status: string;
  }[];
  for (const r of rows) {
    const next = statusOf(r.total, s.paid.get(r.id) ?? 0);
    if (next.paid !== r.paid || next.status !== r.status) await em.query('UPDATE invoices SET paid = ?, status = ? WHERE id = ?', [next.paid, next.status, r.id]);
    if (next.status === 'paid' && r.status !== 'paid' && r.total > 0) await events.publish(em, 'invoice.paid', { invoiceId: r.id, customerId, number: r.number, total: r.total }, at);
  }
}

/** What a payment pays now (fresh from settlement): invoices, with the amounts. */
export async function paymentAllocations(em: EntityManager, paymentIds: number[]): Promise<Map<number, { invoiceId: number; number: string; amount: number }[]>> {
  const out = new Map<number, { invoiceId: number; number: string; amount: number }[]>();
  if (paymentIds.length === 0) return out;
  const rows = (await em.query(
    `SELECT a.payment_id, a.invoice_id, i.number, SUM(a.amount) AS amount FROM allocations a JOIN invoices i ON i.id = a.invoice_id
      WHERE a.payment_id IN (SELECT value FROM json_each(?)) GROUP BY a.payment_id, a.invoice_id ORDER BY MIN(a.id)`,
    [JSON.stringify(paymentIds)],
  )) as { payment_id: number; invoice_id: number; number: string; amount: number }[];
  for (const r of rows) {
    const list = out.get(r.payment_id) ?? [];
    list.push({ invoiceId: r.invoice_id, number: r.number, amount: r.amount });
    out.set(r.payment_id, list);
  }
  return out;
}
