import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import schedule from 'node-schedule';
import parser from 'cron-parser';
import type { JobInfoDto, JobRunDto, JobTrigger } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../core/db';
import type { DomainEvents } from '../../core/domain-events';
import type { EventBus } from '../../core/events';
import type { JobDefinition, JobWindow } from '../../core/module';
import type { SettingsService } from '../settings';
import { JobRunEntity, JobStateEntity, type JobRun } from './entities';
import { summaryText, type Summary, type SummaryParams } from '../../../shared/summaries';
import { parseJson } from '../../core/json';

export interface SchedulerDeps {
  db: Db;
  logger: Logger;
  events: EventBus;
  /** job.failed is published in the transaction that records the failed run. */
  domainEvents: DomainEvents;
  settings: SettingsService;
  now: () => Date;
}

export const toJobRunDto = (r: JobRun): JobRunDto => ({ ...r, summaryParams: parseJson<SummaryParams>(r.summaryParams) });
const toDto = toJobRunDto;

/**
 * Job registry on node-schedule. Each run covers a window (end of the last successful window → now)
 * and is recorded in job_runs. A job never runs twice at once: the 'running' row is the lock (a partial
 * unique index), taken inside the write queue. Runs missed while the app was off are caught up once.
 */
/** Runs kept in the history per job. */
export const KEEP_RUNS = 1000;

export class Scheduler {
  private readonly defs = new Map<string, JobDefinition>();
  private readonly timers = new Map<string, schedule.Job>();
  private readonly running = new Map<string, { ctrl: AbortController; done: Promise<void> }>();
  private started = false;

  constructor(private readonly deps: SchedulerDeps) {}

