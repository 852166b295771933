// Public entry of the vouchers module: the only file the composition root imports.

/** Handlers, jobs, the pusher and first-login checks the root wires in. */
export { createVouchersModule, type VouchersModule } from './module';
/** What vouchers want on each router (a reconciler provider, added by the root). */
export { vouchersDesired } from './desired';
/** Table schemas, listed by the composition root. */
export { OutletEntity, VoucherBatchEntity, VoucherEntity, VoucherProfileEntity } from './entities';
export { VoucherTemplateEntity } from './templates-entity';
