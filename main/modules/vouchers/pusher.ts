import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { Db } from '../../core/db';
import type { EventBus } from '../../core/events';
import { type Command, isDuplicateTrap, type RouterClient, RouterError, type RouterService } from '../routers';
import { generateCodes } from './codes';
import { hotspotUserFields } from './router-user';

import type { Charset } from '../../../shared/contract/vouchers';
import type { VoucherMode } from '../../../shared/contract/vouchers';

const CHUNK = 500;

interface PendingVoucher {
  id: number;
  username: string;
  password: string;
}

interface BatchInfo {
  id: number;
  router_id: number;
  comment: string;
  status: string;
  quantity: number;
  mode: VoucherMode;
  code_length: number;
  charset: Charset;
  prefix: string;
  profile_name: string;
  hotspot_server: string;
  time_limit_seconds: number | null;
  data_quota_bytes: number | null;
}

export interface PusherDeps {
  db: Db;
  routers: RouterService;
  events: EventBus;
  logger: Logger;
  /** Wait before retrying a batch whose router was unreachable (default 15 s). */
  retryMs?: number;
}

/**
 * Pushes generated vouchers to their router: the batch is in the database first; this adds what the router
 * lacks with the pipelined bulk client, marks each voucher on_router as it lands, and can be cancelled
 * between chunks. Safe to rerun at any point: it first reads what the router already has of the batch, so a
 * push cut off by a crash or an outage resumes without duplicates.
 */
