import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser } from '../../scripts/find-browser.mjs';
import { waitFor } from '../support/poll';

export const ROOT = path.resolve(__dirname, '../..');
/** The browser the tests drive ($MB_CHROMIUM, else the system's Chromium/Chrome/Edge, else playwright's); see scripts/find-browser.mjs. */
const BROWSER = findBrowser();
/** Its path, or null when there is none (startHarness then fails with what to install). */
export const CHROMIUM: string | null = BROWSER.path;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const DESKTOP = { width: 1366, height: 800 };

/** Pages still open, so a failing test can say what they showed (see setup.ts). */
export const openPages = new Set<Page>();
/** MB_CPU_THROTTLE=4 slows every page's CPU four times: shakes out races a slow CI machine would hit. */
const THROTTLE = Number(process.env.MB_CPU_THROTTLE ?? 0);
export const PHONE = { width: 390, height: 844 };

export interface Harness {
  url: string;
  dataDir: string;
  browser: Browser;
  /** A fresh browser context (own cookies and localStorage) with one page. */
  newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  /** Server output so far, for failure messages. */
  output(): string;
  /** Moves the server's clock (office time passes); waits until the server runs on it. Sessions may expire. */
  setClock(at: Date): Promise<void>;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface HarnessOptions {
  /** 'default': the app's server entry; 'wa-standin': tests/e2e/wa-server.ts (WhatsApp Web over the stand-in, driven through its control port). */
  server?: 'default' | 'wa-standin';
  /** Extra environment for the server process (e.g. MB_WA_CONTROL_PORT). */
  env?: Record<string, string>;
}

function serverCommand(dataDir: string, port: number, server: 'default' | 'wa-standin' = 'default'): { cmd: string; args: string[] } {
  const rest = ['--data-dir', dataDir, '--port', String(port), '--no-schedule'];
  if (server === 'wa-standin') return { cmd: process.execPath, args: [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'tests/e2e/wa-server.ts'), ...rest] };
  const built = path.join(ROOT, 'dist/main/server.cjs');
  if (fs.existsSync(built)) return { cmd: process.execPath, args: [built, ...rest] };
  return { cmd: process.execPath, args: [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'main/server.ts'), ...rest] };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  let exited = false;
  await waitFor(
    async () => {
      // A server that died will never answer: stop polling at once (a throw here would only mean "not yet").
      if (child.exitCode !== null) return (exited = true);
      const res = await fetch(`${url}/api/health`).catch(() => null); // null: not listening yet
      return res?.ok === true;
    },
    { timeout: timeoutMs, interval: 100, message: () => `the server to become healthy:\n${output()}` },
  );
  if (exited) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
}

/** Resolves when the page's CSS transitions and animations (modal fade-ins) have finished: for screenshots. */
export async function animationsDone(page: Page): Promise<void> {
  // A function, not a string: the app's CSP forbids eval. The cast stands in for the DOM types this project lacks.
  const settled = () => (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document.getAnimations().every((a) => a.playState !== 'running');
  await page.waitForFunction(settled, undefined, { polling: 50, timeout: 10_000 });
}

/** Server mode on a free port with its own temp data dir, plus a headless Debian Chromium. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  if (!fs.existsSync(path.join(ROOT, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run `node scripts/build.mjs` first');
  if (BROWSER.path === null) throw new Error(BROWSER.error);
  const executablePath = BROWSER.path;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { cmd, args } = serverCommand(dataDir, port, opts.server);
  const clockFile = path.join(dataDir, 'test-clock.json');
  fs.writeFileSync(clockFile, JSON.stringify({ offsetMs: 0 }));
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...opts.env, MB_QUIET: '1', MB_TEST_CLOCK_FILE: clockFile }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const output = () => out;
  const stopServer = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  let b: Browser;
  try {
    await waitForHealth(url, child, output);
    b = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (err) {
    await stopServer();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    dataDir,
    browser: b,
    output,
    async setClock(at) {
      fs.writeFileSync(clockFile, JSON.stringify({ offsetMs: at.getTime() - Date.now() }));
      await waitFor(
        async () => {
          const { now } = (await (await fetch(`${url}/api/health`)).json()) as { now: string };
          return Math.abs(Date.parse(now) - at.getTime()) < 60_000;
        },
        { timeout: 10_000, interval: 50, message: `the server to take the test clock (${at.toISOString()})` },
      );
    },
    async newPage(viewport = DESKTOP) {
      // An English browser: the UI must still start in Indonesian (the office language), not follow the browser.
      const context = await b.newContext({ viewport, baseURL: url, locale: 'en-US' });
      const page = await context.newPage();
      openPages.add(page);
      page.on('close', () => openPages.delete(page));
      if (THROTTLE > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
      // Uncaught errors in the page go to the test output, so a failure in CI says what broke in the browser.
      page.on('pageerror', (err) => console.error(`[browser] ${err.stack ?? err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) console.error(`[browser console] ${msg.text()}`);
      });
      return { context, page };
    },
    async close() {
      await b.close().catch(() => undefined);
      await stopServer();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
