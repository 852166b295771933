/**
 * Balance-forward settlement: every credit on the ledger (payments, credit notes, voids of paid invoices)
 * pays the oldest invoice first. Derived from the ledger each time, so it can never disagree with it.
 */
export interface OpenInvoice {
  id: number;
  total: number;
}

export interface Settled {
  id: number;
  paid: number;
  status: 'open' | 'partial' | 'paid';
}

/**
 * @param invoices non-void invoices, oldest first
 * @param balance  the customer's ledger balance (SUM of the ledger)
 */
export function settle(invoices: readonly OpenInvoice[], balance: number): Settled[] {
  // Everything on the ledger that is not a live invoice is a credit pool (payments, credit notes, reversals…).
  const invoiced = invoices.reduce((a, i) => a + i.total, 0);
  let pool = invoiced - balance;
  // Credit notes (negative totals) add to the pool; they are settled by nature.
  for (const i of invoices) if (i.total < 0) pool += -i.total;
  return invoices.map((i) => {
    if (i.total <= 0) return { id: i.id, paid: i.total, status: 'paid' };
    const paid = Math.max(0, Math.min(i.total, pool));
    pool -= paid;
    return { id: i.id, paid, status: paid === i.total ? 'paid' : paid > 0 ? 'partial' : 'open' };
  });
}
