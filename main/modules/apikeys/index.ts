// Public entry of the apikeys module (issue 15): REST API keys and Idempotency-Key records.

/** The module: handlers (list, create, revoke), the dispatcher's key resolver and the idempotency store. */
export { createApiKeysModule, type ApiKeysModule } from './module';
export { IdempotencyStore, IDEMPOTENCY_TTL_MS, type IdempotencyBegin } from './idempotency';
export { ipAllowed, newApiKey } from './keys';
/** The tables this module owns. */
export const TABLES: readonly string[] = ['api_keys', 'api_idempotency'];
