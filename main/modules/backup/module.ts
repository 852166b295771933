import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';
import type { BackupService } from './service';

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
          return summary(made.skipped ? 'backup.alreadyThere' : 'backup.written', { file: made.file, sizeBytes: made.sizeBytes, removed: removed.length });
        },
      },
    ],
  };
}
