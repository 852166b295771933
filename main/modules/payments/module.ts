import type { EntityManager } from 'typeorm';
import type { Router } from 'express';
import { AppError } from '../../../shared/errors';
import { summary, type Summary } from '../../../shared/summaries';
import type { ParsedInput, PaymentAttemptDto } from '../../../shared/contract';
import type { DomainHandlers } from '../../core/context';
import { staged } from '../../core/dispatcher';
import type { DomainModule, JobDefinition } from '../../core/module';
import { createAccount, enabledAccountCount, listAccounts, mustAccount, publicHosts, removeAccount, toAccountDto, updateAccount } from './accounts';
import { attemptDetail, attemptDto, attemptRow, listAttempts, listCallbacks } from './attempts';
import { callbackRoute } from './callbacks';
import { returnRoute } from './return-page';
import { insertLink, LinkSigner, linkBase, linkTarget, listLinks, messageLink, qrSvgOf, revokeLink, toLinkDto } from './links';
import { payPageRoutes, type PayPageOptions } from './pay-page';
import { purchaseCodeOf, shopRoutes, type ShopOptions } from './shop';
import { PaymentService, type Asked, type PaymentsDeps, type Prepared } from './service';
import { gatewayReconcile, gatewayReport, gatewayReportFile } from './reports';

export interface PaymentsModule extends DomainModule<DomainHandlers<'gateway'>> {
  service: PaymentService;
  /** Ask about every attempt whose check is due (what the polling job runs); one run at a time. */
  pollDue(now?: Date): ReturnType<PaymentService['pollDue']>;
  /**
   * Loads the accounts' public host names and, with `quickPollMs`, checks due attempts that often between the
   * minute job's runs, so a payment is confirmed within a minute with no callback at all.
   */
  start(opts: { quickPollMs: number | null }): Promise<void>;
  stop(): Promise<void>;
  /** Host names of the accounts' public addresses: the listener accepts requests addressed to them. */
  publicHosts(): readonly string[];
  /** A pay link's address for a message (made or reused, in the caller's transaction); null when online payment is not set up or nothing is owed. */
  linkFor(em: EntityManager, target: { invoiceId: number } | { customerId: number }, now: Date): Promise<string | null>;
  /** The address of a shop purchase's own page (its voucher with the QR login), or null. */
  purchaseLinkFor(em: EntityManager, attemptId: number): Promise<string | null>;
  /** Whether customers can pay online: an enabled account and an address for pay links (one count, no keys opened). */
  canPayOnline(em: EntityManager): Promise<boolean>;
}

export interface PaymentsOptions {
  /** Callbacks per address and minute (default CALLBACK_RATE_LIMIT). */
  callbackRateLimit?: number;
  /** The pay page's limits per address and minute (defaults in pay-page.ts). */
  payPage?: PayPageOptions;
  /** The voucher shop's limits per address and minute (defaults in shop.ts). */
  shop?: ShopOptions;
}

