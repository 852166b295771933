import { LIST_VERBS, PROFILE_VERBS, sameName, type MenuSpec } from './spec';

export const hotspotUser: MenuSpec = {
  path: '/ip/hotspot/user',
  verbs: [...LIST_VERBS, 'reset-counters'],
  writable: ['server', 'name', 'password', 'profile', 'mac-address', 'address', 'email', 'routes', 'limit-uptime',
    'limit-bytes-in', 'limit-bytes-out', 'limit-bytes-total', 'disabled', 'comment'],
  readOnly: ['uptime', 'bytes-in', 'bytes-out', 'packets-in', 'packets-out', 'dynamic'],
  bools: ['disabled', 'dynamic'],
  durations: ['limit-uptime'],
  macs: ['mac-address'],
  required: ['name'],
  defaults: () => ({ server: 'all', profile: 'default', uptime: '0s', 'bytes-in': '0', 'bytes-out': '0',
    'packets-in': '0', 'packets-out': '0', dynamic: 'false', disabled: 'false' }),
  unique: {
    // Same name on the same server, or either of them on `all`.
    conflicts: (a, b) => sameName(a, b) && (a.server === b.server || a.server === 'all' || b.server === 'all'),
    message: 'failure: already have user with this name for this server',
    byName: true,
  },
  refs: {
    profile: { menu: '/ip/hotspot/user/profile' },
    server: { menu: '/ip/hotspot', allow: ['all'] },
  },
};

const profileDefaults = {
  'idle-timeout': 'none', 'keepalive-timeout': '2m', 'status-autorefresh': '1m', 'shared-users': '1',
  'add-mac-cookie': 'true', 'mac-cookie-timeout': '3d', 'transparent-proxy': 'false', 'open-status-page': 'always',
};

export const hotspotProfile: MenuSpec = {
  path: '/ip/hotspot/user/profile',
  verbs: PROFILE_VERBS,
  writable: ['name', 'address-pool', 'rate-limit', 'shared-users', 'session-timeout', 'idle-timeout',
    'keepalive-timeout', 'status-autorefresh', 'add-mac-cookie', 'mac-cookie-timeout', 'address-list',
    'parent-queue', 'queue-type', 'insert-queue-before', 'incoming-packet-mark', 'outgoing-packet-mark',
    'incoming-filter', 'outgoing-filter', 'transparent-proxy', 'open-status-page', 'advertise', 'on-login',
    'on-logout'],
  readOnly: ['default'],
  bools: ['add-mac-cookie', 'transparent-proxy', 'advertise', 'default'],
  durations: ['session-timeout', 'idle-timeout', 'keepalive-timeout', 'status-autorefresh', 'mac-cookie-timeout'],
  enums: { 'open-status-page': ['always', 'http-login'] },
  required: ['name'],
  defaults: () => ({ ...profileDefaults, default: 'false' }),
  builtin: [{ '.id': '*0', name: 'default', ...profileDefaults, default: 'true' }],
  protectDefault: 'failure: cannot remove default profile',
  unique: { conflicts: sameName, message: 'failure: already have such name', byName: true },
};

export const hotspotActive: MenuSpec = {
  path: '/ip/hotspot/active',
  verbs: ['remove'],
  writable: [],
  readOnly: ['server', 'user', 'domain', 'address', 'mac-address', 'login-by', 'uptime', 'idle-time',
    'session-time-left', 'idle-timeout', 'keepalive-timeout', 'bytes-in', 'bytes-out', 'packets-in',
    'packets-out', 'radius', 'blocked', 'comment'],
  bools: ['radius', 'blocked'],
  defaults: (r) => ({ server: r.rows('/ip/hotspot')[0]?.name ?? 'hotspot1', domain: '', 'login-by': 'http-chap',
    uptime: '0s', 'idle-time': '0s', 'keepalive-timeout': '2m', 'bytes-in': '0', 'bytes-out': '0',
    'packets-in': '0', 'packets-out': '0', radius: 'false', blocked: 'false' }),
};

/** Hotspot servers (read-only here): hotspot users reference them by `server`. */
export const hotspotServer: MenuSpec = {
  path: '/ip/hotspot',
  verbs: [],
  writable: [],
  readOnly: ['name', 'interface', 'address-pool', 'profile', 'idle-timeout', 'keepalive-timeout', 'login-timeout',
    'disabled', 'invalid', 'HTTPS'],
  bools: ['disabled', 'invalid', 'HTTPS'],
  builtin: [{ '.id': '*1', name: 'hotspot1', interface: 'bridge-hotspot', 'address-pool': 'hs-pool',
    profile: 'hsprof1', 'idle-timeout': '5m', 'keepalive-timeout': 'none', 'login-timeout': 'none',
    disabled: 'false', invalid: 'false', HTTPS: 'false' }],
};
