import type { EntityManager } from 'typeorm';
import type { WaTemplateEvent } from '../../../shared/contract/whatsapp';
import type { DomainEvent } from '../../core/domain-events';
import type { ModuleContext } from '../../core/module';
import { voucherCodes, voucherProfileNames } from '../vouchers';
import type { WaFacts } from './facts';
import { enqueue } from './outbox';
import { render, templateOf, type Lang } from './templates';
import { varsFor, type VarsInput } from './vars';

/*
 * Business events become WhatsApp messages in the event's own transaction (issue 13): an invoice issued, a
 * payment received, isolation and restore, a new subscription's welcome, a promise to pay, a voucher bought
 * online. Each has a dedupe key, so an event seen twice queues one message. Only customers with a WhatsApp
 * number who opted in are messaged; an event whose template is switched off queues nothing.
 */

export interface Notifier {
  /** Queues the message of a template for a customer (or a bare number), if wanted. Returns its id or null. */
  notify(em: EntityManager, event: WaTemplateEvent, target: { customerId: number } | { number: string }, input: Omit<VarsInput, 'customerId'>, dedupeKey: string, now: Date): Promise<number | null>;
  /** The domain-event subscriber. */
  onEvent(em: EntityManager, e: DomainEvent): Promise<void>;
}

export function createNotifier(m: ModuleContext, facts: WaFacts, kick: () => void): Notifier {
  const lang = (): Lang => m.settings.get('locale').language;
  const office = () => {
    const o = m.settings.get('office');
    return { name: o.name, phone: o.phone };
  };

  const notifier: Notifier = {
    async notify(em, event, target, input, dedupeKey, now) {
      const t = await templateOf(em, event, lang());
      if (!t.enabled) return null;
      let to: string;
      let customerId: number | null = null;
      let vars;
      if ('customerId' in target) {
        const c = await facts.customer(em, target.customerId);
        if (!c?.whatsapp || !c.optIn) return null;
        to = c.whatsapp;
        customerId = c.id;
        vars = await varsFor(em, facts, { ...input, customerId: c.id }, lang(), office(), now, { body: t.body });
      } else {
        to = target.number;
        const o = office();
        vars = { kantor: o.name, telp_kantor: o.phone, ...(input.voucher ? { kode_voucher: input.voucher.code, paket: input.voucher.profile, link_voucher: input.voucher.link ?? '' } : {}) };
      }
      const document = event === 'payment_received' && input.paymentId !== undefined && m.settings.get('whatsapp').receiptPdf ? `receipt:${input.paymentId}` : null;
      const id = await enqueue(em, { customerId, to, kind: event, body: render(t.body, vars), dedupeKey, document }, now);
      if (id !== null) m.db.afterCommit(kick);
      return id;
    },

    async onEvent(em, e) {
      const now = e.at;
      switch (e.type) {
        case 'invoice.issued':
          if (e.data.total > 0) await notifier.notify(em, 'invoice_issued', { customerId: e.data.customerId }, { invoiceId: e.data.invoiceId }, `invoice_issued:${e.data.invoiceId}`, now);
          return;
        case 'payment.received':
          await notifier.notify(em, 'payment_received', { customerId: e.data.customerId }, { paymentId: e.data.paymentId }, `payment_received:${e.data.paymentId}`, now);
          return;
        case 'subscription.isolated':
          await notifier.notify(em, 'isolated', { customerId: e.data.customerId }, { subscriptionId: e.data.subscriptionId }, `isolated:${e.data.subscriptionId}:${e.data.date}`, now);
          return;
        case 'subscription.restored':
          await notifier.notify(em, 'restored', { customerId: e.data.customerId }, { subscriptionId: e.data.subscriptionId }, `restored:${e.data.subscriptionId}:${e.data.date}`, now);
          return;
        case 'subscription.activated':
          // A subscription adopted from a router is not new to its customer: no welcome.
          if (!e.data.adopted) await notifier.notify(em, 'welcome', { customerId: e.data.customerId }, { subscriptionId: e.data.subscriptionId }, `welcome:${e.data.subscriptionId}`, now);
          return;
        case 'promise.made':
          await notifier.notify(em, 'promise_to_pay', { customerId: e.data.customerId }, { subscriptionId: e.data.subscriptionId, promiseUntil: e.data.until }, `promise:${e.data.subscriptionId}:${e.data.until}`, now);
          return;
        case 'ticket.opened':
          await notifier.notify(em, 'ticket_opened', { customerId: e.data.customerId }, { ticket: { number: e.data.number, state: 'open', note: '' } }, `ticket_opened:${e.data.ticketId}`, now);
          return;
        case 'ticket.updated':
          // The customer hears of a new state and of a note written to them; assignments and internal notes stay in the office.
          if (e.data.from !== e.data.to || e.data.note !== null) {
            await notifier.notify(em, 'ticket_updated', { customerId: e.data.customerId }, { ticket: { number: e.data.number, state: e.data.to, note: e.data.note ?? '' } }, `ticket_updated:${e.data.entryId}`, now);
          }
          return;
        case 'voucher.sold': {
          if (e.data.channel !== 'online' || !e.data.buyerPhone) return;
          const codes = await voucherCodes(em, e.data.voucherIds);
          const profile = (await voucherProfileNames(em, [e.data.profileId])).get(e.data.profileId) ?? '';
          const link = e.data.attemptId !== undefined ? await facts.purchaseLink(em, e.data.attemptId) : null;
          for (const id of e.data.voucherIds) {
            await notifier.notify(em, 'voucher_bought', { number: e.data.buyerPhone }, { voucher: { code: codes.get(id) ?? '', profile, link } }, `voucher_bought:${id}`, now);
          }
          return;
        }
        default:
          return;
      }
    },
  };
  return notifier;
}
