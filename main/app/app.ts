// The composition root: builds the application from the kernel (main/core) and the domain modules
// (main/modules, each through its index.ts). It lives outside core so that core imports no module.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { CallContext, Handlers } from '../core/context';
import type { Method } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { paths, type CoreConfig } from '../core/config';
import { openDatabase, type Db } from '../core/db';
import { createDispatcher, type Invoke } from '../core/dispatcher';
import { EventBus } from '../core/events';
import { DomainEvents } from '../core/domain-events';
import { createLogger } from '../core/logger';
import { lockDataDir } from '../core/lock';
import type { DomainModule, ModuleContext } from '../core/module';
import { keyFileSecretBox } from '../core/secrets';
import { startHttp } from '../http/server';
import { ENTITIES } from './entities';
import { appendAudit, createAuditModule } from '../modules/audit';
import { createAuthModule, createPasswordHasher, SessionStore } from '../modules/auth';
import { BackupService, createBackupModule } from '../modules/backup';
import { createBillingModule, invoicePdf, receiptPdf, subscriptionsDesired, subscriptionsKeepRouter, type BillingModule } from '../modules/billing';
import { createPortalModule, type PortalLimits, type PortalModule } from '../modules/portal';
import { createCustomersModule } from '../modules/customers';
import { createJobsModule, Scheduler } from '../modules/jobs';
import { createRouterClient, createRoutersModule, LiveSessions, monthUsage, Outbox, PppUsage, Reconciler, RouterService, type ClientFactory } from '../modules/routers';
import { createSettingsModule, SettingsService } from '../modules/settings';
import { createSystemModule } from '../modules/system';
import { createUsersModule } from '../modules/users';
import { createVouchersModule, vouchersDesired, type VouchersModule } from '../modules/vouchers';
import { createWhatsAppModule, defaultChannelFactory, enqueue as enqueueWhatsApp, type ChannelFactory, type WhatsAppModule } from '../modules/whatsapp';
import { createWebhooksModule, type WebhooksModule } from '../modules/webhooks';
import { createApiKeysModule } from '../modules/apikeys';
import { createTicketsModule, type TicketsModule } from '../modules/tickets';
import { createCollectionsModule } from '../modules/collections';
import { createIsolationModule, type IsolationModule } from '../modules/isolation';
import { isolatedLogins, payableInvoicesOf, subscriptionByLogin } from '../modules/billing';
import { customerLabels, toE164 } from '../modules/customers';
import { whatsappFacts } from './wa-facts';
import { createGateway, createPaymentsModule, defaultFetch, type GatewayAccount, type PaymentGateway, type PaymentsModule, type ShopOptions } from '../modules/payments';

/** The kernel's config plus what only the root wires (core never sees the routers module's types). */
export interface AppConfig extends CoreConfig {
  /** How router connections are made; default: the patched node-routeros client. Tests may wrap it. */
  routerClientFactory?: ClientFactory | undefined;
  /** How payment gateway adapters are made; default: createGateway over global fetch. Tests hand in fakes. */
  paymentGateway?: ((account: GatewayAccount) => PaymentGateway) | undefined;
  /** Payment callbacks per address and minute (tests raise it). */
  paymentCallbackRateLimit?: number | undefined;
  /** How WhatsApp channels are made (tests hand in a stand-in); default: whatsapp-web.js or the HTTP gateway. */
  whatsappChannels?: ChannelFactory | undefined;
  /** The WhatsApp sender's randomness (tests fix the gaps). */
  whatsappRandom?: (() => number) | undefined;
  /** The voucher shop's limits per address and minute (tests that buy many times from one address raise them). */
  shopRateLimits?: ShopOptions | undefined;
  /** The listener's per-address limits (tests that load it from one address raise them). */
  httpLimits?: { login?: number; publicPerMinute?: number; routesPerMinute?: number } | undefined;
  /** The portal's per-address limits (tests). */
  portalLimits?: PortalLimits | undefined;
  /** The isolation listener's port for this run (0 = any free port; tests); default Settings → Isolation. */
  isolationPort?: number | undefined;
  /** Webhook retries' jitter (tests fix it) and the time a receiver gets to answer. */
  webhookRandom?: (() => number) | undefined;
  webhookTimeoutMs?: number | undefined;
  /** The REST API's limits: requests per key and minute, failed authentications per address and minute (tests). */
  restLimits?: { perKeyPerMinute?: number; authFailuresPerMinute?: number } | undefined;
}

