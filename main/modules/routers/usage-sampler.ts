import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { officeMonth } from '../../../shared/dates';
import { summary, type Summary } from '../../../shared/summaries';
import type { Db } from '../../core/db';
import type { JobDefinition } from '../../core/module';
import type { LiveSession, LiveSessions, RouterSessions } from './live-sessions';
import type { RouterService } from './service';

/**
 * Monthly PPP traffic from periodic samples of the routers' live session counters (portal-api.md §2.4: the
 * counters belong to the session's dynamic interface and start from zero when it re-dials).
 *
 * Rules, per router and username, sample after sample:
 * - A session seen before (same session key, its start time — sample time minus uptime — not later than the
 *   one seen before by more than SESSION_START_TOLERANCE_S, uptime not smaller) adds what its counters grew by.
 *   A counter that went down (reset-counters) adds its new value.
 * - A session not seen before (a new dial-in, or the router rebooted) adds its whole counters: the traffic since
 *   it started. A negative amount is never added.
 * - Traffic is counted in the office month of the sample that saw it; a session spanning months has its
 *   counters' growth up to the last sample of a month in that month, the rest in the next.
 * - Traffic between a session's last sample and its end is not seen (sampling, not RADIUS accounting).
 */
export const SESSION_START_TOLERANCE_S = 300;

/** What the sampler remembers of one live session: its counters, uptime and when they were read. */
export interface SessionCursor {
  rx: number;
  tx: number;
  /** Uptime in seconds at `at`. */
  up: number;
  /** Sample time, epoch ms. */
  at: number;
}

const cursorSchema = z.record(
  z.string(),
  z.object({ rx: z.number().int().nonnegative(), tx: z.number().int().nonnegative(), up: z.number().nonnegative(), at: z.number() }),
);

/** One session as a sample sees it. */
export interface SampledSession {
  key: string;
  rx: number;
  tx: number;
  uptimeSeconds: number;
}

/**
 * The traffic to add for one username between its previous cursor and the sessions sampled now, and the new
 * cursor. Pure: the rules above.
 */
export function countSample(prev: Readonly<Record<string, SessionCursor>>, current: readonly SampledSession[], atMs: number): { rx: number; tx: number; next: Record<string, SessionCursor> } {
  let rx = 0;
  let tx = 0;
  const next: Record<string, SessionCursor> = {};
  for (const s of current) {
    const sRx = Math.max(0, Math.floor(s.rx));
    const sTx = Math.max(0, Math.floor(s.tx));
    const p = prev[s.key];
    const same = p !== undefined && s.uptimeSeconds >= p.up && atMs / 1000 - s.uptimeSeconds <= p.at / 1000 - p.up + SESSION_START_TOLERANCE_S;
    if (same) {
      rx += sRx >= p.rx ? sRx - p.rx : sRx;
      tx += sTx >= p.tx ? sTx - p.tx : sTx;
    } else {
      rx += sRx;
      tx += sTx;
    }
    next[s.key] = { rx: sRx, tx: sTx, up: s.uptimeSeconds, at: atMs };
  }
  return { rx, tx, next };
}


function parseCursor(text: string): Record<string, SessionCursor> {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * Adds one router snapshot's traffic to ppp_usage (inside the caller's transaction). Sessions without counters
 * are skipped (their cursor is kept). Returns how many usernames were updated and the bytes added.
 */
