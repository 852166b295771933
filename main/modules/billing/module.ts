import { AppError } from '../../../shared/errors';
import { summary, type Summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, JobDefinition, ModuleContext } from '../../core/module';
import { ops } from '../routers/outbox/ops';
import type { Outbox } from '../routers/outbox/outbox';
import { BillingContext } from './context';
import { dashboard } from './dashboard';
import { enforce, overdueInvoices } from './enforce';
import { planHandlers } from './handlers-plans';
import { subscriptionHandlers } from './handlers-subscriptions';
import { invoiceHandlers } from './handlers-invoices';
import { paymentHandlers } from './handlers-payments';
import { balanceOf } from './ledger';
import { chargeLateFees, oneOffInvoice } from './charges';
import { addDays } from './engine/dates';
import { Lifecycle } from './lifecycle';
import { applyScheduled } from './scheduled';
import { revenueReport } from './revenue';
import { runInvoices, type RunResult } from './run';
import type { Scheduler } from '../jobs/scheduler';
import type { RouterService } from '../routers/service';
import { applyImport, previewImport, readRouter } from './adopt';
import { auditedWrite } from '../../core/audited-write';
import { JobRunEntity } from '../jobs/entities';
import { parseJson } from '../../core/json';

type BillingHandlers = DomainHandlers<'plans'> & DomainHandlers<'subscriptions'> & DomainHandlers<'invoices'> & DomainHandlers<'payments'> & DomainHandlers<'billing'>;

export interface BillingModule extends DomainModule<BillingHandlers> {
  /** Issue every invoice due up to today (office time). */
  runInvoices(now?: Date, signal?: AbortSignal): Promise<RunResult>;
  /** Isolate and restore by the rules, now. */
  enforce(now?: Date): Promise<{ isolated: number; restored: number; overdue: number; lateFees: number }>;
}

