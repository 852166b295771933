import type { EntitySchema } from 'typeorm';
import { SessionEntity, UserEntity } from '../modules/auth/entities';
import { SettingEntity } from '../modules/settings/entity';
import { AuditEntity } from '../modules/audit/entity';
import { JobRunEntity, JobStateEntity } from '../modules/jobs/entities';
import { RouterEntity } from '../modules/routers/entity';
import { RouterJobEntity } from '../modules/routers/outbox/entity';
import { CounterEntity, CustomerEntity } from '../modules/customers/entity';
import { OutletEntity, VoucherBatchEntity, VoucherEntity, VoucherProfileEntity } from '../modules/vouchers/entities';
import { VoucherTemplateEntity } from '../modules/vouchers/templates-entity';
import { InvoiceEntity, InvoiceLineEntity, LedgerEntity, PaymentEntity, PlanEntity, SubscriptionEntity } from '../modules/billing/entities';

/** Every module's entities. A module that adds tables adds its schemas here and a migration. */
export const ENTITIES: EntitySchema[] = [UserEntity, SessionEntity, SettingEntity, AuditEntity, JobRunEntity, JobStateEntity, RouterEntity, RouterJobEntity, CounterEntity, CustomerEntity, PlanEntity, SubscriptionEntity, InvoiceEntity, InvoiceLineEntity, PaymentEntity, LedgerEntity, VoucherProfileEntity, VoucherBatchEntity, VoucherEntity, OutletEntity, VoucherTemplateEntity] as EntitySchema[];
