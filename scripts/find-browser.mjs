// Which Chromium the e2e tests drive. One lookup for the e2e harness (tests/e2e/harness.ts) and for
// `npm test` (scripts/test.mjs checks before anything else, so a missing browser fails in seconds).
// Order: $MB_CHROMIUM (when set it must exist: no silent fallback), the usual Chromium/Chrome/Edge paths of
// this OS, then browsers playwright-core installed in its cache. installBrowser() downloads one with
// playwright-core's own installer; test.mjs calls it only when the lookup found nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const INSTALL_HINT =
  'No Chromium for the e2e tests: install Chromium, Google Chrome or Microsoft Edge (Debian/Ubuntu: apt-get install chromium), ' +
  'or run `npx playwright-core install chromium`, or set MB_CHROMIUM to a Chromium-based browser binary.';

/** The OS's usual install locations, most specific first. */
export function systemCandidates({ platform, env, homedir }) {
  if (platform === 'win32') {
    const bases = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean);
    const rel = [
      ['Google', 'Chrome', 'Application', 'chrome.exe'],
      ['Chromium', 'Application', 'chrome.exe'],
      ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
    ];
    return bases.flatMap((b) => rel.map((r) => path.win32.join(b, ...r)));
  }
  if (platform === 'darwin') {
    const apps = [
      ['Chromium.app', 'Chromium'],
      ['Google Chrome.app', 'Google Chrome'],
      ['Microsoft Edge.app', 'Microsoft Edge'],
    ];
    return ['/Applications', path.posix.join(homedir, 'Applications')].flatMap((dir) =>
      apps.map(([app, bin]) => path.posix.join(dir, app, 'Contents', 'MacOS', bin)),
    );
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
  ];
}

/** playwright-core's browser cache, the way it computes it (PLAYWRIGHT_BROWSERS_PATH wins). */
export function playwrightCacheDir({ platform, env, homedir }) {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (env.PLAYWRIGHT_BROWSERS_PATH && env.PLAYWRIGHT_BROWSERS_PATH !== '0') return env.PLAYWRIGHT_BROWSERS_PATH;
  if (platform === 'win32') return p.join(env.LOCALAPPDATA || p.join(homedir, 'AppData', 'Local'), 'ms-playwright');
  if (platform === 'darwin') return p.join(homedir, 'Library', 'Caches', 'ms-playwright');
  return p.join(env.XDG_CACHE_HOME || p.join(homedir, '.cache'), 'ms-playwright');
}

/** Executables inside one playwright browser directory (chromium-1255, chromium_headless_shell-1255), old and new layouts. */
function playwrightExecutables(dir, platform, arch) {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (platform === 'win32') {
    return [p.join(dir, 'chrome-win64', 'chrome.exe'), p.join(dir, 'chrome-win', 'chrome.exe'), p.join(dir, 'chrome-headless-shell-win64', 'chrome-headless-shell.exe')];
  }
  if (platform === 'darwin') {
    const a = arch === 'arm64' ? 'arm64' : 'x64';
    return [
      p.join(dir, `chrome-mac-${a}`, 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing'),
      p.join(dir, 'chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
      p.join(dir, `chrome-headless-shell-mac-${a}`, 'chrome-headless-shell'),
    ];
  }
  const a = arch === 'arm64' ? 'linux-arm64' : 'linux64';
  return [p.join(dir, `chrome-${a}`, 'chrome'), p.join(dir, 'chrome-linux', 'chrome'), p.join(dir, `chrome-headless-shell-${a}`, 'chrome-headless-shell'), p.join(dir, 'chrome-linux', 'headless_shell')];
}

/** Browsers playwright-core installed: full Chromium before the headless shell, newest revision first. */
export function playwrightCandidates(sys, listDir) {
  const cache = playwrightCacheDir(sys);
  const p = sys.platform === 'win32' ? path.win32 : path.posix;
  const rank = (name) => {
    const m = /^(chromium|chromium_headless_shell)-(\d+)$/.exec(name);
    return m ? { name, shell: m[1] !== 'chromium', rev: Number(m[2]) } : null;
  };
  const dirs = listDir(cache)
    .map(rank)
    .filter(Boolean)
    .sort((x, y) => Number(x.shell) - Number(y.shell) || y.rev - x.rev);
  return dirs.flatMap((d) => playwrightExecutables(p.join(cache, d.name), sys.platform, sys.arch));
}

function defaultIsExecutable(file) {
  try {
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function defaultListDir(dir) {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The browser to drive: { path, source } or { path: null, error } (one line saying what to do).
 * Everything it touches can be injected, so the unit test runs it against a fake file system.
 */
export function findBrowser({
  env = process.env,
  platform = process.platform,
  arch = process.arch,
  homedir = os.homedir(),
  isExecutable = defaultIsExecutable,
  listDir = defaultListDir,
} = {}) {
  const sys = { env, platform, arch, homedir };
  if (env.MB_CHROMIUM) {
    if (isExecutable(env.MB_CHROMIUM)) return { path: env.MB_CHROMIUM, source: 'MB_CHROMIUM' };
    return { path: null, error: `MB_CHROMIUM=${env.MB_CHROMIUM} is not an executable file: fix it or unset it.` };
  }
  for (const file of systemCandidates(sys)) if (isExecutable(file)) return { path: file, source: 'system' };
  for (const file of playwrightCandidates(sys, listDir)) if (isExecutable(file)) return { path: file, source: 'playwright' };
  return { path: null, error: INSTALL_HINT };
}

/**
 * Downloads Chromium with playwright-core's installer (into its cache, where findBrowser looks next). Checks
 * first, in at most a few seconds, that the download host answers, so an offline machine is told at once.
 * Returns true when it installed one. Never called when findBrowser found a browser.
 */
export async function installBrowser({ log = console.log } = {}) {
  const host = process.env.PLAYWRIGHT_DOWNLOAD_HOST || 'https://cdn.playwright.dev';
  try {
    await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
  } catch {
    log(`(cannot reach ${host} to download Chromium)`);
    return false;
  }
  log('No Chromium found: installing one with playwright-core (npx playwright-core install chromium)…');
  const cli = path.join(root, 'node_modules', 'playwright-core', 'cli.js');
  const r = spawnSync(process.execPath, [cli, 'install', 'chromium'], { cwd: root, stdio: 'inherit', timeout: 10 * 60_000 });
  return r.status === 0;
}
