import { EntitySchema } from 'typeorm';
import type { CustomerStatus } from '../../../shared/contract/customers';

// Declared once in shared/contract/customers.ts; re-exported for main's modules.
export type { CustomerStatus };

export interface CustomerRow {
  id: number;
  /** Office sequence, e.g. PLG-000123. */
  number: string;
  name: string;
  /** E.164 (+6281234567890) or null. */
  phone: string | null;
  whatsapp: string | null;
  waOptIn: boolean;
  address: string;
  /** Area / RT-RW, free text chosen by the office. */
  area: string;
  lat: number | null;
  lng: number | null;
  idNumber: string;
  /** Tax number (NPWP), printed on invoices. */
  npwp: string;
  notes: string;
  status: CustomerStatus;
  collectorId: number | null;
  /** Lower-cased name, number, phones, address and PPPoE usernames, for instant search. */
  search: string;
  createdAt: string;
  updatedAt: string;
}

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    number: { type: 'text', unique: true },
    name: { type: 'text' },
    phone: { type: 'text', nullable: true },
    whatsapp: { type: 'text', nullable: true },
    waOptIn: { type: 'boolean', name: 'wa_opt_in', default: false },
    address: { type: 'text', default: '' },
    area: { type: 'text', default: '' },
    lat: { type: 'real', nullable: true },
    lng: { type: 'real', nullable: true },
    idNumber: { type: 'text', name: 'id_number', default: '' },
    npwp: { type: 'text', default: '' },
    notes: { type: 'text', default: '' },
    status: { type: 'text' },
    collectorId: { type: 'integer', name: 'collector_id', nullable: true },
    search: { type: 'text', default: '' },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});
