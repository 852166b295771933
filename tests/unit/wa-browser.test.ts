/** findBrowser (main/modules/whatsapp/channel/browser.ts): which system browser whatsapp-web.js drives. Pure: a fake exists(). */
import { describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser } from '../../main/modules/whatsapp/channel/browser';

function only(...present: string[]) {
  const set = new Set(present);
  const asked: string[] = [];
  const exists = (p: string) => {
    asked.push(p);
    return set.has(p);
  };
  return { exists, asked };
}

describe('findBrowser', () => {
  it('Linux: Chrome before Chromium before Edge, snap Chromium last; null when none', () => {
    expect(findBrowser({}, only('/usr/bin/chromium', '/usr/bin/google-chrome-stable').exists, 'linux')).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser({}, only('/usr/bin/chromium', '/snap/bin/chromium').exists, 'linux')).toBe('/usr/bin/chromium');
    expect(findBrowser({}, only('/usr/bin/chromium-browser').exists, 'linux')).toBe('/usr/bin/chromium-browser');
    expect(findBrowser({}, only('/usr/bin/microsoft-edge', '/snap/bin/chromium').exists, 'linux')).toBe('/usr/bin/microsoft-edge');
    expect(findBrowser({}, only('/snap/bin/chromium').exists, 'linux')).toBe('/snap/bin/chromium');
    const none = only();
    expect(findBrowser({}, none.exists, 'linux')).toBeNull();
    expect(none.asked).toEqual(browserCandidates({}, 'linux'));
  });

  it('Windows: %ProgramFiles%, %ProgramFiles(x86)%, %LocalAppData% (any case), Chrome then Chromium then Edge', () => {
    const env = { ProgramFiles: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', localappdata: 'C:\\Users\\ani\\AppData\\Local' };
    const chromePf = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const chromeUser = 'C:\\Users\\ani\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const chromium = 'C:\\Users\\ani\\AppData\\Local\\Chromium\\Application\\chrome.exe';
    expect(findBrowser(env, only(edge, chromePf).exists, 'win32')).toBe(chromePf);
    expect(findBrowser(env, only(edge, chromeUser).exists, 'win32')).toBe(chromeUser);
    expect(findBrowser(env, only(edge, chromium).exists, 'win32')).toBe(chromium);
    expect(findBrowser(env, only(edge).exists, 'win32')).toBe(edge);
    // No Linux paths asked on Windows, and nothing under a variable that is not set.
    const probe = only();
    expect(findBrowser({ ProgramFiles: 'C:\\Program Files' }, probe.exists, 'win32')).toBeNull();
    expect(probe.asked.every((p) => p.startsWith('C:\\Program Files\\'))).toBe(true);
    expect(probe.asked).toContain('C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe');
  });

  it('macOS: /Applications then ~/Applications, Chrome then Chromium then Edge', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const userChrome = '/Users/ani/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const edge = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    const chromium = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    const env = { HOME: '/Users/ani' };
    expect(findBrowser(env, only(edge, chrome).exists, 'darwin')).toBe(chrome);
    expect(findBrowser(env, only(edge, userChrome).exists, 'darwin')).toBe(userChrome);
    expect(findBrowser(env, only(edge, chromium).exists, 'darwin')).toBe(chromium);
    expect(findBrowser(env, only(edge).exists, 'darwin')).toBe(edge);
  });

  it('an explicit PUPPETEER_EXECUTABLE_PATH or CHROME_PATH wins when it exists, and is skipped when not', () => {
    expect(findBrowser({ PUPPETEER_EXECUTABLE_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', '/usr/bin/chromium').exists, 'linux')).toBe('/opt/chrome/chrome');
    expect(findBrowser({ CHROME_PATH: '/opt/x/chrome' }, only('/usr/bin/chromium').exists, 'linux')).toBe('/usr/bin/chromium');
  });
});
