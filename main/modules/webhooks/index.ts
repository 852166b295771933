// Public entry of the webhooks module (issue 15): the only file other modules and the composition root import.

/** The module (handlers, the domain-event subscriber writing the outbox, the delivery worker). */
export { createWebhooksModule, type WebhooksDeps, type WebhooksModule } from './module';
/** Standard Webhooks signing (tests and the docs use the same function). */
export { signature, webhookHeaders } from './sign';
export { isPublicAddress, type Destination } from './guard';
export { RETRY_DELAYS_MS, MAX_ATTEMPTS, DISABLE_AFTER_MS } from './worker';
/** The tables this module owns. */
export const TABLES: readonly string[] = ['webhook_endpoints', 'webhook_events', 'webhook_deliveries', 'webhook_attempts'];
