import fs from 'node:fs';

export class DataDirLockedError extends Error {
  constructor(readonly pid: number, file: string) {
    super(`Another Mikrotik Billing process (pid ${pid}) is already using this data directory (${file}). Stop it first, or choose another --data-dir.`);
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process per data dir: a pid file, taken over when its owner is dead. Returns a release function. */
export function lockDataDir(file: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.rmSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && alive(pid)) throw new DataDirLockedError(pid, file);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}
