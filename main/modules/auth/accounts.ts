import { Brackets, type EntityManager } from 'typeorm';
import { LIKE_ESCAPE, likeContains } from '../../core/sql';
import { UserEntity, type User } from './entities';

/**
 * The auth module's users and login_failures tables as other modules may use them, exported through index.ts:
 * staff names for lists (billing, customers, vouchers) and the account store the users module manages staff
 * with. No other module names these tables in its own SQL (tests/unit/table-ownership).
 */

const repo = (em: EntityManager) => em.getRepository(UserEntity);

/** id → full name of the given users (one query for a whole page). */
export async function userNames(em: EntityManager, ids: Iterable<number | null>): Promise<Map<number, string>> {
  const list = [...new Set([...ids].filter((i): i is number => i !== null))];
  if (list.length === 0) return new Map();
  const rows = (await em.query('SELECT id, full_name FROM users WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(list)])) as { id: number; full_name: string }[];
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

export const accounts = {
  find: (em: EntityManager, id: number): Promise<User | null> => repo(em).findOneBy({ id }),

  /** Staff accounts, active first then by username, optionally by role, status and a search of username and name. */
  async list(em: EntityManager, f: { role?: string | undefined; status?: string | undefined; search?: string | undefined }): Promise<User[]> {
    const qb = repo(em).createQueryBuilder('u').orderBy('u.status', 'ASC').addOrderBy('u.username', 'ASC');
    if (f.role) qb.andWhere('u.role = :role', { role: f.role });
    if (f.status) qb.andWhere('u.status = :status', { status: f.status });
    if (f.search) {
      const q = likeContains(f.search.toLowerCase());
      qb.andWhere(new Brackets((w) => w.where(`lower(u.username) LIKE :q ${LIKE_ESCAPE}`, { q }).orWhere(`lower(u.full_name) LIKE :q ${LIKE_ESCAPE}`, { q })));
    }
    return qb.getMany();
  },

  usernameTaken: (em: EntityManager, username: string): Promise<boolean> => repo(em).existsBy({ username }),

  insert: (em: EntityManager, row: Omit<User, 'id'>): Promise<User> => repo(em).save(row),

  async update(em: EntityManager, id: number, changes: Partial<Omit<User, 'id'>>): Promise<void> {
    await repo(em).update({ id }, changes);
  },

  /** Active owners other than this user (the office keeps at least one). */
  otherActiveOwners: (em: EntityManager, id: number): Promise<number> =>
    repo(em).createQueryBuilder('u').where("u.role = 'owner' AND u.status = 'active' AND u.id <> :id", { id }).getCount(),

  /** Forgets the user's failed logins from every address (a reset or unlocked account starts afresh). */
  async clearLoginFailures(em: EntityManager, userId: number): Promise<void> {
    await em.query('DELETE FROM login_failures WHERE user_id = ?', [userId]);
  },
};
