import { summary } from '../../../shared/summaries';
import { AppError } from '../../../shared/errors';
import type { DomainHandlers } from '../../core/context';
import type { ResolvedApiKey } from '../../core/dispatcher';
import type { DomainModule, ModuleContext } from '../../core/module';
import { IdempotencyStore } from './idempotency';
import { createKey, listKeys, resolveKey, revokeKey } from './keys';

type ApiKeyHandlers = DomainHandlers<'apiKeys'>;

export interface ApiKeysModule extends DomainModule<ApiKeyHandlers> {
  /** The dispatcher's `resolveApiKey`: records the key's last use (at most once a minute per key and address). */
  resolve(key: string, ip: string | null, now: Date): Promise<ResolvedApiKey>;
  /** The same checks without recording a use (the REST layer's early check, before rate limits and idempotency). */
  check(key: string, ip: string | null, now: Date): Promise<ResolvedApiKey>;
  idempotency: IdempotencyStore;
}

export function createApiKeysModule(m: ModuleContext): ApiKeysModule {
  const handlers: ApiKeyHandlers = {
    'apiKeys.list': async (_i, ctx) => listKeys(ctx.em, ctx.now),
    async 'apiKeys.create'(input, ctx) {
      if (!ctx.user) throw new AppError('unauthenticated', 'Please log in');
      const r = await createKey(ctx.em, input, ctx.user, ctx.now);
      ctx.audit(summary('apiKeys.created', { name: r.key.name }), { apiKeyId: r.key.id, scopes: r.key.scopes, expiresAt: r.key.expiresAt, allowIps: r.key.allowIps });
      return r;
    },
    async 'apiKeys.revoke'(input, ctx) {
      const key = await revokeKey(ctx.em, input.id, ctx.user?.id ?? null, ctx.now);
      ctx.audit(summary('apiKeys.revoked', { name: key.name }), { apiKeyId: key.id });
      return key;
    },
  };
  return {
    handlers,
    resolve: (key, ip, now) => resolveKey(m.db, key, ip, now, true),
    check: (key, ip, now) => resolveKey(m.db, key, ip, now, false),
    idempotency: new IdempotencyStore(m.db),
  };
}
