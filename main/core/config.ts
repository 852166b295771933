import os from 'node:os';
import path from 'node:path';
import type { SecretBox } from './secrets';

export interface CoreConfig {
  mode: 'desktop' | 'server';
  dataDir: string;
  version: string;
  productName: string;
  http: {
    enabled: boolean;
    /** Overrides the `server.bind` setting (e.g. --host). */
    host?: string | undefined;
    /** Overrides the `server.port` setting (e.g. --port; 0 = any free port). */
    port?: number | undefined;
  };
  /** Built admin UI to serve over HTTP (server mode); null in desktop mode. */
  rendererDir: string | null;
  /** The built customer portal (dist/portal), served at /portal/ by the listener in both modes; absent: "not built". */
  portalDir?: string | null | undefined;
  /** better_sqlite3.node built for the running ABI (Electron); default: the one in node_modules. */
  nativeBinding?: string | undefined;
  logLevel?: string | undefined;
  logToConsole: boolean;
  /** Start node-schedule timers (tests switch them off and trigger runs themselves). */
  schedule: boolean;
  electronVersion?: string | null | undefined;
  /** How secrets are sealed at rest; default: AES-GCM with a key file in the data dir. Desktop: safeStorage. */
  secretBox?: SecretBox | undefined;
  /** How often the router outbox looks for due retries (default 15 s). */
  outboxPollMs?: number | undefined;
  /** Cheaper argon2 parameters for tests. */
  argon2?: { memoryCost?: number; timeCost?: number } | undefined;
  now?: (() => Date) | undefined;
}

/**
 * Per-user default data dir when neither --data-dir nor MB_DATA_DIR is given: the same folder Electron
 * uses as userData for this app, so the desktop app and server mode on one PC share their data.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const app = 'Mikrotik Billing';
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), app);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', app);
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(home, '.config'), app);
}

export const paths = (dataDir: string) => ({
  database: path.join(dataDir, 'mikrotik-billing.sqlite'),
  backups: path.join(dataDir, 'backups'),
  logs: path.join(dataDir, 'logs'),
  lock: path.join(dataDir, 'app.lock'),
  secretKey: path.join(dataDir, 'secret.key'),
});
