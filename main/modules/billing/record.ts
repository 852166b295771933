import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import type { PaymentMethod } from '../../../shared/contract';
import { nextNumber, pad } from '../../core/counters';
import type { BillingContext } from './context';
import { enforce } from './enforce';
import { balanceOf, post, resettle } from './ledger';
import type { Lifecycle } from './lifecycle';
import { customerById, customerLabels } from '../customers';

export interface RecordPaymentInput {
  customerId: number;
  /** Integer rupiah, > 0. */
  amount: number;
  method: PaymentMethod;
  reference: string;
  note: string;
  /** The same key again returns the payment already recorded (same customer, amount and method), else a conflict. */
  idempotencyKey?: string | null | undefined;
  /** Record it although a live payment already has this reference (else billing.duplicate_reference). */
  confirmDuplicate: boolean;
  receivedBy: number | null;
  now: Date;
}

export interface RecordedPayment {
  id: number;
  number: string;
  customerId: number;
  customerName: string;
  amount: number;
  /** True when the idempotency key named a payment recorded before: nothing was written now. */
  replayed: boolean;
}

/**
 * A payment received, in the caller's transaction: receipt number, ledger credit, settlement of the open
 * invoices (oldest first; the rest stays as credit), balance after, and at once the restore of a subscription
 * isolated for arrears that is now paid (through the outbox, same transaction). The counter (payments.create)
 * and the online payments module both record money through here; the caller audits.
 */
export async function recordPayment(em: EntityManager, b: BillingContext, life: Lifecycle, input: RecordPaymentInput): Promise<RecordedPayment> {
  // The same form sent twice (double click, retry after a lost answer) records one payment.
  if (input.idempotencyKey) {
    const [prev] = (await em.query('SELECT id, number, customer_id, amount, method FROM payments WHERE idempotency_key = ?', [input.idempotencyKey])) as {
      id: number;
      number: string;
      customer_id: number;
      amount: number;
      method: string;
    }[];
    if (prev) {
      if (prev.customer_id === input.customerId && prev.amount === input.amount && prev.method === input.method) {
        const label = (await customerLabels(em, [prev.customer_id])).get(prev.customer_id);
        return { id: prev.id, number: prev.number, customerId: prev.customer_id, customerName: label?.name ?? '', amount: prev.amount, replayed: true };
      }
      throw new AppError('conflict', `This form was already saved as ${prev.number} with other values`, { field: 'idempotencyKey', number: prev.number });
    }
  }
  const c = await customerById(em, input.customerId);
  if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
  // One bank transfer recorded twice is money counted twice: ask before taking the same reference again.
  if (input.reference !== '' && !input.confirmDuplicate) {
    const [dup] = (await em.query(
      `SELECT p.number, p.amount, p.received_at, p.customer_id FROM payments p
        WHERE lower(p.reference) = lower(?) AND p.reference <> '' AND p.reversed_at IS NULL ORDER BY p.id LIMIT 1`,
      [input.reference],
    )) as { number: string; amount: number; received_at: string; customer_id: number }[];
    if (dup) {
      const dupCustomer = (await customerLabels(em, [dup.customer_id])).get(dup.customer_id);
      throw new AppError('billing.duplicate_reference', `Reference ${input.reference} is already on payment ${dup.number}`, {
        number: dup.number,
        customerName: dupCustomer?.name ?? '',
        amount: dup.amount,
        receivedAt: dup.received_at,
      });
    }
  }
  const at = input.now.toISOString();
  const [y, m] = b.today(input.now).split('-');
  const number = `${b.settings().receiptPrefix}/${y}/${m}/${pad(await nextNumber(em, `receipt:${y}-${m}`), 5)}`;
  const [ins] = (await em.query(
    `INSERT INTO payments (number, customer_id, amount, method, reference, note, received_by, received_at, applied, balance_after, idempotency_key)
     VALUES (?,?,?,?,?,?,?,?,'[]',0,?) RETURNING id`,
    [number, c.id, input.amount, input.method, input.reference, input.note, input.receivedBy, at, input.idempotencyKey ?? null],
  )) as { id: number }[];
  const id = ins!.id;
  await post(em, { customerId: c.id, kind: 'payment', amount: -input.amount, paymentId: id, memo: number, createdBy: input.receivedBy, at });
  // Published before what it causes (invoices paid, a subscription restored), in this transaction.
  await b.m.domainEvents.publish(em, 'payment.received', { paymentId: id, customerId: c.id, amount: input.amount, number, method: input.method }, input.now);
  await resettle(em, c.id, b.m.domainEvents, input.now);
  // The ledger sum right after this payment; what it pays is read fresh from the allocations.
  await em.query('UPDATE payments SET balance_after = ? WHERE id = ?', [await balanceOf(em, c.id), id]);
  // Paid enough: restored now, not at the next hourly check.
  await enforce(em, b, life, b.today(input.now), at, c.id);
  return { id, number, customerId: c.id, customerName: c.name, amount: input.amount, replayed: false };
}

/** What an online payment for an invoice needs to know about it (null: no such invoice). */
export interface InvoiceToPay {
  id: number;
  number: string;
  customerId: number;
  status: 'open' | 'partial' | 'paid' | 'void';
  total: number;
  paid: number;
  /** total − paid, never below 0. */
  open: number;
}

export async function invoiceToPay(em: EntityManager, id: number): Promise<InvoiceToPay | null> {
  const [r] = (await em.query('SELECT id, number, customer_id, status, total, paid FROM invoices WHERE id = ?', [id])) as {
    id: number;
    number: string;
    customer_id: number;
    status: InvoiceToPay['status'];
    total: number;
    paid: number;
  }[];
  return r ? { id: r.id, number: r.number, customerId: r.customer_id, status: r.status, total: r.total, paid: r.paid, open: Math.max(0, r.total - r.paid) } : null;
}

/** Receipt numbers of payments, by id. */
export async function paymentNumbers(em: EntityManager, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = (await em.query(`SELECT id, number FROM payments WHERE id IN (${list.map(() => '?').join(',')})`, list)) as { id: number; number: string }[];
  return new Map(rows.map((r) => [r.id, r.number]));
}
