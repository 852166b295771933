import type { EntitySchema } from 'typeorm';
import { AuditEntity } from '../modules/audit';
import { SessionEntity, UserEntity } from '../modules/auth';
import { InvoiceEntity, InvoiceLineEntity, LedgerEntity, PaymentEntity, PlanEntity, SubscriptionEntity } from '../modules/billing';
import { CounterEntity } from '../core/counters';
import { CustomerEntity } from '../modules/customers';
import { JobRunEntity, JobStateEntity } from '../modules/jobs';
import { RouterEntity, RouterJobEntity } from '../modules/routers';
import { SettingEntity } from '../modules/settings';
import { OutletEntity, VoucherBatchEntity, VoucherEntity, VoucherProfileEntity, VoucherTemplateEntity } from '../modules/vouchers';

/** Every module's entities. A module that adds tables adds its schemas here and a migration. */
export const ENTITIES: EntitySchema[] = [UserEntity, SessionEntity, SettingEntity, AuditEntity, JobRunEntity, JobStateEntity, RouterEntity, RouterJobEntity, CounterEntity, CustomerEntity, PlanEntity, SubscriptionEntity, InvoiceEntity, InvoiceLineEntity, PaymentEntity, LedgerEntity, VoucherProfileEntity, VoucherBatchEntity, VoucherEntity, OutletEntity, VoucherTemplateEntity] as EntitySchema[];
