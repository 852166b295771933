// Public entry of the system module: the only file the composition root imports.

/** Handlers for "about", health and the listener's address. */
export { createSystemModule } from './module';
