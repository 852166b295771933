import type { Logger } from 'pino';
import type { Db } from '../../core/db';
import type { Settings } from '../../../shared/settings';
import { WaNotReady, WaSendError, type WaAck, type WaChannel } from './channel/types';
import { messageRow, type MessageRow } from './outbox';
import { gapMs, officeDay, quietUntil, RETRY_DELAYS_MS } from './pacing';
import { LOGIN_CODE_TTL_MS } from './login-code';
import { TickLoop } from '../../core/tick-loop';

/*
 * The sender drains the outbox one message at a time, like a careful person: a random gap between messages,
 * a daily cap, no messages in quiet hours, nothing while WhatsApp is not connected. A message is marked
 * 'sending' in its own commit before WhatsApp gets it, so a crash can leave it 'sending' but never sends it
 * twice: on start such messages are failed as "interrupted" for a person to look at (and retry if it did not
 * arrive). A provider that cannot be reached is retried with backoff; a refusal fails the message with why.
 */

export interface SenderDeps {
  db: Db;
  logger: Logger;
  now: () => Date;
  settings: () => Settings['whatsapp'];
  timeZone: () => string;
  channel: () => WaChannel | null;
  /** Whether a customer still wants messages (opt-in, not opted out); null customer = a number without one. */
  wanted: (customerId: number) => Promise<boolean>;
  /** A document a message names (e.g. `receipt:12`), or null when it cannot be made any more. */
  document?: (ref: string) => Promise<{ filename: string; base64: string; mime: 'application/pdf' } | null>;
  /** In [0, 1); tests fix it. */
  random?: () => number;
}

export type PauseReason = 'quiet_hours' | 'daily_cap' | 'not_connected' | 'gap' | 'idle';

export interface TickResult {
  /** The message handled in this tick and what became of it. */
  handled: { id: number; state: MessageRow['state'] } | null;
  /** When to look again (null: when something is queued). */
  wakeAt: Date | null;
  reason: PauseReason | null;
}

