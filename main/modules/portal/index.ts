// Public entry of the portal module (issue 14): the only file the composition root imports.

/** The module (its HTTP routes, its own dispatcher and sessions) and what the root gives it. */
export { createPortalModule, type PortalBinding, type PortalInvoke, type PortalModule, type PortalOptions } from './module';
export type { PdfFile, PdfOptions, PortalConnectionPort, PortalDeps, PortalLimits, PortalPdfPort, PortalTicketsPort } from './types';
/** Table schemas, listed by the composition root. */
export { PortalCodeEntity, PortalPrefEntity, PortalSessionEntity } from './entities';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['portal_sessions', 'portal_codes', 'portal_prefs'];
