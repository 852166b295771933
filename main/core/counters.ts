import type { EntityManager } from 'typeorm';

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
