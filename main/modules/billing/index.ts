// Public entry of the billing module: the only file other modules and the composition root import.

/** Handlers, jobs and the billing run the root wires in. */
export { createBillingModule, type BillingModule } from './module';
/** What subscriptions want on each router (a reconciler provider, added by the root). */
export { subscriptionsDesired } from './desired';
/** Subscription DTOs and their per-role view (the customer detail screen shows a customer's subscriptions). */
export { forViewer, subscriptionDtos } from './dto';
/** Money received (the counter's path; online payments record through BillingModule.recordPayment) and what they read of invoices and receipts. */
export { invoiceToPay, paymentNumbers, type InvoiceToPay, type RecordedPayment, type RecordPaymentInput } from './record';
/** What field collection reads: who took a payment and how, and customers' arrears by due date (issue 14). */
export { arrearsOf, paymentReceipt, type Arrears, type PaymentReceipt } from './field-reads';
/** Receipts and invoices as PDF files (WhatsApp receipts, the portal's downloads). */
export { invoicePdf, receiptPdf, type PdfFile, type PdfOptions } from './pdf';
/** Table schemas, listed by the composition root. */
export { InvoiceEntity, InvoiceLineEntity, LedgerEntity, PaymentEntity, PlanEntity, SubscriptionEntity } from './entities';
/** Reads of billing's tables for other modules (a customer's money, ledger and subscriptions; list filter fragments). */
export { billingSql, customerBalances, customerLedgerPage, customerOverdue, gatewayPayments, type GatewayPaymentRow, liveSubscriptionCount, liveSubscriptionsOf, openSubscriptionsOf, subscriptionsKeepRouter, subscriptionsOnRouter, subscriptionUsernames, type LiveSubscription } from './queries';
/** The lean invoice reads of the public pay page (every load: the invoice's own row, its receipts when paid). */
export { invoiceReceiptNumbers, payableInvoice, payableInvoicesOf, type PayableInvoice } from './queries';
/** What messages about billing read (the WhatsApp module through the root): a payment, a subscription's login, invoices by due date, customers by router and plan. */
export { customersOnService, openInvoicesDue, paymentFacts, subscriptionFacts } from './notify-reads';
/** What the customer portal reads of billing: the signed-in customer's own subscriptions, money, invoices and receipts, and the PPPoE sign-in. */
export { customerByPppLogin, isCustomersPayment, portalInvoice, portalInvoicePage, portalMoney, portalPaymentPage, portalSubscriptions, type PortalInvoiceDetailRaw, type PortalInvoiceRowRaw, type PortalMoney, type PortalPaymentRowRaw, type PortalSubscriptionRow } from './portal-reads';
/** What the isolation page reads: the isolated subscriptions' logins, and whose a PPPoE login is. */
export { isolatedLogins, subscriptionByLogin, type SubscriptionLogin } from './isolation-reads';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['plans', 'subscriptions', 'invoices', 'invoice_lines', 'payments', 'ledger_entries', 'allocations', 'billing_periods', 'scheduled_changes', 'subscription_terms'];
