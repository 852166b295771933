import { sqlMigration } from '../main/core/migration';

/**
 * Voucher print templates the office made (the built-in A4, small and thermal ones live in code): one
 * voucher's HTML with placeholders, its CSS, the paper and the grid.
 */
export const VoucherTemplates = sqlMigration('VoucherTemplates', 1764400000000, [
  `CREATE TABLE voucher_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    paper TEXT NOT NULL CHECK (paper IN ('a4','58mm','80mm')),
    columns INTEGER NOT NULL CHECK (columns BETWEEN 1 AND 8),
    rows_per_page INTEGER NOT NULL DEFAULT 8 CHECK (rows_per_page BETWEEN 1 AND 30),
    html TEXT NOT NULL,
    css TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
]);
