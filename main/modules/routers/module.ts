import { Not, type EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { staged } from '../../core/dispatcher';
import type { DomainModule, ModuleContext } from '../../core/module';
import { passwordRequired, sameAddress, toRouterDto, type RouterService } from './service';
import type { RouterJobDto } from '../../../shared/contract';
import { RouterJobEntity, type RouterJobRow } from './outbox/entity';
import { routerOpSchema } from './outbox/ops';
import type { Outbox } from './outbox/outbox';
import type { Reconciler } from './reconciler';

function toJobDto(j: RouterJobRow): RouterJobDto {
  const op = routerOpSchema.safeParse(JSON.parse(j.op));
  return {
    id: j.id,
    routerId: j.routerId,
    kind: op.success ? op.data.kind : 'upsert',
    menu: op.success ? op.data.menu : '?',
    key: op.success ? op.data.key : {},
    status: j.status,
    attempts: j.attempts,
    nextAttemptAt: j.nextAttemptAt,
    lastError: j.lastError,
    source: j.source,
    createdAt: j.createdAt,
    doneAt: j.doneAt,
  };
}


/** Router fields that the pooled connection was made with. */
const CONNECTION_FIELDS = new Set<string>(['host', 'port', 'tls', 'username', 'password']);
/**
 * Another module's objection to removing a router (billing: subscriptions on it), run in routers.remove's
 * transaction; it throws the AppError the caller sees. Registered by the composition root, so routers never
 * reads another module's tables.
 */
export type RouterRemovalCheck = (em: EntityManager, router: { id: number; name: string }) => Promise<void>;

export function createRoutersModule(
  m: ModuleContext,
  routers: RouterService,
  outbox: Outbox,
  reconciler: Reconciler,
  removalChecks: readonly RouterRemovalCheck[] = [],
): DomainModule<DomainHandlers<'routers'>> {
  async function assertNameFree(em: EntityManager, name: string, exceptId?: number): Promise<void> {
    const clash = await routers.repo(em).findOneBy(exceptId ? { name, id: Not(exceptId) } : { name });
    if (clash) throw new AppError('conflict', `A router named "${name}" already exists`, { field: 'name' });
  }

  return {
    jobs: [reconciler.job()],
    handlers: {
      async 'routers.list'(_input, ctx) {
        return (await routers.repo(ctx.em).find({ order: { name: 'ASC' } })).map(toRouterDto);
      },

      async 'routers.create'(input, ctx) {
        await assertNameFree(ctx.em, input.name);
        const now = ctx.now.toISOString();
        const { password, ...fields } = input;
        const row = await routers.repo(ctx.em).save({ ...fields, passwordSealed: routers.seal(password), createdAt: now, updatedAt: now });
        ctx.audit(summary('routers.created', { name: row.name, host: `${row.host}:${row.port}` }), { routerId: row.id });
        return toRouterDto(row);
      },

      async 'routers.update'(input, ctx) {
        const before = await routers.get(input.id, ctx.em);
        await assertNameFree(ctx.em, input.name, input.id);
        const { id, password, ...fields } = input;
        // The stored password belongs to the address it was saved for: a move needs it typed again.
        if (password === undefined && before.passwordSealed !== '' && !sameAddress(before, fields)) throw passwordRequired();
        const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => String(before[k]) !== String(fields[k]));
        if (password !== undefined) changed.push('password' as never);
        const next = {
          ...before,
          ...fields,
          passwordSealed: password !== undefined ? routers.seal(password) : before.passwordSealed,
          updatedAt: ctx.now.toISOString(),
        };
        await routers.repo(ctx.em).save(next);
        // Only a new address or login needs a new connection: a renamed router or new notes keep theirs.
        if (changed.some((k) => CONNECTION_FIELDS.has(k))) m.db.afterCommit(() => routers.forget(id));
        ctx.audit(summary('routers.updated', { name: next.name }), { routerId: id, changed });
        return toRouterDto(next);
      },

      async 'routers.remove'(input, ctx) {
        const r = await routers.get(input.id, ctx.em);
        for (const check of removalChecks) await check(ctx.em, r);
        await routers.repo(ctx.em).delete({ id: r.id });
        m.db.afterCommit(() => routers.forget(r.id));
        ctx.audit(summary('routers.removed', { name: r.name }), { routerId: r.id });
        return { ok: true };
      },

      async 'routers.test'(input, ctx) {
        if (!('draft' in input)) return routers.status(input.id, ctx.now, { connectNow: true });
        // The form's values are what is tested. An empty password field on an edit form means "the stored one",
        // which is only sent to the address it was saved for; nothing is sealed for a probe.
        const stored = input.id ? await routers.get(input.id, ctx.em) : null;
        let sealed = '';
        if (input.draft.password === undefined && stored && stored.passwordSealed !== '') {
          if (!sameAddress(stored, input.draft)) throw passwordRequired();
          sealed = stored.passwordSealed;
        }
        const endpoint = routers.endpointOf({ ...input.draft, passwordSealed: sealed }, input.draft.password);
        return routers.probe(endpoint, input.id ?? 0, ctx.now);
      },

      async 'routers.status'(_input, ctx) {
        const all = await routers.repo(ctx.em).find({ order: { name: 'ASC' } });
        return Promise.all(all.map((r) => routers.status(r.id, ctx.now)));
      },

      async 'routers.jobCounts'(_input, ctx) {
        const all = await routers.repo(ctx.em).find({ order: { name: 'ASC' } });
        return Promise.all(all.map((r) => outbox.counts(r.id)));
      },

      async 'routers.jobs'(input, ctx) {
        await routers.get(input.routerId, ctx.em);
        const [rows, total] = await ctx.em.getRepository(RouterJobEntity).findAndCount({
          where: input.status ? { routerId: input.routerId, status: input.status } : { routerId: input.routerId },
          order: { id: 'DESC' },
          skip: (input.page - 1) * input.pageSize,
          take: input.pageSize,
        });
        return { items: rows.map(toJobDto), total, page: input.page, pageSize: input.pageSize };
      },

      async 'routers.drift'(input, ctx) {
        return reconciler.drift(input.routerId, ctx.now);
      },

      // "Repair all" repairs what is wrong now: a fresh drift check first (on the network, outside the write
      // transaction), then only the drifted objects are queued. A router that does not answer is an error.
      'routers.repair': staged(
        async (input, ctx) => (input.targets ? null : (await reconciler.drift(input.routerId, ctx.now)).items.map((i) => i.target)),
        async (input, drifted, ctx) => {
          const r = await routers.get(input.routerId, ctx.em);
          const targets = input.targets ?? drifted ?? [];
          const queued = targets.length ? await reconciler.repair(ctx.em, r.id, targets, 'routers.repair') : 0;
          ctx.audit(summary('routers.repaired', { name: r.name, count: queued }), { routerId: r.id, targets: targets.length, all: !input.targets });
          return { queued };
        },
      ),

      async 'routers.retryJobs'(input, ctx) {
        const r = await routers.get(input.routerId, ctx.em);
        const retried = await outbox.retry(ctx.em, r.id, input.ids);
        ctx.audit(summary('routers.jobsRetried', { name: r.name, count: retried }), { routerId: r.id, ids: input.ids ?? null });
        return { retried };
      },
    },
  };
}