  register(def: JobDefinition): void {
    if (this.defs.has(def.name)) throw new Error(`job ${def.name} registered twice`);
    this.defs.set(def.name, def);
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  /** Marks runs left 'running' by a dead process as interrupted, schedules every job, catches up missed ones. */
  async start(opts: { schedule: boolean } = { schedule: true }): Promise<void> {
    const now = this.deps.now().toISOString();
    await this.deps.db.write(async (em) => {
      await em.getRepository(JobRunEntity).update({ status: 'running' }, { status: 'interrupted', finishedAt: now, error: 'The app stopped while this run was in progress' });
      for (const name of this.defs.keys()) {
        await em.createQueryBuilder().insert().into(JobStateEntity).values({ job: name, firstSeenAt: now }).orIgnore().execute();
      }
    });
    this.started = true;
    if (opts.schedule) this.scheduleAll();
    await this.catchUp();
  }

  /** Runs, once each, the jobs whose scheduled time passed while the app was not running. */
  async catchUp(): Promise<string[]> {
    const ran: string[] = [];
    for (const def of this.defs.values()) {
      const since = await this.windowStart(this.deps.db.manager, def.name);
      const prev = this.previousOccurrence(def);
      if (prev && prev.getTime() > since.getTime() && !this.running.has(def.name)) {
        this.deps.logger.info({ job: def.name, missed: prev.toISOString(), since: since.toISOString() }, 'catching up a missed job run');
        try {
          const run = await this.trigger(def.name, 'catch-up', null);
          await this.running.get(def.name)?.done;
          ran.push(run.job);
        } catch (err) {
          this.deps.logger.warn({ err, job: def.name }, 'catch-up run not started');
        }
      }
    }
    return ran;
  }

  scheduleAll(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    const tz = this.deps.settings.get('locale').timezone;
    for (const def of this.defs.values()) {
      const rule = def.schedule(this.deps.settings.all());
      const timer = schedule.scheduleJob({ rule, tz }, () => {
        this.trigger(def.name, 'schedule', null).catch((err: unknown) => this.deps.logger.warn({ err, job: def.name }, 'scheduled run not started'));
      });
      if (timer) this.timers.set(def.name, timer);
      else this.deps.logger.error({ job: def.name, rule }, 'invalid schedule; job not scheduled');
    }
  }

  /** Begin a run inside the caller's transaction; it executes once that transaction commits. */
  async begin(em: EntityManager, name: string, trigger: JobTrigger, startedBy: string | null): Promise<JobRunDto> {
    const def = this.defs.get(name);
    if (!def) throw new AppError('jobs.unknown', `No such job: ${name}`);
    if (this.running.has(name) || (await em.getRepository(JobRunEntity).existsBy({ job: name, status: 'running' }))) {
      throw new AppError('jobs.already_running', `The job "${name}" is already running`);
    }
    const from = await this.windowStart(em, name);
    const now = this.deps.now();
    const run = await em.getRepository(JobRunEntity).save({
      job: name,
      trigger,
      windowStart: from.toISOString(),
      windowEnd: (now.getTime() > from.getTime() ? now : new Date(from.getTime() + 1)).toISOString(),
      startedAt: now.toISOString(),
      finishedAt: null,
      status: 'running',
      error: null,
      summary: null,
      summaryKey: null,
      summaryParams: null,
      startedBy,
    });
    // Claim the slot now, so a second begin() before the commit is refused too.
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const ctrl = new AbortController();
    this.running.set(name, { ctrl, done });
    this.deps.db.afterRollback(() => {
      this.running.delete(name);
      release();
    });
    this.deps.db.afterCommit(() => {
      this.deps.events.emit('jobs.run', toDto(run));
      void this.execute(def, run, ctrl.signal).finally(() => {
        this.running.delete(name);
        release();
      });
    });
    return toDto(run);
  }

  /** Start a run in its own transaction. */
  trigger(name: string, trigger: JobTrigger, startedBy: string | null): Promise<JobRunDto> {
    return this.deps.db.write((em) => this.begin(em, name, trigger, startedBy));
  }

  /** Resolves when the job's current run (if any) has finished. */
  async idle(name?: string): Promise<void> {
    const entries = name ? [this.running.get(name)] : [...this.running.values()];
    await Promise.all(entries.flatMap((e) => (e ? [e.done] : [])));
  }

  private async execute(def: JobDefinition, run: JobRun, signal: AbortSignal): Promise<void> {
    const window: JobWindow = { from: new Date(run.windowStart), to: new Date(run.windowEnd) };
    const log = this.deps.logger.child({ job: def.name, run: run.id });
    let status: JobRun['status'] = 'succeeded';
    let result: Summary | null = null;
    let error: string | null = null;
    try {
      result = await def.run(window, signal);
      log.info({ summary: summaryText(result) }, 'job run succeeded');
    } catch (err) {
      status = signal.aborted ? 'interrupted' : 'failed';
      error = err instanceof Error ? err.message : String(err);
      log.error({ err }, 'job run failed');
    }
    const finishedAt = this.deps.now().toISOString();
    const summary = result ? summaryText(result) : null;
    const summaryKey = result?.key ?? null;
    const summaryParams = result ? JSON.stringify(result.params) : null;
    try {
      await this.deps.db.write(async (em) => {
        await em.getRepository(JobRunEntity).update({ id: run.id }, { status, summary, summaryKey, summaryParams, error, finishedAt });
        if (status === 'failed') await this.deps.domainEvents.publish(em, 'job.failed', { jobRunId: run.id, job: def.name, error: error ?? '' }, new Date(finishedAt));
        // History stays bounded for frequent jobs (the voucher watch runs every two minutes): the newest runs are kept.
        // The last successful run stays whatever its age: the next window starts where it ended.
        await em.query(
          `DELETE FROM job_runs WHERE job = ? AND id <= (SELECT id FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT 1 OFFSET ?)
             AND id <> COALESCE((SELECT max(id) FROM job_runs WHERE job = ? AND status = 'succeeded'), 0)`,
          [def.name, def.name, KEEP_RUNS, def.name],
        );
      });
    } catch (err) {
      log.error({ err }, 'could not record the end of a job run');
    }
    this.deps.events.emit('jobs.run', toDto({ ...run, status, summary, summaryKey, summaryParams, error, finishedAt }));
  }

  async list(): Promise<JobInfoDto[]> {
    const tz = this.deps.settings.get('locale').timezone;
    const out: JobInfoDto[] = [];
    for (const def of this.defs.values()) {
      const last = await this.deps.db.manager.getRepository(JobRunEntity).findOne({ where: { job: def.name }, order: { id: 'DESC' } });
      const next = this.timers.get(def.name)?.nextInvocation() as unknown as { toDate?: () => Date } | Date | null | undefined;
      const nextDate = next instanceof Date ? next : next?.toDate ? next.toDate() : null;
      out.push({
        name: def.name,
        schedule: def.schedule(this.deps.settings.all()),
        timezone: tz,
        running: this.running.has(def.name),
        nextRunAt: nextDate ? nextDate.toISOString() : null,
        lastRun: last ? toDto(last) : null,
      });
    }
    return out;
  }

  /** Cancels timers, asks running jobs to stop and waits for them to record their end. */
  async stop(): Promise<void> {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    for (const r of this.running.values()) r.ctrl.abort();
    await this.idle();
    this.started = false;
  }

  get isStarted(): boolean {
    return this.started;
  }

  private async windowStart(em: EntityManager, name: string): Promise<Date> {
    const row: { end: string | null }[] = await em.query("SELECT max(window_end) AS end FROM job_runs WHERE job = ? AND status = 'succeeded'", [name]);
    const end = row[0]?.end;
    if (end) return new Date(end);
    const state = await em.getRepository(JobStateEntity).findOneBy({ job: name });
    return new Date(state?.firstSeenAt ?? this.deps.now().toISOString());
  }

  private previousOccurrence(def: JobDefinition): Date | null {
    try {
      const it = parser.parseExpression(def.schedule(this.deps.settings.all()), { currentDate: this.deps.now(), tz: this.deps.settings.get('locale').timezone });
      return it.prev().toDate();
    } catch {
      return null;
    }
  }
}
