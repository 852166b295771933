import { AppError } from '../../../shared/errors';
import { summary, type Summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, JobDefinition, ModuleContext } from '../../core/module';
import { isolationProfileOf, isolationProfiles, type Outbox, repairOp, type RouterService } from '../routers';
import { customerById } from '../customers';
import { isolationProfile } from './router-effects';
import { isolationSetUp } from './desired';
import type { Settings } from '../../../shared/settings';
import type { EntityManager } from 'typeorm';
import { BillingContext } from './context';
import { dashboard } from './dashboard';
import { enforce, overdueInvoices } from './enforce';
import { planHandlers } from './handlers-plans';
import { subscriptionHandlers } from './handlers-subscriptions';
import { invoiceHandlers } from './handlers-invoices';
import { paymentHandlers } from './handlers-payments';
import { balanceOf } from './ledger';
import { chargeLateFees, oneOffInvoice } from './charges';
import { addDays } from '../../../shared/dates';
import { Lifecycle } from './lifecycle';
import { applyScheduled } from './scheduled';
import { revenueReport } from './revenue';
import { runInvoices, type RunResult } from './run';
import { jobRunById, type Scheduler } from '../jobs';
import { applyImport, previewImport, readRouter } from './adopt';
import { FailAfterCommit, staged } from '../../core/dispatcher';
import type { ParsedInput, RouterImportReport } from '../../../shared/contract';
import { parseJson } from '../../core/json';
import { recordPayment, type RecordedPayment, type RecordPaymentInput } from './record';

type BillingHandlers = DomainHandlers<'plans'> & DomainHandlers<'subscriptions'> & DomainHandlers<'invoices'> & DomainHandlers<'payments'> & DomainHandlers<'billing'>;

export interface BillingModule extends DomainModule<BillingHandlers> {
  /** Issue every invoice due up to today (office time). */
  runInvoices(now?: Date, signal?: AbortSignal): Promise<RunResult>;
  /** Isolate and restore by the rules, now. */
  enforce(now?: Date): Promise<{ isolated: number; restored: number; overdue: number; lateFees: number }>;
  /**
   * A customer was changed (customers.update, in its transaction): a new name re-labels the PPP secret of each
   * of their subscriptions that has one (its comment is `<number> <name>`), queued in the same transaction.
   */
  customerUpdated(em: EntityManager, customerId: number, changed: readonly string[], source: string): Promise<void>;
  /**
   * Money received, in the caller's transaction, exactly as payments.create records it (receipt, ledger,
   * settlement, restore of a subscription isolated for arrears); the caller audits. Online payments use it.
   */
  recordPayment(em: EntityManager, input: RecordPaymentInput): Promise<RecordedPayment>;
}

