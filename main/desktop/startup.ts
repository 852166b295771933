import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../app/app';
import type { CoreConfig } from '../core/config';
import { MigrationIntegrityError } from '../core/db';
import { DataDirLockedError } from '../core/lock';

/** Start-up decisions of the desktop entry that need no electron (unit-tested in plain Node). */

/** --data-dir DIR / --data-dir=DIR, then MB_DATA_DIR, else Electron's per-user folder. */
export function desktopDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, userData: string): string {
  const i = argv.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  const flag = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.slice(argv[i]!.indexOf('=') + 1) : argv[i + 1];
  const dir = flag || env.MB_DATA_DIR;
  return dir ? path.resolve(dir) : userData;
}

/** The Electron-ABI better-sqlite3 that packaging puts in resources/native; undefined = node_modules' own. */
export function electronNativeBinding(isPackaged: boolean, resourcesPath: string, exists: (p: string) => boolean = fs.existsSync): string | undefined {
  if (!isPackaged) return undefined;
  const file = path.join(resourcesPath, 'native', 'better_sqlite3.node');
  return exists(file) ? file : undefined;
}

const PORT_ERRORS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);
export const isPortError = (err: unknown): boolean => PORT_ERRORS.has(String((err as NodeJS.ErrnoException | null)?.code));

export interface StartCoreDeps {
  create(config: CoreConfig): Promise<Core>;
  warn(message: string, err: unknown): void;
}

/**
 * The embedded listener serves staff browsers (server mode, the LAN), the routers' first-login reports and
 * the API: when its port is taken the desktop app still starts without it (first logins are then found by the
 * two-minute watch). Every other failure is thrown to the caller.
 */
export async function startCore(config: CoreConfig, deps: StartCoreDeps): Promise<{ core: Core; httpError: unknown }> {
  try {
    return { core: await deps.create(config), httpError: null };
  } catch (err) {
    if (!config.http.enabled || !isPortError(err)) throw err;
    deps.warn('embedded HTTP listener could not start; continuing without it', err);
    return { core: await deps.create({ ...config, http: { ...config.http, enabled: false } }), httpError: err };
  }
}

/** Title and text of the native error box shown before quitting. */
export function describeStartupError(err: unknown, dataDir: string): { title: string; message: string } {
  if (err instanceof MigrationIntegrityError) {
    return { title: 'Database check failed', message: `${err.message}\n\nData folder: ${dataDir}` };
  }
  if (err instanceof DataDirLockedError) {
    return { title: 'Already running', message: err.message };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return {
    title: 'Mikrotik Billing cannot start',
    message: `${detail}\n\nData folder: ${dataDir}\nDetails are in the log files under ${path.join(dataDir, 'logs')}.`,
  };
}
