// Public entry of the isolation module (issue 14): the isolation page's own listener and the routers' isolation
// set-up (redirect, walled garden) through the outbox, previewed and drift-checked.

export { createIsolationModule, APPLY_SOURCE, type IsolationFacts, type IsolationModule } from './module';
export { isolationObjects, PAYMENT_GATEWAY_HOSTS, COMMENT as ISOLATION_COMMENT, type IsolationParams } from './config';
/** The isolation module keeps no tables: the outbox's jobs say where the set-up was applied. */
export const TABLES: readonly string[] = [];
