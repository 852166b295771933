import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';
import type { BackupService } from './service';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function createBackupModule(m: ModuleContext, backups: BackupService): DomainModule<DomainHandlers<'backups'>> {
  return {
    handlers: {
      async 'backups.list'() {
        return backups.list();
      },
    },
    jobs: [
      {
        name: 'backup.nightly',
        schedule: (s) => `0 ${s.backup.hour} * * *`,
        async run(window) {
          const made = await backups.backup(window.to);
          const removed = backups.prune(m.settings.get('backup').keep);
          const what = made.skipped ? `${made.file} already existed` : `wrote ${made.file} (${formatBytes(made.sizeBytes)})`;
          return removed.length ? `${what}; removed ${removed.length} old backup(s)` : what;
        },
      },
    ],
  };
}
