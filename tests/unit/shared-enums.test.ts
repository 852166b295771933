import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { WA_INBOUND_HANDLING, WA_KINDS, WA_MESSAGE_STATES, WA_TEMPLATE_EVENTS } from '../../shared/contract/whatsapp';
import { WEBHOOK_DELIVERY_STATES } from '../../shared/contract/webhooks';
import {
  ANCHORS,
  BILLING_MODES,
  INVOICE_KINDS,
  INVOICE_STATUSES,
  ISOLATION_REASONS,
  PAYMENT_KINDS,
  PAYMENT_METHODS,
  SCHEDULED_ACTIONS,
  SUBSCRIPTION_STATUSES,
  type SubscriptionDto,
  type InvoiceDto,
  type PaymentDto,
} from '../../shared/contract/billing';
import { CUSTOMER_STATUSES, LEDGER_KINDS, type CustomerDto, type LedgerEntryDto } from '../../shared/contract/customers';
import { JOB_RUN_STATUSES, JOB_TRIGGERS, USER_STATUSES, type JobRunDto, type UserDto } from '../../shared/contract/dto';
import { ROUTER_JOB_STATUSES, type RouterJobDto } from '../../shared/contract/routers';
import {
  EXPIRY_ACTIONS,
  OUTLET_STOCK_MOVE_KINDS,
  VOUCHER_BATCH_STATUSES,
  VOUCHER_EXPIRY,
  VOUCHER_MODES,
  VOUCHER_STATES,
  type VoucherBatchDto,
  type VoucherDto,
  type VoucherProfileDto,
} from '../../shared/contract/vouchers';
import { PAPERS } from '../../shared/contract/voucher-templates';
import { HANDOVER_STATES } from '../../shared/contract/collections';
import { ATTEMPT_EVENT_SOURCES, ATTEMPT_PURPOSES, ATTEMPT_STATES, FEE_BEARERS, GATEWAY_ENVS, GATEWAY_FLAVOURS, GATEWAYS, PAYMENT_LINK_KINDS, REVIEW_REASONS, SIGNATURE_SCHEMES } from '../../shared/contract/payments';
import { ROLES } from '../../shared/permissions';
import { TICKET_CATEGORIES, TICKET_NOTE_EVENTS, TICKET_PHOTO_MIMES, TICKET_STATES, TICKET_VIA } from '../../shared/contract/tickets';
import { PORTAL_CODE_PURPOSES, PORTAL_LANGS, PORTAL_SESSION_VIA } from '../../shared/contract/portal';
import type { InvoiceRow, LedgerRow, PaymentRow, SubscriptionRow } from '../../main/modules/billing/entities';
import type { CustomerRow } from '../../main/modules/customers/entity';
import type { User } from '../../main/modules/auth/entities';
import type { JobRun } from '../../main/modules/jobs/entities';
import type { RouterJobRow } from '../../main/modules/routers/outbox/entity';
import type { VoucherBatchRow, VoucherProfileRow, VoucherRow } from '../../main/modules/vouchers/entities';

/**
 * The shared enums (shared/) against the database. Migrations are history and stay as written; the
 * snapshot (migrations.test.ts holds it to what the migrations make) says what the columns accept now.
 */
const SNAPSHOT = fs.readFileSync(path.join(__dirname, '../../migrations/schema.snapshot.sql'), 'utf8');

/** Every `col TEXT … CHECK (col IN ('a','b'))` of every table: "table.column" → its values. */
function checkLists(sql: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of sql.matchAll(/^CREATE TABLE "?(\w+)"? \((.*)\);?$/gm)) {
    for (const c of t[2]!.matchAll(/(?:^|[(,])\s*(\w+) TEXT\b[^,]*?CHECK \((\w+) IN \(([^)]*)\)\)/g)) {
      if (c[1] !== c[2]) continue;
      const values = [...c[3]!.matchAll(/'([^']*)'/g)].map((v) => v[1]!);
      if (values.length > 0) out.set(`${t[1]}.${c[1]}`, values);
    }
  }
  return out;
}

