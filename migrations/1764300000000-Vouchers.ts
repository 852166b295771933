import { sqlMigration } from '../main/core/migration';

/**
 * Hotspot vouchers: profiles (→ /ip/hotspot/user/profile), generated batches and their vouchers (→
 * /ip/hotspot/user), outlets that resell them, and what outlets paid. Money is integer rupiah.
 */
export const Vouchers = sqlMigration('Vouchers', 1764300000000, [
  `CREATE TABLE voucher_profiles (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    router_id INTEGER NOT NULL REFERENCES routers(id),
    name TEXT NOT NULL,
    profile_name TEXT NOT NULL,
    hotspot_server TEXT NOT NULL DEFAULT 'all',
    price INTEGER NOT NULL CHECK (price >= 0),
    selling_price INTEGER NOT NULL CHECK (selling_price >= 0),
    validity_seconds INTEGER NOT NULL CHECK (validity_seconds > 0),
    time_limit_seconds INTEGER CHECK (time_limit_seconds > 0),
    data_quota_bytes INTEGER CHECK (data_quota_bytes > 0),
    rate_limit TEXT NOT NULL DEFAULT '',
    shared_users INTEGER NOT NULL DEFAULT 1 CHECK (shared_users BETWEEN 1 AND 1000),
    address_pool TEXT NOT NULL DEFAULT '',
    lock_mac INTEGER NOT NULL DEFAULT 0,
    expiry_action TEXT NOT NULL DEFAULT 'remove' CHECK (expiry_action IN ('remove','disable')),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE UNIQUE INDEX uq_voucher_profiles_router_profile ON voucher_profiles (router_id, profile_name)`,
  `CREATE TABLE outlets (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    phone TEXT,
    address TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  // An outlet's own price per profile (what it pays the office per voucher sold).
  `CREATE TABLE outlet_prices (
    outlet_id INTEGER NOT NULL REFERENCES outlets(id),
    profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id),
    price INTEGER NOT NULL CHECK (price >= 0),
    PRIMARY KEY (outlet_id, profile_id)
  )`,
  `CREATE TABLE voucher_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    router_id INTEGER NOT NULL REFERENCES routers(id),
    profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 10000),
    mode TEXT NOT NULL CHECK (mode IN ('vc','up')),
    code_length INTEGER NOT NULL,
    charset TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pushing','done','cancelled','imported')),
    pushed INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
  )`,
  `CREATE TABLE vouchers (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    batch_id INTEGER NOT NULL REFERENCES voucher_batches(id),
    router_id INTEGER NOT NULL REFERENCES routers(id),
    profile_id INTEGER NOT NULL REFERENCES voucher_profiles(id),
    serial INTEGER NOT NULL UNIQUE,
    username TEXT NOT NULL UNIQUE,
    password TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('unused','active','expired','disabled','removed')),
    on_router INTEGER NOT NULL DEFAULT 0,
    first_login_at TEXT,
    expires_at TEXT,
    mac TEXT,
    disabled_at TEXT,
    removed_at TEXT,
    outlet_id INTEGER REFERENCES outlets(id),
    handed_at TEXT,
    sold_at TEXT,
    sold_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    sold_price INTEGER,
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX idx_vouchers_batch ON vouchers (batch_id, on_router)`,
  `CREATE INDEX idx_vouchers_router_state ON vouchers (router_id, state)`,
  `CREATE INDEX idx_vouchers_expiry ON vouchers (expires_at) WHERE state = 'active'`,
  `CREATE INDEX idx_vouchers_outlet ON vouchers (outlet_id, state)`,
  `CREATE INDEX idx_vouchers_sold ON vouchers (sold_at)`,
  `CREATE TABLE outlet_payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    outlet_id INTEGER NOT NULL REFERENCES outlets(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    note TEXT NOT NULL DEFAULT '',
    received_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    received_at TEXT NOT NULL
  )`,
  `CREATE INDEX idx_outlet_payments_outlet ON outlet_payments (outlet_id, id)`,
  // Per-router secret the on-login script sends with its report, and the hotspot's DNS name for QR logins.
  `ALTER TABLE routers ADD COLUMN hotspot_token TEXT`,
  `ALTER TABLE routers ADD COLUMN hotspot_dns TEXT NOT NULL DEFAULT ''`,
]);
