// Public entry of the collections module (field collectors, issue 14): the only file the composition root imports.

/** Handlers and the payment-event subscriber the root wires in. */
export { createCollectionsModule, type CollectionsModule, type CollectionsDeps } from './module';
/** Table schemas, listed by the composition root. */
export { CollectorAreaEntity, FieldPaymentEntity, HandoverEntity } from './entities';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['collector_areas', 'collection_handovers', 'collection_payments'];
