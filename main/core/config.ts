import os from 'node:os';
import path from 'node:path';

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
  /** better_sqlite3.node built for the running ABI (Electron); default: the one in node_modules. */
  nativeBinding?: string | undefined;
  logLevel?: string | undefined;
  logToConsole: boolean;
  /** Start node-schedule timers (tests switch them off and trigger runs themselves). */
  schedule: boolean;
  electronVersion?: string | null | undefined;
  /** Cheaper argon2 parameters for tests. */
  argon2?: { memoryCost?: number; timeCost?: number } | undefined;
  now?: (() => Date) | undefined;
}

/** Per-user default data dir when neither --data-dir nor MB_DATA_DIR is given. */
export function defaultDataDir(): string {
  const app = 'mikrotik-billing';
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), app);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', app);
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), app);
}

export const paths = (dataDir: string) => ({
  database: path.join(dataDir, 'mikrotik-billing.sqlite'),
  backups: path.join(dataDir, 'backups'),
  logs: path.join(dataDir, 'logs'),
  lock: path.join(dataDir, 'app.lock'),
});
