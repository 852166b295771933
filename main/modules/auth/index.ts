// Public entry of the auth module: the only file other modules, the composition root and the shell import.

/** Handlers for login, logout, first-run setup and the caller's own account. */
export { createAuthModule } from './module';
/** Sessions (the dispatcher resolves tokens through it; the HTTP listener reads CSRF tokens). */
export { SessionStore } from './sessions';
/** argon2id password hashing, created once by the composition root. */
export { createPasswordHasher } from './password';
/** A user row as a DTO (the users module lists staff with it). */
export { toUserDto } from './dto';
/** The users table (its row type is core's `User`, the caller every call carries). */
export { UserEntity, SessionEntity, type User } from './entities';
/** Staff names for other modules' lists, and the account store the users module manages staff with. */
export { accounts, userNames } from './accounts';
/** The tables this module owns (users, sessions and login failures: the users module manages staff through auth's `accounts`). Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['users', 'sessions', 'login_failures'];
