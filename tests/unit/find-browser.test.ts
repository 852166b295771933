import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, INSTALL_HINT, playwrightCacheDir } from '../../scripts/find-browser.mjs';

/** A fake file system: the executables that exist and the directories' listings. */
function fakeFs(executables: string[], dirs: Record<string, string[]> = {}) {
  const exe = new Set(executables);
  const looked: string[] = [];
  return {
    looked,
    isExecutable: (f: string) => {
      looked.push(f);
      return exe.has(f);
    },
    listDir: (d: string) => dirs[d] ?? [],
  };
}

const linux = { platform: 'linux' as const, arch: 'x64', homedir: '/home/ani', env: {} };

describe('findBrowser (which Chromium the e2e tests drive)', () => {
  it('takes MB_CHROMIUM first, and refuses a wrong one instead of falling back', () => {
    const fs = fakeFs(['/opt/my/chrome', '/usr/bin/chromium']);
    expect(findBrowser({ ...linux, env: { MB_CHROMIUM: '/opt/my/chrome' }, ...fs })).toEqual({ path: '/opt/my/chrome', source: 'MB_CHROMIUM' });
    const wrong = findBrowser({ ...linux, env: { MB_CHROMIUM: '/nope/chrome' }, ...fs });
    expect(wrong.path).toBeNull();
    expect(wrong.path === null && wrong.error).toContain('MB_CHROMIUM=/nope/chrome');
  });

  it('finds Debian Chromium, then Chrome or Edge on Linux', () => {
    expect(findBrowser({ ...linux, ...fakeFs(['/usr/bin/chromium', '/usr/bin/google-chrome']) })).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    expect(findBrowser({ ...linux, ...fakeFs(['/usr/bin/google-chrome-stable']) }).path).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser({ ...linux, ...fakeFs(['/usr/bin/microsoft-edge']) }).path).toBe('/usr/bin/microsoft-edge');
  });

  it('knows the macOS and Windows install locations', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({ platform: 'darwin', arch: 'arm64', homedir: '/Users/ani', env: {}, ...fakeFs([mac]) }).path).toBe(mac);
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const win = { platform: 'win32' as const, arch: 'x64', homedir: 'C:\\Users\\ani', env: { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' } };
    expect(findBrowser({ ...win, ...fakeFs([edge]) }).path).toBe(edge);
  });

  it("falls back to playwright's cache: full Chromium before the headless shell, newest revision first", () => {
    const cache = '/home/ani/.cache/ms-playwright';
    const listing = { [cache]: ['ffmpeg-1011', 'chromium_headless_shell-1300', 'chromium-1200', 'chromium-1255', '.links'] };
    const newest = path.posix.join(cache, 'chromium-1255', 'chrome-linux64', 'chrome');
    const older = path.posix.join(cache, 'chromium-1200', 'chrome-linux', 'chrome');
    const shell = path.posix.join(cache, 'chromium_headless_shell-1300', 'chrome-headless-shell-linux64', 'chrome-headless-shell');
    expect(findBrowser({ ...linux, ...fakeFs([older, newest, shell], listing) })).toEqual({ path: newest, source: 'playwright' });
    expect(findBrowser({ ...linux, ...fakeFs([older, shell], listing) }).path).toBe(older);
    expect(findBrowser({ ...linux, ...fakeFs([shell], listing) }).path).toBe(shell);
  });

  it('follows PLAYWRIGHT_BROWSERS_PATH and XDG_CACHE_HOME like playwright does', () => {
    expect(playwrightCacheDir({ ...linux, env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' } })).toBe('/srv/pw');
    expect(playwrightCacheDir({ ...linux, env: { XDG_CACHE_HOME: '/var/cache/ani' } })).toBe('/var/cache/ani/ms-playwright');
    expect(playwrightCacheDir({ platform: 'darwin', homedir: '/Users/ani', env: {} })).toBe('/Users/ani/Library/Caches/ms-playwright');
    expect(playwrightCacheDir({ platform: 'win32', homedir: 'C:\\Users\\ani', env: { LOCALAPPDATA: 'C:\\Users\\ani\\AppData\\Local' } })).toBe('C:\\Users\\ani\\AppData\\Local\\ms-playwright');
  });

  it('says in one line what to install when there is nothing', () => {
    const fs = fakeFs([]);
    const r = findBrowser({ ...linux, ...fs });
    expect(r).toEqual({ path: null, error: INSTALL_HINT });
    expect(INSTALL_HINT).not.toContain('\n');
    expect(INSTALL_HINT).toMatch(/apt-get install chromium/);
    // It looked at the system paths and nowhere outside them and the (empty) playwright cache.
    expect(fs.looked).toContain('/usr/bin/chromium');
    expect(fs.looked.every((f) => f.startsWith('/usr/') || f.startsWith('/snap/') || f.startsWith('/opt/'))).toBe(true);
  });
});
