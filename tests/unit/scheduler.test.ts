import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { paths } from '../../main/core/config';
import { setupOffice, startCore, tempDir, TestClock } from '../support/core';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

type RunRow = { id: number; job: string; trigger: string; status: string; window_start: string; window_end: string };
const runs = async (c: Core, job = 'backup.nightly'): Promise<RunRow[]> => c.db.manager.query('SELECT * FROM job_runs WHERE job = ? ORDER BY id', [job]);

describe('scheduler', () => {
  it('catches up once for the window missed while the app was off', async () => {
    const dir = tempDir();
    // Monday 10:00 Jakarta: the app is installed and then closed.
    const clock = new TestClock(new Date('2026-11-23T03:00:00Z'));
    core = await startCore({ dataDir: dir, now: clock.now });
    await setupOffice(core);
    expect(await runs(core)).toEqual([]);
    await core.close();
    // Wednesday 08:00 Jakarta: two nightly backups (Tue 02:00, Wed 02:00) were missed; one catch-up run covers both.
    clock.t = new Date('2026-11-25T01:00:00Z');
    core = await startCore({ dataDir: dir, now: clock.now });
    await core.scheduler.idle();
    const after = await runs(core);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ job: 'backup.nightly', trigger: 'catch-up', status: 'succeeded', window_start: '2026-11-23T03:00:00.000Z', window_end: '2026-11-25T01:00:00.000Z' });
    // The hourly router check missed many runs too: it also catches up once, not once per missed hour.
    expect((await runs(core, 'routers.reconcile')).map((r) => r.trigger)).toEqual(['catch-up']);
    await core.close();
    // Started again the same morning: nothing was missed since.
    clock.advance(3600_000);
    core = await startCore({ dataDir: dir, now: clock.now });
    await core.scheduler.idle();
    expect(await runs(core)).toHaveLength(1);
  });

  it('never runs a job twice at once', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const [a, b] = await Promise.all([owner.try('jobs.runNow', { name: 'backup.nightly' }), owner.try('jobs.runNow', { name: 'backup.nightly' })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const failed = (a.ok ? b : a) as { ok: false; error: { code: string } };
    expect(failed.error.code).toBe('jobs.already_running');
    await core.scheduler.idle();
    expect((await runs(core)).map((r) => r.status)).toEqual(['succeeded']);
    expect((await owner.fail('jobs.runNow', { name: 'no.such.job' })).code).toBe('jobs.unknown');
  });

  it('marks runs left running by a crash as interrupted and re-covers their window', async () => {
    const dir = tempDir();
    const clock = new TestClock(new Date('2026-11-23T03:00:00Z'));
    core = await startCore({ dataDir: dir, now: clock.now });
    await core.close();
    core = null;
    const raw = new Database(paths(dir).database);
    raw.prepare(
      "INSERT INTO job_runs (job, trigger, window_start, window_end, started_at, status) VALUES ('backup.nightly', 'schedule', '2026-11-23T03:00:00.000Z', '2026-11-23T19:00:00.000Z', '2026-11-23T19:00:00.000Z', 'running')",
    ).run();
    raw.close();
    clock.t = new Date('2026-11-24T01:00:00Z');
    core = await startCore({ dataDir: dir, now: clock.now });
    await core.scheduler.idle();
    const all = await runs(core);
    expect(all.map((r) => [r.status, r.trigger])).toEqual([
      ['interrupted', 'schedule'],
      ['succeeded', 'catch-up'],
    ]);
    expect(all[1]!.window_start).toBe('2026-11-23T03:00:00.000Z');
  });

  it('lists jobs with schedule, last and next run, and history', async () => {
    core = await startCore({ schedule: true });
    const owner = await setupOffice(core);
    await owner.call('settings.update', { group: 'backup', value: { keep: 5, hour: 3 } });
    const run = await owner.call('jobs.runNow', { name: 'backup.nightly' });
    expect(run.status).toBe('running');
    await core.scheduler.idle();
    const [job] = await owner.call('jobs.list', {});
    expect(job).toMatchObject({ name: 'backup.nightly', schedule: '0 3 * * *', timezone: 'Asia/Jakarta', running: false, lastRun: { status: 'succeeded', trigger: 'manual', startedBy: 'budi' } });
    // Next 03:00 in Jakarta is 20:00 UTC.
    expect(job!.nextRunAt).toMatch(/T20:00:00\.000Z$/);
    expect(job!.lastRun!.summary).toMatch(/^Wrote backup-\d{8}T\d{6}\.sqlite/);
    expect(job!.lastRun).toMatchObject({ summaryKey: 'backup.written', summaryParams: { removed: 0 } });
    const history = await owner.call('jobs.history', { job: 'backup.nightly' });
    expect(history.total).toBe(1);
  });
});

