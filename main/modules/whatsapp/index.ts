// Public entry of the whatsapp module (issue 13): the only file other modules and the composition root import.

/** The outbox's enqueue: other modules' events become messages in their own transaction. */
export { enqueue, type Enqueue } from './outbox';
/** The sender (drains the outbox carefully) and the pacing rules it follows. */
export { WaSender, type SenderDeps, type TickResult } from './sender';
/** The module (handlers, the reminders job, the channel and the sender) and what the root gives it. */
export { createWhatsAppModule, type WhatsAppDeps, type WhatsAppModule } from './module';
/** Portal sign-in codes (sent ahead of the queue). */
export { LOGIN_CODE_TTL_MS, type LoginCodePurpose } from './login-code';
export { defaultChannelFactory, type ChannelFactory } from './channels';
export type { WaCustomer, WaFacts, WaInvoiceFacts } from './facts';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['wa_messages', 'wa_inbound', 'wa_contacts', 'wa_templates', 'wa_keys'];
