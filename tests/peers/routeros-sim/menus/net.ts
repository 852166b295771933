import { formatDate, formatTime } from '../values';
import { LIST_VERBS, sameName, type MenuSpec } from './spec';

export const addressList: MenuSpec = {
  path: '/ip/firewall/address-list',
  verbs: LIST_VERBS,
  writable: ['list', 'address', 'timeout', 'disabled', 'comment'],
  readOnly: ['creation-time', 'dynamic'],
  bools: ['disabled', 'dynamic'],
  durations: ['timeout'],
  required: ['list', 'address'],
  defaults: (r) => ({ 'creation-time': `${formatDate(r.now(), r.gmtOffsetMin, r.clockFormat)} ${formatTime(r.now(), r.gmtOffsetMin)}`,
    dynamic: 'false', disabled: 'false' }),
  unique: { conflicts: (a, b) => a.list === b.list && a.address === b.address, message: 'failure: already have such entry' },
};

export const queueSimple: MenuSpec = {
  path: '/queue/simple',
  verbs: [...LIST_VERBS, 'reset-counters'],
  writable: ['name', 'target', 'dst', 'parent', 'packet-marks', 'priority', 'queue', 'limit-at', 'max-limit',
    'burst-limit', 'burst-threshold', 'burst-time', 'bucket-size', 'time', 'disabled', 'comment'],
  readOnly: ['dynamic', 'bytes', 'packets', 'rate', 'total-bytes'],
  bools: ['disabled', 'dynamic'],
  required: ['target'],
  autoName: 'queue',
  defaults: () => ({ parent: 'none', 'packet-marks': '', priority: '8/8', queue: 'default-small/default-small',
    'limit-at': '0/0', 'max-limit': '0/0', 'burst-limit': '0/0', 'burst-threshold': '0/0', 'burst-time': '0s/0s',
    'bucket-size': '0.1/0.1', dynamic: 'false', bytes: '0/0', packets: '0/0', rate: '0bps/0bps',
    'total-bytes': '0', disabled: 'false' }),
  unique: { conflicts: sameName, message: 'failure: already have such name', byName: true },
};
