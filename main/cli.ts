import path from 'node:path';
import { defaultDataDir } from './core/config';

export interface CliOptions {
  dataDir: string;
  host?: string | undefined;
  port?: number | undefined;
  mode?: 'desktop' | 'server' | undefined;
  noSchedule: boolean;
  logLevel?: string | undefined;
}

/** --data-dir DIR / MB_DATA_DIR, --host / MB_HOST, --port / MB_PORT, --server / --desktop / MB_MODE. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const get = (flag: string): string | undefined => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return undefined;
    const a = argv[i]!;
    return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
  };
  const port = get('--port') ?? env.MB_PORT;
  const modeEnv = env.MB_MODE === 'server' || env.MB_MODE === 'desktop' ? env.MB_MODE : undefined;
  const dataDir = get('--data-dir') ?? env.MB_DATA_DIR;
  return {
    dataDir: dataDir ? path.resolve(dataDir) : defaultDataDir(),
    host: get('--host') ?? env.MB_HOST,
    port: port !== undefined ? Number(port) : undefined,
    mode: argv.includes('--server') ? 'server' : argv.includes('--desktop') ? 'desktop' : modeEnv,
    noSchedule: argv.includes('--no-schedule'),
    logLevel: get('--log-level') ?? env.MB_LOG_LEVEL,
  };
}