export function createPaymentsModule(deps: PaymentsDeps, opts: PaymentsOptions = {}): PaymentsModule {
  const svc = new PaymentService(deps);
  const signer = new LinkSigner(deps.secrets);
  const baseOf = async (em: Parameters<typeof linkBase>[0]): Promise<string> => {
    const base = await linkBase(em, deps.listenUrl());
    if (!base) throw new AppError('conflict', 'The listener is not running and no payment account has a public address: customers could not open the link', { field: 'publicBaseUrl' });
    return base;
  };
  let running: ReturnType<PaymentService['pollDue']> | null = null;
  const pollDue = (now?: Date): ReturnType<PaymentService['pollDue']> => {
    running ??= svc.pollDue(now).finally(() => (running = null));
    return running;
  };
  let hosts: readonly string[] = [];
  const refreshHosts = async () => {
    hosts = await publicHosts(deps.db.manager);
  };
  // A saved account's public address is accepted by the listener as soon as the save commits.
  const hostsChanged = () => deps.db.afterCommit(() => void refreshHosts().catch((err: unknown) => deps.logger.warn({ err }, 'payment hosts not refreshed')));
  let timer: NodeJS.Timeout | null = null;

  const jobs: JobDefinition[] = [
    {
      name: 'payments.poll',
      // Every minute; each attempt is asked only when its own check is due (15 s, 30 s, 1 min, 2 min, 5 min, …).
      schedule: () => '* * * * *',
      run: async (): Promise<Summary> => summary('gateway.checked', { ...(await pollDue()) }),
    },
  ];

  const handlers: DomainHandlers<'gateway'> = {
    async 'gateway.accounts'(_input, ctx) {
      return (await listAccounts(ctx.em)).map(toAccountDto);
    },
    async 'gateway.createAccount'(input, ctx) {
      const r = await createAccount(ctx.em, deps.secrets, input, ctx.now);
      hostsChanged();
      ctx.audit(summary('settings.changed', { group: 'payments' }), { accountId: r.id, name: r.name, gateway: r.gateway, env: r.env, action: 'create' });
      return toAccountDto(r);
    },
    async 'gateway.updateAccount'(input, ctx) {
      const r = await updateAccount(ctx.em, deps.secrets, input, ctx.now);
      hostsChanged();
      ctx.audit(summary('settings.changed', { group: 'payments' }), { accountId: r.id, name: r.name, gateway: r.gateway, env: r.env, action: 'update', keyChanged: input.apiKey !== undefined });
      return toAccountDto(r);
    },
    async 'gateway.removeAccount'(input, ctx) {
      const r = await removeAccount(ctx.em, input.id);
      hostsChanged();
      ctx.audit(summary('settings.changed', { group: 'payments' }), { accountId: r.id, name: r.name, action: 'remove' });
      return { removed: true };
    },
    async 'gateway.testAccount'(input, ctx) {
      const acct = await mustAccount(ctx.em, input.id);
      const gw = svc.adapter(acct);
      // Midtrans and Xendit list no methods: an authenticated read proves their keys (DuitKu's and Tripay's list does).
      await svc.call(async () => void (await gw.verifyKeys?.()));
      const methods = await svc.call(() => gw.listMethods(input.amount));
      return { methods: methods.map((m) => ({ code: m.code, name: m.name, fee: m.fee, ...(m.image ? { image: m.image } : {}) })) };
    },
    async 'gateway.attempts'(input, ctx) {
      return listAttempts(ctx.em, input);
    },
    async 'gateway.attempt'(input, ctx) {
      return attemptDetail(ctx.em, input.id);
    },
    async 'gateway.callbacks'(input, ctx) {
      return listCallbacks(ctx.em, input);
    },
    async 'gateway.markReviewed'(input, ctx) {
      const t = await attemptRow(ctx.em, input.id);
      if (!t) throw new AppError('not_found', `No payment attempt ${input.id}`);
      if (t.needs_review !== 1) throw new AppError('conflict', `${t.order_id} does not wait for a review`, { field: 'id' });
      const at = ctx.now.toISOString();
      await ctx.em.query('UPDATE payment_attempts SET needs_review = 0, reviewed_at = ?, reviewed_by = ?, review_note = ?, updated_at = ? WHERE id = ?', [at, ctx.user?.id ?? null, input.note, at, t.id]);
      return attemptDto(ctx.em, t.id);
    },
    'gateway.createAttempt': staged(
      (input: ParsedInput<'gateway.createAttempt'>, ctx) => svc.startAttempt(input, ctx.user?.id ?? null),
      async (_input, prepared: Prepared, ctx): Promise<PaymentAttemptDto> => {
        await svc.finishAttempt(ctx.em, prepared, ctx.now);
        return attemptDto(ctx.em, prepared.attemptId);
      },
    ),
    async 'gateway.createLink'(input, ctx) {
      const target = await linkTarget(ctx.em, input);
      if (target.kind === 'customer' && (await deps.invoices.unpaid(ctx.em, target.customerId)).length === 0) {
        throw new AppError('conflict', 'This customer has no open invoice to pay', { field: 'customerId' });
      }
      if ((await enabledAccountCount(ctx.em)) === 0) throw new AppError('conflict', 'No payment account is enabled (Settings → Online payments)', { field: 'accountId' });
      const base = await baseOf(ctx.em);
      const row = await insertLink(ctx.em, signer, target, input.expiresInDays, ctx.user?.id ?? null, ctx.now);
      const dto = toLinkDto(row, base, ctx.now);
      const what = target.kind === 'invoice' ? `invoice ${target.invoiceId}` : `customer ${target.customerId}`;
      ctx.audit(summary('gateway.linkCreated', { what, until: dto.expiresAt }), { linkId: row.id, kind: target.kind });
      return { ...dto, qrSvg: await qrSvgOf(dto.url) };
    },
    async 'gateway.links'(input, ctx) {
      const base = (await linkBase(ctx.em, deps.listenUrl())) ?? '';
      return (await listLinks(ctx.em, input)).map((r) => toLinkDto(r, base, ctx.now));
    },
    async 'gateway.revokeLink'(input, ctx) {
      const row = await revokeLink(ctx.em, input.id, ctx.user?.id ?? null, ctx.now);
      ctx.audit(summary('gateway.linkRevoked', { id: row.id }), { linkId: row.id });
      return toLinkDto(row, (await linkBase(ctx.em, deps.listenUrl())) ?? '', ctx.now);
    },
    async 'gateway.report'(input, ctx) {
      return gatewayReport(ctx.em, input, deps.office().timeZone);
    },
    async 'gateway.reportExport'(input, ctx) {
      return gatewayReportFile(await gatewayReport(ctx.em, input, deps.office().timeZone), input.format, input.language);
    },
    async 'gateway.shop'(_input, ctx) {
      const base = await linkBase(ctx.em, deps.listenUrl());
      const url = base ? `${base}/shop` : null;
      const accounts = await enabledAccountCount(ctx.em);
      const profiles = (await deps.shop.profiles(ctx.em)).map((p) => ({ id: p.id, name: p.name, price: p.price }));
      return { url, qrSvg: url ? await qrSvgOf(url) : null, profiles, accounts };
    },
    async 'gateway.reconcile'(input, ctx) {
      return gatewayReconcile(ctx.em, input, deps.office().timeZone);
    },
    'gateway.checkAttempt': staged(
      (input: ParsedInput<'gateway.checkAttempt'>) => svc.ask(input.id),
      async (input, asked: Asked, ctx): Promise<PaymentAttemptDto> => {
        await svc.apply(ctx.em, input.id, asked, 'staff', ctx.now);
        return attemptDto(ctx.em, input.id);
      },
    ),
  };

  return {
    service: svc,
    pollDue,
    async start({ quickPollMs }) {
      await refreshHosts();
      if (quickPollMs === null) return;
      timer = setInterval(() => void pollDue().catch((err: unknown) => deps.logger.warn({ err }, 'payment checks failed')), quickPollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
    publicHosts: () => hosts,
    async purchaseLinkFor(em, attemptId) {
      const t = await attemptRow(em, attemptId);
      const base = await linkBase(em, deps.listenUrl());
      const code = t && t.purpose === 'voucher' && base ? await purchaseCodeOf(em, signer, t.order_id) : null;
      return code ? `${base}/v/${code}` : null;
    },
    async canPayOnline(em) {
      // The pay address is an enabled account's public address, else this listener's: with an enabled account and a
      // listener there is always one (linkBase), so one count decides.
      const enabled = await enabledAccountCount(em);
      return enabled > 0 && (deps.listenUrl() !== null || (await linkBase(em, null)) !== null);
    },
    async linkFor(em, target, now) {
      const base = await linkBase(em, deps.listenUrl());
      if ((await enabledAccountCount(em)) === 0 || !base) return null;
      const row = await messageLink(em, signer, target, now);
      return row ? toLinkDto(row, base, now).url : null;
    },
    jobs,
    handlers,
    routes(router: Router) {
      callbackRoute(router, svc, opts.callbackRateLimit !== undefined ? { rateLimit: opts.callbackRateLimit } : {});
      returnRoute(router, svc, deps.officeName);
      payPageRoutes(router, svc, signer, opts.payPage ?? {});
      shopRoutes(router, svc, signer, opts.shop ?? {});
    },
  };
}
