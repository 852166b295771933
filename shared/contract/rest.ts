import type { Method } from './index';

/*
 * The public REST API (issue 15): resource-style routes under /api/v1, each exactly one contract method — the
 * same zod input (path parameters, query string and JSON body merged into it), the same permission (an API key's
 * scopes, bounded by its user's role), the same audit entry and the same errors. The OpenAPI document is generated
 * from this table and the contract's zod schemas (main/http/openapi.ts).
 */

export type RestVerb = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RestRoute {
  verb: RestVerb;
  /** OpenAPI-style path under /api/v1, e.g. `/subscriptions/{id}/isolate`; each `{param}` is a field of the method's input. */
  path: string;
  method: Method;
  /** A list: `paged` maps `limit`/`cursor` onto the method's page/pageSize; `all` returns every item at once. */
  list?: 'paged' | 'all';
  /** Groups the docs (OpenAPI tag). */
  tag: string;
  summary: string;
}

const r = (verb: RestVerb, path: string, method: Method, tag: string, summary: string, list?: 'paged' | 'all'): RestRoute => ({ verb, path, method, tag, summary, ...(list ? { list } : {}) });

/** Every exposed method, once. Order matters only for the docs; express matches literal segments before `{id}` because they are registered first. */
export const REST_ROUTES: readonly RestRoute[] = [
  // Customers
  r('GET', '/customers', 'customers.list', 'Customers', 'List customers (search and filters)', 'paged'),
  r('POST', '/customers', 'customers.create', 'Customers', 'Add a customer'),
  r('GET', '/customers/{id}', 'customers.get', 'Customers', 'A customer with their subscriptions and balance'),
  r('PATCH', '/customers/{id}', 'customers.update', 'Customers', "Change a customer's profile (send every required field)"),
  r('POST', '/customers/{id}/status', 'customers.setStatus', 'Customers', 'Set a customer active or inactive'),
  r('GET', '/customers/{id}/ledger', 'customers.ledger', 'Customers', "A customer's ledger with the running balance", 'paged'),
  // Plans
  r('GET', '/plans', 'plans.list', 'Plans', 'List plans', 'all'),
  r('POST', '/plans', 'plans.create', 'Plans', 'Add a plan'),
  r('PATCH', '/plans/{id}', 'plans.update', 'Plans', 'Change a plan (send every required field)'),
  r('POST', '/plans/{id}/active', 'plans.setActive', 'Plans', 'Archive a plan or make it available again'),
  // Subscriptions
  r('GET', '/subscriptions', 'subscriptions.list', 'Subscriptions', 'List PPPoE subscriptions', 'paged'),
  r('POST', '/subscriptions', 'subscriptions.create', 'Subscriptions', 'Add a PPPoE subscription (activated unless activate=false)'),
  r('GET', '/subscriptions/{id}', 'subscriptions.get', 'Subscriptions', 'A subscription with its timeline'),
  r('PATCH', '/subscriptions/{id}', 'subscriptions.update', 'Subscriptions', "Change a subscription's terms or password"),
  r('POST', '/subscriptions/{id}/activate', 'subscriptions.activate', 'Subscriptions', 'Activate'),
  r('POST', '/subscriptions/{id}/change-plan', 'subscriptions.changePlan', 'Subscriptions', 'Move to another plan'),
  r('POST', '/subscriptions/{id}/pause', 'subscriptions.pause', 'Subscriptions', 'Pause'),
  r('POST', '/subscriptions/{id}/resume', 'subscriptions.resume', 'Subscriptions', 'Resume'),
  r('POST', '/subscriptions/{id}/terminate', 'subscriptions.terminate', 'Subscriptions', 'Terminate'),
  r('POST', '/subscriptions/{id}/cancel-scheduled', 'subscriptions.cancelScheduled', 'Subscriptions', 'Cancel the change scheduled for a later date'),
  r('POST', '/subscriptions/{id}/isolate', 'subscriptions.isolate', 'Subscriptions', 'Isolate (by hand)'),
  r('POST', '/subscriptions/{id}/restore', 'subscriptions.restore', 'Subscriptions', 'Restore from isolation'),
  r('POST', '/subscriptions/{id}/promise', 'subscriptions.promise', 'Subscriptions', 'Record (or clear) a promise to pay'),
  // Invoices
  r('GET', '/invoices', 'invoices.list', 'Invoices', 'List invoices', 'paged'),
  r('POST', '/invoices', 'invoices.createCharge', 'Invoices', 'A one-off charge (installation, reconnection, equipment, …)'),
  r('GET', '/invoices/{id}', 'invoices.get', 'Invoices', 'An invoice with its lines and allocations'),
  r('POST', '/invoices/{id}/void', 'invoices.void', 'Invoices', 'Void an invoice'),
  // Payments
  r('GET', '/payments', 'payments.list', 'Payments', 'List payments', 'paged'),
  r('POST', '/payments', 'payments.create', 'Payments', 'Record a payment (cash or transfer)'),
  r('GET', '/payments/{id}', 'payments.get', 'Payments', 'A payment (receipt) with its allocations'),
  r('POST', '/payments/{id}/reverse', 'payments.reverse', 'Payments', 'Reverse a payment'),
  r('POST', '/refunds', 'payments.refund', 'Payments', "Refund a customer's credit"),
  // Payment links
  r('GET', '/payment-links', 'gateway.links', 'Payment links', 'Payment links of an invoice or a customer', 'all'),
  r('POST', '/payment-links', 'gateway.createLink', 'Payment links', 'Create a payment link for an invoice or a customer'),
  r('DELETE', '/payment-links/{id}', 'gateway.revokeLink', 'Payment links', 'Revoke a payment link'),
  // Vouchers
  r('GET', '/voucher-profiles', 'vouchers.profiles', 'Vouchers', 'List voucher profiles', 'all'),
  r('POST', '/voucher-profiles', 'vouchers.createProfile', 'Vouchers', 'Add a voucher profile'),
  r('PATCH', '/voucher-profiles/{id}', 'vouchers.updateProfile', 'Vouchers', 'Change a voucher profile (send every required field)'),
  r('POST', '/voucher-profiles/{id}/active', 'vouchers.setProfileActive', 'Vouchers', 'Archive a voucher profile or make it available again'),
  r('GET', '/voucher-batches', 'vouchers.batches', 'Vouchers', 'List voucher batches', 'paged'),
  r('POST', '/voucher-batches', 'vouchers.generate', 'Vouchers', 'Generate a batch of vouchers'),
  r('POST', '/voucher-sales', 'vouchers.sell', 'Vouchers', 'Sell vouchers of a profile (counter sale)'),
  r('GET', '/vouchers', 'vouchers.list', 'Vouchers', 'List vouchers', 'paged'),
  r('GET', '/vouchers/lookup', 'vouchers.lookup', 'Vouchers', 'Look a voucher up by its code (?code=)'),
  r('POST', '/vouchers/{id}/extend', 'vouchers.extend', 'Vouchers', "Extend a voucher's validity"),
  r('POST', '/vouchers/{id}/disable', 'vouchers.disable', 'Vouchers', 'Disable a voucher'),
  r('POST', '/vouchers/{id}/enable', 'vouchers.enable', 'Vouchers', 'Enable a voucher again'),
  // Routers (read only)
  r('GET', '/routers', 'routers.list', 'Routers', 'List routers', 'all'),
  r('GET', '/routers/status', 'routers.status', 'Routers', 'Live status of every router', 'all'),
  // Trouble tickets
  r('GET', '/tickets', 'tickets.list', 'Tickets', 'List trouble tickets', 'paged'),
  r('POST', '/tickets', 'tickets.create', 'Tickets', 'Open a trouble ticket for a customer'),
  r('GET', '/tickets/{id}', 'tickets.get', 'Tickets', 'A ticket with its notes'),
  r('GET', '/tickets/{id}/photo', 'tickets.photo', 'Tickets', "A ticket's photo (base64), or null"),
  r('POST', '/tickets/{id}/assign', 'tickets.assign', 'Tickets', 'Assign a ticket (userId null: nobody)'),
  r('POST', '/tickets/{id}/notes', 'tickets.note', 'Tickets', 'Add a note to a ticket'),
  r('POST', '/tickets/{id}/state', 'tickets.setState', 'Tickets', 'Move a ticket to another state'),
];

/** The methods the REST API exposes. */
export const REST_METHODS: readonly Method[] = REST_ROUTES.map((x) => x.method);

/** Path parameters of a route (`/a/{id}/b` → ['id']). */
export const pathParams = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Default and largest `limit` of a paged list. */
export const REST_DEFAULT_LIMIT = 50;
export const REST_MAX_LIMIT = 200;
