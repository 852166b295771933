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
import { createBillingModule, subscriptionsDesired, subscriptionsKeepRouter, type BillingModule } from '../modules/billing';
import { createCustomersModule } from '../modules/customers';
import { createJobsModule, Scheduler } from '../modules/jobs';
import { createRouterClient, createRoutersModule, Outbox, Reconciler, RouterService, type ClientFactory } from '../modules/routers';
import { createSettingsModule, SettingsService } from '../modules/settings';
import { createSystemModule } from '../modules/system';
import { createUsersModule } from '../modules/users';
import { createVouchersModule, vouchersDesired, type VouchersModule } from '../modules/vouchers';
import { createWhatsAppModule, defaultChannelFactory, type ChannelFactory, type WhatsAppModule } from '../modules/whatsapp';
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
  billing: BillingModule;
  vouchers: VouchersModule;
  payments: PaymentsModule;
  whatsapp: WhatsAppModule;
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
    let url: string | null = null;

    const billing = createBillingModule(ctx, outbox, jobs, routers);
    const vouchers = createVouchersModule(ctx, routers, outbox);
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
        facts: whatsappFacts(() => paymentsRef!, () => settings.get('locale').timezone, now),
        channels: config.whatsappChannels ?? defaultChannelFactory(config.dataDir, logger.child({ module: 'whatsapp' })),
        ...(config.whatsappRandom ? { random: config.whatsappRandom } : {}),
      }),
    };
    paymentsRef = modules.payments;
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
    };
    const all: DomainModule<unknown>[] = Object.values(modules);
    for (const mod of all) for (const job of mod.jobs ?? []) jobs.register(job);

    const invoke = createDispatcher({
      db,
      logger,
      handlers,
      now,
      resolveSession: (token, at) => sessions.resolve(token, at),
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

    let server: Server | null = null;
    if (config.http.enabled) {
      const s = settings.get('server');
      const host = config.http.host ?? (s.bind === 'lan' ? '0.0.0.0' : '127.0.0.1');
      const port = config.http.port ?? s.port;
      const started = await startHttp({ invoke, events, sessions, logger, now, allowedHosts: () => [...configuredHosts(settings.all()), ...modules.payments.publicHosts()], behindProxy: s.behindProxy, rendererDir: config.rendererDir, host, port, ...(config.httpLimits ? { limits: config.httpLimits } : {}), routes: all.flatMap((m) => (m.routes ? [m.routes] : [])) });
      server = started.server;
      url = started.url;
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
      billing: modules.billing,
      vouchers: modules.vouchers,
      payments: modules.payments,
      whatsapp: modules.whatsapp,
      invoke,
      url,
      logFile: log.file,
      async close() {
        await jobs.stop();
        await modules.vouchers.pusher.stop();
        await modules.payments.stop();
        await modules.whatsapp.stop();
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
