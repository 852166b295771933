import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { parseCli } from '../../main/cli';
import { defaultDataDir } from '../../main/core/config';
import net from 'node:net';
import schedule from 'node-schedule';
import { DataDirLockedError } from '../../main/core/lock';
import { WriteQueue } from '../../main/core/write-queue';
import { setupOffice, startCore, tempDir } from '../support/core';
import { deferred } from '../support/poll';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

describe('runtime', () => {
  it('one process per data dir', async () => {
    const dir = tempDir();
    core = await startCore({ dataDir: dir });
    await expect(startCore({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
    await core.close();
    core = await startCore({ dataDir: dir });
  });

  it('a listener that cannot start leaves nothing behind: no timers, no lock, database closed', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = tempDir();
    try {
      await expect(startCore({ dataDir: dir, schedule: true, http: { enabled: true, port } })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(Object.keys(schedule.scheduledJobs)).toEqual([]);
      core = await startCore({ dataDir: dir });
    } finally {
      blocker.close();
    }
  });

  it('concurrent writes from many callers and a job never interleave', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const creates = Array.from({ length: 30 }, (_, i) =>
      owner.call('users.create', { username: `user${i}`, fullName: `User ${i}`, role: 'collector', password: 'pass-word-1' }),
    );
    const job = owner.call('jobs.runNow', { name: 'backup.nightly' });
    const settings = owner.call('settings.update', { group: 'security', value: { sessionIdleMinutes: 60, lockoutMinutes: 5 } });
    await Promise.all([...creates, job, settings]);
    await core.scheduler.idle();
    expect((await owner.call('users.list', {})).length).toBe(31);
    expect((await owner.call('audit.list', {})).total).toBe(33);
    expect(core.settings.get('security').sessionIdleMinutes).toBe(60);
  });

  it('the write queue runs tasks one at a time, in order, surviving failures', async () => {
    const q = new WriteQueue();
    const log: string[] = [];
    // Task a is held until b and c are queued: a queue that did not wait would start them inside a.
    const gate = deferred();
    const task = (name: string, hold: Promise<void> | null, fail = false) =>
      q.run(async () => {
        log.push(`start ${name}`);
        await hold;
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const pending = [task('a', gate.promise), task('b', null, true), task('c', null)];
    gate.resolve();
    const results = await Promise.allSettled(pending);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('settings changes apply only once committed', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    await expect(
      core.db.write(async (em) => {
        await core!.settings.set(em, 'backup', { keep: 99, hour: 1 }, null, new Date());
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(core.settings.get('backup').keep).toBe(14);
    expect((await owner.call('settings.get', {})).backup.keep).toBe(14);
  });

  it('parses the command line and environment', () => {
    expect(parseCli(['--data-dir', '/tmp/x', '--port=9000', '--server'], {})).toMatchObject({ dataDir: '/tmp/x', port: 9000, mode: 'server' });
    expect(parseCli([], { MB_DATA_DIR: '/tmp/y', MB_MODE: 'desktop', MB_HOST: '0.0.0.0' })).toMatchObject({ dataDir: '/tmp/y', mode: 'desktop', host: '0.0.0.0' });
    expect(parseCli([], {}).dataDir).toMatch(/Mikrotik Billing$/);
    // The same folder Electron uses as userData, so both modes share one database.
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\budi\\AppData\\Roaming' }, 'C:\\Users\\budi')).toBe('C:\\Users\\budi\\AppData\\Roaming\\Mikrotik Billing');
    expect(defaultDataDir('linux', {}, '/home/budi')).toBe('/home/budi/.config/Mikrotik Billing');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/budi')).toBe('/cfg/Mikrotik Billing');
    expect(defaultDataDir('darwin', {}, '/Users/budi')).toBe('/Users/budi/Library/Application Support/Mikrotik Billing');
    expect(tempDir()).toBeTruthy();
  });
});
