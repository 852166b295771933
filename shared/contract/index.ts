import type { z } from 'zod';
import { authContract, setupContract } from './auth';
import { usersContract } from './users';
import { auditContract, backupsContract, jobsContract, settingsContract, systemContract } from './system';
import { routersContract } from './routers';
import { customersContract } from './customers';
import { vouchersContract } from './vouchers';
import { voucherImportContract } from './voucher-import';
import { voucherTemplatesContract } from './voucher-templates';
import { billingContract, invoicesContract, paymentsContract, plansContract, subscriptionsContract } from './billing';
import { gatewayContract } from './payments';
import { waContract } from './whatsapp';
import { webhooksContract } from './webhooks';
import { apiKeysContract } from './apikeys';
import { ticketsContract } from './tickets';
import { isolationContract } from './isolation';
import { collectionsContract } from './collections';
import type { OpDef } from './op';

/**
 * The one contract. Every operation the UI (or the REST API) can call is declared here once, as
 * `<domain>.<verb>`. IPC channels, HTTP routes, the preload bridge, main's handler table and the
 * renderer client are all derived from this object.
 */
export const contract = {
  ...setupContract,
  ...authContract,
  ...usersContract,
  ...settingsContract,
  ...auditContract,
  ...jobsContract,
  ...backupsContract,
  ...systemContract,
  ...routersContract,
  ...customersContract,
  ...plansContract,
  ...subscriptionsContract,
  ...invoicesContract,
  ...paymentsContract,
  ...billingContract,
  ...gatewayContract,
  ...vouchersContract,
  ...voucherTemplatesContract,
  ...voucherImportContract,
  ...waContract,
  ...webhooksContract,
  ...apiKeysContract,
  ...ticketsContract,
  ...isolationContract,
  ...collectionsContract,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export const METHODS = Object.keys(contract) as Method[];

/** What a caller sends (before defaults are applied). */
export type Input<M extends Method> = z.input<Contract[M]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = Contract[M] extends OpDef<z.ZodType, infer O> ? O : never;

/** Methods of one domain, e.g. `MethodsOf<'users'>` = 'users.list' | 'users.create' | … */
export type MethodsOf<D extends string> = Extract<Method, `${D}.${string}`>;

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export * from './dto';
export type { RouterDto, RouterLiveStatus, RouterJobDto, RouterJobCounts, RouterJobStatus, DriftItem, DriftReport } from './routers';
export { op, type Access, type OpDef } from './op';
export type * from './customers';
export type * from './billing';
export type * from './payments';
export type * from './vouchers';
export type * from './voucher-import';
export type * from './voucher-templates';
export type * from './tickets';
export type * from './collections';
export { customerInputSchema, customerFilterSchema } from './customers';
export { localDateSchema, subscriptionCreateSchema, invoiceFilterSchema } from './billing';
export { accountInputSchema, ATTEMPT_EVENT_SOURCES, ATTEMPT_PURPOSES, ATTEMPT_STATES, FEE_BEARERS, GATEWAY_ENVS, GATEWAY_FLAVOURS, GATEWAYS, REVIEW_REASONS, SIGNATURE_SCHEMES } from './payments';
export type * from './isolation';
