import { sqlMigration } from '../main/core/migration';

/**
 * Who ends a voucher profile's vouchers: `app` (first login + validity, the app disables or removes them),
 * `router` (a script already on the router does it, e.g. Mikhmon's on-login and monitor scheduler, which the
 * app then leaves in place and never rewrites) or `never` (Mikhmon's "None"/`noexp`: no expiry at all; the
 * profile's validity is then not used).
 */
export const VoucherExpiryOwner = sqlMigration('VoucherExpiryOwner', 1764800000000, [
  "ALTER TABLE voucher_profiles ADD COLUMN expiry TEXT NOT NULL DEFAULT 'app' CHECK (expiry IN ('app','router','never'))",
]);
