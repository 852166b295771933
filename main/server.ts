import fs from 'node:fs';
import path from 'node:path';
import { createCore } from './app/app';
import { parseCli } from './cli';
import { appRoot, readPackage } from './core/root';
import { DataDirLockedError } from './core/lock';
import { MigrationIntegrityError } from './core/db';
import { testClock } from './core/test-clock';

/** Server mode: the same core as the desktop app, admin UI in a browser. */
async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const root = appRoot();
  const pkg = readPackage(root);
  if (cli.port !== undefined && !(Number.isInteger(cli.port) && cli.port >= 0 && cli.port <= 65535)) {
    console.error(`--port must be a number between 0 and 65535`);
    process.exit(2);
  }
  const rendererDir = path.join(root, 'dist', 'renderer');
  const core = await createCore({
    mode: 'server',
    dataDir: cli.dataDir,
    version: pkg.version,
    productName: pkg.productName,
    http: { enabled: true, host: cli.host, port: cli.port },
    rendererDir,
    portalDir: path.join(root, 'dist', 'portal'),
    logLevel: cli.logLevel,
    logToConsole: process.env.MB_QUIET !== '1',
    schedule: !cli.noSchedule,
    now: testClock(process.env.MB_TEST_CLOCK_FILE),
  });
  if (process.env.MB_TEST_CLOCK_FILE) core.logger.warn({ file: process.env.MB_TEST_CLOCK_FILE }, 'test clock in use (MB_TEST_CLOCK_FILE)');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    core.logger.warn('admin UI not built (dist/renderer missing): run `npm run build`');
  }
  // The one line the issue asks for: which mode, and where.
  console.log(`Mikrotik Billing ${pkg.version} — server mode — admin UI at ${core.url}/ (data: ${cli.dataDir})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    core.logger.info({ signal }, 'shutting down');
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof MigrationIntegrityError || err instanceof DataDirLockedError) {
    console.error(`Cannot start: ${err.message}`);
  } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Cannot start: the port is already in use (${(err as Error).message}). Use --port to choose another.`);
  } else {
    console.error('Cannot start:', err);
  }
  process.exit(1);
});