export function createBillingModule(m: ModuleContext, outbox: Outbox, scheduler: Scheduler, routers: RouterService): BillingModule {
  const b = new BillingContext(m, outbox);
  const life = new Lifecycle(b);

  async function run(now: Date, signal?: AbortSignal): Promise<RunResult> {
    // Changes scheduled for today (or missed while the office was closed) first: the run bills their terms.
    await applyScheduled(m.db, b, life, now);
    return runInvoices(m.db, {
      today: b.today(now),
      at: now.toISOString(),
      prefix: b.settings().invoicePrefix,
      leadDays: b.settings().prepaidLeadDays,
      taxIncluded: b.settings().pricesIncludeTax,
      finish: { roundingUnit: b.settings().roundingUnit, roundingMode: b.settings().roundingMode },
      signal,
      onProgress: (done, total, created) => m.events.emit('billing.progress', { task: 'invoices', done, total, created }),
    });
  }

  async function enforceAll(now: Date) {
    return m.db.write(async (em) => {
      const today = b.today(now);
      const lateFees = await chargeLateFees(em, b, life, today, now.toISOString());
      const r = await enforce(em, b, life, today, now.toISOString());
      return { ...r, lateFees, overdue: await overdueInvoices(em, today) };
    });
  }

  const jobs: JobDefinition[] = [
    {
      name: 'billing.invoices',
      schedule: (s) => `5 ${s.billing.invoiceHour} * * *`,
      run: async (window, signal): Promise<Summary> => {
        const r = await run(window.to, signal);
        return summary('billing.invoicesIssued', { created: r.created, total: r.total });
      },
    },
    {
      name: 'billing.enforce',
      schedule: () => '35 * * * *',
      run: async (window): Promise<Summary> => {
        // After the invoice run of the same day, so new arrears are seen.
        const r = await enforceAll(window.to);
        return summary('billing.enforced', r);
      },
    },
  ];

  const billing: DomainHandlers<'billing'> = {
    async 'billing.importPreview'(input, ctx) {
      return previewImport(ctx.em, await readRouter(routers, input.routerId));
    },

    async 'billing.importFromRouter'(input, ctx) {
      // The router is read first (no transaction waits on the network); the preview is recomputed inside the write.
      const snap = await readRouter(routers, input.routerId);
      const s = b.settings();
      return auditedWrite(m.db, ctx, async (em) => {
        const report = await applyImport(em, snap, { ...input, dueDays: s.dueDays, graceDays: s.graceDays, today: b.today(ctx.now), at: ctx.now, customerPrefix: s.customerPrefix });
        return {
          result: report,
          summary: summary('billing.imported', { name: snap.routerName, plans: report.plansCreated, customers: report.customersCreated, subscriptions: report.subscriptionsCreated }),
          details: { routerId: input.routerId, skipped: report.skipped.length },
        };
      });
    },

    async 'billing.revenue'(input, ctx) {
      return revenueReport(ctx.em, input.from, input.to, m.settings.get('locale').timezone);
    },

    async 'billing.dashboard'(_input, ctx) {
      return dashboard(ctx.em, b.today(ctx.now), m.settings.get('locale').timezone);
    },

    /** A debit becomes a one-off charge invoice (with a due date), a credit a credit note: both settle in ledger order. */
    async 'billing.adjust'(input, ctx) {
      const [c] = (await ctx.em.query('SELECT id, name FROM customers WHERE id = ?', [input.customerId])) as { id: number; name: string }[];
      if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      const today = b.today(ctx.now);
      const invoiceId = await oneOffInvoice(ctx.em, b, life, { userId: ctx.user?.id ?? null, at: ctx.now.toISOString() }, { customerId: c.id, subscriptionId: null, chargeType: input.amount < 0 ? 'credit' : 'other', amount: input.amount, text: input.reason, dueDate: addDays(today, b.settings().dueDays) });
      ctx.audit(summary('billing.adjusted', { customer: c.name, amount: input.amount, reason: input.reason }), { customerId: c.id, invoiceId });
      return { balance: await balanceOf(ctx.em, c.id) };
    },

    /** Runs the daily job now, recorded in the job history under the user's name, and waits for it. */
    async 'billing.runInvoices'(_input, ctx) {
      const started = await scheduler.trigger('billing.invoices', 'manual', ctx.user?.username ?? null);
      await scheduler.idle('billing.invoices');
      const done = await m.db.manager.getRepository(JobRunEntity).findOneByOrFail({ id: started.id });
      if (done.status !== 'succeeded') throw new AppError('internal', done.error ?? 'The invoice run did not finish');
      const p = parseJson<{ created: number; total: number }>(done.summaryParams) ?? { created: 0, total: 0 };
      return { created: p.created, total: p.total };
    },

    async 'billing.setupIsolation'(input, ctx) {
      const [r] = (await ctx.em.query('SELECT id, name, isolation_profile FROM routers WHERE id = ?', [input.routerId])) as { id: number; name: string; isolation_profile: string }[];
      if (!r) throw new AppError('not_found', `No router ${input.routerId}`);
      const s = b.settings();
      const fields: Record<string, string> = { 'address-list': s.isolationAddressList };
      if (s.isolationRateLimit) fields['rate-limit'] = s.isolationRateLimit;
      await outbox.enqueue(ctx.em, r.id, ops.pppProfile(r.isolation_profile, fields), 'billing.setupIsolation');
      ctx.audit(summary('billing.isolationSetUp', { profile: r.isolation_profile, name: r.name }), { routerId: r.id });
      return { queued: 1 };
    },
  };

  return {
    jobs,
    handlers: { ...planHandlers(b), ...subscriptionHandlers(b, life), ...invoiceHandlers(b, life), ...paymentHandlers(b, life), ...billing },
    runInvoices: (now = m.now(), signal) => run(now, signal),
    enforce: (now = m.now()) => enforceAll(now),
  };
}
