// Public entry of the users module: the only file the composition root imports.

/** Handlers for staff accounts. */
export { createUsersModule } from './module';
