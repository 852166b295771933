import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Db } from '../../core/db';
import type { SecretBox } from '../../core/secrets';
import type { Destination } from './guard';
import { postWebhook, type PostResult } from './post';
import { webhookHeaders } from './sign';
import { TickLoop } from '../../core/tick-loop';

/*
 * Delivers the webhook outbox. Several deliveries go at once (fan-out to many endpoints), but one object's
 * deliveries reach an endpoint in order: a delivery waits while an earlier one of the same object to the same
 * endpoint is still queued or in flight. Every attempt is signed afresh (new webhook-timestamp, same webhook-id)
 * and logged. Failures retry with exponential backoff and jitter over about a day; 410 Gone, or an endpoint that
 * has failed for days, disables the endpoint and tells the office. A crash mid-send only means the delivery is
 * sent again: receivers dedupe on webhook-id, as the specification asks.
 */

/** Waits before the 2nd…9th attempt (±10 % jitter): 5 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h ≈ 31.6 h in all. */
export const RETRY_DELAYS_MS = [5_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** An endpoint failing with no success for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
/** Deliveries sent at once. */
const BATCH = 48;

export interface WorkerDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  secrets: SecretBox;
  destination: () => Destination;
  /** In [0, 1); tests fix it. */
  random?: () => number;
  /** The office is told, in the transaction that disabled the endpoint. */
  onDisabled?: (em: EntityManager, endpoint: { id: number; url: string; description: string }, reason: string, now: Date) => Promise<void>;
  post?: typeof postWebhook;
  timeoutMs?: number;
}

interface Due {
  id: number;
  event_id: string;
  endpoint_id: number;
  attempts: number;
  body: string;
  url: string;
  description: string;
  secret_sealed: string;
  old_secret_sealed: string | null;
  old_secret_until: string | null;
}

export interface TickResult {
  handled: number;
  delivered: number;
  /** When something queued becomes due (null: nothing queued). */
  wakeAt: Date | null;
}

export class WebhookWorker {
  private readonly loop: TickLoop<TickResult>;

  constructor(private readonly d: WorkerDeps) {
    this.loop = new TickLoop({ step: () => this.step(), now: d.now, retryMs: 15_000, onError: (err) => d.logger.warn({ err }, 'webhook delivery step failed') });
  }

  /** Deliveries left in flight by a crash go again (same webhook-id: receivers dedupe). */
  async recover(): Promise<number> {
    return this.d.db.write(async (em) => ((await em.query("UPDATE webhook_deliveries SET state = 'queued', updated_at = ? WHERE state = 'sending' RETURNING id", [this.d.now().toISOString()])) as unknown[]).length);
  }

  /** One step now: due deliveries sent, results recorded. */
  tick(): Promise<TickResult> {
    return this.loop.tick();
  }

  private async step(): Promise<TickResult> {
    const now = this.d.now();
    const at = now.toISOString();
    const due = (await this.d.db.manager.query(
      `SELECT d.id, d.event_id, d.endpoint_id, d.attempts, ev.body, ep.url, ep.description, ep.secret_sealed, ep.old_secret_sealed, ep.old_secret_until
         FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
        WHERE d.state = 'queued' AND (d.next_at IS NULL OR d.next_at <= ?) AND ep.enabled = 1
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.endpoint_id = d.endpoint_id AND e.object_key = d.object_key AND e.id < d.id AND e.state IN ('queued','sending'))
        ORDER BY d.id LIMIT ?`,
      [at, BATCH],
    )) as Due[];
    if (due.length === 0) return { handled: 0, delivered: 0, wakeAt: await this.nextDue() };
    const claimed = await this.d.db.write(async (em) => {
      const ids = JSON.stringify(due.map((x) => x.id));
      const rows = (await em.query("UPDATE webhook_deliveries SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE state = 'queued' AND id IN (SELECT value FROM json_each(?)) RETURNING id", [at, ids])) as { id: number }[];
      return new Set(rows.map((r) => r.id));
    });
    const mine = due.filter((x) => claimed.has(x.id));
    const post = this.d.post ?? postWebhook;
    const dest = this.d.destination();
    const results = await Promise.all(
      mine.map(async (x) => {
        let secrets: string[];
        try {
          secrets = [this.d.secrets.open(x.secret_sealed)];
          if (x.old_secret_sealed && x.old_secret_until && x.old_secret_until > at) secrets.push(this.d.secrets.open(x.old_secret_sealed));
        } catch (e) {
          return { x, r: { status: null, excerpt: '', ms: 0, error: `the signing secret cannot be opened: ${e instanceof Error ? e.message : String(e)}`, blocked: true, retryAfter: null } satisfies PostResult };
        }
        const r = await post(x.url, webhookHeaders(secrets, x.event_id, this.d.now(), x.body), x.body, dest, this.d.timeoutMs ?? 15_000);
        return { x, r };
      }),
    );
    let delivered = 0;
    await this.d.db.write(async (em) => {
      for (const { x, r } of results) if (await this.record(em, x, r)) delivered++;
    });
    return { handled: mine.length, delivered, wakeAt: this.d.now() };
  }

