import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import type { CoreConfig } from '../../main/core/config';
import { MigrationIntegrityError } from '../../main/core/db';
import { DataDirLockedError } from '../../main/core/lock';
import { describeStartupError, desktopDataDir, electronNativeBinding, startCore } from '../../main/desktop/startup';

describe('desktopDataDir', () => {
  it('prefers --data-dir, then MB_DATA_DIR, then userData', () => {
    expect(desktopDataDir(['app', '--data-dir', 'x'], { MB_DATA_DIR: 'y' }, '/u')).toBe(path.resolve('x'));
    expect(desktopDataDir(['app', '--data-dir=z'], {}, '/u')).toBe(path.resolve('z'));
    expect(desktopDataDir(['app'], { MB_DATA_DIR: 'y' }, '/u')).toBe(path.resolve('y'));
    expect(desktopDataDir(['app', '--data-dir'], {}, '/u')).toBe('/u');
    expect(desktopDataDir(['app'], {}, '/u')).toBe('/u');
  });
});

describe('electronNativeBinding', () => {
  it('uses resources/native/better_sqlite3.node only when packaged and present', () => {
    const file = path.join('/res', 'native', 'better_sqlite3.node');
    expect(electronNativeBinding(true, '/res', (p) => p === file)).toBe(file);
    expect(electronNativeBinding(true, '/res', () => false)).toBeUndefined();
    expect(electronNativeBinding(false, '/res', () => true)).toBeUndefined();
  });
});

describe('startCore', () => {
  const config = { mode: 'desktop', dataDir: '/d', http: { enabled: true } } as CoreConfig;
  const fakeCore = { url: null } as Core;
  const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });

  it('retries without the embedded listener when its port is busy', async () => {
    const configs: CoreConfig[] = [];
    const out = await startCore(config, {
      create: async (c) => {
        configs.push(c);
        if (c.http.enabled) throw busy;
        return fakeCore;
      },
      warn: () => undefined,
    });
    expect(out).toEqual({ core: fakeCore, httpError: busy });
    expect(configs.map((c) => c.http.enabled)).toEqual([true, false]);
  });

  it('throws every other start-up failure', async () => {
    const err = new MigrationIntegrityError('changed');
    await expect(startCore(config, { create: async () => Promise.reject(err), warn: () => undefined })).rejects.toBe(err);
  });
});

describe('describeStartupError', () => {
  it('explains migration and lock failures', () => {
    expect(describeStartupError(new MigrationIntegrityError('Migration "X" was changed'), '/d')).toMatchObject({ title: 'Database check failed' });
    expect(describeStartupError(new MigrationIntegrityError('m'), '/d').message).toContain('/d');
    expect(describeStartupError(new DataDirLockedError(123, '/d/app.lock'), '/d')).toMatchObject({ title: 'Already running', message: expect.stringContaining('123') });
    expect(describeStartupError(new Error('disk full'), '/d')).toMatchObject({ title: 'Mikrotik Billing cannot start', message: expect.stringContaining('disk full') });
  });
});
