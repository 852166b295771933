// Public entry of the system module: the only file the composition root imports.

/** Handlers for "about", health and the listener's address. */
export { createSystemModule } from './module';
/** The tables this module owns (none). Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = [];