  private async nextDue(): Promise<Date | null> {
    // Only the head of each object's line counts: the ones behind it wait for it, not for the clock.
    const [r] = (await this.d.db.manager.query(
      `SELECT min(COALESCE(d.next_at, d.created_at)) AS t FROM webhook_deliveries d JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
        WHERE d.state = 'queued' AND ep.enabled = 1
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.endpoint_id = d.endpoint_id AND e.object_key = d.object_key AND e.id < d.id AND e.state IN ('queued','sending'))`,
    )) as { t: string | null }[];
    if (!r?.t) return null;
    // Never "now" again when nothing could be sent now (a claim lost to another step): look again shortly.
    return new Date(Math.max(new Date(r.t).getTime(), this.d.now().getTime() + 1_000));
  }

  /** Logs one attempt and decides what follows. True when delivered. */
  private async record(em: EntityManager, x: Due, r: PostResult): Promise<boolean> {
    const now = this.d.now();
    const at = now.toISOString();
    const attempt = x.attempts + 1;
    const ok = r.status !== null && r.status >= 200 && r.status < 300;
    const why = ok ? null : (r.error ?? `HTTP ${r.status ?? '?'}`);
    await em.query('INSERT INTO webhook_attempts (delivery_id, endpoint_id, attempt, at, status, duration_ms, error, response_excerpt) VALUES (?,?,?,?,?,?,?,?)', [x.id, x.endpoint_id, attempt, at, r.status, r.ms, why, r.excerpt]);
    if (ok) {
      await em.query("UPDATE webhook_deliveries SET state = 'delivered', last_status = ?, last_error = NULL, next_at = NULL, delivered_at = ?, updated_at = ? WHERE id = ?", [r.status, at, at, x.id]);
      await em.query('UPDATE webhook_endpoints SET last_success_at = ?, failing_since = NULL WHERE id = ?', [at, x.endpoint_id]);
      return true;
    }
    if (r.status === 410) {
      await em.query("UPDATE webhook_deliveries SET state = 'failed', last_status = 410, last_error = ?, next_at = NULL, updated_at = ? WHERE id = ?", ['410 Gone: the receiver asked to stop', at, x.id]);
      await this.disable(em, x, 'the receiver answered 410 Gone (it asked for no more webhooks)', now);
      return false;
    }
    await em.query('UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ?) WHERE id = ?', [at, x.endpoint_id]);
    if (r.blocked || attempt >= MAX_ATTEMPTS) {
      await em.query("UPDATE webhook_deliveries SET state = 'failed', last_status = ?, last_error = ?, next_at = NULL, updated_at = ? WHERE id = ?", [r.status, why!.slice(0, 500), at, x.id]);
    } else {
      const base = RETRY_DELAYS_MS[attempt - 1]!;
      const jitter = base * 0.2 * ((this.d.random ?? Math.random)() - 0.5);
      // A receiver asking to slow down (Retry-After) is waited for, up to a day.
      const wait = Math.min(Math.max(base + jitter, (r.retryAfter ?? 0) * 1000), 86_400_000);
      await em.query("UPDATE webhook_deliveries SET state = 'queued', last_status = ?, last_error = ?, next_at = ?, updated_at = ? WHERE id = ?", [r.status, why!.slice(0, 500), new Date(now.getTime() + wait).toISOString(), at, x.id]);
    }
    const [ep] = (await em.query('SELECT failing_since, enabled FROM webhook_endpoints WHERE id = ?', [x.endpoint_id])) as { failing_since: string | null; enabled: number }[];
    if (ep?.enabled === 1 && ep.failing_since && now.getTime() - new Date(ep.failing_since).getTime() >= DISABLE_AFTER_MS) {
      await this.disable(em, x, `no delivery succeeded since ${ep.failing_since} (last: ${why!})`, now);
    }
    return false;
  }

  private async disable(em: EntityManager, x: Due, reason: string, now: Date): Promise<void> {
    const rows = (await em.query('UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ? AND enabled = 1 RETURNING id', [reason.slice(0, 500), now.toISOString(), x.endpoint_id])) as unknown[];
    if (rows.length === 1) {
      this.d.logger.warn({ endpointId: x.endpoint_id, reason }, 'webhook endpoint disabled');
      await this.d.onDisabled?.(em, { id: x.endpoint_id, url: x.url, description: x.description }, reason, now);
    }
  }

  /** Runs until stop(); `kick()` (after a commit that queued deliveries) wakes it at once. */
  start(): void {
    this.loop.start();
  }

  kick(): void {
    this.loop.kick();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