const SHARED: Record<string, readonly string[]> = {
  'customers.status': CUSTOMER_STATUSES,
  'subscriptions.status': SUBSCRIPTION_STATUSES,
  'subscriptions.anchor': ANCHORS,
  'subscriptions.billing_mode': BILLING_MODES,
  'subscriptions.isolation_reason': ISOLATION_REASONS,
  'scheduled_changes.action': SCHEDULED_ACTIONS,
  'invoices.status': INVOICE_STATUSES,
  'invoices.kind': INVOICE_KINDS,
  'payments.method': PAYMENT_METHODS,
  'payments.kind': PAYMENT_KINDS,
  'ledger_entries.kind': LEDGER_KINDS,
  'users.status': USER_STATUSES,
  'users.role': ROLES,
  'job_runs.status': JOB_RUN_STATUSES,
  'job_runs.trigger': JOB_TRIGGERS,
  'router_jobs.status': ROUTER_JOB_STATUSES,
  'vouchers.state': VOUCHER_STATES,
  'collection_handovers.state': HANDOVER_STATES,
  'voucher_batches.status': VOUCHER_BATCH_STATUSES,
  'voucher_batches.mode': VOUCHER_MODES,
  'voucher_profiles.expiry_action': EXPIRY_ACTIONS,
  'voucher_profiles.expiry': VOUCHER_EXPIRY,
  'voucher_templates.paper': PAPERS,
  'outlet_stock_moves.kind': OUTLET_STOCK_MOVE_KINDS,
  'payment_accounts.gateway': GATEWAYS,
  'payment_accounts.env': GATEWAY_ENVS,
  'payment_accounts.signature_scheme': SIGNATURE_SCHEMES,
  'payment_accounts.flavour': GATEWAY_FLAVOURS,
  'payment_accounts.fee_bearer': FEE_BEARERS,
  'payment_attempts.purpose': ATTEMPT_PURPOSES,
  'payment_attempts.state': ATTEMPT_STATES,
  'payment_attempts.review_reason': REVIEW_REASONS,
  'payment_attempt_events.from_state': ATTEMPT_STATES,
  'payment_attempt_events.to_state': ATTEMPT_STATES,
  'payment_attempt_events.source': ATTEMPT_EVENT_SOURCES,
  'payment_links.kind': PAYMENT_LINK_KINDS,
  'wa_messages.kind': WA_KINDS,
  'wa_messages.state': WA_MESSAGE_STATES,
  'webhook_deliveries.state': WEBHOOK_DELIVERY_STATES,
  'wa_inbound.handling': WA_INBOUND_HANDLING,
  'wa_templates.event': WA_TEMPLATE_EVENTS,
  'wa_templates.lang': ['id', 'en'],
  'tickets.category': TICKET_CATEGORIES,
  'tickets.state': TICKET_STATES,
  'tickets.via': TICKET_VIA,
  'ticket_notes.event': TICKET_NOTE_EVENTS,
  'ticket_notes.from_state': TICKET_STATES,
  'ticket_notes.to_state': TICKET_STATES,
  'ticket_photos.mime': TICKET_PHOTO_MIMES,
  'portal_sessions.via': PORTAL_SESSION_VIA,
  'portal_codes.purpose': PORTAL_CODE_PURPOSES,
  'portal_prefs.language': PORTAL_LANGS,
};

/** Enum columns main keeps to itself (no DTO or zod schema shows them): nothing in shared/ to hold against. */
const MAIN_ONLY = new Set([
  'subscription_terms.event', // TermsEvent, main/modules/billing/terms.ts
  'scheduled_changes.status', // read only by main/modules/billing/scheduled.ts
]);

describe('shared enums and the database', () => {
  const checks = checkLists(SNAPSHOT);

  it('reads the CHECK lists of the snapshot', () => {
    // A parser that finds nothing would pass every comparison below.
    expect(checks.get('subscriptions.status')).toEqual(['pending', 'active', 'isolated', 'paused', 'terminated']);
    expect(checks.size).toBeGreaterThanOrEqual(Object.keys(SHARED).length);
  });

  it.each(Object.entries(SHARED))('%s accepts exactly the shared enum', (column, values) => {
    expect(checks.has(column), `no CHECK (… IN …) on ${column} in the schema snapshot`).toBe(true);
    expect([...values].sort()).toEqual([...checks.get(column)!].sort());
    expect(new Set(values).size).toBe(values.length);
  });

  it('every enum column of the database has its list in shared/ (or is named as main-only)', () => {
    const unmapped = [...checks.keys()].filter((c) => !(c in SHARED) && !MAIN_ONLY.has(c));
    expect(unmapped).toEqual([]);
    expect([...MAIN_ONLY].filter((c) => !checks.has(c))).toEqual([]);
  });

  it('entity rows and DTOs use the shared types (checked by tsc)', () => {
    expectTypeOf<CustomerRow['status']>().toEqualTypeOf<CustomerDto['status']>();
    expectTypeOf<SubscriptionRow['status']>().toEqualTypeOf<SubscriptionDto['status']>();
    expectTypeOf<SubscriptionRow['anchor']>().toEqualTypeOf<SubscriptionDto['anchor']>();
    expectTypeOf<SubscriptionRow['billingMode']>().toEqualTypeOf<SubscriptionDto['billingMode']>();
    expectTypeOf<SubscriptionRow['isolationReason']>().toEqualTypeOf<SubscriptionDto['isolationReason']>();
    expectTypeOf<InvoiceRow['status']>().toEqualTypeOf<InvoiceDto['status']>();
    expectTypeOf<InvoiceRow['kind']>().toEqualTypeOf<InvoiceDto['kind']>();
    expectTypeOf<PaymentRow['method']>().toEqualTypeOf<PaymentDto['method']>();
    expectTypeOf<LedgerRow['kind']>().toEqualTypeOf<LedgerEntryDto['kind']>();
    expectTypeOf<User['status']>().toEqualTypeOf<UserDto['status']>();
    expectTypeOf<User['role']>().toEqualTypeOf<UserDto['role']>();
    expectTypeOf<JobRun['status']>().toEqualTypeOf<JobRunDto['status']>();
    expectTypeOf<JobRun['trigger']>().toEqualTypeOf<JobRunDto['trigger']>();
    expectTypeOf<RouterJobRow['status']>().toEqualTypeOf<RouterJobDto['status']>();
    expectTypeOf<VoucherRow['state']>().toEqualTypeOf<VoucherDto['state']>();
    expectTypeOf<VoucherBatchRow['status']>().toEqualTypeOf<VoucherBatchDto['status']>();
    expectTypeOf<VoucherBatchRow['mode']>().toEqualTypeOf<VoucherBatchDto['mode']>();
    expectTypeOf<VoucherProfileRow['expiryAction']>().toEqualTypeOf<VoucherProfileDto['expiryAction']>();
    expectTypeOf<VoucherProfileRow['expiry']>().toEqualTypeOf<VoucherProfileDto['expiry']>();
  });
});
