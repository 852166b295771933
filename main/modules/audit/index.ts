// Public entry of the audit module: the only file other modules, the composition root and the shell import.
// Anything not re-exported here is the module's own business.

/** Handlers for the audit log screens. */
export { createAuditModule } from './module';
/** Writes one audit row inside the caller's transaction (the dispatcher and modules that audit by hand). */
export { appendAudit } from './module';
/** Table schema, listed by the composition root. */
export { AuditEntity } from './entity';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['audit_log'];
