// Public entry of the customers module: the only file other modules and the composition root import.

/** Handlers for the customer screens. */
export { createCustomersModule } from './module';
/** customers.update's in-transaction hook (the root registers billing's on it). */
export type { CustomerUpdateHook, CustomersModule } from './module';
/** Rebuilds one customer's search text (billing calls it when a subscription changes what is searchable). */
export { refreshSearch } from './search';
/** Any common way of writing a phone number in E.164 (Indonesia by default); the voucher shop reads its buyers' numbers with it. */
export { toE164 } from './phone';
/** Customers' WhatsApp numbers and opt-in (the WhatsApp module through the root). */
export { customerByWhatsApp, customersForMessages, customerWhatsApp, setWhatsAppOptIn, type CustomerWhatsApp } from './whatsapp';
/** Inserts customers with fresh numbers (billing's Mikhmon/PPP adoption creates customers). */
export { insertCustomers } from './service';
/** The customers a field collector visits: assigned to them, or in their areas (issue 14). */
export { routeCustomers, type RouteCustomer } from './route-reads';
/** Table schemas, listed by the composition root. */
export { CustomerEntity } from './entity';
/** Reads of the customers table for other modules: labels, lookups, and SQL fragments for their list filters and sorts. */
export { activeCustomerCount, customerById, customerByNumber, customerContact, customerLabels, customerSql, type CustomerLabel } from './queries';
/** The customer portal's reads and writes of a customer: who signs in with a number or phone, the profile, a proven new WhatsApp number. */
export { portalCustomer, portalCustomerByLogin, setPortalWhatsApp, type PortalCustomer } from './portal-reads';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['customers'];
