import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Db } from '../../../core/db';
import type { EventBus } from '../../../core/events';
import { RouterError } from '../client/types';
import type { RouterService } from '../service';
import { applyJobs, type JobOutcome } from './apply';
import { RouterJobEntity, type RouterJobRow } from './entity';
import { routerOpSchema, targetOf, type RouterOp } from './ops';

export const MAX_ATTEMPTS = 10;
const BATCH = 500;

/** 5 s, 10 s, 20 s … capped at 10 min. */
export const backoffMs = (attempts: number): number => Math.min(5000 * 2 ** Math.max(0, attempts - 1), 10 * 60_000);

export interface OutboxDeps {
  db: Db;
  logger: Logger;
  events: EventBus;
  routers: RouterService;
  now: () => Date;
  /** How often due retries are looked for (default 15 s). */
  pollMs?: number;
}

/**
 * Durable outbox of router changes. enqueue() writes in the caller's transaction; after the commit a
 * worker applies the router's due jobs, oldest first, one per target at a time, idempotently. Jobs survive
 * restarts (a job left 'running' by a crash goes back to 'pending') and router outages (retried with
 * backoff, the last error kept); after MAX_ATTEMPTS a job is 'failed' until staff retry it.
 */
export class Outbox {
  private readonly draining = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: OutboxDeps) {}

  async enqueue(em: EntityManager, routerId: number, op: RouterOp, source: string): Promise<void> {
    const parsed = routerOpSchema.parse(op);
    const now = this.deps.now().toISOString();
    await em.getRepository(RouterJobEntity).insert({
      routerId,
      target: targetOf(parsed),
      op: JSON.stringify(parsed),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      source,
      createdAt: now,
      updatedAt: now,
      doneAt: null,
    });
    this.deps.db.afterCommit(() => this.kick(routerId));
  }

  /** A fresh start is a fresh chance: jobs cut off by a crash and jobs waiting out a backoff are due now. */
  async start(): Promise<void> {
    const now = this.deps.now().toISOString();
    await this.deps.db.write((em) =>
      em
        .createQueryBuilder()
        .update(RouterJobEntity)
        .set({ status: 'pending', nextAttemptAt: now })
        .where("status IN ('running','pending')")
        .execute(),
    );
    this.stopped = false;
    this.timer = setInterval(() => void this.drainAll(), this.deps.pollMs ?? 15_000);
    this.timer.unref();
    // Queries now; the drains it starts run in the background.
    await this.drainAll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  /** Resolves when no drain is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining.size > 0) await Promise.all([...this.draining.values()]);
  }

  kick(routerId: number): void {
    if (this.stopped) return;
    if (this.draining.has(routerId)) {
      this.again.add(routerId);
      return;
    }
    const run = this.drain(routerId)
      .catch((err: unknown) => this.deps.logger.error({ err, router: routerId }, 'outbox drain failed'))
      .finally(() => {
        this.draining.delete(routerId);
        if (this.again.delete(routerId)) this.kick(routerId);
      });
    this.draining.set(routerId, run);
  }

  async drainAll(): Promise<void> {
    // Through the write queue: the connection is shared, so a plain read could see the jobs of a transaction
    // that is still open (and may yet roll back).
    const rows: { router_id: number }[] = await this.deps.db.write((em) =>
      em.query("SELECT DISTINCT router_id FROM router_jobs WHERE status = 'pending' AND next_attempt_at <= ?", [this.deps.now().toISOString()]),
    );
    for (const r of rows) this.kick(r.router_id);
  }

  /** Due jobs of a router whose target has no earlier unfinished job: order per target is kept. */
  private async due(routerId: number): Promise<RouterJobRow[]> {
    return this.deps.db.write((em) => this.dueIn(em, routerId));
  }

  private async dueIn(em: EntityManager, routerId: number): Promise<RouterJobRow[]> {
    return em
      .getRepository(RouterJobEntity)
      .createQueryBuilder('j')
      .where("j.router_id = :routerId AND j.status = 'pending' AND j.next_attempt_at <= :now", { routerId, now: this.deps.now().toISOString() })
      .andWhere("NOT EXISTS (SELECT 1 FROM router_jobs e WHERE e.router_id = j.router_id AND e.target = j.target AND e.id < j.id AND e.status IN ('pending','running'))")
      .orderBy('j.id', 'ASC')
      .limit(BATCH)
      .getMany();
  }

  private async drain(routerId: number): Promise<void> {
    while (!this.stopped) {
      const jobs = await this.due(routerId);
      if (jobs.length === 0) return;
      const ids = jobs.map((j) => j.id);
      await this.deps.db.write((em) => em.getRepository(RouterJobEntity).update(ids, { status: 'running' }));
      let outcomes: JobOutcome[];
      try {
        // Leased: an edit of the router's connection settings meanwhile closes this client only after the batch.
        outcomes = await this.deps.routers.withClient(routerId, (client) =>
          applyJobs(
            client,
            jobs.map((j) => ({ id: j.id, op: routerOpSchema.parse(JSON.parse(j.op)) })),
            this.progressReporter(routerId),
          ),
        );
      } catch (err) {
        const error = err instanceof RouterError ? err : new RouterError('protocol', err instanceof Error ? err.message : String(err));
        outcomes = jobs.map((j) => ({ id: j.id, ok: false, error }));
      }
      await this.record(jobs, outcomes);
      this.deps.events.emit('routers.outbox', await this.counts(routerId));
      // Nothing got through (router down): leave the rest for the retry timer.
      if (outcomes.every((o) => !o.ok)) return;
    }
  }

  /** Live progress of a batch for the UI, at most four times a second (plus the last step). */
  private progressReporter(routerId: number): (done: number, total: number) => void {
    let last = 0;
    let base: { pending: number; failed: number; done: number } | null = null;
    void this.counts(routerId).then((c) => (base = c));
    return (done, total) => {
      const now = Date.now();
      if (!base || (done < total && now - last < 250)) return;
      last = now;
      this.deps.events.emit('routers.outbox', { routerId, ...base, applying: { done, total } });
    };
  }

  private async record(jobs: RouterJobRow[], outcomes: JobOutcome[]): Promise<void> {
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const now = this.deps.now();
    await this.deps.db.write(async (em) => {
      const repo = em.getRepository(RouterJobEntity);
      for (const o of outcomes) {
        const job = byId.get(o.id);
        if (!job) continue;
        if (o.ok) {
          await repo.update(o.id, { status: 'done', attempts: job.attempts + 1, lastError: null, updatedAt: now.toISOString(), doneAt: now.toISOString() });
          continue;
        }
        const attempts = job.attempts + 1;
        const failed = attempts >= MAX_ATTEMPTS;
        await repo.update(o.id, {
          status: failed ? 'failed' : 'pending',
          attempts,
          lastError: `${o.error.kind}: ${o.error.message}`,
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
          updatedAt: now.toISOString(),
        });
      }
    });
  }

  async counts(routerId: number): Promise<{ routerId: number; pending: number; failed: number; done: number }> {
    const rows: { status: string; n: number }[] = await this.deps.db.manager.query(
      'SELECT status, count(*) AS n FROM router_jobs WHERE router_id = ? GROUP BY status',
      [routerId],
    );
    const n = (s: string) => rows.filter((r) => r.status === s).reduce((a, r) => a + r.n, 0);
    return { routerId, pending: n('pending') + n('running'), failed: n('failed'), done: n('done') };
  }

  /** Puts failed (or waiting) jobs back in line now, and has the router's connection try again at once. */
  async retry(em: EntityManager, routerId: number, ids?: number[]): Promise<number> {
    // A failed change that a newer one for the same object has replaced is history, not something to redo
    // (a failed isolation must not come back after the customer paid and was restored).
    await em.query(
      `UPDATE router_jobs SET status = 'done', last_error = 'superseded by a newer change', updated_at = ?, done_at = ?
        WHERE router_id = ? AND status = 'failed'
          AND EXISTS (SELECT 1 FROM router_jobs n WHERE n.router_id = router_jobs.router_id AND n.target = router_jobs.target AND n.id > router_jobs.id)`,
      [this.deps.now().toISOString(), this.deps.now().toISOString(), routerId],
    );
    const qb = em
      .createQueryBuilder()
      .update(RouterJobEntity)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: this.deps.now().toISOString(), updatedAt: this.deps.now().toISOString() })
      .where("router_id = :routerId AND status IN ('failed','pending')", { routerId });
    if (ids?.length) qb.andWhere('id IN (:...ids)', { ids });
    const r = await qb.execute();
    // Staff retry because the router is back: try it now, not when the client's reconnect backoff ends.
    this.deps.db.afterCommit(() => {
      this.deps.routers.connectNow(routerId);
      this.kick(routerId);
    });
    return r.affected ?? 0;
  }
}
