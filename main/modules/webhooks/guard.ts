import { lookup as dnsLookup, type LookupAddress, type LookupOneOptions, type LookupAllOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/*
 * Where a webhook may go (issue 15, reference §4.4). The app sits on the ISP's LAN next to routers (API on
 * 8728/8729) and customers' private addresses: an endpoint URL typed by someone must never reach them, nor this
 * app's own API. So only global unicast addresses are dialled — checked on the address DNS returns at connect
 * time (a name that later points inside is caught, and so is every retry) — unless the office allowlisted the
 * host (an accounting server on the LAN). The app's own listener is refused even when allowlisted.
 */

export interface Destination {
  /** host or host:port entries the office allows even when private (lower case). */
  allowHosts: readonly string[];
  /** Ports this app listens on, refused on any local or private address. */
  ownPorts: readonly number[];
}

export class BlockedDestination extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedDestination';
  }
}

/** Whether an address is global unicast (not private, loopback, link-local/metadata, CGNAT, reserved, multicast, unspecified). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let a = ipaddr.parse(address);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return a.range() === 'unicast';
}

const allowed = (d: Destination, host: string, port: number): boolean => {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return d.allowHosts.includes(h) || d.allowHosts.includes(`${h}:${port}`);
};

/** Why a URL may not be called at all (before any DNS), or null. */
export function urlProblem(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'only http and https';
  if (u.username || u.password) return 'no user or password in the URL';
  return null;
}

/** The port a URL dials. */
export const portOf = (u: URL): number => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

/**
 * A `lookup` for http(s).request that refuses addresses the destination may not reach. It runs when the socket
 * connects, on what DNS answers then.
 */
export function guardedLookup(d: Destination, host: string, port: number) {
  const hostAllowed = allowed(d, host, port);
  const check = (address: string): string | null => {
    const local = !isPublicAddress(address);
    if (local && d.ownPorts.includes(port)) return `${address}:${port} is this app's own listener`;
    if (local && !hostAllowed) return `${host} resolves to ${address}, a private or reserved address (add it to the allowed hosts to permit it)`;
    return null;
  };
  return (hostname: string, options: LookupOneOptions | LookupAllOptions | number, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    const opts = typeof options === 'number' ? { family: options } : options;
    dnsLookup(hostname, { ...opts, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      for (const a of list) {
        const why = check(a.address);
        if (why) return callback(new BlockedDestination(why), '', 0);
      }
      if ((opts as LookupAllOptions).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
