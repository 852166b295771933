/**
 * The tables core owns: the migrations' bookkeeping and the office-wide counters (gap-free sequences every
 * module numbers its documents with, used only through core/counters.ts). Everything else belongs to a module,
 * declared by the `TABLES` export of its index.ts (tests/unit/table-ownership checks both).
 */
export const CORE_TABLES: readonly string[] = ['migration_checksums', 'counters'];