export class VoucherPusher {
  private readonly running = new Map<number, Promise<void>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly d: PusherDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    const rows = (await this.d.db.manager.query("SELECT id FROM voucher_batches WHERE status = 'pushing' ORDER BY id")) as { id: number }[];
    for (const r of rows) this.kick(r.id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  kick(batchId: number): void {
    if (this.stopped || this.running.has(batchId)) return;
    const t = this.timers.get(batchId);
    if (t) clearTimeout(t);
    this.timers.delete(batchId);
    const run = this.push(batchId)
      .catch((err: unknown) => this.d.logger.error({ err, batchId }, 'voucher push failed'))
      .finally(() => this.running.delete(batchId));
    this.running.set(batchId, run);
  }

  private async batch(id: number): Promise<BatchInfo | null> {
    const [b] = (await this.d.db.manager.query(
      `SELECT b.id, b.router_id, b.comment, b.status, b.quantity, b.mode, b.code_length, b.charset, b.prefix, p.profile_name, p.hotspot_server, p.time_limit_seconds, p.data_quota_bytes
         FROM voucher_batches b JOIN voucher_profiles p ON p.id = b.profile_id WHERE b.id = ?`,
      [id],
    )) as BatchInfo[];
    return b ?? null;
  }

  private async progress(b: BatchInfo, error: string | null): Promise<void> {
    const [row] = (await this.d.db.manager.query('SELECT status, pushed, quantity FROM voucher_batches WHERE id = ?', [b.id])) as { status: BatchInfo['status']; pushed: number; quantity: number }[];
    if (row) this.d.events.emit('vouchers.progress', { batchId: b.id, pushed: row.pushed, total: row.quantity, status: row.status as 'pushing', error });
  }

  private command(b: BatchInfo, v: PendingVoucher): Command {
    const fields = hotspotUserFields({ ...b, password: v.password });
    return { path: '/ip/hotspot/user/add', words: [`=name=${v.username}`, ...Object.entries(fields).map(([k, val]) => `=${k}=${val}`)] };
  }

  private async fail(b: BatchInfo, message: string): Promise<void> {
    await this.d.db.write((em) => em.query('UPDATE voucher_batches SET last_error = ? WHERE id = ?', [message, b.id]));
    await this.progress(b, message);
    if (!this.stopped) this.timers.set(b.id, setTimeout(() => this.kick(b.id), this.d.retryMs ?? 15_000).unref());
  }

  /** The push itself, on the router's client (leased: a router edit meanwhile does not cut it off). */
  private async pushWith(client: RouterClient, b: BatchInfo, batchId: number): Promise<void> {
    // What the router has: ours (this batch's comment) count as pushed; anyone else's name is taken.
    const onRouter = await client.print('/ip/hotspot/user', { proplist: ['name', 'comment'] });
    const ours = new Set(onRouter.filter((r) => r.comment === b.comment).map((r) => r.name));
    const theirs = new Set(onRouter.filter((r) => r.comment !== b.comment).map((r) => r.name!.toLowerCase()));
    await this.d.db.write(async (em) => {
      const pending = (await em.query("SELECT id, username FROM vouchers WHERE batch_id = ? AND on_router = 0 AND state = 'unused'", [b.id])) as PendingVoucher[];
      for (const v of pending) {
        if (ours.has(v.username)) await em.query('UPDATE vouchers SET on_router = 1 WHERE id = ?', [v.id]);
        else if (theirs.has(v.username.toLowerCase())) await this.recode(em, b, v, theirs);
      }
      await em.query('UPDATE voucher_batches SET pushed = (SELECT count(*) FROM vouchers WHERE batch_id = ? AND on_router = 1) WHERE id = ?', [b.id, b.id]);
    });
    for (;;) {
      const now = await this.batch(batchId);
      if (this.stopped || !now || now.status !== 'pushing') return;
      const chunk = (await this.d.db.manager.query(
        "SELECT id, username, password FROM vouchers WHERE batch_id = ? AND on_router = 0 AND state = 'unused' ORDER BY id LIMIT ?",
        [b.id, CHUNK],
      )) as PendingVoucher[];
      if (chunk.length === 0) break;
      let landedLate: string[] = [];
      const results = await client.bulk(chunk, (v) => this.command(b, v), { retryInFlight: true, alreadyApplied: (e) => isDuplicateTrap(e) });
      // "Already have such a user" counts as landed only if that user is ours (a resent add after a drop);
      // a name someone else took in between is theirs: that voucher gets a fresh code and goes again.
      const { strangers, taken } = await this.strangers(client, b, results.filter((r) => r.ok && r.alreadyApplied).map((r) => r.item));
      const ok = results.filter((r) => r.ok && !strangers.has(r.item.id)).map((r) => r.item.id);
      const failed = results.filter((r): r is Extract<typeof r, { ok: false }> => !r.ok);
      await this.d.db.write(async (em) => {
        for (const v of strangers.values()) await this.recode(em, b, v, taken);
        if (ok.length) await em.query('UPDATE vouchers SET on_router = 1 WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(ok)]);
        // Cancelled while this chunk was in flight: what landed anyway is taken off the router again.
        const late = (await em.query("SELECT id, username FROM vouchers WHERE id IN (SELECT value FROM json_each(?)) AND state = 'removed'", [JSON.stringify(ok)])) as { id: number; username: string }[];
        for (const v of late) await em.query('UPDATE vouchers SET on_router = 0 WHERE id = ?', [v.id]);
        landedLate = late.map((v) => v.username);
        await em.query('UPDATE voucher_batches SET pushed = (SELECT count(*) FROM vouchers WHERE batch_id = ? AND on_router = 1), last_error = ? WHERE id = ?', [b.id, failed[0] ? failed[0].error.message : null, b.id]);
      });
      if (landedLate.length) await this.takeOff(client, b, landedLate);
      await this.progress(b, failed[0]?.error.message ?? null);
      if (failed.length > 0) return this.fail(b, `${failed.length} not added: ${failed[0]!.error.message}`);
    }
    await this.d.db.write((em) => em.query("UPDATE voucher_batches SET status = 'done', last_error = NULL, finished_at = ? WHERE id = ? AND status = 'pushing'", [new Date().toISOString(), b.id]));
    await this.progress(b, null);
  }

  private async push(batchId: number): Promise<void> {
    const b = await this.batch(batchId);
    if (!b || b.status !== 'pushing') return;
    try {
      await this.d.routers.withClient(b.router_id, (client) => this.pushWith(client, b, batchId));
    } catch (err) {
      const message = err instanceof RouterError ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : String(err);
      await this.fail(b, message);
    }
  }

  /** Of the vouchers whose add met a user of the same name, those whose user on the router is not this batch's. */
  private async strangers(client: RouterClient, b: BatchInfo, dup: PendingVoucher[]): Promise<{ strangers: Map<number, PendingVoucher>; taken: Set<string> }> {
    const strangers = new Map<number, PendingVoucher>();
    if (dup.length === 0) return { strangers, taken: new Set() };
    const rows = await client.print('/ip/hotspot/user', { proplist: ['name', 'comment'] });
    const ours = new Set(rows.filter((r) => r.comment === b.comment && r.name).map((r) => r.name!));
    for (const v of dup) if (!ours.has(v.username)) strangers.set(v.id, v);
    return { strangers, taken: new Set(rows.filter((r) => r.name).map((r) => r.name!.toLowerCase())) };
  }

  /** Users of this batch that reached the router after the push was cancelled come off again. */
  private async takeOff(client: RouterClient, b: BatchInfo, names: string[]): Promise<void> {
    const wanted = new Set(names);
    const rows = await client.print('/ip/hotspot/user', { query: [`?comment=${b.comment}`], proplist: ['.id', 'name'] });
    const ids = rows.filter((r) => r.name && wanted.has(r.name) && r['.id']).map((r) => r['.id']!);
    await client.bulk(ids, (id) => ({ path: '/ip/hotspot/user/remove', words: [`=.id=${id}`] }));
  }

  /** A code that someone else already uses on the router gets a fresh one. */
  private async recode(em: EntityManager, b: BatchInfo, v: PendingVoucher, taken: Set<string>): Promise<void> {
    for (;;) {
      const [code] = generateCodes({ quantity: 1, mode: b.mode, codeLength: b.code_length, charset: b.charset, avoidAmbiguous: true, prefix: b.prefix }, (u) => taken.has(u.toLowerCase()));
      const [dup] = (await em.query('SELECT 1 AS x FROM vouchers WHERE username = ?', [code!.username])) as unknown[];
      if (dup) continue;
      await em.query('UPDATE vouchers SET username = ?, password = ? WHERE id = ?', [code!.username, b.mode === 'vc' ? code!.username : v.password, v.id]);
      return;
    }
  }
}
