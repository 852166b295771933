import { parseDuration } from './client/format';

/**
 * Whether a value the router printed means what the app asked for. RouterOS answers in its own canonical
 * form (routeros.md §11): durations re-written (`7200s` → `2h`, `24h` → `1d`, `7d` → `1w`), booleans as
 * true/false (yes/no accepted on input), MACs in upper case, counters as decimal strings, and a field that is
 * unset is simply absent from the row. A field the router omits only matches an "empty" desired value (no
 * limit, no comment, false): a limit lifted by hand on the router is drift.
 */
type Kind = 'duration' | 'bytes' | 'number' | 'bool' | 'mac' | 'script' | 'pool' | 'text';

const KINDS: Record<string, Kind> = {
  'limit-uptime': 'duration',
  'session-timeout': 'duration',
  'idle-timeout': 'duration',
  'keepalive-timeout': 'duration',
  'mac-cookie-timeout': 'duration',
  'status-autorefresh': 'duration',
  timeout: 'duration',
  'limit-bytes-total': 'bytes',
  'limit-bytes-in': 'bytes',
  'limit-bytes-out': 'bytes',
  'shared-users': 'number',
  disabled: 'bool',
  'add-mac-cookie': 'bool',
  'transparent-proxy': 'bool',
  'mac-address': 'mac',
  'on-login': 'script',
  'on-logout': 'script',
  'on-up': 'script',
  'on-down': 'script',
  'address-pool': 'pool',
};

export const fieldKind = (field: string): Kind => KINDS[field] ?? 'text';

/**
 * A value in a form where equal meaning means equal string, or null for "nothing set" (absent, empty, or
 * the field's "no limit" value). Unreadable values are kept as they are, so they only match themselves.
 */
export function canonical(field: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const v = value.trim();
  switch (fieldKind(field)) {
    case 'duration': {
      if (v === '' || /^(none|never|unlimited)$/i.test(v)) return null;
      const s = parseDuration(v);
      if (s === null) return `?${v}`;
      return s === 0 ? null : String(s);
    }
    case 'bytes': {
      if (v === '') return null;
      if (!/^\d+$/.test(v)) return `?${v}`;
      const n = BigInt(v);
      return n === 0n ? null : n.toString();
    }
    case 'number':
      if (v === '') return null;
      return /^\d+$/.test(v) ? String(Number(v)) : v.toLowerCase();
    case 'bool': {
      const b = v.toLowerCase();
      if (b === '' || b === 'no' || b === 'false') return null;
      return b === 'yes' || b === 'true' ? 'true' : `?${v}`;
    }
    case 'mac': {
      const m = v.toUpperCase().replace(/-/g, ':');
      return m === '' || m === '00:00:00:00:00:00' ? null : m;
    }
    case 'script': {
      const s = value.replace(/\r\n?/g, '\n').trim();
      return s === '' ? null : s;
    }
    case 'pool':
      return v === '' || v.toLowerCase() === 'none' ? null : v;
    case 'text':
      return value === '' ? null : value;
  }
}

/** True when the router's value (undefined = the router did not print the field) means the desired one. */
export function sameValue(field: string, routerValue: string | undefined, desired: string): boolean {
  return canonical(field, routerValue) === canonical(field, desired);
}