/** A number's WhatsApp id is looked up again after this long (a number can join WhatsApp). */
const RECHECK_MS = 30 * 86_400_000;
/** How often to look again while WhatsApp is not connected. */
const NOT_CONNECTED_MS = 15_000;
/** Sending attempts before a message fails for good (an unreachable provider). */
const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export class WaSender {
  private nextAllowedAt = 0;
  private readonly loop: TickLoop<TickResult>;
  /** A tick is waiting on WhatsApp (resolve or send), which may never answer (a hung browser). */
  private inChannel = false;
  private lastPause: { until: Date | null; reason: PauseReason | null } = { until: null, reason: null };

  constructor(private readonly d: SenderDeps) {
    this.loop = new TickLoop({ step: () => this.step(), now: d.now, retryMs: NOT_CONNECTED_MS, onError: (err) => d.logger.warn({ err }, 'WhatsApp sender step failed') });
  }

  /** Messages left 'sending' by a crash: they may have gone out, so they are not sent again by themselves. */
  async recover(): Promise<number> {
    const at = this.d.now().toISOString();
    return this.d.db.write(async (em) => {
      const rows = (await em.query(
        "UPDATE wa_messages SET state = 'failed', error = 'interrupted while sending: it may have been delivered; check before retrying', updated_at = ? WHERE state = 'sending' RETURNING id",
        [at],
      )) as { id: number }[];
      return rows.length;
    });
  }

  /** Why sending waits now, and until when (for the status screen). */
  pause(): { until: Date | null; reason: PauseReason | null } {
    return this.lastPause;
  }

  /** Sent in the current office day. */
  async sentToday(now = this.d.now()): Promise<number> {
    const day = officeDay(now, this.d.timeZone());
    const [r] = (await this.d.db.manager.query('SELECT count(*) AS n FROM wa_messages WHERE sent_at >= ? AND sent_at < ?', [day.from.toISOString(), day.to.toISOString()])) as { n: number }[];
    return r?.n ?? 0;
  }

  /** One step: send the next due message if the rules allow it now; says when to look again. */
  tick(): Promise<TickResult> {
    return this.loop.tick();
  }

  private wait(reason: PauseReason, wakeAt: Date | null): TickResult {
    this.lastPause = reason === 'idle' || reason === 'gap' ? { until: null, reason: null } : { until: wakeAt, reason };
    return { handled: null, wakeAt, reason };
  }

  private async step(): Promise<TickResult> {
    const s = this.d.settings();
    const now = this.d.now();
    const tz = this.d.timeZone();
    const ch = this.d.channel();
    if (!ch || ch.status().state !== 'connected') return this.wait('not_connected', new Date(now.getTime() + NOT_CONNECTED_MS));
    const code = await this.loginCode(ch, now, s);
    if (code) return code;
    const quiet = quietUntil(now, s.quietStart, s.quietEnd, tz);
    if (quiet) return this.wait('quiet_hours', quiet);
    if ((await this.sentToday(now)) >= s.dailyCap) return this.wait('daily_cap', officeDay(now, tz).to);
    if (now.getTime() < this.nextAllowedAt) return this.wait('gap', new Date(this.nextAllowedAt));
    const em = this.d.db.manager;
    const [due] = (await em.query("SELECT * FROM wa_messages WHERE state = 'queued' AND kind != 'login_code' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY COALESCE(next_attempt_at, created_at), id LIMIT 1", [
      now.toISOString(),
    ])) as MessageRow[];
    if (!due) {
      const [later] = (await em.query("SELECT min(next_attempt_at) AS t FROM wa_messages WHERE state = 'queued' AND kind != 'login_code'")) as { t: string | null }[];
      return this.wait('idle', later?.t ? new Date(later.t) : null);
    }
    if (due.customer_id !== null && due.kind !== 'opt_out' && !(await this.d.wanted(due.customer_id))) {
      await this.finish(due.id, 'cancelled', 'the customer does not want WhatsApp messages (opt-in off or STOP)');
      return { handled: { id: due.id, state: 'cancelled' }, wakeAt: now, reason: null };
    }
    if (!(await this.claim(due.id, now))) return { handled: null, wakeAt: now, reason: null };
    const state = await this.deliver(ch, due);
    if (state === 'sent') this.nextAllowedAt = this.d.now().getTime() + gapMs(s.minGapSeconds, s.maxGapSeconds, this.d.random ?? Math.random);
    return { handled: { id: due.id, state }, wakeAt: state === 'sent' ? new Date(this.nextAllowedAt) : this.d.now(), reason: null };
  }

  /** Committed before WhatsApp hears of it: whatever happens next, this message is never picked again by itself. */
  private async claim(id: number, now: Date): Promise<boolean> {
    return this.d.db.write(async (w) => {
      const rows = (await w.query("UPDATE wa_messages SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued' RETURNING id", [now.toISOString(), id])) as unknown[];
      return rows.length === 1;
    });
  }

  /**
   * A sign-in code the customer is waiting for: ahead of the queue, without waiting for the gap, in quiet hours and
   * past the daily cap (the portal limits how many are asked for). One too old to be used is cancelled, not sent.
   * The gap still follows it, so the queue behind does not speed up.
   */
  private async loginCode(ch: WaChannel, now: Date, s: Settings['whatsapp']): Promise<TickResult | null> {
    const em = this.d.db.manager;
    const rows = (await em.query("SELECT * FROM wa_messages WHERE state = 'queued' AND kind = 'login_code' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id LIMIT 5", [now.toISOString()])) as MessageRow[];
    for (const due of rows) {
      if (now.getTime() - new Date(due.created_at).getTime() > LOGIN_CODE_TTL_MS) {
        await this.d.db.write((w) => w.query("UPDATE wa_messages SET state = 'cancelled', error = 'not sent in time: the code has expired', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'queued'", [now.toISOString(), due.id]));
        continue;
      }
      if (!(await this.claim(due.id, now))) return { handled: null, wakeAt: now, reason: null };
      const state = await this.deliver(ch, due);
      if (state === 'sent') this.nextAllowedAt = Math.max(this.nextAllowedAt, this.d.now().getTime() + gapMs(s.minGapSeconds, s.maxGapSeconds, this.d.random ?? Math.random));
      return { handled: { id: due.id, state }, wakeAt: this.d.now(), reason: null };
    }
    return null;
  }

  /** Resolve the number (once), send, and record what happened. */
  private async deliver(ch: WaChannel, m: MessageRow): Promise<MessageRow['state']> {
    try {
      const chatId = await this.chatIdOf(ch, m.to_number);
      if (chatId === null) return await this.finish(m.id, 'failed', 'this number is not on WhatsApp');
      // The text carries the receipt too: a channel that cannot attach documents sends the text alone.
      const doc = m.document && this.d.document && ch.sendsDocuments() ? await this.d.document(m.document) : null;
      const { providerId } = await this.onChannel(() => ch.send(chatId, m.body, doc ?? undefined));
      const at = this.d.now().toISOString();
      await this.d.db.write((w) => w.query("UPDATE wa_messages SET state = 'sent', provider_id = ?, sent_at = ?, error = NULL, next_attempt_at = NULL, updated_at = ? WHERE id = ?", [providerId, at, at, m.id]));
      return 'sent';
    } catch (err) {
      // Refused because the channel itself became unusable (an HTTP gateway refusing our token): the message is
      // not at fault and nothing went out, so it waits in the queue, as it was, for the channel to be fixed.
      if (err instanceof WaNotReady || (err instanceof WaSendError && err.kind === 'rejected' && ch.status().state !== 'connected')) {
        // Nothing went out: back in the queue as it was.
        await this.d.db.write((w) => w.query("UPDATE wa_messages SET state = 'queued', attempts = attempts - 1, updated_at = ? WHERE id = ?", [this.d.now().toISOString(), m.id]));
        return 'queued';
      }
      const kind = err instanceof WaSendError ? err.kind : 'unknown';
      const why = err instanceof Error ? err.message : String(err);
      const attempts = m.attempts + 1;
      if (kind === 'unreachable' && attempts < MAX_ATTEMPTS) {
        const next = new Date(this.d.now().getTime() + RETRY_DELAYS_MS[attempts - 1]!).toISOString();
        await this.d.db.write((w) => w.query("UPDATE wa_messages SET state = 'queued', next_attempt_at = ?, error = ?, updated_at = ? WHERE id = ?", [next, why.slice(0, 500), this.d.now().toISOString(), m.id]));
        return 'queued';
      }
      this.d.logger.warn({ messageId: m.id, kind, err: why }, 'WhatsApp message not sent');
      const reason = kind === 'unknown' ? `uncertain whether it was sent: ${why}` : why;
      return this.finish(m.id, 'failed', reason);
    }
  }

  private async onChannel<T>(call: () => Promise<T>): Promise<T> {
    this.inChannel = true;
    try {
      return await call();
    } finally {
      this.inChannel = false;
    }
  }

  private async finish(id: number, state: 'failed' | 'cancelled', error: string): Promise<MessageRow['state']> {
    await this.d.db.write((w) => w.query('UPDATE wa_messages SET state = ?, error = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?', [state, error.slice(0, 500), this.d.now().toISOString(), id]));
    return state;
  }

  /** The chat id of a number: remembered, or asked once (and again after RECHECK_MS). */
  private async chatIdOf(ch: WaChannel, number: string): Promise<string | null> {
    const now = this.d.now();
    const [c] = (await this.d.db.manager.query('SELECT chat_id, on_whatsapp, checked_at FROM wa_contacts WHERE number = ?', [number])) as { chat_id: string | null; on_whatsapp: number | null; checked_at: string }[];
    if (c && now.getTime() - new Date(c.checked_at).getTime() < RECHECK_MS) {
      if (c.on_whatsapp === 0) return null;
      if (c.chat_id) return c.chat_id;
    }
    const chatId = await this.onChannel(() => ch.resolve(number));
    await this.d.db.write((w) =>
      w.query('INSERT INTO wa_contacts (number, chat_id, on_whatsapp, checked_at) VALUES (?,?,?,?) ON CONFLICT (number) DO UPDATE SET chat_id = excluded.chat_id, on_whatsapp = excluded.on_whatsapp, checked_at = excluded.checked_at', [
        number,
        chatId,
        chatId === null ? 0 : 1,
        now.toISOString(),
      ]),
    );
    return chatId;
  }

  /** A delivery receipt from WhatsApp: state only moves forward (sent → delivered → read); an error ack fails it. */
  async ack(providerId: string, ack: WaAck): Promise<void> {
    const at = this.d.now().toISOString();
    await this.d.db.write(async (w) => {
      if (ack === 'device') await w.query("UPDATE wa_messages SET state = 'delivered', delivered_at = ?, updated_at = ? WHERE provider_id = ? AND state = 'sent'", [at, at, providerId]);
      else if (ack === 'read' || ack === 'played')
        await w.query("UPDATE wa_messages SET state = 'read', read_at = ?, delivered_at = COALESCE(delivered_at, ?), updated_at = ? WHERE provider_id = ? AND state IN ('sent','delivered')", [at, at, at, providerId]);
      else if (ack === 'error') await w.query("UPDATE wa_messages SET state = 'failed', error = 'WhatsApp reported an error for this message', updated_at = ? WHERE provider_id = ? AND state IN ('sent','sending')", [at, providerId]);
    });
  }

  /** Runs ticks until stop(): each one schedules the next at its wake time; `kick()` wakes it early. */
  start(): void {
    this.loop.start();
  }

  kick(): void {
    this.loop.kick();
  }

  async stop(): Promise<void> {
    // A tick waiting on WhatsApp is not waited for: a hung browser must not hold up closing the app. Its message
    // was committed as 'sending', so the next start fails it as interrupted — it is never sent twice.
    await this.loop.stop(!this.inChannel);
  }

  /** A message row, for tests and handlers. */
  row(id: number): Promise<MessageRow | null> {
    return messageRow(this.d.db.manager, id);
  }
}
