import fs from 'node:fs';
import path from 'node:path';

/**
 * A Chromium-based browser for whatsapp-web.js to drive through puppeteer's `executablePath` (we never let
 * puppeteer download one: package.json sets puppeteer.skipDownload). Install locations are general OS
 * knowledge, as the reference says (whatsapp.md §2.1): detect at run time and let the user override in
 * Settings. Order: an explicit PUPPETEER_EXECUTABLE_PATH / CHROME_PATH, then Google Chrome (the browser
 * whatsapp-web.js is used with most, and the only one with the video codecs, README via §2.1), then
 * Chromium, then Microsoft Edge. Snap's Chromium comes last on Linux: its confinement may refuse a profile
 * directory outside the home folder (inference).
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = fs.existsSync, platform: NodeJS.Platform = process.platform): string | null {
  for (const p of browserCandidates(env, platform)) {
    if (exists(p)) return p;
  }
  return null;
}

/** Every path findBrowser tries, in order (also shown to the user when none is found). */
export function browserCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const explicit = [envValue(env, 'PUPPETEER_EXECUTABLE_PATH'), envValue(env, 'CHROME_PATH')].filter((v): v is string => !!v);
  return [...explicit, ...osCandidates(env, platform)];
}

function osCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    const pf = envValue(env, 'ProgramFiles');
    const pf86 = envValue(env, 'ProgramFiles(x86)');
    const local = envValue(env, 'LocalAppData');
    const under = (bases: (string | undefined)[], ...rel: string[]) => bases.filter((b): b is string => !!b).map((b) => path.win32.join(b, ...rel));
    return dedupe([
      ...under([pf, pf86, local], 'Google', 'Chrome', 'Application', 'chrome.exe'),
      ...under([local, pf, pf86], 'Chromium', 'Application', 'chrome.exe'),
      // Edge installs under Program Files (x86) even on 64-bit Windows.
      ...under([pf86, pf, local], 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  if (platform === 'darwin') {
    const home = envValue(env, 'HOME');
    const dirs = ['/Applications', ...(home ? [path.posix.join(home, 'Applications')] : [])];
    const apps: [string, string][] = [
      ['Google Chrome.app', 'Google Chrome'],
      ['Chromium.app', 'Chromium'],
      ['Microsoft Edge.app', 'Microsoft Edge'],
    ];
    return apps.flatMap(([app, bin]) => dirs.map((d) => path.posix.join(d, app, 'Contents', 'MacOS', bin)));
  }
  return [
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/microsoft-edge',
    '/opt/microsoft/msedge/msedge',
    '/snap/bin/chromium',
  ];
}

/** Environment lookup ignoring case (Windows' variables are case-insensitive; a plain object is not). */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  if (direct) return direct;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(env)) if (k.toLowerCase() === lower && v) return v;
  return undefined;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
