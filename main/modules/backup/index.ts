// Public entry of the backup module: the only file the composition root imports.

/** Handlers for the backup screens. */
export { createBackupModule } from './module';
/** Database snapshots in the data dir's backups folder (the root creates one; the nightly job uses it). */
export { BackupService } from './service';
