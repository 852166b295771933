import { customerBalances, customersOnService, customerOverdue, liveSubscriptionsOf, openInvoicesDue, payableInvoice, payableInvoicesOf, paymentFacts, receiptPdf, subscriptionFacts, type PdfOptions } from '../modules/billing';
import { customerByWhatsApp, customersForMessages, customerWhatsApp, setWhatsAppOptIn, type CustomerWhatsApp } from '../modules/customers';
import type { PaymentsModule } from '../modules/payments';
import type { WaCustomer, WaFacts } from '../modules/whatsapp';
import { todayIn } from '../../shared/dates';

/** What WhatsApp messages say about customers, bills and payments, read through the owning modules' exports. */
export function whatsappFacts(payments: () => PaymentsModule, timeZone: () => string, now: () => Date, pdf: () => PdfOptions): WaFacts {
  const wa = (c: CustomerWhatsApp | null): WaCustomer | null => (c ? { id: c.id, name: c.name, number: c.number, whatsapp: c.whatsapp, optIn: c.optIn } : null);
  return {
    customer: async (em, id) => wa(await customerWhatsApp(em, id)),
    customerByNumber: async (em, digits) => wa(await customerByWhatsApp(em, digits)),
    setOptIn: (em, id, on, at) => setWhatsAppOptIn(em, id, on, at),
    async account(em, customerId) {
      const open = await payableInvoicesOf(em, customerId);
      const balance = (await customerBalances(em, [customerId])).get(customerId) ?? 0;
      const [sub] = await liveSubscriptionsOf(em, [customerId]);
      return { owed: open.reduce((s, i) => s + i.remaining, 0), balance, openInvoices: open.length, plan: sub?.plan ?? null };
    },
    invoice: async (em, id) => payableInvoice(em, id),
    payment: (em, id) => paymentFacts(em, id),
    subscription: (em, id) => subscriptionFacts(em, id),
    payLink: (em, target, at) => payments().linkFor(em, target, at),
    purchaseLink: (em, attemptId) => payments().purchaseLinkFor(em, attemptId),
    receiptPdf: (em, paymentId) => receiptPdf(em, paymentId, pdf()),
    dueInvoices: (em, from, to) => openInvoicesDue(em, from, to),
    async select(em, filter) {
      const ids = filter.routerIds.length > 0 || filter.planIds.length > 0 ? await customersOnService(em, filter.routerIds, filter.planIds) : null;
      let list = await customersForMessages(em, filter.areas, ids);
      if (filter.overdue) {
        const overdue = await customerOverdue(em, list.map((c) => c.id), todayIn(timeZone(), now()));
        list = list.filter((c) => (overdue.get(c.id) ?? 0) > 0);
      }
      return list.map((c) => wa(c)!);
    },
  };
}