export interface Core {
  config: AppConfig;
  logger: Logger;
  db: Db;
  events: EventBus;
  /** Domain events (published inside the business transaction); tests and modules subscribe here. */
  domainEvents: DomainEvents;
  settings: SettingsService;
  sessions: SessionStore;
  scheduler: Scheduler;
  backups: BackupService;
  routers: RouterService;
  outbox: Outbox;
  reconciler: Reconciler;
  /** Live PPP sessions per router (short cache): `live.liveSessions(routerId, usernames)` for the portal. */
  live: LiveSessions;
  /** Monthly PPP traffic sampler (the routers.usage job); read with `monthUsage` from the routers module. */
  usage: PppUsage;
  billing: BillingModule;
  vouchers: VouchersModule;
  payments: PaymentsModule;
  whatsapp: WhatsAppModule;
  webhooks: WebhooksModule;
  /** The customer portal: its own dispatcher (`portal.invoke`) and sessions, mounted at /portal. */
  portal: PortalModule;
  /** Trouble tickets: the staff handlers and the portal's calls (open, listOf, oneOf, photoOf). */
  tickets: TicketsModule;
  /** The isolation page's listener and the routers' isolation set-up. */
  isolation: IsolationModule;
  invoke: Invoke;
  /** URL of the embedded listener, when it runs. */
  url: string | null;
  logFile: string;
  close(): Promise<void>;
}

/**
 * Builds the whole application from a config: database (migrated), services, scheduler and the embedded
 * HTTP listener. Imports nothing from electron: the desktop shell and the server entry both call this.
 */
