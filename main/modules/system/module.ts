import fs from 'node:fs';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';

export function createSystemModule(m: ModuleContext, info: { startedAt: Date; listenUrl: () => string | null }): DomainModule<DomainHandlers<'system'>> {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return {
    handlers: {
      async 'system.about'() {
        const file = m.db.file;
        return {
          productName: m.config.productName,
          version: m.config.version,
          mode: m.config.mode,
          dataDir: m.config.dataDir,
          databaseFile: file,
          // The WAL holds recent writes until a checkpoint: count it, it is part of the database.
          databaseSizeBytes: size(file) + size(`${file}-wal`),
          node: process.versions.node,
          electron: m.config.electronVersion ?? null,
          platform: `${process.platform} ${process.arch}`,
          startedAt: info.startedAt.toISOString(),
          listenUrl: info.listenUrl(),
          schemaVersion: await m.db.schemaVersion(),
        };
      },
    },
  };
}
