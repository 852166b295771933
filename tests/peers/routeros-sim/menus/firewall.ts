import { LIST_VERBS, type MenuSpec } from './spec';

/*
 * /ip/firewall/nat and /ip/firewall/filter (portal-api.md §1.2, §1.3; MT-NAT, MT-FLT): ordered rules without a
 * name (rows print in the order they were added; duplicates are allowed, as on a router). Matchers take a
 * leading `!` to negate (`dst-address-list=!isolir-allow`); `chain` is free text (custom chains). Counters are
 * read-only.
 */
const MATCHERS = ['src-address', 'dst-address', 'src-address-list', 'dst-address-list', 'protocol', 'src-port', 'dst-port',
  'in-interface', 'out-interface', 'connection-state', 'connection-nat-state'];
const COMMON_TAIL = ['log', 'log-prefix', 'disabled', 'comment'];
const READ_ONLY = ['bytes', 'packets', 'dynamic', 'invalid'];
const counters = () => ({ bytes: '0', packets: '0', dynamic: 'false', invalid: 'false', log: 'false', 'log-prefix': '', disabled: 'false' });

export const firewallNat: MenuSpec = {
  path: '/ip/firewall/nat',
  verbs: LIST_VERBS,
  writable: ['chain', 'action', ...MATCHERS, 'to-addresses', 'to-ports', 'jump-target', ...COMMON_TAIL],
  readOnly: READ_ONLY,
  bools: ['disabled', 'dynamic', 'invalid', 'log'],
  enums: { action: ['accept', 'add-dst-to-address-list', 'add-src-to-address-list', 'dst-nat', 'jump', 'log', 'masquerade', 'netmap',
    'passthrough', 'redirect', 'return', 'same', 'src-nat', 'endpoint-independent-nat'] },
  required: ['chain'],
  defaults: () => ({ action: 'accept', ...counters() }),
};

export const firewallFilter: MenuSpec = {
  path: '/ip/firewall/filter',
  verbs: LIST_VERBS,
  writable: ['chain', 'action', ...MATCHERS, 'reject-with', 'jump-target', ...COMMON_TAIL],
  readOnly: READ_ONLY,
  bools: ['disabled', 'dynamic', 'invalid', 'log'],
  enums: {
    action: ['accept', 'add-dst-to-address-list', 'add-src-to-address-list', 'drop', 'fasttrack-connection', 'jump', 'log', 'passthrough',
      'reject', 'return', 'tarpit'],
    'reject-with': ['icmp-admin-prohibited', 'icmp-host-prohibited', 'icmp-host-unreachable', 'icmp-net-prohibited', 'icmp-network-unreachable',
      'icmp-port-unreachable', 'icmp-protocol-unreachable', 'tcp-reset'],
  },
  required: ['chain'],
  defaults: () => ({ action: 'accept', ...counters() }),
};
