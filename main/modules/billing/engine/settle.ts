/**
 * Settlement in ledger order. Every debit (an invoice) and every credit (a payment, a credit note) is taken in
 * the order it was posted: a credit pays the oldest open debits first (a credit note first pays the invoices it
 * corrects), and money nobody owes yet waits in a pool that the next debit takes. A voided invoice and a
 * reversed payment drop out together with the entry that cancelled them. Pure: the same ledger always gives the
 * same allocations, and no allocation is ever larger than the credit it comes from.
 */
export type LedgerItemKind = 'invoice' | 'payment' | 'void' | 'reversal' | 'adjustment';

export interface LedgerItem {
  /** Ledger entry id: the order. */
  id: number;
  kind: LedgerItemKind;
  /** > 0 debit, < 0 credit. */
  amount: number;
  invoiceId: number | null;
  paymentId: number | null;
  /** For a credit-note invoice: the invoices it pays first, in order. */
  credits?: readonly number[];
}

export interface Allocation {
  creditEntryId: number;
  debitEntryId: number;
  /** The invoice paid (null for a legacy debit adjustment). */
  invoiceId: number | null;
  /** The payment the money came from, when it is a payment. */
  paymentId: number | null;
  /** The credit note the money came from, when it is one. */
  creditInvoiceId: number | null;
  amount: number;
}

export interface Settlement {
  allocations: Allocation[];
  /** Paid amount of every debit invoice that is not void. */
  paid: Map<number, number>;
  /** Money nobody owes yet (customer credit). */
  pool: number;
}

interface Debit {
  entryId: number;
  invoiceId: number | null;
  remaining: number;
}

interface Credit {
  entryId: number;
  paymentId: number | null;
  creditInvoiceId: number | null;
  remaining: number;
}

export function settleLedger(items: readonly LedgerItem[]): Settlement {
  const voided = new Set<number>();
  const reversed = new Set<number>();
  for (const e of items) {
    if (e.kind === 'void' && e.invoiceId !== null) voided.add(e.invoiceId);
    if (e.kind === 'reversal' && e.paymentId !== null) reversed.add(e.paymentId);
  }
  const ordered = [...items].sort((a, b) => a.id - b.id);
  const allocations: Allocation[] = [];
  const paid = new Map<number, number>();
  let open: Debit[] = [];
  const pool: Credit[] = [];

  const give = (c: Credit, d: Debit, amount: number) => {
    if (amount <= 0) return;
    c.remaining -= amount;
    d.remaining -= amount;
    allocations.push({ creditEntryId: c.entryId, debitEntryId: d.entryId, invoiceId: d.invoiceId, paymentId: c.paymentId, creditInvoiceId: c.creditInvoiceId, amount });
    if (d.invoiceId !== null) paid.set(d.invoiceId, (paid.get(d.invoiceId) ?? 0) + amount);
  };

  for (const e of ordered) {
    if (e.kind === 'void' || e.kind === 'reversal') continue;
    if (e.invoiceId !== null && voided.has(e.invoiceId)) continue;
    if (e.kind === 'payment' && e.paymentId !== null && reversed.has(e.paymentId)) continue;
    if (e.amount > 0) {
      const d: Debit = { entryId: e.id, invoiceId: e.kind === 'invoice' ? e.invoiceId : null, remaining: e.amount };
      if (d.invoiceId !== null) paid.set(d.invoiceId, paid.get(d.invoiceId) ?? 0);
      while (d.remaining > 0 && pool.length > 0) {
        const c = pool[0]!;
        give(c, d, Math.min(c.remaining, d.remaining));
        if (c.remaining === 0) pool.shift();
      }
      if (d.remaining > 0) open.push(d);
    } else if (e.amount < 0) {
      const c: Credit = { entryId: e.id, paymentId: e.kind === 'payment' ? e.paymentId : null, creditInvoiceId: e.kind === 'invoice' ? e.invoiceId : null, remaining: -e.amount };
      for (const target of e.credits ?? []) {
        const d = open.find((x) => x.invoiceId === target);
        if (d) give(c, d, Math.min(c.remaining, d.remaining));
      }
      for (const d of open) {
        if (c.remaining === 0) break;
        give(c, d, Math.min(c.remaining, d.remaining));
      }
      open = open.filter((d) => d.remaining > 0);
      if (c.remaining > 0) pool.push(c);
    }
  }
  return { allocations, paid, pool: pool.reduce((a, c) => a + c.remaining, 0) };
}

export type SettledStatus = 'open' | 'partial' | 'paid';

/** Status of a live invoice from its total and what settlement says is paid. Credit notes are settled by nature. */
export function statusOf(total: number, paid: number): { paid: number; status: SettledStatus } {
  if (total <= 0) return { paid: total, status: 'paid' };
  return { paid, status: paid >= total ? 'paid' : paid > 0 ? 'partial' : 'open' };
}
