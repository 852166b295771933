import { sqlMigration } from '../main/core/migration';

/**
 * Stock movements of outlets: vouchers handed over and taken back, per profile, so an outlet's statement
 * keeps them after the vouchers themselves come back to the office. Earlier hand-overs are read back
 * from the vouchers still at the outlets.
 */
export const OutletStock = sqlMigration('OutletStock', 1764500000000, [
  `CREATE TABLE outlet_stock_moves (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    outlet_id INTEGER NOT NULL REFERENCES outlets(id),
    profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id),
    kind TEXT NOT NULL CHECK (kind IN ('handover','takeback')),
    count INTEGER NOT NULL CHECK (count > 0),
    at TEXT NOT NULL,
    by_user INTEGER REFERENCES users(id) ON DELETE SET NULL
  )`,
  `CREATE INDEX idx_outlet_stock_moves_outlet ON outlet_stock_moves (outlet_id, at)`,
  `INSERT INTO outlet_stock_moves (outlet_id, profile_id, kind, count, at, by_user)
     SELECT outlet_id, profile_id, 'handover', count(*), handed_at, NULL FROM vouchers
      WHERE outlet_id IS NOT NULL AND handed_at IS NOT NULL
      GROUP BY outlet_id, profile_id, handed_at`,
]);
