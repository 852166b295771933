import type { CallContext } from '../../core/context';
import { finish } from './engine/invoice';
import type { BillingContext } from './context';
import { enforce } from './enforce';
import type { Lifecycle } from './lifecycle';
import { writeInvoice } from './periods';

export type ChargeType = 'installation' | 'reconnection' | 'late_fee' | 'equipment' | 'other' | 'credit';

/**
 * A one-off charge (installation, reconnection fee, late fee, equipment…) or, with a negative amount, a credit
 * note: an invoice of its own with a due date, paid in ledger order like every other. Written through the
 * same writer as every invoice.
 */
export async function oneOffInvoice(
  ctx: CallContext,
  b: BillingContext,
  life: Lifecycle,
  a: { customerId: number; subscriptionId: number | null; chargeType: ChargeType; amount: number; text: string; dueDate: string; taxed?: boolean },
): Promise<number> {
  const who = { userId: ctx.user?.id ?? null, at: ctx.now.toISOString() };
  const c = life.context(ctx.em, who);
  const credit = a.amount < 0;
  const s = b.settings();
  const draft = finish([
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
  ], c.finish);
  const w = await writeInvoice(c, {
    customerId: a.customerId,
    subscriptionId: a.subscriptionId,
    kind: 'manual',
    periodStart: null,
    periodEnd: null,
    dueDate: a.dueDate,
    draft,
    chargeType: credit ? 'credit' : a.chargeType,
  });
  await life.finishContext(c);
  // A credit note may bring an isolated customer back under the threshold.
  if (credit) await enforce(ctx.em, b, life, b.today(ctx.now), who.at, a.customerId);
  return w.id;
}
