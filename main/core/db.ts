import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource, type EntityManager, type EntitySchema } from 'typeorm';
import type { Logger } from 'pino';
import { MIGRATIONS } from '../../migrations';
import { WriteQueue } from './write-queue';

export class MigrationIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationIntegrityError';
  }
}

export interface Db {
  readonly ds: DataSource;
  readonly file: string;
  /** For reads. Never write through it: use write(). */
  readonly manager: EntityManager;
  /** Runs fn in a transaction, serialized with every other write in the process. */
  write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Inside write(): run fn once the transaction has committed (never if it rolls back) — for caches and
   * push events. Outside a write it runs at once.
   */
  afterCommit(fn: () => void): void;
  /** Inside write(): run fn if the transaction rolls back. Outside a write it is ignored. */
  afterRollback(fn: () => void): void;
  /** The underlying better-sqlite3 handle (online backup, pragmas). */
  raw(): BetterSqlite3.Database;
  /** Name of the newest applied migration. */
  schemaVersion(): Promise<string | null>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  file: string;
  entities: EntitySchema[];
  backupDir: string;
  logger: Logger;
  /** Path to a better_sqlite3.node built for the running ABI (Electron ships its own). */
  nativeBinding?: string | undefined;
}

export async function openDatabase(opts: OpenDbOptions): Promise<Db> {
  fs.mkdirSync(path.dirname(opts.file), { recursive: true });
  const existed = fs.existsSync(opts.file) && fs.statSync(opts.file).size > 0;
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: opts.file,
    nativeBinding: opts.nativeBinding,
    enableWAL: true,
    entities: opts.entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    prepareDatabase: (db: BetterSqlite3.Database) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
    },
  });
  await ds.initialize();
  try {
    await verifyAppliedMigrations(ds);
    if (await ds.showMigrations()) {
      if (existed && (await hasUserTables(ds))) {
        const target = await backupBeforeMigration(ds, opts.backupDir);
        opts.logger.info({ backup: target }, 'database backed up before migrating');
      }
      const ran = await ds.runMigrations({ transaction: 'each' });
      opts.logger.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
    }
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return wrap(ds, opts.file);
}

function wrap(ds: DataSource, file: string): Db {
  const queue = new WriteQueue();
  // Writes are serialized, so at most one transaction is open and its hooks can live here.
  let hooks: (() => void)[] | null = null;
  let undo: (() => void)[] | null = null;
  return {
    ds,
    file,
    manager: ds.manager,
    write: (fn) =>
      queue.run(async () => {
        hooks = [];
        undo = [];
        try {
          const result = await ds.transaction((em) => fn(em));
          const done = hooks;
          hooks = undo = null;
          for (const h of done) h();
          return result;
        } catch (err) {
          const failed = undo ?? [];
          hooks = undo = null;
          for (const h of failed) h();
          throw err;
        } finally {
          hooks = undo = null;
        }
      }),
    afterCommit(fn) {
      if (hooks) hooks.push(fn);
      else fn();
    },
    afterRollback(fn) {
      undo?.push(fn);
    },
    raw: () => (ds.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection,
    async schemaVersion() {
      const rows: { name: string }[] = await ds.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1');
      return rows[0]?.name ?? null;
    },
    async close() {
      if (!ds.isInitialized) return;
      await queue.run(async () => undefined);
      await ds.destroy();
    },
  };
}

async function hasUserTables(ds: DataSource): Promise<boolean> {
  const rows: { n: number }[] = await ds.query(
    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'",
  );
  return (rows[0]?.n ?? 0) > 0;
}

async function tableExists(ds: DataSource, name: string): Promise<boolean> {
  const rows: unknown[] = await ds.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]);
  return rows.length > 0;
}

/**
 * Stops start-up when the database does not fit this build: an applied migration whose statements
 * changed, or one this build does not know (the file comes from a newer version).
 */
export async function verifyAppliedMigrations(ds: DataSource): Promise<void> {
  if (!(await tableExists(ds, 'migrations'))) return;
  const applied: { name: string }[] = await ds.query('SELECT name FROM migrations ORDER BY id');
  if (applied.length === 0) return;
  const known = new Map(MIGRATIONS.map((m) => [m.migrationName, m]));
  const sums = new Map<string, string>();
  if (await tableExists(ds, 'migration_checksums')) {
    const rows: { name: string; checksum: string }[] = await ds.query('SELECT name, checksum FROM migration_checksums');
    for (const r of rows) sums.set(r.name, r.checksum);
  }
  for (const { name } of applied) {
    const m = known.get(name);
    if (!m) {
      throw new MigrationIntegrityError(
        `The database was written by a newer version of Mikrotik Billing (it has migration "${name}", which this version does not know). Install the newer version, or restore a backup made by this version.`,
      );
    }
    if (sums.get(name) !== m.checksum) {
      throw new MigrationIntegrityError(
        `Migration "${name}" was changed after it had been applied to this database (checksum mismatch). Migrations are append-only: restore the original migration file and add a new migration for the change. The database was not modified.`,
      );
    }
  }
}

async function backupBeforeMigration(ds: DataSource, backupDir: string): Promise<string> {
  fs.mkdirSync(backupDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '');
  const target = path.join(backupDir, `pre-migration-${stamp}.sqlite`);
  const raw = (ds.driver as unknown as { databaseConnection: BetterSqlite3.Database }).databaseConnection;
  await raw.backup(target);
  return target;
}
