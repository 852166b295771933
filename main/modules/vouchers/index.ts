// Public entry of the vouchers module: the only file the composition root imports.

/** Handlers, jobs, the pusher and first-login checks the root wires in. */
export { createVouchersModule, type VouchersModule } from './module';
/** What vouchers want on each router (a reconciler provider, added by the root). */
export { vouchersDesired } from './desired';
/** The public voucher shop's side (what the payments module sells online). */
export { voucherCodes, voucherProfileNames } from './queries';
export type { DeliverInput, ShopProfile, ShopVoucher, VoucherShop } from './online';
/** Table schemas, listed by the composition root. */
export { OutletEntity, VoucherBatchEntity, VoucherEntity, VoucherProfileEntity } from './entities';
export { VoucherTemplateEntity } from './templates-entity';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['voucher_profiles', 'voucher_batches', 'vouchers', 'voucher_templates', 'outlets', 'outlet_prices', 'outlet_payments', 'outlet_stock_moves'];
