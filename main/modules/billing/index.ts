// Public entry of the billing module: the only file other modules and the composition root import.

/** Handlers, jobs and the billing run the root wires in. */
export { createBillingModule, type BillingModule } from './module';
/** What subscriptions want on each router (a reconciler provider, added by the root). */
export { subscriptionsDesired } from './desired';
/** Subscription DTOs and their per-role view (the customer detail screen shows a customer's subscriptions). */
export { forViewer, subscriptionDtos } from './dto';
/** Table schemas, listed by the composition root. */
export { InvoiceEntity, InvoiceLineEntity, LedgerEntity, PaymentEntity, PlanEntity, SubscriptionEntity } from './entities';
