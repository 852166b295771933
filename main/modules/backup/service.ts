import fs from 'node:fs';
import path from 'node:path';
import type { BackupFileDto } from '../../../shared/contract';
import type { Db } from '../../core/db';

const NAME = /^(backup|pre-migration)-(\d{8}T\d{6})\.sqlite$/;

export const stampOf = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\..+/, '');

/** Online backups (SQLite backup API: the app keeps working while it copies) into <dataDir>/backups. */
export class BackupService {
  constructor(
    private readonly db: Db,
    readonly dir: string,
  ) {}

  list(): BackupFileDto[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .map((file) => ({ file, m: NAME.exec(file) }))
      .filter((x): x is { file: string; m: RegExpExecArray } => !!x.m)
      .map(({ file, m }) => {
        const st = fs.statSync(path.join(this.dir, file));
        const s = m[2]!;
        const createdAt = new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`).toISOString();
        return { file, kind: m[1] === 'backup' ? 'nightly' : 'pre-migration', sizeBytes: st.size, createdAt } as BackupFileDto;
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.file.localeCompare(a.file));
  }

  /**
   * Backs up for the window ending at `at`. Idempotent: a backup for the same moment is not made twice.
   * Written under a temporary name and renamed, so a crash never leaves a half file that looks complete.
   */
  async backup(at: Date): Promise<{ file: string; sizeBytes: number; skipped: boolean }> {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = `backup-${stampOf(at)}.sqlite`;
    const target = path.join(this.dir, file);
    if (fs.existsSync(target)) return { file, sizeBytes: fs.statSync(target).size, skipped: true };
    const tmp = `${target}.partial`;
    fs.rmSync(tmp, { force: true });
    await this.db.raw().backup(tmp);
    fs.renameSync(tmp, target);
    return { file, sizeBytes: fs.statSync(target).size, skipped: false };
  }

  /** Keeps the newest `keep` nightly backups (pre-migration backups are kept too, up to the same count). */
  prune(keep: number): string[] {
    const removed: string[] = [];
    for (const kind of ['nightly', 'pre-migration'] as const) {
      for (const b of this.list().filter((x) => x.kind === kind).slice(keep)) {
        fs.rmSync(path.join(this.dir, b.file), { force: true });
        removed.push(b.file);
      }
    }
    return removed;
  }
}
