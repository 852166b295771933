import type { Database } from 'better-sqlite3';
import { pad, rawCounters } from '../../core/counters';
import type { Draft, DraftLine } from './engine/invoice';
import type { LocalDate } from '../../../shared/dates';
import type { InvoiceKind } from './entities';

export interface InvoiceToWrite {
  customerId: number;
  subscriptionId: number | null;
  kind: InvoiceKind;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  dueDate: LocalDate;
  draft: Draft;
  /** Ledger balance just before this invoice (shown as a line, never added to the total). */
  previousBalance: number;
  createdBy: number | null;
  chargeType?: string | null;
  /** A credit note pays these invoices first. */
  credits?: number[];
  eventId?: number | null;
  /** A late fee: the overdue invoice it is charged for (once per invoice). */
  lateFeeFor?: number | null;
}

/**
 * The one place invoices are written — by the daily run, by lifecycle events and by one-off charges alike:
 * a gap-free number for the office day it is made, the invoice dated that day, its lines (with the billing
 * period each service line belongs to), and its ledger debit. Runs on the connection of the caller's write
 * transaction. Paid amounts are settlement's business: the caller resettles the customer when money may
 * already be waiting (a credit balance) or the document is a credit note.
 */
/** A line's params as JSON, once per line object (the daily run shares one draft among many invoices). */
const paramsJson = new WeakMap<DraftLine, string>();
function paramsOf(l: DraftLine): string {
  let j = paramsJson.get(l);
  if (j === undefined) paramsJson.set(l, (j = JSON.stringify(l.params)));
  return j;
}

export class InvoiceWriter {
  /** Core's counters table, through core (gap-free numbers: read once, the last value written by flush()). */
  private readonly store;
  /** Numbers handed out in this transaction, per counter; stored by flush(). */
  private readonly counters = new Map<string, number>();
  private readonly invoice;
  private readonly line;
  private readonly ledger;

  constructor(
    raw: Database,
    private readonly prefix: string,
    /** The office day the invoices are made. */
    private readonly today: LocalDate,
    private readonly at: string,
  ) {
    this.store = rawCounters(raw);
    this.invoice = raw.prepare(
      `INSERT INTO invoices (number, customer_id, subscription_id, kind, period_start, period_end, issue_date, due_date, subtotal, tax, total, previous_balance, paid, status, created_by, created_at, charge_type, credits, event_id, late_fee_for)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    this.line = raw.prepare('INSERT INTO invoice_lines (invoice_id, position, kind, description, params, amount, counted, period_start, tax_bp, tax_included, service_from, service_to) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
    this.ledger = raw.prepare("INSERT INTO ledger_entries (customer_id, kind, amount, invoice_id, payment_id, memo, created_by, created_at) VALUES (?, 'invoice', ?, ?, NULL, ?, ?, ?)");
  }

  write(inv: InvoiceToWrite): { id: number; number: string } {
    const [y, m] = this.today.split('-');
    const name = `invoice:${y}-${m}`;
    const n = (this.counters.get(name) ?? this.store.read(name) ?? 0) + 1;
    this.counters.set(name, n);
    const number = `${this.prefix}/${y}/${m}/${pad(n, 5)}`;
    const d = inv.draft;
    const settled = d.total <= 0;
    const id = Number(
      this.invoice.run(
        number,
        inv.customerId,
        inv.subscriptionId,
        inv.kind,
        inv.periodStart,
        inv.periodEnd,
        this.today,
        inv.dueDate,
        d.subtotal,
        d.tax,
        d.total,
        inv.previousBalance,
        settled ? d.total : 0,
        settled ? 'paid' : 'open',
        inv.createdBy,
        this.at,
        inv.chargeType ?? null,
        JSON.stringify(inv.credits ?? []),
        inv.eventId ?? null,
        inv.lateFeeFor ?? null,
      ).lastInsertRowid,
    );
    let pos = 0;
    if (inv.previousBalance !== 0) this.line.run(id, pos++, 'balance', inv.previousBalance > 0 ? 'previousBalance' : 'previousCredit', '{}', inv.previousBalance, 0, null, 0, 0, null, null);
    for (const l of d.lines) this.line.run(id, pos++, l.kind, l.description, paramsOf(l), l.amount, l.counted ? 1 : 0, l.periodStart, l.taxBp, l.taxIncluded ? 1 : 0, l.serviceFrom ?? null, l.serviceTo ?? null);
    this.ledger.run(inv.customerId, d.total, id, number, inv.createdBy, this.at);
    return { id, number };
  }

  /** Stores the counters advanced by write(); call it before the transaction ends (a number used twice would fail the unique key). */
  flush(): void {
    for (const [name, value] of this.counters) this.store.write(name, value);
    this.counters.clear();
  }
}