describe('nightly backup', () => {
  it('writes a consistent online copy and keeps only the newest N', async () => {
    const clock = new TestClock();
    core = await startCore({ now: clock.now });
    const owner = await setupOffice(core);
    await owner.call('settings.update', { group: 'backup', value: { keep: 2, hour: 2 } });
    for (let i = 0; i < 4; i++) {
      clock.advance(60_000);
      await owner.call('jobs.runNow', { name: 'backup.nightly' });
      await core.scheduler.idle();
    }
    const list = await owner.call('backups.list', {});
    expect(list).toHaveLength(2);
    expect(list.every((b) => b.kind === 'nightly' && b.sizeBytes > 0)).toBe(true);
    expect(list[0]!.createdAt > list[1]!.createdAt).toBe(true);
    const copy = new Database(path.join(core.backups.dir, list[0]!.file), { readonly: true });
    expect(copy.prepare('SELECT username FROM users').all()).toEqual([{ username: 'budi' }]);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    const files = fs.readdirSync(core.backups.dir);
    expect(files.some((f) => f.endsWith('.partial'))).toBe(false);
    const hist = await owner.call('jobs.history', {});
    expect(hist.items[0]!.summaryParams).toMatchObject({ removed: 1 });
  });

  it('is idempotent for the same window', async () => {
    core = await startCore();
    const at = new Date('2026-11-25T19:00:00Z');
    const a = await core.backups.backup(at);
    const b = await core.backups.backup(at);
    expect(a.skipped).toBe(false);
    expect(b).toMatchObject({ skipped: true, file: a.file });
  });
});

describe('job history stays bounded', () => {
  it('keeps the newest runs of a job', async () => {
    const { KEEP_RUNS } = await import('../../main/modules/jobs/scheduler');
    const c = await startCore({ now: new TestClock().now });
    try {
      const owner = await setupOffice(c);
      await c.db.write(async (em) => {
        for (let i = 0; i < KEEP_RUNS + 50; i++) {
          await em.query(
            "INSERT INTO job_runs (job, trigger, window_start, window_end, started_at, finished_at, status) VALUES ('backup.nightly', 'schedule', '2026-01-01T00:00:00.000Z', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', ?)",
            [new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), i === 0 ? 'succeeded' : 'failed'],
          );
        }
      });
      await owner.call('jobs.runNow', { name: 'backup.nightly' });
      await c.scheduler.idle('backup.nightly');
      const [n] = (await c.db.manager.query("SELECT count(*) AS n FROM job_runs WHERE job = 'backup.nightly'")) as { n: number }[];
      // The new run succeeded, so the old success is no longer needed: exactly the newest KEEP_RUNS remain.
      expect(n!.n).toBe(KEEP_RUNS);
      const [last] = (await c.db.manager.query("SELECT status FROM job_runs WHERE job = 'backup.nightly' ORDER BY id DESC LIMIT 1")) as { status: string }[];
      expect(last!.status).toBe('succeeded');
    } finally {
      await c.close();
    }
  });
});
