import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export interface SqlMigrationClass {
  new (): MigrationInterface & { name: string };
  readonly migrationName: string;
  readonly checksum: string;
}

/**
 * Migrations are append-only lists of SQL statements. Their checksum (sha256 of the statements) is
 * written in the same transaction as the change; start-up refuses a database whose applied migration
 * no longer matches the code (someone edited a migration after it shipped).
 */
export function sqlMigration(name: string, timestamp: number, up: readonly string[], down: readonly string[] = []): SqlMigrationClass {
  const migrationName = `${name}${timestamp}`;
  const checksum = createHash('sha256').update(JSON.stringify(up)).digest('hex');
  return class implements MigrationInterface {
    static readonly migrationName = migrationName;
    static readonly checksum = checksum;
    name = migrationName;
    async up(qr: QueryRunner): Promise<void> {
      for (const sql of up) await qr.query(sql);
      await qr.query('INSERT INTO migration_checksums (name, checksum, applied_at) VALUES (?, ?, ?)', [
        migrationName,
        checksum,
        new Date().toISOString(),
      ]);
    }
    async down(qr: QueryRunner): Promise<void> {
      for (const sql of down) await qr.query(sql);
      await qr.query('DELETE FROM migration_checksums WHERE name = ?', [migrationName]);
    }
  };
}