export async function createCore(config: AppConfig): Promise<Core> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const p = paths(config.dataDir);
  const release = lockDataDir(p.lock);
  const log = createLogger({ dataDir: config.dataDir, level: config.logLevel, console: config.logToConsole });
  const logger = log.logger;
  const now = config.now ?? (() => new Date());
  const startedAt = now();
  let db: Db | null = null;
  let scheduler: Scheduler | null = null;
  let routerService: RouterService | null = null;
  let outboxRef: Outbox | null = null;
  try {
    db = await openDatabase({ file: p.database, entities: ENTITIES, backupDir: p.backups, logger, nativeBinding: config.nativeBinding });
    const events = new EventBus();
    const settings = new SettingsService(db, events);
    await settings.load();
    const sessions = new SessionStore(db, events, () => settings.get('security').sessionIdleMinutes);
    const hasher = createPasswordHasher(config.argon2);
    const domainEvents = new DomainEvents();
    const ctx: ModuleContext = { config, db, logger, events, domainEvents, settings, sessions, hasher, now };
    const jobs = new Scheduler({ db, logger, events, domainEvents, settings, now });
    scheduler = jobs;
    const backups = new BackupService(db, p.backups);
    // One box for every secret at rest: router passwords and payment gateway keys.
    const secrets = config.secretBox ?? keyFileSecretBox(p.secretKey);
    // Ports this app listens on: webhooks never call them (filled in as listeners start).
    const ownPorts = new Set<number>([settings.get('isolation').port]);
    const routers = new RouterService(
      db,
      secrets,
      config.routerClientFactory ?? ((endpoint) => createRouterClient(endpoint, { logger: logger.child({ module: 'routeros' }) })),
      logger,
      domainEvents,
    );
    routerService = routers;
    const outbox = new Outbox({ db, logger: logger.child({ module: 'outbox' }), events, routers, now, pollMs: config.outboxPollMs });
    outboxRef = outbox;
    const reconciler = new Reconciler(db, routers, outbox);
    reconciler.addProvider(subscriptionsDesired);
    reconciler.addProvider(vouchersDesired(() => settings.get('vouchers').reportUrl));
    // Live PPP sessions (portal, isolation page) and the monthly traffic they add up to.
    const live = new LiveSessions(routers, { now });
    const usage = new PppUsage({ db, routers, live, timeZone: () => settings.get('locale').timezone, logger: logger.child({ module: 'usage' }), onProgress: (done, total) => events.emit('routers.usage', { done, total }) });
    let url: string | null = null;

    const billing = createBillingModule(ctx, outbox, jobs, routers);
    const vouchers = createVouchersModule(ctx, routers, outbox);
    // Trouble tickets: staff handle them; the portal opens and shows a customer's own through this module.
    const tickets = createTicketsModule(ctx);
    // Set below: WhatsApp's messages carry payment links.
    let paymentsRef: PaymentsModule | null = null;
    const gatewayFetch = defaultFetch();
    const modules = {
      auth: createAuthModule(ctx),
      users: createUsersModule(ctx),
      settings: createSettingsModule(ctx),
      audit: createAuditModule(),
      jobs: createJobsModule(jobs),
      backups: createBackupModule(ctx, backups),
      system: createSystemModule(ctx, { startedAt, listenUrl: () => url }),
      routers: createRoutersModule(ctx, routers, outbox, reconciler, [subscriptionsKeepRouter]),
      customers: createCustomersModule(ctx, routers),
      billing,
      vouchers,
      // Field collectors' cash goes through billing's counter path; their hand-overs are their own module's.
      collections: createCollectionsModule(ctx, { recordPayment: (em, input) => billing.recordPayment(em, input) }),
      tickets,
      // Online payments record money through billing's counter path (receipt, ledger, settlement, restore).
      payments: createPaymentsModule(
        {
          db,
          logger: logger.child({ module: 'payments' }),
          now,
          secrets,
          domainEvents,
          gateway: config.paymentGateway ?? ((account) => createGateway(account, gatewayFetch, { now })),
          recordPayment: (em, input) => billing.recordPayment(em, input),
          // The voucher shop sells vouchers' stock (or has one generated and pushed) once a payment is confirmed.
          shop: vouchers.shop,
          listenUrl: () => url,
          officeName: () => settings.get('office').name,
          sendsWhatsApp: () => settings.get('whatsapp').channel !== 'none',
          office: () => {
            const o = settings.get('office');
            return { name: o.name, logo: o.logo, phone: o.phone, timeZone: settings.get('locale').timezone };
          },
          // The pay page reads invoices exactly as billing's own screens do: billing's read handlers, outside any call.
          invoices: {
            get: async (em, id) => {
              try {
                return await billing.handlers['invoices.get']({ id }, readContext('invoices.get', em, now()));
              } catch (e) {
                if (e instanceof AppError && e.code === 'not_found') return null;
                throw e;
              }
            },
            unpaid: async (em, customerId) => (await billing.handlers['invoices.list']({ customerId, status: 'unpaid', page: 1, pageSize: 200 }, readContext('invoices.list', em, now()))).items.reverse(),
          },
        },
        { ...(config.paymentCallbackRateLimit !== undefined ? { callbackRateLimit: config.paymentCallbackRateLimit } : {}), ...(config.shopRateLimits ? { shop: config.shopRateLimits } : {}) },
      ),
      // Messages about bills and payments, written by the business events' own transactions.
      whatsapp: createWhatsAppModule(ctx, {
        secrets,
        facts: whatsappFacts(
          () => paymentsRef!,
          () => settings.get('locale').timezone,
          now,
          () => ({ lang: settings.get('locale').language, timeZone: settings.get('locale').timezone, office: { name: settings.get('office').name, address: settings.get('office').address, phone: settings.get('office').phone } }),
        ),
        channels: config.whatsappChannels ?? defaultChannelFactory(config.dataDir, logger.child({ module: 'whatsapp' })),
        ...(config.whatsappRandom ? { random: config.whatsappRandom } : {}),
      }),
      // Signed webhooks for every business event, through their own outbox.
      webhooks: createWebhooksModule(ctx, {
        secrets,
        destination: () => ({ allowHosts: settings.get('webhooks').allowHosts, ownPorts: [...ownPorts] }),
        async onDisabled(em, ep, reason, at) {
          // The office hears of it on its own WhatsApp number, when WhatsApp is set up.
          const phone = toE164(settings.get('office').phone);
          if (!phone || settings.get('whatsapp').channel === 'none') return;
          const text = settings.get('locale').language === 'en' ? `Webhook ${ep.url} was switched off: ${reason}. Settings → API & webhooks.` : `Webhook ${ep.url} dimatikan otomatis: ${reason}. Lihat Pengaturan → API & webhook.`;
          await enqueueWhatsApp(em, { customerId: null, to: phone, kind: 'manual', body: text }, at);
        },
        ...(config.webhookRandom ? { random: config.webhookRandom } : {}),
        ...(config.webhookTimeoutMs ? { timeoutMs: config.webhookTimeoutMs } : {}),
      }),
      // REST API keys (the dispatcher resolves them) and the REST layer's Idempotency-Key records.
      apiKeys: createApiKeysModule(ctx),
    };
    paymentsRef = modules.payments;
    // The customer portal: its own contract and sessions over the same database; it reads billing and customers
    // through their exports and reaches WhatsApp, payments, tickets, live sessions and PDFs through these.
    const portal = createPortalModule(
      ctx,
      {
        portalDir: config.portalDir ?? null,
        sendLoginCode: (em, to, code, purpose, at) => modules.whatsapp.sendLoginCode(em, to, code, purpose, at),
        payLink: (em, target, at) => modules.payments.linkFor(em, target, at),
        canPayOnline: (em) => modules.payments.canPayOnline(em),
        shopUrl: async (em) => {
          const shop = await modules.payments.handlers['gateway.shop']({}, readContext('gateway.shop', em, now()));
          return shop.url && shop.accounts > 0 && shop.profiles.length > 0 ? shop.url : null;
        },
        connection: { liveSessions: (routerId, usernames) => live.liveSessions(routerId, usernames), monthUsage },
        tickets,
        pdfs: { invoicePdf: (em, id, o) => invoicePdf(em, id, o, now()), receiptPdf },
      },
      config.portalLimits ? { limits: config.portalLimits } : {},
    );
    // The isolation page: identifies a visitor by the PPP session at their address, shows what they owe and their pay link.
    const isolation = createIsolationModule(ctx, routers, outbox, {
      async sessionAt(em, ip) {
        for (const [routerId, usernames] of await isolatedLogins(em)) {
          let sessions;
          try {
            sessions = await live.liveSessions(routerId, usernames);
          } catch {
            continue;
          }
          for (const [username, session] of sessions) if (session.ip === ip) return { routerId, username };
        }
        return null;
      },
      subscriptionByLogin,
      customer: async (em, id) => (await customerLabels(em, [id])).get(id) ?? null,
      openInvoices: async (em, id) => (await payableInvoicesOf(em, id)).map((i) => ({ number: i.number, dueDate: i.dueDate, remaining: i.remaining })),
      payLink: async (em, customerId, at) => customerFacingUrl(await modules.payments.linkFor(em, { customerId }, at), settings.all()),
      portalUrl: () => customerFacingUrl(url ? `${url}/portal/` : null, settings.all()),
      publicHosts: () => modules.payments.publicHosts(),
    });
    // After billing's provider: the isolation profile's fields are the same, the firewall set-up is only ours.
    reconciler.addProvider(isolation.desired);
    reconciler.beforeDrift((routerId) => modules.vouchers.seeLogins(routerId));
    // A renamed customer's PPP secrets get the new comment, queued in customers.update's transaction.
    modules.customers.onUpdate((em, customerId, changed, source) => modules.billing.customerUpdated(em, customerId, changed, source));

    // A method of the contract without a handler here is a compile error.
    const handlers: Handlers = {
      ...modules.auth.handlers,
      ...modules.users.handlers,
      ...modules.settings.handlers,
      ...modules.audit.handlers,
      ...modules.jobs.handlers,
      ...modules.backups.handlers,
      ...modules.system.handlers,
      ...modules.routers.handlers,
      ...modules.customers.handlers,
      ...modules.billing.handlers,
      ...modules.vouchers.handlers,
      ...modules.payments.handlers,
      ...modules.whatsapp.handlers,
      ...modules.webhooks.handlers,
      ...modules.apiKeys.handlers,
      ...modules.collections.handlers,
      ...modules.tickets.handlers,
      ...isolation.handlers,
    };
    const all: DomainModule<unknown>[] = [...Object.values(modules), portal];
    for (const mod of all) for (const job of mod.jobs ?? []) jobs.register(job);
    jobs.register(usage.job());

    const invoke = createDispatcher({
      db,
      logger,
      handlers,
      now,
      resolveSession: (token, at) => sessions.resolve(token, at),
      resolveApiKey: (key, ip, at) => modules.apiKeys.resolve(key, ip, at),
      appendAudit,
    });

    // Moving the backup hour or the time zone moves the timers.
    settings.onChange((group) => {
      if ((group === 'backup' || group === 'locale' || group === 'billing') && jobs.isStarted && config.schedule) jobs.scheduleAll();
    });
    await jobs.start({ schedule: config.schedule });
    await outbox.start();
    await modules.vouchers.pusher.start();
    // Between the minute job's runs, due payment checks every few seconds (only where timers run at all).
    await modules.payments.start({ quickPollMs: config.schedule ? 5000 : null });
    // WhatsApp only where timers run (the app, not one-off tests); a failing WhatsApp never stops the app.
    if (config.schedule) await modules.whatsapp.start();
    await modules.webhooks.start();

    let server: Server | null = null;
    if (config.http.enabled) {
      const s = settings.get('server');
      const host = config.http.host ?? (s.bind === 'lan' ? '0.0.0.0' : '127.0.0.1');
      const port = config.http.port ?? s.port;
      const started = await startHttp({ invoke, events, sessions, logger, now, allowedHosts: () => [...configuredHosts(settings.all()), ...modules.payments.publicHosts()], behindProxy: s.behindProxy, rendererDir: config.rendererDir, host, port, ...(config.httpLimits ? { limits: config.httpLimits } : {}), rest: { invoke, now, checkKey: (key, ip, at) => modules.apiKeys.check(key, ip, at), idempotency: modules.apiKeys.idempotency, version: config.version, ...(config.restLimits ?? {}) }, routes: all.flatMap((m) => (m.routes ? [m.routes] : [])) });
      server = started.server;
      url = started.url;
      ownPorts.add(Number(new URL(started.url).port));
      // The isolation page on its own port (every interface: the routers send customers' requests there).
      await isolation.start({ host: config.http.host ?? '0.0.0.0', ...(config.isolationPort !== undefined ? { port: config.isolationPort } : {}) });
    }
    logger.info({ mode: config.mode, dataDir: config.dataDir, url, version: config.version }, 'core started');

    const openDb = db;
    return {
      config,
      logger,
      db: openDb,
      events,
      domainEvents,
      settings,
      sessions,
      scheduler: jobs,
      backups,
      routers,
      outbox,
      reconciler,
      live,
      usage,
      billing: modules.billing,
      vouchers: modules.vouchers,
      isolation,
      payments: modules.payments,
      whatsapp: modules.whatsapp,
      webhooks: modules.webhooks,
      portal,
      tickets: modules.tickets,
      invoke,
      url,
      logFile: log.file,
      async close() {
        await jobs.stop();
        await isolation.stop();
        await modules.vouchers.pusher.stop();
        await modules.payments.stop();
        await modules.whatsapp.stop();
        await modules.webhooks.stop();
        await outbox.stop();
        await routers.closeAll();
        if (server) {
          server.closeAllConnections();
          await new Promise<void>((r) => server!.close(() => r()));
        }
        await openDb.close();
        logger.info('core stopped');
        await log.close();
        release();
      },
    };
  } catch (err) {
    logger.error({ err }, 'start-up failed');
    // Nothing may outlive a failed start: timers first, then the database.
    await scheduler?.stop().catch(() => undefined);
    await outboxRef?.stop().catch(() => undefined);
    await routerService?.closeAll();
    await db?.close().catch(() => undefined);
    await log.close();
    release();
    throw err;
  }
}