export async function recordUsage(em: EntityManager, routerId: number, at: Date, timeZone: string, all: RouterSessions['all']): Promise<{ users: number; rx: number; tx: number }> {
  const byUser = new Map<string, SampledSession[]>();
  for (const { username, session } of all) {
    if (session.counters === null) continue;
    const list = byUser.get(username) ?? [];
    list.push(toSampled(session));
    byUser.set(username, list);
  }
  if (byUser.size === 0) return { users: 0, rx: 0, tx: 0 };
  // Each username's newest row holds its cursor (index ux_ppp_usage_month / ix_ppp_usage_latest).
  const cursorOf = new Map<string, { sessions: string; lastSampleAt: string }>();
  for (const names of chunks([...byUser.keys()], 500)) {
    const rows: { username: string; sessions: string; lastSampleAt: string }[] = await em.query(
      `SELECT u.username, u.sessions, u.last_sample_at AS lastSampleAt FROM ppp_usage u
        WHERE u.router_id = ? AND u.username IN (${names.map(() => '?').join(',')})
          AND u.month_start = (SELECT max(q.month_start) FROM ppp_usage q WHERE q.router_id = u.router_id AND q.username = u.username)`,
      [routerId, ...names],
    );
    for (const r of rows) cursorOf.set(r.username, r);
  }
  const m = officeMonth(at, timeZone);
  const iso = at.toISOString();
  let rx = 0;
  let tx = 0;
  let users = 0;
  const values: (string | number)[][] = [];
  for (const [username, sessions] of byUser) {
    const last = cursorOf.get(username);
    // A sample older than the cursor (the clock went back) would count twice: skip it.
    if (last && last.lastSampleAt > iso) continue;
    const counted = countSample(last ? parseCursor(last.sessions) : {}, sessions, at.getTime());
    rx += counted.rx;
    tx += counted.tx;
    users++;
    values.push([routerId, username, m.month, m.start, m.end, counted.rx, counted.tx, JSON.stringify(counted.next), iso, iso]);
  }
  // One statement per 200 usernames: a router with thousands of sessions online holds the write queue briefly.
  for (const batch of chunks(values, 200)) {
    await em.query(
      `INSERT INTO ppp_usage (router_id, username, month, month_start, month_end, rx, tx, samples, sessions, first_sample_at, last_sample_at)
       VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)').join(', ')}
       ON CONFLICT (router_id, username, month) DO UPDATE SET rx = rx + excluded.rx, tx = tx + excluded.tx, samples = samples + 1,
         sessions = excluded.sessions, last_sample_at = excluded.last_sample_at`,
      batch.flat(),
    );
  }
  return { users, rx, tx };
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const toSampled = (s: LiveSession): SampledSession => ({ key: s.sessionKey, rx: s.rx, tx: s.tx, uptimeSeconds: s.uptimeSeconds });

/**
 * Traffic counted for a PPP username on a router in the office months from the one containing `fromUtcIso`
 * (pass the start of the office month; any instant inside it works) onward: rx = from the customer (upload),
 * tx = to the customer (download). Null when nothing was ever sampled for it in that range.
 */
export async function monthUsage(em: EntityManager, routerId: number, username: string, fromUtcIso: string): Promise<{ rx: number; tx: number } | null> {
  const from = new Date(fromUtcIso);
  if (Number.isNaN(from.getTime())) throw new RangeError(`monthUsage: not an instant: ${fromUtcIso}`);
  const rows: { n: number; rx: number | null; tx: number | null }[] = await em.query(
    'SELECT count(*) AS n, sum(rx) AS rx, sum(tx) AS tx FROM ppp_usage WHERE router_id = ? AND username = ? AND month_end > ?',
    [routerId, username, from.toISOString()],
  );
  const r = rows[0];
  if (!r || Number(r.n) === 0) return null;
  return { rx: Number(r.rx ?? 0), tx: Number(r.tx ?? 0) };
}

export interface PppUsageDeps {
  db: Db;
  routers: RouterService;
  live: LiveSessions;
  /** The office time zone (settings locale.timezone). */
  timeZone: () => string;
  logger: Logger;
  /** Progress of a run: routers sampled of all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The `routers.usage` job: every 10 minutes, one fresh snapshot per router (outside any transaction), each
 * router's traffic recorded in a write of its own. Resumable: an interrupted run loses nothing (the next
 * sample adds what the counters grew by since the last one recorded), a router that does not answer is
 * counted as unreachable and sampled next time.
 */
export class PppUsage {
  constructor(private readonly d: PppUsageDeps) {}

  /** Samples one router now; throws its RouterError when it cannot be read. */
  async sample(routerId: number): Promise<{ users: number; rx: number; tx: number }> {
    const snap = await this.d.live.snapshot(routerId, 0);
    return this.d.db.write(async (em) => {
      // Removed meanwhile: nothing to record.
      if (!(await this.d.routers.repo(em).existsBy({ id: routerId }))) return { users: 0, rx: 0, tx: 0 };
      return recordUsage(em, routerId, snap.at, this.d.timeZone(), snap.all);
    });
  }

  job(): JobDefinition {
    return {
      name: 'routers.usage',
      schedule: () => '*/10 * * * *',
      run: async (_window, signal): Promise<Summary> => {
        const all = await this.d.routers.repo().find({ order: { id: 'ASC' } });
        let users = 0;
        let unreachable = 0;
        let done = 0;
        this.d.onProgress?.(0, all.length);
        for (const r of all) {
          if (signal.aborted) throw new Error('stopped');
          try {
            users += (await this.sample(r.id)).users;
          } catch (err) {
            unreachable++;
            this.d.logger.warn({ err, router: r.id }, 'usage sample failed');
          }
          this.d.onProgress?.(++done, all.length);
        }
        return summary('routers.usageSampled', { routers: all.length, users, unreachable });
      },
    };
  }
}
