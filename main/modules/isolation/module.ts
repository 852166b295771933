import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { IsolationPreview, IsolationProblem } from '../../../shared/contract/isolation';
import type { DomainHandlers } from '../../core/context';
import { staged } from '../../core/dispatcher';
import type { DomainModule, ModuleContext } from '../../core/module';
import { desiredTarget, detectDrift, isolationProfileOf, isolationProfiles, jobExists, lastJobFor, type DesiredObject, type DesiredStateProvider, type Outbox, type RouterService } from '../routers';
import { allowedHosts, isolationObjects, PAYMENT_GATEWAY_HOSTS, ruleComment, type IsolationParams } from './config';
import { startListener, type RunningListener } from './listener';
import type { PageView } from './page';
import { planChanges, readRouter, type Plan } from './plan';

export const APPLY_SOURCE = 'isolation.apply';

/** Who a visitor's address belongs to, and what the page tells them. Read through other modules by the root. */
export interface IsolationFacts {
  /** The isolated subscriptions' PPPoE login online at this address (PPP active address), or null. */
  sessionAt(em: EntityManager, ip: string): Promise<{ routerId: number; username: string } | null>;
  subscriptionByLogin(em: EntityManager, routerId: number, username: string): Promise<{ customerId: number; status: string } | null>;
  customer(em: EntityManager, customerId: number): Promise<{ name: string; number: string } | null>;
  openInvoices(em: EntityManager, customerId: number): Promise<{ number: string; dueDate: string; remaining: number }[]>;
  /** The customer's pay link (made or reused), or null when online payment is not set up. */
  payLink(em: EntityManager, customerId: number, now: Date): Promise<string | null>;
  /** Where the customer portal is, for visitors we cannot place (null = not reachable). */
  portalUrl(): string | null;
  /** Host names the pay links may be on (payment accounts' public addresses): they join the walled garden. */
  publicHosts(): readonly string[];
}

export interface IsolationModule extends DomainModule<DomainHandlers<'isolation'>> {
  /** The set-up of routers where isolation.apply ran: a reconciler provider (added after billing's). */
  desired: DesiredStateProvider;
  /** Starts the listener when Settings → Isolation enables it (and restarts it when the settings change). */
  start(opts: { host: string; port?: number }): Promise<void>;
  stop(): Promise<void>;
  /** The listener's URL while it runs. */
  url(): string | null;
  /** The page a visitor at this address gets (the listener's lookup; tests call it directly). */
  viewFor(ip: string): Promise<PageView>;
}

