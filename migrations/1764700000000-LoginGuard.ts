import { sqlMigration } from '../main/core/migration';

/**
 * Wrong passwords are counted per account and per address: five from one address lock the account for that
 * address only, so an outsider cannot lock the owner out of the office PC. The users table keeps the latest
 * lock end for the Users screen; an owner's unlock or password reset clears them all.
 */
export const LoginGuard = sqlMigration('LoginGuard', 1764700000000, [
  `CREATE TABLE login_failures (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    ip TEXT NOT NULL,
    failed INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, ip)
  )`,
]);
