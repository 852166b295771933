/**
 * PPP sessions with traffic, for tests of live session facts and usage counters (portal-api.md §2.4). A session
 * is a `/ppp/active` row plus its dynamic server interface `<pppoe-USER>` (`/interface`, counters `rx-byte` from
 * the client = its upload, `tx-byte` to the client = its download) and, when the secret's profile has a
 * `rate-limit`, a dynamic simple queue `<pppoe-USER>` (`bytes` = "upload/download", `dynamic=true`). Removing
 * the `/ppp/active` row (API remove, pppDisconnect, reboot) removes both, like the router does.
 */
import type { SimState } from './state';
import { formatDuration, parseDuration, type Row } from './values';

export interface PppConnectOptions {
  /** Default: the secret's remote-address, else 10.10.0.N. */
  address?: string;
  callerId?: string;
  /** Initial uptime (RouterOS duration, default 0s). */
  uptime?: string;
  service?: string;
  /** Byte counters the session starts with (default 0). */
  rx?: number;
  tx?: number;
}

export interface PppTraffic {
  /** Bytes from the client (its upload) to add. */
  rx?: number;
  /** Bytes to the client (its download) to add. */
  tx?: number;
  /** Seconds to add to the session's uptime. */
  seconds?: number;
}

let sessionSeq = 0;

export const pppInterfaceName = (service: string, name: string): string => `<${service}-${name}>`;

/** Puts `name` online with counters; returns the `/ppp/active` `.id`. */
export function pppConnect(state: SimState, name: string, opts: PppConnectOptions = {}): string {
  const secret = state.menu('/ppp/secret').find({ name });
  const service = opts.service ?? (secret?.service && secret.service !== 'any' ? secret.service : 'pppoe');
  const fields: Record<string, string> = { name, service, 'session-id': `0x${(0x81000000 + ++sessionSeq).toString(16).toUpperCase()}` };
  if (opts.address !== undefined) fields.address = opts.address;
  if (opts.callerId !== undefined) fields['caller-id'] = opts.callerId;
  if (opts.uptime !== undefined) fields.uptime = opts.uptime;
  const id = state.login('/ppp/active', fields);
  const active = state.menu('/ppp/active').get(id)!;
  const ifName = pppInterfaceName(service, name);
  const rx = opts.rx ?? 0;
  const tx = opts.tx ?? 0;
  // A second session of the same name (only-one=no) gets no counters here: what RouterOS names its interface
  // is not modelled (unverified).
  if (state.menu('/interface').find({ name: ifName })) return id;
  state.menu('/interface').add({ name: ifName, type: `${service}-in`, 'rx-byte': rx, 'tx-byte': tx,
    'rx-packet': packets(rx), 'tx-packet': packets(tx) });
  const rate = secret?.profile ? state.menu('/ppp/profile').find({ name: secret.profile })?.['rate-limit'] : undefined;
  if (rate) {
    state.menu('/queue/simple').add({ name: ifName, target: `${active.address}/32`, 'max-limit': rate.split(' ')[0]!,
      dynamic: 'true', bytes: `${rx}/${tx}`, packets: `${packets(rx)}/${packets(tx)}`, 'total-bytes': rx + tx });
  }
  return id;
}

/** Adds traffic (and uptime) to `name`'s newest session. Throws when it is not online. */
export function pppTraffic(state: SimState, name: string, t: PppTraffic): void {
  const active = newest(state, name);
  if (!active) throw new Error(`pppTraffic: ${name} is not online`);
  const ifName = pppInterfaceName(active.service ?? 'pppoe', name);
  const ifaces = state.menu('/interface');
  const row = ifaces.find({ name: ifName });
  if (!row) throw new Error(`pppTraffic: ${ifName} has no interface`);
  const rx = Number(row['rx-byte']) + (t.rx ?? 0);
  const tx = Number(row['tx-byte']) + (t.tx ?? 0);
  ifaces.update(row['.id']!, { 'rx-byte': rx, 'tx-byte': tx, 'rx-packet': packets(rx), 'tx-packet': packets(tx) });
  const queues = state.menu('/queue/simple');
  const q = queues.find({ name: ifName, dynamic: 'true' });
  if (q) queues.update(q['.id']!, { bytes: `${rx}/${tx}`, packets: `${packets(rx)}/${packets(tx)}`, 'total-bytes': rx + tx });
  if (t.seconds) {
    const up = parseDuration(active.uptime ?? '0s') ?? 0;
    state.menu('/ppp/active').update(active['.id']!, { uptime: formatDuration(up + t.seconds) });
  }
}

/** Ends `name`'s sessions (all of them); returns how many there were. */
export function pppDisconnect(state: SimState, name: string): number {
  const actives = state.menu('/ppp/active');
  const ids = actives.filter({ name }).map((r) => r['.id']!);
  for (const id of ids) actives.remove(id);
  return ids.length;
}

/** The router restarts: every session, dynamic interface and dynamic queue is gone (counters with them). */
export function pppReboot(state: SimState): void {
  for (const r of state.menu('/ppp/active').all()) state.menu('/ppp/active').remove(r['.id']!);
}

/** Removes a session's dynamic interface and queue (the `/ppp/active` onRemove hook). */
export function dropSessionObjects(state: SimState, row: Row): void {
  const ifName = pppInterfaceName(row.service ?? 'pppoe', row.name ?? '');
  // Another session of the same name (only-one=no) keeps the objects.
  if (state.menu('/ppp/active').find({ name: row.name ?? '' })) return;
  for (const i of state.menu('/interface').filter({ name: ifName, dynamic: 'true' })) state.menu('/interface').remove(i['.id']!);
  for (const q of state.menu('/queue/simple').filter({ name: ifName, dynamic: 'true' })) state.menu('/queue/simple').remove(q['.id']!);
}

function newest(state: SimState, name: string): Row | undefined {
  const rows = state.menu('/ppp/active').filter({ name });
  return rows.sort((a, b) => (parseDuration(a.uptime ?? '0s') ?? 0) - (parseDuration(b.uptime ?? '0s') ?? 0))[0];
}

const packets = (bytes: number): number => Math.ceil(bytes / 1400);
