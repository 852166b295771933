import { EntitySchema } from 'typeorm';
import type { HandoverState } from '../../../shared/contract/collections';

/** An area a collector covers (customers carry the same free-text `area`). */
export interface CollectorAreaRow {
  userId: number;
  area: string;
}

export const CollectorAreaEntity = new EntitySchema<CollectorAreaRow>({
  name: 'CollectorArea',
  tableName: 'collector_areas',
  columns: {
    userId: { type: 'integer', name: 'user_id', primary: true },
    area: { type: 'text', primary: true },
  },
});

/** A collector handing cash over at the office. */
export interface HandoverRow {
  id: number;
  number: string;
  collectorId: number;
  state: HandoverState;
  amount: number;
  count: number;
  counted: number | null;
  note: string;
  createdAt: string;
  createdBy: number | null;
  decidedAt: string | null;
  decidedBy: number | null;
}

export const HandoverEntity = new EntitySchema<HandoverRow>({
  name: 'CollectionHandover',
  tableName: 'collection_handovers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    number: { type: 'text', unique: true },
    collectorId: { type: 'integer', name: 'collector_id' },
    state: { type: 'text' },
    amount: { type: 'integer' },
    count: { type: 'integer' },
    counted: { type: 'integer', nullable: true },
    note: { type: 'text', default: '' },
    createdAt: { type: 'text', name: 'created_at' },
    createdBy: { type: 'integer', name: 'created_by', nullable: true },
    decidedAt: { type: 'text', name: 'decided_at', nullable: true },
    decidedBy: { type: 'integer', name: 'decided_by', nullable: true },
  },
});

/** A cash payment a collector took (billing's payment, seen through its payment.received event). */
export interface FieldPaymentRow {
  paymentId: number;
  collectorId: number;
  customerId: number;
  amount: number;
  receivedAt: string;
  /** Office-local date. */
  day: string;
  reversedAt: string | null;
  handoverId: number | null;
}

export const FieldPaymentEntity = new EntitySchema<FieldPaymentRow>({
  name: 'CollectionPayment',
  tableName: 'collection_payments',
  columns: {
    paymentId: { type: 'integer', name: 'payment_id', primary: true },
    collectorId: { type: 'integer', name: 'collector_id' },
    customerId: { type: 'integer', name: 'customer_id' },
    amount: { type: 'integer' },
    receivedAt: { type: 'text', name: 'received_at' },
    day: { type: 'text' },
    reversedAt: { type: 'text', name: 'reversed_at', nullable: true },
    handoverId: { type: 'integer', name: 'handover_id', nullable: true },
  },
});
