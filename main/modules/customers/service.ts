import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { CustomerDto, customerInputSchema } from '../../../shared/contract/customers';
import { AppError } from '../../../shared/errors';
import { nextNumber, pad } from '../../core/counters';
import type { DomainEvents } from '../../core/domain-events';
import type { DomainEventData } from '../../../shared/events';
import { CustomerEntity, type CustomerRow, type CustomerStatus } from './entity';
import { normalisePhone } from './phone';
import { refreshSearch } from './search';
import { userNames } from '../auth';
import { liveSubscriptionCount } from '../billing';

export type CustomerInputData = z.output<typeof customerInputSchema>;
/** The editable columns of a customer, cleaned (phones in E.164). */
export type CustomerFields = Omit<CustomerRow, 'id' | 'number' | 'status' | 'search' | 'createdAt' | 'updatedAt'>;

/** One customer row as raw SQL returns it, with the collector's name. */
export interface CustomerRaw {
  id: number;
  number: string;
  name: string;
  phone: string | null;
  whatsapp: string | null;
  wa_opt_in: number;
  address: string;
  area: string;
  lat: number | null;
  lng: number | null;
  id_number: string;
  npwp: string;
  notes: string;
  status: CustomerStatus;
  collector_id: number | null;
  collector_name: string | null;
  created_at: string;
  updated_at: string;
}

/** The columns of CustomerRaw but the collector's name (withCollectorNames adds it from the auth module). */
export const CUSTOMER_COLUMNS = `c.id, c.number, c.name, c.phone, c.whatsapp, c.wa_opt_in, c.address, c.area, c.lat, c.lng, c.id_number, c.npwp,
  c.notes, c.status, c.collector_id, c.created_at, c.updated_at`;
export const CUSTOMER_FROM = 'customers c';

/** Rows of CUSTOMER_COLUMNS with their collector's name: one users lookup for all of them. */
export async function withCollectorNames(em: EntityManager, rows: Omit<CustomerRaw, 'collector_name'>[]): Promise<CustomerRaw[]> {
  const names = await userNames(em, rows.map((r) => r.collector_id));
  return rows.map((r) => ({ ...r, collector_name: r.collector_id === null ? null : (names.get(r.collector_id) ?? null) }));
}

export function toCustomerDto(r: CustomerRaw): CustomerDto {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    phone: r.phone,
    whatsapp: r.whatsapp,
    waOptIn: Boolean(r.wa_opt_in),
    address: r.address,
    area: r.area,
    lat: r.lat,
    lng: r.lng,
    idNumber: r.id_number,
    npwp: r.npwp,
    notes: r.notes,
    status: r.status,
    collectorId: r.collector_id,
    collectorName: r.collector_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function customerDto(em: EntityManager, id: number): Promise<CustomerDto> {
  const [row] = await withCollectorNames(em, (await em.query(`SELECT ${CUSTOMER_COLUMNS} FROM ${CUSTOMER_FROM} WHERE c.id = ?`, [id])) as CustomerRaw[]);
  if (!row) throw new AppError('not_found', 'Customer not found', { id });
  return toCustomerDto(row);
}

export async function customerRow(em: EntityManager, id: number): Promise<CustomerRow> {
  const row = await em.getRepository(CustomerEntity).findOneBy({ id });
  if (!row) throw new AppError('not_found', 'Customer not found', { id });
  return row;
}

/** Phones to E.164 and the collector checked. Throws the error of the first bad field. */
export async function cleanFields(em: EntityManager, input: CustomerInputData): Promise<CustomerFields> {
  const phone = normalisePhone(input.phone, 'phone');
  const whatsapp = normalisePhone(input.whatsapp, 'whatsapp');
  if (input.collectorId !== null) {
    if (!(await userNames(em, [input.collectorId])).has(input.collectorId)) throw new AppError('not_found', 'The chosen collector does not exist', { field: 'collectorId' });
  }
  return {
    name: input.name,
    phone,
    whatsapp,
    waOptIn: input.waOptIn,
    address: input.address,
    area: input.area,
    lat: input.lat,
    lng: input.lng,
    idNumber: input.idNumber,
    npwp: input.npwp,
    notes: input.notes,
    collectorId: input.collectorId,
  };
}

export const formatNumber = (prefix: string, n: number): string => `${prefix}${pad(n, 6)}`;

/**
 * Inserts customers in order with consecutive numbers taken from the gap-free counter (in the caller's
 * transaction, so a rollback gives the numbers back), publishing customer.created for each. Returns the new ids
 * in the same order.
 */
export async function insertCustomers(
  em: EntityManager,
  rows: CustomerFields[],
  prefix: string,
  now: Date,
  events: DomainEvents,
  source: DomainEventData['customer.created']['source'],
): Promise<{ id: number; number: string }[]> {
  if (rows.length === 0) return [];
  const first = await nextNumber(em, 'customer', rows.length);
  const at = now.toISOString();
  const out: { id: number; number: string }[] = [];
  for (const [i, f] of rows.entries()) {
    const number = formatNumber(prefix, first + i);
    const [inserted] = (await em.query(
      `INSERT INTO customers (number, name, phone, whatsapp, wa_opt_in, address, area, lat, lng, id_number, npwp, notes, status, collector_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?) RETURNING id`,
      [number, f.name, f.phone, f.whatsapp, f.waOptIn ? 1 : 0, f.address, f.area, f.lat, f.lng, f.idNumber, f.npwp ?? '', f.notes, f.collectorId, at, at],
    )) as { id: number }[];
    if (!inserted) throw new Error(`customer ${number} was not inserted`);
    await refreshSearch(em, inserted.id);
    await events.publish(em, 'customer.created', { customerId: inserted.id, number, source }, now);
    out.push({ id: inserted.id, number });
  }
  return out;
}

/** Field names whose value differs, for the audit details of an edit. */
export function changedFields(before: CustomerRow, after: CustomerFields): string[] {
  return (Object.keys(after) as (keyof CustomerFields)[]).filter((k) => String(before[k] ?? '') !== String(after[k] ?? ''));
}

/** Subscriptions that still give service (not terminated) block deactivating a customer. */
export async function liveServiceCount(em: EntityManager, customerId: number): Promise<number> {
  return liveSubscriptionCount(em, customerId);
}
