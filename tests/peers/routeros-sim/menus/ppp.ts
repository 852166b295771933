import { formatDate, formatTime } from '../values';
import { LIST_VERBS, PROFILE_VERBS, sameName, type MenuSpec, type RouterView } from './spec';

export const PPP_SERVICES = ['any', 'async', 'l2tp', 'ovpn', 'pppoe', 'pptp', 'sstp'] as const;
const TRI = ['yes', 'no', 'default'] as const;

export const pppSecret: MenuSpec = {
  path: '/ppp/secret',
  verbs: LIST_VERBS,
  writable: ['name', 'service', 'caller-id', 'password', 'profile', 'local-address', 'remote-address', 'routes',
    'ipv6-routes', 'remote-ipv6-prefix', 'limit-bytes-in', 'limit-bytes-out', 'disabled', 'comment'],
  readOnly: ['last-logged-out', 'last-caller-id', 'last-disconnect-reason'],
  bools: ['disabled'],
  enums: { service: PPP_SERVICES },
  required: ['name'],
  defaults: () => ({ service: 'any', 'caller-id': '', profile: 'default', routes: '', 'ipv6-routes': '',
    'limit-bytes-in': '0', 'limit-bytes-out': '0', disabled: 'false' }),
  unique: { conflicts: sameName, message: 'failure: already have such name', byName: true },
  refs: { profile: { menu: '/ppp/profile' } },
};

const profileDefaults = {
  'only-one': 'default', 'change-tcp-mss': 'default', 'use-compression': 'default', 'use-encryption': 'default',
  'use-mpls': 'default', 'use-upnp': 'default', 'address-list': '', 'on-up': '', 'on-down': '',
};

export const pppProfile: MenuSpec = {
  path: '/ppp/profile',
  verbs: PROFILE_VERBS,
  writable: ['name', 'local-address', 'remote-address', 'bridge', 'dns-server', 'wins-server', 'rate-limit',
    'address-list', 'interface-list', 'parent-queue', 'queue-type', 'insert-queue-before', 'incoming-filter',
    'outgoing-filter', 'session-timeout', 'idle-timeout', 'only-one', 'change-tcp-mss', 'use-compression',
    'use-encryption', 'use-mpls', 'use-upnp', 'on-up', 'on-down', 'comment'],
  readOnly: ['default'],
  bools: ['default'],
  durations: ['session-timeout', 'idle-timeout'],
  enums: { 'only-one': TRI, 'change-tcp-mss': TRI, 'use-compression': TRI, 'use-mpls': TRI, 'use-upnp': TRI,
    'use-encryption': [...TRI, 'required'] },
  required: ['name'],
  defaults: () => ({ ...profileDefaults, default: 'false' }),
  builtin: [
    { '.id': '*0', name: 'default', ...profileDefaults, 'change-tcp-mss': 'yes', default: 'true' },
    { '.id': '*FFFFFFFE', name: 'default-encryption', ...profileDefaults, 'change-tcp-mss': 'yes',
      'use-encryption': 'yes', default: 'true' },
  ],
  protectDefault: 'failure: cannot remove default profile',
  unique: { conflicts: sameName, message: 'failure: already have such name', byName: true },
};

/** Disconnecting a session stamps the secret like the router does. */
function stampLogout(row: Record<string, string>, r: RouterView): void {
  const secret = r.rows('/ppp/secret').find((s) => s.name === row.name);
  if (!secret) return;
  const now = r.now();
  r.patchRow('/ppp/secret', secret['.id']!, {
    'last-logged-out': `${formatDate(now, r.gmtOffsetMin, r.clockFormat)} ${formatTime(now, r.gmtOffsetMin)}`,
    'last-caller-id': row['caller-id'] ?? '',
    'last-disconnect-reason': 'disconnected',
  });
}

export const pppActive: MenuSpec = {
  path: '/ppp/active',
  verbs: ['remove'],
  writable: [],
  readOnly: ['name', 'service', 'caller-id', 'encoding', 'address', 'uptime', 'session-id', 'limit-bytes-in',
    'limit-bytes-out', 'radius', 'comment'],
  bools: ['radius'],
  defaults: () => ({ service: 'pppoe', 'caller-id': '', encoding: '', uptime: '0s', 'limit-bytes-in': '0',
    'limit-bytes-out': '0', radius: 'false' }),
  onRemove: (row, r) => {
    stampLogout(row, r);
    r.sessionEnded?.(row);
  },
};