/** Host names the office configured: the listener's own list, and the host routers report first logins to. */
function configuredHosts(s: { server: { allowedHosts: string[] }; vouchers: { reportUrl: string } }): string[] {
  const hosts = [...s.server.allowedHosts];
  try {
    if (s.vouchers.reportUrl) hosts.push(new URL(s.vouchers.reportUrl).hostname.toLowerCase());
  } catch {
    // not a URL: nothing to add
  }
  return hosts;
}

/**
 * A link as a customer's phone must open it: the listener's loopback address means nothing to them, so with the
 * listener on the LAN it is given this PC's address as the routers reach it (Settings → Isolation).
 */
function customerFacingUrl(link: string | null, s: { server: { bind: string; port: number }; isolation: { address: string } }): string | null {
  if (!link) return null;
  try {
    const u = new URL(link);
    if ((u.hostname === '127.0.0.1' || u.hostname === 'localhost') && s.server.bind === 'lan' && s.isolation.address) {
      u.hostname = s.isolation.address;
      return u.toString();
    }
  } catch {
    // not a URL: as it is
  }
  return link;
}

/** A context for calling a module's read handler from the composition root (no user, no transport, no audit). */
function readContext(method: Method, em: CallContext['em'], now: Date): CallContext {
  return {
    method,
    transport: 'internal',
    ip: null,
    user: null,
    sessionId: null,
    em,
    now,
    binding: { transport: 'internal', ip: null, token: null, setToken: () => undefined },
    audit: () => undefined,
    actAs: () => undefined,
  };
}
