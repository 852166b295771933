import type { EntityManager } from 'typeorm';
import { settle } from './engine/settle';
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

/** Appends to the customer's ledger (the table refuses updates and deletes). */
export async function post(em: EntityManager, e: LedgerPost): Promise<void> {
  if (!Number.isSafeInteger(e.amount)) throw new Error('ledger amounts are integer rupiah');
  await em.query(
    'INSERT INTO ledger_entries (customer_id, kind, amount, invoice_id, payment_id, memo, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)',
    [e.customerId, e.kind, e.amount, e.invoiceId ?? null, e.paymentId ?? null, e.memo ?? '', e.createdBy, e.at],
  );
}

/** > 0 the customer owes; < 0 credit. Always the sum of the ledger. */
export async function balanceOf(em: EntityManager, customerId: number): Promise<number> {
  const [r] = (await em.query('SELECT COALESCE(SUM(amount), 0) AS b FROM ledger_entries WHERE customer_id = ?', [customerId])) as { b: number }[];
  return r?.b ?? 0;
}

export interface SettleChange {
  invoiceId: number;
  number: string;
  /** How much more of this invoice is now paid (negative when a reversal reopened it). */
  delta: number;
}

/** Re-derives paid/status of every live invoice of the customer from the ledger, oldest first. */
export async function resettle(em: EntityManager, customerId: number): Promise<SettleChange[]> {
  const rows = (await em.query(
    "SELECT id, number, total, paid, status FROM invoices WHERE customer_id = ? AND status <> 'void' ORDER BY issue_date, id",
    [customerId],
  )) as { id: number; number: string; total: number; paid: number; status: string }[];
  const result = settle(rows, await balanceOf(em, customerId));
  const changes: SettleChange[] = [];
  for (let i = 0; i < rows.length; i++) {
    const before = rows[i]!;
    const after = result[i]!;
    if (before.paid === after.paid && before.status === after.status) continue;
    await em.query('UPDATE invoices SET paid = ?, status = ? WHERE id = ?', [after.paid, after.status, before.id]);
    if (after.paid !== before.paid) changes.push({ invoiceId: before.id, number: before.number, delta: after.paid - before.paid });
  }
  return changes;
}
