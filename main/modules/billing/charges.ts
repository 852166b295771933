import type { EntityManager } from 'typeorm';
import { addDays, type LocalDate } from '../../../shared/dates';
import { finish } from './engine/invoice';
import type { BillingContext } from './context';
import { enforce } from './enforce';
import type { Lifecycle, Who } from './lifecycle';
import { writeInvoice } from './periods';

export type ChargeType = 'installation' | 'reconnection' | 'late_fee' | 'equipment' | 'other' | 'credit';

/**
 * A one-off charge (installation, reconnection fee, late fee, equipment…) or, with a negative amount, a credit
 * note: an invoice of its own with a due date, paid in ledger order like every other. Written through the
 * same writer as every invoice.
 */
export async function oneOffInvoice(
  em: EntityManager,
  b: BillingContext,
  life: Lifecycle,
  who: Who,
  a: { customerId: number; subscriptionId: number | null; chargeType: ChargeType; amount: number; text: string; dueDate: LocalDate; taxed?: boolean; lateFeeFor?: number },
): Promise<number> {
  const c = life.context(em, who);
  const credit = a.amount < 0;
  const s = b.settings();
  const draft = finish(
    [
      {
        kind: credit ? 'credit' : 'charge',
        description: credit ? 'creditNote' : `charge_${a.chargeType}`,
        params: { text: a.text },
        amount: a.amount,
        counted: true,
        taxBp: a.taxed ? s.chargeTaxRateBp : 0,
        taxIncluded: s.pricesIncludeTax,
        periodStart: null,
      },
    ],
    c.finish,
  );
  const w = await writeInvoice(c, {
    customerId: a.customerId,
    subscriptionId: a.subscriptionId,
    kind: 'manual',
    periodStart: null,
    periodEnd: null,
    dueDate: a.dueDate,
    draft,
    chargeType: credit ? 'credit' : a.chargeType,
    lateFeeFor: a.lateFeeFor ?? null,
  });
  await life.finishContext(c);
  // A credit note may bring an isolated customer back under the threshold.
  if (credit) await enforce(em, b, life, b.today(new Date(who.at)), who.at, a.customerId);
  return w.id;
}

/**
 * The late fee rule: an invoice for service still unpaid `lateFeeDays` after its due date gets one late fee
 * (a one-off charge due today, tied to the same subscription). Once per invoice, even if the fee is voided.
 */
export async function chargeLateFees(em: EntityManager, b: BillingContext, life: Lifecycle, today: LocalDate, at: string): Promise<number> {
  const s = b.settings();
  if (s.lateFeeAmount <= 0) return 0;
  const overdue = (await em.query(
    `SELECT i.id, i.number, i.customer_id, i.subscription_id FROM invoices i
      WHERE i.kind IN ('period','activation','change') AND i.status IN ('open','partial') AND i.due_date < ?
        AND NOT EXISTS (SELECT 1 FROM invoices f WHERE f.late_fee_for = i.id) ORDER BY i.id`,
    [addDays(today, -s.lateFeeDays)],
  )) as { id: number; number: string; customer_id: number; subscription_id: number | null }[];
  for (const i of overdue) {
    await oneOffInvoice(em, b, life, { userId: null, at }, {
      customerId: i.customer_id,
      subscriptionId: i.subscription_id,
      chargeType: 'late_fee',
      amount: s.lateFeeAmount,
      text: i.number,
      dueDate: today,
      lateFeeFor: i.id,
    });
  }
  return overdue.length;
}
