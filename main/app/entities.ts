import type { EntitySchema } from 'typeorm';
import { AuditEntity } from '../modules/audit';
import { SessionEntity, UserEntity } from '../modules/auth';
import { InvoiceEntity, InvoiceLineEntity, LedgerEntity, PaymentEntity, PlanEntity, SubscriptionEntity } from '../modules/billing';
import { CounterEntity } from '../core/counters';
import { CustomerEntity } from '../modules/customers';
import { CollectorAreaEntity, FieldPaymentEntity, HandoverEntity } from '../modules/collections';
import { JobRunEntity, JobStateEntity } from '../modules/jobs';
import { PppUsageEntity, RouterEntity, RouterJobEntity } from '../modules/routers';
import { PortalCodeEntity, PortalPrefEntity, PortalSessionEntity } from '../modules/portal';
import { SettingEntity } from '../modules/settings';
import { TicketEntity, TicketNoteEntity, TicketPhotoEntity } from '../modules/tickets';
import { OutletEntity, VoucherBatchEntity, VoucherEntity, VoucherProfileEntity, VoucherTemplateEntity } from '../modules/vouchers';

/** Every module's entities. A module that adds tables adds its schemas here and a migration. */
export const ENTITIES: EntitySchema[] = [UserEntity, SessionEntity, SettingEntity, AuditEntity, JobRunEntity, JobStateEntity, RouterEntity, RouterJobEntity, PppUsageEntity, CounterEntity, CustomerEntity, PlanEntity, SubscriptionEntity, InvoiceEntity, InvoiceLineEntity, PaymentEntity, LedgerEntity, VoucherProfileEntity, VoucherBatchEntity, VoucherEntity, OutletEntity, VoucherTemplateEntity, CollectorAreaEntity, HandoverEntity, FieldPaymentEntity, TicketEntity, TicketNoteEntity, TicketPhotoEntity, PortalSessionEntity, PortalCodeEntity, PortalPrefEntity] as EntitySchema[];
