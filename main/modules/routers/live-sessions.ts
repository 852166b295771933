import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { parseDuration } from './client/format';
import { RouterError, type RouterClient, type Row } from './client/types';
import type { RouterService } from './service';

/**
 * Live PPP sessions read from a router (routeros.md §11, portal-api.md §2.4), for the customer portal's
 * "Koneksi saya" page, the isolation page (who is this address?) and the monthly usage sampler.
 *
 * What is read, per router, in one snapshot (two or three pipelined prints on the pooled connection):
 * - `/ppp/active/print =.proplist=.id,name,service,address,uptime,caller-id,session-id`: who is online.
 * - `/interface/print =stats= =.proplist=name,rx-byte,tx-byte`: the byte counters of each session's dynamic
 *   server interface, named `<pppoe-USER>` (`<l2tp-USER>`, … for other services). `=stats=` is the API form
 *   of `print stats` given by portal-api.md §2.4 (unverified on hardware; a router that traps it as an unknown
 *   parameter is asked with a plain print). No `?type=`/`?dynamic=` query is sent (both unverified there): the
 *   interfaces are matched by name here. These counters exist for every PPP session, whatever its profile.
 * - Only when a session has no such interface: `/queue/simple/print ?dynamic=true =.proplist=name,bytes`,
 *   the dynamic queue RouterOS makes from the profile's rate-limit, `bytes` = "upload/download" (unverified).
 *
 * Counters are the router's view of the customer's interface: **rx = bytes received from the customer (the
 * customer's upload), tx = bytes sent to the customer (the customer's download)**. They start at 0 when the
 * session (re)dials.
 */
export interface LiveSession {
  /** The address the session got (`address`), null while none is assigned. */
  ip: string | null;
  uptimeSeconds: number;
  /** Bytes from the customer (upload) in this session. 0 when `counters` is null. */
  rx: number;
  /** Bytes to the customer (download) in this session. 0 when `counters` is null. */
  tx: number;
  /**
   * Where rx/tx came from; null: the router showed no counters for this session (rx = tx = 0 then), or the
   * name is online twice (only-one=no) and the interfaces cannot be told apart.
   */
  counters: 'interface' | 'queue' | null;
  /** The PPPoE client's MAC (`caller-id`), null when empty. */
  callerId: string | null;
  service: string;
  /** Identifies the session on this router: `session-id` when given, else the `/ppp/active` `.id`. */
  sessionKey: string;
}

/** Everything online on one router at one moment. */
export interface RouterSessions {
  routerId: number;
  /** When the router was asked (our clock). */
  at: Date;
  /** Username → the session (the newest one when the same name is online twice). */
  sessions: Map<string, LiveSession>;
  /** Every session, including duplicates of one name (only-one=no): the usage sampler counts each. */
  all: { username: string; session: LiveSession }[];
}

export interface LiveSessionsOptions {
  /** How long one router's snapshot is served from memory (default 10 s, at most 15 s). */
  ttlMs?: number;
  /** How long a failure is remembered (default 3 s, at most ttlMs): a dead router is not asked on every refresh. */
  errorTtlMs?: number;
  /** Clock (tests). */
  now?: () => Date;
}

const digits = z.string().regex(/^\d{1,20}$/, 'not a byte counter').transform(Number);
const ip = z.union([z.ipv4(), z.ipv6()]);
const activeRow = z.object({
  '.id': z.string().min(1),
  name: z.string().min(1),
  service: z.string().optional(),
  address: z.union([z.literal(''), ip]).optional(),
  uptime: z.string(),
  'caller-id': z.string().optional(),
  'session-id': z.string().optional(),
});
const interfaceRow = z.object({ name: z.string(), 'rx-byte': digits, 'tx-byte': digits });
const queueRow = z.object({
  name: z.string(),
  bytes: z
    .string()
    .regex(/^\d{1,20}\/\d{1,20}$/, 'not an upload/download byte pair')
    .transform((s) => s.split('/').map(Number) as [number, number]),
});

const ACTIVE_PROPS = ['.id', 'name', 'service', 'address', 'uptime', 'caller-id', 'session-id'];

