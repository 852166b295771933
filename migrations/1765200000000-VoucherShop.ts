// module: vouchers
import { sqlMigration } from '../main/core/migration';

/**
 * The public voucher shop (issue 12): a profile marked `online` is offered on the shop page; one bought there is
 * taken from stock (or generated and pushed) only after its payment is confirmed.
 */
export const VoucherShop = sqlMigration('VoucherShop', 1765200000000, [
  'ALTER TABLE voucher_profiles ADD COLUMN online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1))',
]);
