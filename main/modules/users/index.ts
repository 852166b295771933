// Public entry of the users module: the only file the composition root imports.

/** Handlers for staff accounts. */
export { createUsersModule } from './module';
/** The tables this module owns (none: staff accounts live in auth's users table, managed through auth's `accounts`). Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = [];
