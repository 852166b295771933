import { formatDate, formatDuration, formatTime, parseDuration, parseLocalDateTime, type Row } from '../values';
import { POLICY, sameName, type MenuSpec, type RouterView } from './spec';

const stamp = (t: Date, r: RouterView): string =>
  `${formatDate(t, r.gmtOffsetMin, r.clockFormat)} ${formatTime(t, r.gmtOffsetMin)}`;

export const identity: MenuSpec = {
  path: '/system/identity',
  singleton: true,
  verbs: ['set'],
  writable: ['name'],
  builtin: [{ name: 'MikroTik' }],
};

export const resource: MenuSpec = {
  path: '/system/resource',
  singleton: true,
  verbs: [],
  writable: [],
  readOnly: ['uptime', 'version', 'build-time', 'factory-software', 'free-memory', 'total-memory', 'cpu',
    'cpu-count', 'cpu-frequency', 'cpu-load', 'free-hdd-space', 'total-hdd-space', 'write-sect-since-reboot',
    'write-sect-total', 'bad-blocks', 'architecture-name', 'board-name', 'platform'],
  builtin: [{}],
  compute: (_row, r) => ({
    uptime: formatDuration((r.now().getTime() - r.startedAt.getTime()) / 1000),
    version: /\(/.test(r.version) ? r.version : `${r.version} (stable)`,
    'build-time': '2025-02-27 10:35:04', 'factory-software': '6.44.6', 'free-memory': '812130304',
    'total-memory': '1073741824', cpu: 'ARMv7', 'cpu-count': '4', 'cpu-frequency': '1400', 'cpu-load': '3',
    'free-hdd-space': '443809792', 'total-hdd-space': '536870912', 'write-sect-since-reboot': '1520',
    'write-sect-total': '2389771', 'bad-blocks': '0', 'architecture-name': 'arm', 'board-name': 'RB4011iGS+',
    platform: 'MikroTik',
  }),
};

export const clock: MenuSpec = {
  path: '/system/clock',
  singleton: true,
  verbs: [],
  writable: [],
  readOnly: ['time', 'date', 'time-zone-autodetect', 'time-zone-name', 'gmt-offset', 'dst-active'],
  builtin: [{ 'time-zone-name': 'Asia/Jakarta' }],
  compute: (_row, r) => {
    const now = r.now();
    const off = Math.abs(r.gmtOffsetMin);
    const sign = r.gmtOffsetMin < 0 ? '-' : '+';
    return {
      time: formatTime(now, r.gmtOffsetMin), date: formatDate(now, r.gmtOffsetMin, r.clockFormat),
      'time-zone-autodetect': 'true',
      'gmt-offset': `${sign}${String(Math.floor(off / 60)).padStart(2, '0')}:${String(off % 60).padStart(2, '0')}`,
      'dst-active': 'false',
    };
  },
};

/** next-run = first start + k·interval after now (what Mikhmon's on-login script reads back). */
function nextRun(row: Row, r: RouterView): Row {
  const interval = parseDuration(row.interval ?? '0s') ?? 0;
  const base = row['start-time'] === 'startup' ? r.startedAt
    : parseLocalDateTime(row['start-date'] ?? '', row['start-time'] ?? '', r.gmtOffsetMin);
  if (row.disabled === 'true' || !base) return {};
  const now = r.now().getTime();
  let t = base.getTime();
  if (t <= now) {
    if (interval <= 0) return {};
    t += Math.ceil((now - t + 1) / (interval * 1000)) * interval * 1000;
  }
  return { 'next-run': stamp(new Date(t), r) };
}

export const scheduler: MenuSpec = {
  path: '/system/scheduler',
  verbs: ['add', 'set', 'remove', 'enable', 'disable', 'unset'],
  writable: ['name', 'start-date', 'start-time', 'interval', 'on-event', 'policy', 'disabled', 'comment'],
  readOnly: ['owner', 'run-count', 'next-run'],
  bools: ['disabled'],
  required: ['name'],
  // A scheduler added without a start starts "now" (local date and time), so next-run = now + interval.
  defaults: (r) => ({ 'start-date': formatDate(r.now(), r.gmtOffsetMin, r.clockFormat),
    'start-time': formatTime(r.now(), r.gmtOffsetMin), interval: '0s', 'on-event': '', owner: 'admin',
    policy: POLICY, 'run-count': '0', disabled: 'false' }),
  compute: nextRun,
  unique: { conflicts: sameName, message: 'failure: already have such name', byName: true },
};

export const script: MenuSpec = {
  path: '/system/script',
  verbs: ['add', 'set', 'remove', 'unset', 'run'],
  writable: ['name', 'owner', 'policy', 'dont-require-permissions', 'source', 'comment'],
  readOnly: ['last-started', 'run-count', 'invalid'],
  bools: ['dont-require-permissions', 'invalid'],
  required: ['name'],
  defaults: () => ({ owner: 'admin', policy: POLICY, 'dont-require-permissions': 'false', source: '',
    'run-count': '0', invalid: 'false' }),
  unique: { conflicts: sameName, message: 'failure: already have such name', byName: true },
};
