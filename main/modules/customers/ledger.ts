import type { EntityManager } from 'typeorm';
import type { LedgerEntryDto, Page } from '../../../shared/contract';

interface LedgerRaw {
  id: number;
  kind: LedgerEntryDto['kind'];
  amount: number;
  balance: number;
  invoice_id: number | null;
  invoice_number: string | null;
  payment_id: number | null;
  payment_number: string | null;
  memo: string;
  created_by: string | null;
  created_at: string;
}

/**
 * A customer's ledger, oldest first, each entry with the balance after it. The running sum is a window
 * over all the customer's entries, so it is right on every page, not just the first.
 */
export async function ledgerPage(em: EntityManager, customerId: number, page: number, pageSize: number): Promise<Page<LedgerEntryDto>> {
  const [count] = (await em.query('SELECT count(*) AS n FROM ledger_entries WHERE customer_id = ?', [customerId])) as { n: number }[];
  const rows = (await em.query(
    `SELECT * FROM (
       SELECT l.id, l.kind, l.amount, SUM(l.amount) OVER (ORDER BY l.id) AS balance, l.invoice_id, i.number AS invoice_number,
              l.payment_id, p.number AS payment_number, l.memo, u.full_name AS created_by, l.created_at
       FROM ledger_entries l
       LEFT JOIN invoices i ON i.id = l.invoice_id
       LEFT JOIN payments p ON p.id = l.payment_id
       LEFT JOIN users u ON u.id = l.created_by
       WHERE l.customer_id = ?
     ) ORDER BY id LIMIT ? OFFSET ?`,
    [customerId, pageSize, (page - 1) * pageSize],
  )) as LedgerRaw[];
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      amount: r.amount,
      balance: r.balance,
      invoiceId: r.invoice_id,
      invoiceNumber: r.invoice_number,
      paymentId: r.payment_id,
      paymentNumber: r.payment_number,
      memo: r.memo,
      createdBy: r.created_by,
      createdAt: r.created_at,
    })),
    total: count?.n ?? 0,
    page,
    pageSize,
  };
}
