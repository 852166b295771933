import type { SqlMigrationClass } from '../main/core/migration';
import { Spine } from './1764043200000-Spine';
import { Routers } from './1764100000000-Routers';
import { Billing } from './1764200000000-Billing';
import { Vouchers } from './1764300000000-Vouchers';
import { VoucherTemplates } from './1764400000000-VoucherTemplates';
import { OutletStock } from './1764500000000-OutletStock';
import { BillingTruth } from './1764600000000-BillingTruth';
import { LoginGuard } from './1764700000000-LoginGuard';
import { VoucherExpiryOwner } from './1764800000000-VoucherExpiryOwner';
import { Payments } from './1764900000000-Payments';
import { PaymentLinks } from './1765000000000-PaymentLinks';
import { VoucherShop } from './1765200000000-VoucherShop';
import { AttemptVoucher } from './1765200000001-AttemptVoucher';
import { WhatsApp } from './1765300000000-WhatsApp';
import { Portal } from './1765400000000-Portal';
import { Tickets } from './1765400000100-Tickets';
import { PppUsage } from './1765400000300-PppUsage';
import { Collections } from './1765400000400-Collections';
import { WaKinds } from './1765400000900-WaKinds';
import { Webhooks } from './1765500000000-Webhooks';
import { ApiKeys } from './1765500000100-ApiKeys';

/**
 * Append-only, in order. Never edit a migration that has shipped: add a new one. A new migration starts with a
 * `// module: <name>` line and changes only that module's tables (its index.ts `TABLES`; `core` for core's):
 * tests/unit/table-ownership.test.ts checks it.
 */
export const MIGRATIONS: SqlMigrationClass[] = [Spine, Routers, Billing, Vouchers, VoucherTemplates, OutletStock, BillingTruth, LoginGuard, VoucherExpiryOwner, Payments, PaymentLinks, VoucherShop, AttemptVoucher, WhatsApp, Portal, Tickets, PppUsage, Collections, WaKinds, Webhooks, ApiKeys];
