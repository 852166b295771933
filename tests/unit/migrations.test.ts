import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { paths } from '../../main/core/config';
import { MigrationIntegrityError } from '../../main/core/db';
import { sqlMigration } from '../../main/core/migration';
import { ENTITIES } from '../../main/app/entities';
import { MIGRATIONS } from '../../migrations';
import { dumpSchema } from '../support/schema';
import { setupOffice, startCore, tempDir } from '../support/core';

const SNAPSHOT = path.join(__dirname, '../../migrations/schema.snapshot.sql');
let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

describe('migrations', () => {
  it('migrate an empty database to exactly the committed schema snapshot', async () => {
    core = await startCore();
    const schema = await dumpSchema(core.db.ds);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') fs.writeFileSync(SNAPSHOT, schema);
    expect(schema).toBe(fs.readFileSync(SNAPSHOT, 'utf8'));
    const pragma: { foreign_keys: number }[] = await core.db.manager.query('PRAGMA foreign_keys');
    const journal: { journal_mode: string }[] = await core.db.manager.query('PRAGMA journal_mode');
    expect(pragma[0]!.foreign_keys).toBe(1);
    expect(journal[0]!.journal_mode).toBe('wal');
  });

  it('every entity column exists in its table (entities and migrations agree)', async () => {
    core = await startCore();
    for (const schema of ENTITIES) {
      const meta = core.db.ds.getMetadata(schema);
      const cols: { name: string }[] = await core.db.manager.query(`PRAGMA table_info(${meta.tableName})`);
      const names = new Set(cols.map((c) => c.name));
      for (const c of meta.columns) expect(names.has(c.databaseName), `${meta.tableName}.${c.databaseName}`).toBe(true);
    }
  });

  it('refuses to start when an applied migration was edited, and leaves the file untouched', async () => {
    const dir = tempDir();
    core = await startCore({ dataDir: dir });
    await setupOffice(core);
    await core.close();
    core = null;
    const file = paths(dir).database;
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(file);
    raw.prepare("UPDATE migration_checksums SET checksum = 'edited' WHERE name = ?").run(MIGRATIONS[0]!.migrationName);
    raw.close();
    const before = fs.readFileSync(file);
    await expect(startCore({ dataDir: dir })).rejects.toThrow(MigrationIntegrityError);
    await expect(startCore({ dataDir: dir })).rejects.toThrow(/was changed after it had been applied/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database written by a newer version', async () => {
    const dir = tempDir();
    core = await startCore({ dataDir: dir });
    await core.close();
    core = null;
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(paths(dir).database);
    raw.prepare("INSERT INTO migrations (timestamp, name) VALUES (9999999999999, 'Future9999999999999')").run();
    raw.close();
    await expect(startCore({ dataDir: dir })).rejects.toThrow(/newer version/);
  });

  it('backs up the database before applying a pending migration', async () => {
    const dir = tempDir();
    core = await startCore({ dataDir: dir });
    await setupOffice(core);
    await core.close();
    core = null;
    const extra = sqlMigration('AddNotes', 1764043300000, ['CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)']);
    MIGRATIONS.push(extra);
    try {
      core = await startCore({ dataDir: dir });
      const backups = fs.readdirSync(paths(dir).backups).filter((f) => f.startsWith('pre-migration-'));
      expect(backups).toHaveLength(1);
      const { default: Database } = await import('better-sqlite3');
      const copy = new Database(path.join(paths(dir).backups, backups[0]!), { readonly: true });
      expect(copy.prepare('SELECT username FROM users').all()).toEqual([{ username: 'budi' }]);
      expect(copy.prepare("SELECT name FROM sqlite_master WHERE name = 'notes'").all()).toEqual([]);
      copy.close();
      expect(await core.db.schemaVersion()).toBe('AddNotes1764043300000');
    } finally {
      MIGRATIONS.pop();
    }
  });

  it('a fresh database needs no pre-migration backup', async () => {
    const dir = tempDir();
    core = await startCore({ dataDir: dir });
    expect(fs.existsSync(paths(dir).backups) ? fs.readdirSync(paths(dir).backups) : []).toEqual([]);
  });
});
