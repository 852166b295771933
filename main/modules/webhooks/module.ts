import type { EntityManager } from 'typeorm';
import { summary } from '../../../shared/summaries';
import { WEBHOOK_TEST_EVENT } from '../../../shared/contract/webhooks';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';
import type { SecretBox } from '../../core/secrets';
import { attemptLog, createEndpoint, deleteEndpoint, endpointDto, listEndpoints, resendDelivery, rotateSecret, updateEndpoint } from './endpoints';
import type { Destination } from './guard';
import { enabledEndpoints, objectKeyOf, recordEvent } from './outbox';
import { WebhookWorker, type WorkerDeps } from './worker';

type WebhookHandlers = DomainHandlers<'webhooks'>;

export interface WebhooksDeps {
  secrets: SecretBox;
  /** Hosts the office allows even when private, and this app's own ports (never reached). */
  destination: () => Destination;
  /** The office is told when an endpoint is switched off by itself (in that transaction). */
  onDisabled?: WorkerDeps['onDisabled'];
  random?: () => number;
  timeoutMs?: number;
}

export interface WebhooksModule extends DomainModule<WebhookHandlers> {
  worker: WebhookWorker;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createWebhooksModule(m: ModuleContext, d: WebhooksDeps): WebhooksModule {
  const worker = new WebhookWorker({
    db: m.db,
    logger: m.logger.child({ module: 'webhooks' }),
    now: m.now,
    secrets: d.secrets,
    destination: d.destination,
    ...(d.onDisabled ? { onDisabled: d.onDisabled } : {}),
    ...(d.random ? { random: d.random } : {}),
    ...(d.timeoutMs ? { timeoutMs: d.timeoutMs } : {}),
  });
  const kick = () => m.db.afterCommit(() => worker.kick());

  // Every business event becomes deliveries in its own transaction.
  m.domainEvents.subscribe(async (em: EntityManager, e) => {
    const endpoints = await enabledEndpoints(em);
    if (endpoints.length === 0) return;
    if ((await recordEvent(em, e.type, e.data, e.at, objectKeyOf(e), endpoints)) !== null) kick();
  });

  const handlers: WebhookHandlers = {
    'webhooks.list': async (_i, ctx) => listEndpoints(ctx.em),
    async 'webhooks.create'(input, ctx) {
      const r = await createEndpoint(ctx.em, d.secrets, input, ctx.user?.id ?? null, ctx.now);
      ctx.audit(summary('webhooks.created', { url: r.endpoint.url }), { endpointId: r.endpoint.id, events: r.endpoint.events });
      return r;
    },
    async 'webhooks.update'(input, ctx) {
      const ep = await updateEndpoint(ctx.em, input, ctx.now);
      ctx.audit(summary('webhooks.updated', { url: ep.url }), { endpointId: ep.id, enabled: ep.enabled, events: ep.events });
      if (ep.enabled) kick();
      return ep;
    },
    async 'webhooks.rotateSecret'(input, ctx) {
      const r = await rotateSecret(ctx.em, d.secrets, input.id, ctx.now);
      ctx.audit(summary('webhooks.rotated', { url: r.endpoint.url }), { endpointId: r.endpoint.id });
      return r;
    },
    async 'webhooks.delete'(input, ctx) {
      const ep = await deleteEndpoint(ctx.em, input.id);
      ctx.audit(summary('webhooks.deleted', { url: ep.url }), { endpointId: ep.id });
      return null;
    },
    'webhooks.log': async (input, ctx) => attemptLog(ctx.em, input),
    async 'webhooks.resend'(input, ctx) {
      await resendDelivery(ctx.em, input.deliveryId, ctx.now);
      ctx.audit(summary('webhooks.resent', { delivery: input.deliveryId }), { deliveryId: input.deliveryId });
      kick();
      return null;
    },
    async 'webhooks.test'(input, ctx) {
      const ep = await endpointDto(ctx.em, input.id);
      const data = { message: 'A test event from Mikrotik Billing', endpointId: ep.id };
      const eventId = (await recordEvent(ctx.em, WEBHOOK_TEST_EVENT, data, ctx.now, `endpoint:${ep.id}`, [{ id: ep.id, events: ['*'] }]))!;
      ctx.audit(summary('webhooks.tested', { url: ep.url }), { endpointId: ep.id, eventId });
      kick();
      return { eventId };
    },
  };

  return {
    handlers,
    worker,
    async start() {
      await worker.recover();
      worker.start();
    },
    stop: () => worker.stop(),
  };
}