export function createBillingModule(m: ModuleContext, outbox: Outbox, scheduler: Scheduler, routers: RouterService): BillingModule {
  const b = new BillingContext(m, outbox);
  const life = new Lifecycle(b);

  // New isolation settings reach the routers where billing.setupIsolation made the profile, in the same
  // transaction as the settings (drift repair would find them too, an hour later at most).
  m.settings.onWrite(async (em, group, value, before) => {
    if (group !== 'billing') return;
    const next = value as Settings['billing'];
    const prev = before as Settings['billing'];
    if (next.isolationAddressList === prev.isolationAddressList && next.isolationRateLimit === prev.isolationRateLimit) return;
    for (const r of await isolationProfiles(em)) {
      if (await isolationSetUp(em, r.id, r.isolationProfile)) await outbox.enqueue(em, r.id, repairOp(isolationProfile(r.isolationProfile, next)), 'settings.update');
    }
  });

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
      events: m.domainEvents,
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

    /** The router is read first (no transaction waits on the network); the preview is recomputed inside the write. */
    'billing.importFromRouter': staged(
      (input: ParsedInput<'billing.importFromRouter'>) => readRouter(routers, input.routerId),
      async (input, snap, ctx): Promise<RouterImportReport> => {
        const s = b.settings();
        const report = await applyImport(ctx.em, snap, { ...input, dueDays: s.dueDays, graceDays: s.graceDays, today: b.today(ctx.now), at: ctx.now, customerPrefix: s.customerPrefix }, m.domainEvents);
        ctx.audit(summary('billing.imported', { name: snap.routerName, plans: report.plansCreated, customers: report.customersCreated, subscriptions: report.subscriptionsCreated }), {
          routerId: input.routerId,
          skipped: report.skipped.length,
        });
        return report;
      },
    ),

    async 'billing.revenue'(input, ctx) {
      return revenueReport(ctx.em, input.from, input.to, m.settings.get('locale').timezone);
    },

    async 'billing.dashboard'(_input, ctx) {
      return dashboard(ctx.em, b.today(ctx.now), m.settings.get('locale').timezone);
    },

    /** A debit becomes a one-off charge invoice (with a due date), a credit a credit note: both settle in ledger order. */
    async 'billing.adjust'(input, ctx) {
      const c = await customerById(ctx.em, input.customerId);
      if (!c) throw new AppError('not_found', `No customer ${input.customerId}`, { field: 'customerId' });
      const today = b.today(ctx.now);
      const invoiceId = await oneOffInvoice(ctx.em, b, life, { userId: ctx.user?.id ?? null, at: ctx.now.toISOString() }, { customerId: c.id, subscriptionId: null, chargeType: input.amount < 0 ? 'credit' : 'other', amount: input.amount, text: input.reason, dueDate: addDays(today, b.settings().dueDays) });
      ctx.audit(summary('billing.adjusted', { customer: c.name, amount: input.amount, reason: input.reason }), { customerId: c.id, invoiceId });
      return { balance: await balanceOf(ctx.em, c.id) };
    },

    /**
     * Runs the daily job now, recorded in the job history under the user's name, and waits for it. The run
     * writes in chunks, each its own transaction (a run cut short resumes where it stopped), so it goes before
     * the call's transaction: one long transaction would hold every other write — payments at the counter —
     * for the whole run. The call's own transaction records its outcome in the audit log, a failed run too.
     */
    'billing.runInvoices': staged(
      async (_input: ParsedInput<'billing.runInvoices'>, ctx) => {
        const started = await scheduler.trigger('billing.invoices', 'manual', ctx.user?.username ?? null);
        await scheduler.idle('billing.invoices');
        return jobRunById(m.db.manager, started.id);
      },
      async (_input, done, ctx) => {
        const p = parseJson<{ created: number; total: number }>(done.summaryParams) ?? { created: 0, total: 0 };
        ctx.audit(summary('billing.invoicesIssued', { created: p.created, total: p.total }), { jobRunId: done.id, status: done.status });
        if (done.status !== 'succeeded') throw new FailAfterCommit(new AppError('internal', done.error ?? 'The invoice run did not finish'));
        return { created: p.created, total: p.total };
      },
    ),

    async 'billing.setupIsolation'(input, ctx) {
      const r = await isolationProfileOf(ctx.em, input.routerId);
      if (!r) throw new AppError('not_found', `No router ${input.routerId}`);
      // The same object the reconciler then keeps (desired.ts): a hand-edited isolation profile is drift.
      await outbox.enqueue(ctx.em, r.id, repairOp(isolationProfile(r.isolationProfile, b.settings())), 'billing.setupIsolation');
      ctx.audit(summary('billing.isolationSetUp', { profile: r.isolationProfile, name: r.name }), { routerId: r.id });
      return { queued: 1 };
    },
  };

  return {
    jobs,
    handlers: { ...planHandlers(b), ...subscriptionHandlers(b, life), ...invoiceHandlers(b, life), ...paymentHandlers(b, life), ...billing },
    runInvoices: (now = m.now(), signal) => run(now, signal),
    enforce: (now = m.now()) => enforceAll(now),
    recordPayment: (em, input) => recordPayment(em, b, life, input),
    async customerUpdated(em, customerId, changed, source) {
      if (!changed.includes('name')) return;
      const subs = (await em.query("SELECT id FROM subscriptions WHERE customer_id = ? AND status IN ('active','isolated','paused') ORDER BY id", [customerId])) as { id: number }[];
      for (const { id } of subs) await b.effects.sync(em, await b.sub(em, id), source, false);
    },
  };
}
