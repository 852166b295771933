// Public entry of the backup module: the only file the composition root imports.

/** Handlers for the backup screens. */
export { createBackupModule } from './module';
/** Database snapshots in the data dir's backups folder (the root creates one; the nightly job uses it). */
export { BackupService } from './service';
/** The tables this module owns (none: it copies the whole database file). Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = [];
