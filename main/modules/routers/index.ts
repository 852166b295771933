// Public entry of the routers module: the only file other modules, the composition root and the shell import.
// Modules change routers only through the durable outbox (ops + Outbox), written in their own transaction.

/** Handlers for the router screens. */
export { createRoutersModule, type RouterRemovalCheck } from './module';
/** Saved routers and their live connections. */
export { RouterService, type ClientFactory } from './service';
/** The RouterOS API client and RouterOS value formats (durations, GMT offsets). */
export { createRouterClient, isDuplicateTrap, RouterError, formatDuration, parseDuration, parseGmtOffset, type Command, type RouterClient, type Row } from './client';
/** The durable outbox: router effects, queued in the caller's transaction. */
export { Outbox } from './outbox/outbox';
export { ops, routerOpSchema, targetOf, type Menu, type RouterOp } from './outbox/ops';
/** Desired state and drift: modules add providers, the reconciler compares them with the routers. */
export { Reconciler } from './reconciler';
export { desiredTarget, detectDrift, mergeDesired, outboxLedger, repairOp, type DesiredObject, type DesiredStateProvider } from './reconcile';
/** Mikhmon's comment and script formats (vouchers and billing adopt what Mikhmon left on a router). */
export { metaLine, mikhmonScriptParts, monitorComment, parseBatchComment, parseExpiryComment, parseProfileOnLogin } from './import/mikhmon';
/** Live PPP sessions (portal "Koneksi saya", isolation page) and monthly PPP traffic (the routers.usage job). */
export { LiveSessions, readSessions, sessionInterfaceName, type LiveSession, type LiveSessionsOptions, type RouterSessions } from './live-sessions';
export { countSample, monthUsage, PppUsage, recordUsage, SESSION_START_TOLERANCE_S, type PppUsageDeps, type SampledSession, type SessionCursor } from './usage-sampler';
/** Table schemas, listed by the composition root. */
export { RouterEntity } from './entity';
export { PppUsageEntity } from './usage-entity';
export { RouterJobEntity } from './outbox/entity';
/** Reads of the routers module's tables for other modules (names, isolation profile, hotspot, outbox history). */
export { hotspotTokenOf, isolationProfileOf, isolationProfiles, jobExists, lastJobFor, pendingJobCount, routerHotspots, routerIds, routerName, routerNames, routersWithJobFor, setHotspotToken, type RouterIsolation } from './queries';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['routers', 'router_jobs', 'ppp_usage'];
