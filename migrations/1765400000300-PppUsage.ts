// module: routers
import { sqlMigration } from '../main/core/migration';

/**
 * Monthly PPP traffic per router, username and office month (issue 14, "Koneksi saya"), accumulated by the
 * routers.usage job from the routers' live session counters. `sessions` is the sampler's cursor: the last
 * counters seen per live session (JSON), so the next sample adds only the difference, and a counter that went
 * down (a new session, a reboot) adds its new value instead of a negative one. Bytes are integers (rx = from the
 * customer, tx = to the customer).
 */
export const PppUsage = sqlMigration('PppUsage', 1765400000300, [
  `CREATE TABLE ppp_usage (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    router_id INTEGER NOT NULL REFERENCES routers(id) ON DELETE CASCADE,
    username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 256),
    month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    month_start TEXT NOT NULL,
    month_end TEXT NOT NULL,
    rx INTEGER NOT NULL DEFAULT 0 CHECK (rx >= 0),
    tx INTEGER NOT NULL DEFAULT 0 CHECK (tx >= 0),
    samples INTEGER NOT NULL DEFAULT 0,
    sessions TEXT NOT NULL DEFAULT '{}',
    first_sample_at TEXT NOT NULL,
    last_sample_at TEXT NOT NULL
  )`,
  'CREATE UNIQUE INDEX ux_ppp_usage_month ON ppp_usage (router_id, username, month)',
  'CREATE INDEX ix_ppp_usage_latest ON ppp_usage (router_id, username, month_start)',
]);
