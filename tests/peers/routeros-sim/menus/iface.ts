import { formatDate, formatTime } from '../values';
import type { MenuSpec } from './spec';

/**
 * `/interface`: the physical port and the dynamic server interfaces of PPP sessions (`<pppoe-USER>`, type
 * `pppoe-in`) with their counters (`rx-byte` = received from the client, `tx-byte` = sent to it), as
 * `/interface print stats` shows them (portal-api.md §2.4). `=stats=` is accepted by print (commands.ts). The
 * dynamic rows come and go with the sessions (state.pppConnect / API `/ppp/active/remove`); seed them with
 * state.pppConnect, not by hand.
 */
export const IFACE_COUNTERS = ['rx-byte', 'tx-byte', 'rx-packet', 'tx-packet', 'rx-drop', 'tx-drop', 'tx-queue-drop',
  'rx-error', 'tx-error', 'fp-rx-byte', 'fp-tx-byte', 'fp-rx-packet', 'fp-tx-packet'] as const;

const zeroCounters = Object.fromEntries(IFACE_COUNTERS.map((k) => [k, '0']));

export const iface: MenuSpec = {
  path: '/interface',
  verbs: ['set', 'enable', 'disable', 'reset-counters'],
  writable: ['name', 'mtu', 'disabled', 'comment'],
  readOnly: ['type', 'actual-mtu', 'mac-address', 'last-link-up-time', 'link-downs', ...IFACE_COUNTERS, 'running',
    'dynamic', 'slave'],
  bools: ['disabled', 'running', 'dynamic', 'slave'],
  defaults: (r) => ({ type: 'pppoe-in', mtu: '1480', 'actual-mtu': '1480',
    'last-link-up-time': `${formatDate(r.now(), r.gmtOffsetMin, r.clockFormat)} ${formatTime(r.now(), r.gmtOffsetMin)}`,
    'link-downs': '0', ...zeroCounters, running: 'true', dynamic: 'true', slave: 'false', disabled: 'false' }),
  builtin: [{ '.id': '*1', name: 'ether1', type: 'ether', mtu: '1500', 'actual-mtu': '1500', 'mac-address': '02:00:00:00:00:01',
    'link-downs': '0', ...zeroCounters, running: 'true', dynamic: 'false', slave: 'false', disabled: 'false' }],
};
