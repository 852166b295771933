import type { Database } from 'better-sqlite3';
import { EntitySchema, type EntityManager } from 'typeorm';

/**
 * Core owns the counters table: gap-free office sequences any module numbers its documents with (customer
 * numbers, invoice and receipt numbers, voucher batches). Modules use it only through this file.
 */
export interface CounterRow {
  name: string;
  value: number;
}

export const CounterEntity = new EntitySchema<CounterRow>({
  name: 'Counter',
  tableName: 'counters',
  columns: {
    name: { type: 'text', primary: true },
    value: { type: 'integer' },
  },
});

/**
 * Prepared read and write of counters on the raw connection, for a writer that numbers many documents in one
 * bulk transaction of its own (billing's invoice run): it reads each counter once and writes the last value.
 */
export function rawCounters(raw: Database): { read(name: string): number | undefined; write(name: string, value: number): void } {
  const read = raw.prepare('SELECT value FROM counters WHERE name = ?').pluck();
  const write = raw.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value');
  return { read: (name) => read.get(name) as number | undefined, write: (name, value) => void write.run(name, value) };
}

/**
 * Next value of a gap-free office sequence (customer numbers, invoice numbers per month…). Call it
 * inside the write transaction that uses the number: a rollback takes the number back with it.
 */
export async function nextNumber(em: EntityManager, name: string, count = 1): Promise<number> {
  const rows: { value: number }[] = await em.query(
    'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value',
    [name, count],
  );
  const last = rows[0]?.value;
  if (last === undefined) throw new Error(`counter ${name} did not advance`);
  // The first of the `count` numbers reserved.
  return last - count + 1;
}

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');
