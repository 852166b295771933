// module: payments
import { sqlMigration } from '../main/core/migration';

/**
 * A voucher bought in the shop (issue 12): the voucher a paid attempt delivered (set once, in the transaction that
 * applies the gateway's "paid") and the buyer's WhatsApp number if they gave one (E.164, '' when not).
 */
export const AttemptVoucher = sqlMigration('AttemptVoucher', 1765200000001, [
  'ALTER TABLE payment_attempts ADD COLUMN voucher_id INTEGER',
  "ALTER TABLE payment_attempts ADD COLUMN buyer_phone TEXT NOT NULL DEFAULT ''",
  'CREATE UNIQUE INDEX ux_payment_attempts_voucher ON payment_attempts (voucher_id) WHERE voucher_id IS NOT NULL',
]);
