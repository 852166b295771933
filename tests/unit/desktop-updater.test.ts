import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { updateSettingsSchema } from '../../shared/settings';
import { planUpdates, UPDATE_CHECK_INTERVAL_MS } from '../../main/desktop/updater-policy';

const settings = (over: Partial<ReturnType<typeof updateSettingsSchema.parse>> = {}) => updateSettingsSchema.parse({ ...over });

describe('planUpdates', () => {
  it('never runs in an unpackaged app, whatever the settings', () => {
    expect(planUpdates({ isPackaged: false, settings: settings() })).toEqual({ active: false, reason: 'not-packaged' });
    expect(planUpdates({ isPackaged: false, settings: settings({ url: 'https://u.example.com/mb' }) })).toEqual({ active: false, reason: 'not-packaged' });
  });

  it('honours the enabled flag', () => {
    expect(planUpdates({ isPackaged: true, settings: settings({ enabled: false }) })).toEqual({ active: false, reason: 'disabled' });
  });

  it('uses the built-in feed (electron-builder publish block) when the URL setting is empty', () => {
    expect(planUpdates({ isPackaged: true, settings: settings() })).toEqual({ active: true, feedUrl: null, channel: 'latest', allowPrerelease: false });
  });

  it('uses the URL from the settings when given', () => {
    expect(planUpdates({ isPackaged: true, settings: settings({ url: 'https://updates.isp.example/mb' }) })).toMatchObject({ active: true, feedUrl: 'https://updates.isp.example/mb' });
  });

  it('beta channel allows prereleases; latest does not', () => {
    expect(planUpdates({ isPackaged: true, settings: settings({ channel: 'beta' }) })).toEqual({ active: true, feedUrl: null, channel: 'beta', allowPrerelease: true });
    expect(planUpdates({ isPackaged: true, settings: settings({ channel: 'latest' }) })).toMatchObject({ channel: 'latest', allowPrerelease: false });
  });

  it('checks every 6 hours', () => {
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(6 * 3600 * 1000);
  });
});

describe('electron-builder.yml', () => {
  const yml = fs.readFileSync('electron-builder.yml', 'utf8');

  it('publishes to a generic server (the built-in feed) and pins the Electron version', () => {
    expect(yml).toMatch(/^publish:\s*\n\s+provider: generic\s*\n\s+url: https:\/\//m);
    expect(yml).toMatch(/^electronVersion: \d+\.\d+\.\d+$/m);
    expect(yml).toMatch(/^npmRebuild: false$/m);
  });

  it('pins the same Electron version as the electron (optional) dependency', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { optionalDependencies?: Record<string, string> };
    const pinned = /^electronVersion: (\S+)$/m.exec(yml)?.[1];
    expect(pkg.optionalDependencies?.electron?.replace(/^[\^~]/, '')).toBe(pinned);
  });
});
