// Public entry of the payments module (online payments through a gateway, issue 12): the only file other
// modules and the composition root import.

/** Handlers, the polling job and the callback route the root wires in. */
export { createPaymentsModule, type PaymentsModule, type PaymentsOptions } from './module';
export { PaymentService, type PaymentsDeps } from './service';
export type { ShopOptions } from './shop';
/** The gateway adapters (pure protocol) and their interface. */
export { createGateway, defaultFetch, GatewayError, WebhookRejected, type GatewayAccount, type HttpFetch, type PaymentGateway, type StatusResult, type WebhookEvent } from './gateways';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['payment_accounts', 'payment_attempts', 'payment_attempt_events', 'payment_callbacks', 'payment_links', 'payment_link_keys'];
