import type { EntityManager } from 'typeorm';

/** Reads other modules make of vouchers (by ids, one query each). */

/** Voucher id → its code (username). */
export async function voucherCodes(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await em.query('SELECT id, username FROM vouchers WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify([...new Set(ids)])])) as { id: number; username: string }[];
  return new Map(rows.map((r) => [r.id, r.username]));
}

/** Voucher profile id → its name. */
export async function voucherProfileNames(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await em.query('SELECT id, name FROM voucher_profiles WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify([...new Set(ids)])])) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}