function badReply(what: string, issue: z.ZodError | string): RouterError {
  const detail = typeof issue === 'string' ? issue : issue.issues.map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`).join('; ');
  return new RouterError('protocol', `The router answered ${what} in an unexpected format (${detail})`);
}

/** The dynamic server interface (and dynamic queue) of a PPP session: `<pppoe-cust001>`. */
export function sessionInterfaceName(service: string, username: string): string {
  return `<${service || 'pppoe'}-${username}>`;
}

const COUNTER_PROPS = ['name', 'rx-byte', 'tx-byte'];

/**
 * `/interface/print =stats=`. The `=stats=` spelling of `print stats` is unverified on hardware: a router that
 * refuses it as an unknown parameter is asked with a plain print, which carries the counters too.
 */
async function interfaceCounters(client: RouterClient): Promise<Row[]> {
  try {
    return (await client.run({ path: '/interface/print', words: ['=stats=', `=.proplist=${COUNTER_PROPS.join(',')}`] })).rows;
  } catch (err) {
    if (err instanceof RouterError && err.kind === 'trap' && /unknown parameter/i.test(err.message)) return client.print('/interface', { proplist: COUNTER_PROPS });
    throw err;
  }
}

/** Reads one snapshot of a router's PPP sessions with their counters. Bad replies throw RouterError('protocol'). */
export async function readSessions(client: RouterClient, routerId: number, at: Date): Promise<RouterSessions> {
  const [activeRows, ifaceRows] = await Promise.all([
    client.print('/ppp/active', { proplist: ACTIVE_PROPS }),
    interfaceCounters(client),
  ]);
  const actives = z.array(activeRow).safeParse(activeRows);
  if (!actives.success) throw badReply('/ppp/active', actives.error);
  const byIface = new Map<string, Row>();
  for (const row of ifaceRows) if (typeof row.name === 'string') byIface.set(row.name, row);

  const wanted = actives.data.map((a) => ({ a, iface: sessionInterfaceName(a.service ?? 'pppoe', a.name) }));
  // Two sessions of one name (only-one=no) cannot be told apart by interface name: their counters are unknown.
  const sameName = new Map<string, number>();
  for (const { a } of wanted) sameName.set(a.name, (sameName.get(a.name) ?? 0) + 1);
  const ambiguous = (name: string): boolean => (sameName.get(name) ?? 0) > 1;
  let queues: Map<string, [number, number]> | null = null;
  if (wanted.some((w) => !byIface.has(w.iface) && !ambiguous(w.a.name))) {
    const rows = await client.print('/queue/simple', { query: ['?dynamic=true'], proplist: ['name', 'bytes'] });
    queues = new Map();
    for (const row of rows) {
      if (typeof row.name !== 'string' || !wanted.some((w) => w.iface === row.name)) continue;
      const q = queueRow.safeParse(row);
      if (!q.success) throw badReply('/queue/simple', q.error);
      queues.set(q.data.name, q.data.bytes);
    }
  }

  const all: RouterSessions['all'] = [];
  for (const { a, iface } of wanted) {
    const uptimeSeconds = parseDuration(a.uptime);
    if (uptimeSeconds === null) throw badReply('/ppp/active', `uptime "${a.uptime}" of ${a.name}`);
    let rx = 0;
    let tx = 0;
    let counters: LiveSession['counters'] = null;
    const ifRow = byIface.get(iface);
    if (ambiguous(a.name)) {
      // Counters unknown (see above).
    } else if (ifRow) {
      const c = interfaceRow.safeParse(ifRow);
      if (!c.success) throw badReply('/interface', c.error);
      rx = c.data['rx-byte'];
      tx = c.data['tx-byte'];
      counters = 'interface';
    } else {
      const q = queues?.get(iface);
      // The queue counts from the network's side: upload (from the customer) / download (to the customer).
      if (q) [rx, tx, counters] = [q[0], q[1], 'queue'];
    }
    all.push({
      username: a.name,
      session: {
        ip: a.address ? a.address : null,
        uptimeSeconds: Math.floor(uptimeSeconds),
        rx,
        tx,
        counters,
        callerId: a['caller-id'] ? a['caller-id'] : null,
        service: a.service ?? 'pppoe',
        sessionKey: a['session-id'] ? `sid:${a['session-id']}` : `id:${a['.id']}`,
      },
    });
  }
  const sessions = new Map<string, LiveSession>();
  for (const { username, session } of all) {
    const seen = sessions.get(username);
    if (!seen || session.uptimeSeconds < seen.uptimeSeconds) sessions.set(username, session);
  }
  return { routerId, at, sessions, all };
}

interface CacheEntry {
  at: number;
  result: Promise<RouterSessions>;
  /** Set once the read failed: the failure is kept for errorTtlMs only. */
  failed: boolean;
  /** The read is still in flight. */
  pending: boolean;
}

/**
 * Live sessions per router through the routers module's pooled connection, with a short per-router cache: a
 * storm of portal refreshes costs the router at most one snapshot per `ttlMs`, and concurrent callers share
 * the read in flight. An unreachable router throws its RouterError (kind connect/auth/timeout/closed); a reply
 * of the wrong shape throws RouterError kind 'protocol'; an unknown router id throws AppError not_found.
 */
export class LiveSessions {
  private readonly cache = new Map<number, CacheEntry>();
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly routers: RouterService,
    opts: LiveSessionsOptions = {},
  ) {
    this.ttlMs = Math.min(Math.max(opts.ttlMs ?? 10_000, 0), 15_000);
    this.errorTtlMs = Math.min(Math.max(opts.errorTtlMs ?? 3_000, 0), this.ttlMs);
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * The sessions of the given usernames on a router: a username missing from the map is not online.
   * Served from a snapshot at most `ttlMs` old.
   */
  async liveSessions(routerId: number, usernames: readonly string[]): Promise<Map<string, LiveSession>> {
    const snap = await this.snapshot(routerId);
    const out = new Map<string, LiveSession>();
    for (const u of usernames) {
      const s = snap.sessions.get(u);
      if (s) out.set(u, s);
    }
    return out;
  }

  /** The session holding an address on a router right now (the isolation page: who is asking?), or null. */
  async byAddress(routerId: number, address: string): Promise<{ username: string; session: LiveSession } | null> {
    const snap = await this.snapshot(routerId);
    for (const s of snap.all) if (s.session.ip === address) return s;
    return null;
  }

  /** A router's whole snapshot; `maxAgeMs` (≤ ttlMs) asks for a fresher one (the usage sampler passes 0). */
  snapshot(routerId: number, maxAgeMs = this.ttlMs): Promise<RouterSessions> {
    const nowMs = this.now().getTime();
    const hit = this.cache.get(routerId);
    if (hit) {
      const age = nowMs - hit.at;
      const fresh = hit.failed ? age < Math.min(this.errorTtlMs, maxAgeMs) : age < Math.min(this.ttlMs, maxAgeMs);
      // A read still in flight is shared whatever its age: it is the freshest there will be. A clock that went
      // back makes the snapshot stale.
      if (hit.pending || (fresh && age >= 0)) return hit.result;
    }
    const entry: CacheEntry = { at: nowMs, result: Promise.resolve(null as never), failed: false, pending: true };
    entry.result = this.read(routerId).then(
      (r) => {
        entry.pending = false;
        return r;
      },
      (err: unknown) => {
        entry.pending = false;
        entry.failed = true;
        entry.at = this.now().getTime();
        // No such router: nothing worth remembering.
        if (err instanceof AppError && this.cache.get(routerId) === entry) this.cache.delete(routerId);
        throw err;
      },
    );
    entry.result.catch(() => undefined);
    this.cache.set(routerId, entry);
    return entry.result;
  }

  /** Drops a router's cached snapshot (after it was edited or removed). */
  forget(routerId?: number): void {
    if (routerId === undefined) this.cache.clear();
    else this.cache.delete(routerId);
  }

  private async read(routerId: number): Promise<RouterSessions> {
    const at = this.now();
    try {
      const snap = await this.routers.withClient(routerId, (client) => readSessions(client, routerId, at));
      void this.routers.observeOutcome(routerId, null, at).catch(() => undefined);
      return snap;
    } catch (err) {
      // Not awaited: the caller may be inside a write, and a status flip is recorded in a write of its own.
      void this.routers.observeOutcome(routerId, err, at).catch(() => undefined);
      throw err;
    }
  }
}
