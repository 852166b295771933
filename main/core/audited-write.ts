import type { EntityManager } from 'typeorm';
import type { Summary } from '../../shared/summaries';
import { appendAudit } from '../modules/audit/module';
import type { CallContext } from './context';
import type { Db } from './db';

/**
 * For operations that must talk to a router before they write (so the single write transaction never waits
 * on the network): declared `mutates: false`, they read first, then write here — one transaction, audited
 * like any mutation.
 */
export async function auditedWrite<T>(db: Db, ctx: CallContext, fn: (em: EntityManager) => Promise<{ result: T; summary: Summary; details?: Record<string, unknown> }>): Promise<T> {
  return db.write(async (em) => {
    const { result, summary, details } = await fn(em);
    await appendAudit(em, { at: ctx.now.toISOString(), user: ctx.user, method: ctx.method, summary, details: details ?? null, transport: ctx.transport, ip: ctx.ip });
    return result;
  });
}