export function createIsolationModule(ctx: ModuleContext, routers: RouterService, outbox: Outbox, facts: IsolationFacts): IsolationModule {
  const settings = () => ctx.settings.get('isolation');

  async function params(em: EntityManager, routerId: number): Promise<IsolationParams & { routerName: string }> {
    const r = await isolationProfileOf(em, routerId);
    if (!r) throw new AppError('not_found', 'Router not found');
    const b = ctx.settings.get('billing');
    const s = settings();
    return {
      routerName: r.name,
      profile: r.isolationProfile,
      list: b.isolationAddressList,
      rateLimit: b.isolationRateLimit,
      allowList: s.allowList,
      address: s.address,
      port: s.port,
      allowHosts: [...PAYMENT_GATEWAY_HOSTS, ...facts.publicHosts(), ...s.allowHosts],
    };
  }

  const natTarget = (): string => desiredTarget({ menu: '/ip/firewall/nat', key: { comment: ruleComment('http') }, present: true, fields: {} });
  const applied = (em: EntityManager, routerId: number) => jobExists(em, routerId, natTarget(), APPLY_SOURCE);

  const problems = (): IsolationProblem[] => [...(settings().address ? [] : (['no_address'] as const)), ...(settings().enabled ? [] : (['listener_off'] as const))];

  async function plan(routerId: number): Promise<{ p: IsolationParams & { routerName: string }; desired: DesiredObject[]; plan: Plan }> {
    const p = await params(ctx.db.manager, routerId);
    const desired = isolationObjects(p);
    const result = await routers.withClient(routerId, async (client) => {
      const [drift, have] = await Promise.all([detectDrift(client, desired), readRouter(client, p.profile)]);
      return planChanges(desired, drift, have);
    });
    return { p, desired, plan: result };
  }

  const handlers: DomainHandlers<'isolation'> = {
    async 'isolation.status'(_input, c) {
      const s = settings();
      const list = await isolationProfiles(c.em);
      const out = [];
      for (const r of list) out.push({ id: r.id, name: r.name, applied: await applied(c.em, r.id) });
      return { enabled: s.enabled, listening: running?.url ?? null, port: running?.port ?? s.port, address: s.address, routers: out };
    },

    async 'isolation.preview'(input, c): Promise<IsolationPreview> {
      await routers.get(input.routerId, c.em);
      const { p, desired, plan: result } = await plan(input.routerId);
      let pending = 0;
      for (const d of desired) {
        const last = await lastJobFor(c.em, input.routerId, desiredTarget(d));
        if (last && (last.status === 'pending' || last.status === 'running')) pending++;
      }
      return {
        routerId: input.routerId,
        routerName: p.routerName,
        checkedAt: c.now.toISOString(),
        applied: await applied(c.em, input.routerId),
        problems: problems(),
        summary: { profile: p.profile, list: p.list, allowList: p.allowList, redirectTo: p.address ? `${p.address}:${p.port}` : '', allowHosts: allowedHosts(p) },
        reorder: result.reorder,
        changes: result.changes,
        fingerprint: result.fingerprint,
        pending,
      };
    },

    // The router is read outside the write transaction; the ops queued are exactly the previewed ones.
    'isolation.apply': staged(
      async (input) => (await plan(input.routerId)).plan,
      async (input, result, c) => {
        const r = await routers.get(input.routerId, c.em);
        if (problems().includes('no_address')) throw new AppError('conflict', 'Enter this PC’s address as the routers reach it first (Settings → Isolation)', { field: 'address', reason: 'no_address' });
        if (result.fingerprint !== input.fingerprint) throw new AppError('conflict', 'The router changed since the preview: check the changes again', { reason: 'preview_changed' });
        for (const op of result.ops) await outbox.enqueue(c.em, r.id, op, APPLY_SOURCE);
        // Even with nothing to change, mark the router as set up (drift checks include it from now on).
        if (result.ops.length === 0 && !(await applied(c.em, r.id))) {
          const nat = isolationObjects(await params(c.em, r.id)).find((d) => d.menu === '/ip/firewall/nat')!;
          await outbox.enqueue(c.em, r.id, { kind: 'upsert', menu: nat.menu, key: nat.key, fields: nat.fields }, APPLY_SOURCE);
        }
        c.audit(summary('isolation.applied', { name: r.name, count: result.ops.length }), { routerId: r.id, fingerprint: input.fingerprint });
        return { queued: result.ops.length };
      },
    ),
  };

  const desired: DesiredStateProvider = async (em, routerId) => ((await applied(em, routerId)) ? isolationObjects(await params(em, routerId)) : []);

  async function viewFor(ip: string): Promise<PageView> {
    const em = ctx.db.manager;
    const session = ip ? await facts.sessionAt(em, ip) : null;
    const sub = session ? await facts.subscriptionByLogin(em, session.routerId, session.username) : null;
    const who = sub ? await facts.customer(em, sub.customerId) : null;
    if (!sub || !who) return { kind: 'unknown', portalUrl: facts.portalUrl() };
    if (sub.status !== 'isolated') return { kind: 'active', name: who.name };
    const invoices = await facts.openInvoices(em, sub.customerId);
    // Making (or reusing) the pay link writes: through the write queue, in a transaction of its own.
    const payUrl = await ctx.db.write((w) => facts.payLink(w, sub.customerId, ctx.now()));
    return { kind: 'isolated', name: who.name, number: who.number, owed: invoices.reduce((a, i) => a + i.remaining, 0), invoices, payUrl };
  }

  let running: RunningListener | null = null;
  let listenOpts: { host: string; port?: number } | null = null;
  let chain: Promise<void> = Promise.resolve();
  const restart = (): Promise<void> => {
    chain = chain.then(async () => {
      if (running) await running.close();
      running = null;
      if (!listenOpts || !settings().enabled) return;
      try {
        running = await startListener(
          {
            logger: ctx.logger,
            viewFor,
            office: () => ({ name: ctx.settings.get('office').name, phone: ctx.settings.get('office').phone }),
            perMinute: () => settings().perMinute,
          },
          listenOpts.host,
          listenOpts.port ?? settings().port,
        );
        ctx.logger.info({ url: running.url }, 'isolation listener started');
      } catch (err) {
        ctx.logger.error({ err }, 'isolation listener could not start');
      }
    });
    return chain;
  };
  ctx.settings.onChange((group) => {
    if (group === 'isolation' && listenOpts) void restart();
  });

  return {
    handlers,
    desired,
    viewFor,
    url: () => running?.url ?? null,
    async start(opts) {
      listenOpts = opts;
      await restart();
    },
    async stop() {
      listenOpts = null;
      await restart();
    },
  };
}
