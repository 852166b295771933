import type { DataSource } from 'typeorm';

/** The schema as SQL text: every table, index and trigger, sorted, whitespace-normalised. */
export async function dumpSchema(ds: DataSource): Promise<string> {
  const rows: { type: string; name: string; sql: string }[] = await ds.query(
    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
  );
  return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ').trim()};\n`).join('\n');
}
