import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { WaNotReady, WaSendError, type WaAck, type WaChannel, type WaChannelEvents, type WaStatus } from '../../main/modules/whatsapp/channel/types';
import { enqueue, LOGIN_CODE_TTL_MS, WaSender } from '../../main/modules/whatsapp';
import { queueLoginCode } from '../../main/modules/whatsapp/login-code';
import { messageDto } from '../../main/modules/whatsapp/outbox';
import { whatsappSettingsSchema, type Settings } from '../../shared/settings';
import { startCore, TestClock } from '../support/core';

/*
 * The WhatsApp sender (issue 13) on a fake clock: gaps, the daily cap, quiet hours, pause while not connected,
 * backoff when the provider is unreachable, a number not on WhatsApp, acks, opt-out, and a crash mid-send that
 * never sends twice.
 */

/** A channel the test scripts: connected or not, numbers not on WhatsApp, the next send's failure. */
class FakeChannel implements WaChannel {
  readonly kind = 'webjs' as const;
  state: WaStatus['state'] = 'connected';
  notOnWa = new Set<string>();
  resolves = 0;
  sent: { chatId: string; text: string; at: Date }[] = [];
  fail: Error | null = null;
  constructor(private readonly clock: TestClock) {}
  status(): WaStatus {
    return { state: this.state, qr: null, pairingCode: null, me: '+6281100000000', reason: null, since: '', nextRetryAt: null };
  }
  start = async () => undefined;
  stop = async () => undefined;
  logout = async () => undefined;
  reset = async () => undefined;
  requestPairingCode = async () => 'ABCD1234';
  sendsDocuments = () => true;
  async resolve(n: string) {
    this.resolves++;
    if (this.state !== 'connected') throw new WaNotReady();
    return this.notOnWa.has(n) ? null : `${n}@c.us`;
  }
  async send(chatId: string, text: string) {
    if (this.fail) {
      const f = this.fail;
      this.fail = null;
      throw f;
    }
    this.sent.push({ chatId, text, at: this.clock.now() });
    return { providerId: `P${this.sent.length}` };
  }
  on<E extends keyof WaChannelEvents>(_e: E, _fn: WaChannelEvents[E]) {
    return () => undefined;
  }
}

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

// 10:00 WIB on a Monday.
const START = new Date('2026-12-07T03:00:00Z');

async function world(over: Partial<Settings['whatsapp']> = {}, wanted: (id: number) => boolean = () => true) {
  const clock = new TestClock(START);
  core = await startCore({ now: clock.now });
  const ch = new FakeChannel(clock);
  const settings = whatsappSettingsSchema.parse({ minGapSeconds: 20, maxGapSeconds: 60, dailyCap: 5, ...over });
  const sender = new WaSender({
    db: core.db,
    logger: core.logger,
    now: clock.now,
    settings: () => settings,
    timeZone: () => 'Asia/Jakarta',
    channel: () => ch,
    wanted: async (id) => wanted(id),
    random: () => 0.5,
  });
  const db = core.db;
  const q = async (n: number, extra: { to?: string; key?: string } = {}) => {
    const ids: (number | null)[] = [];
    for (let i = 0; i < n; i++) ids.push(await db.write((em) => enqueue(em, { customerId: null, to: extra.to ?? `+62812000${String(i).padStart(4, '0')}`, kind: 'manual', body: `Pesan ${i}`, dedupeKey: extra.key ?? null }, clock.now())));
    return ids;
  };
  const state = async (id: number) => (await sender.row(id))!.state;
  return { clock, ch, sender, q, state, db };
}

describe('WhatsApp sender', () => {
  it('sends one message per tick with a random gap between them, and waits for the gap', async () => {
    const { clock, ch, sender, q } = await world();
    await q(3);
    const first = await sender.tick();
    expect(first.handled?.state).toBe('sent');
    // Gap = 20 + (60 − 20) × 0.5 = 40 s.
    expect(first.wakeAt!.getTime() - clock.now().getTime()).toBe(40_000);
    expect((await sender.tick()).reason).toBe('gap');
    clock.advance(39_000);
    expect((await sender.tick()).reason).toBe('gap');
    clock.advance(1_000);
    expect((await sender.tick()).handled?.state).toBe('sent');
    expect(ch.sent.map((s) => s.text)).toEqual(['Pesan 0', 'Pesan 1']);
  });

  it('stops at the daily cap until the next office day, and sends nothing in quiet hours', async () => {
    const { clock, ch, sender, q } = await world({ dailyCap: 2, quietStart: '21:00', quietEnd: '07:00' });
    await q(4);
    for (let i = 0; i < 2; i++) {
      expect((await sender.tick()).handled?.state).toBe('sent');
      clock.advance(60_000);
    }
    const capped = await sender.tick();
    expect(capped.reason).toBe('daily_cap');
    // The office day ends at midnight WIB = 17:00 UTC.
    expect(capped.wakeAt!.toISOString()).toBe('2026-12-07T17:00:00.000Z');
    clock.t = new Date('2026-12-07T17:00:00Z');
    const quiet = await sender.tick();
    expect(quiet.reason).toBe('quiet_hours');
    expect(quiet.wakeAt!.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    clock.t = quiet.wakeAt!;
    expect((await sender.tick()).handled?.state).toBe('sent');
    expect(ch.sent).toHaveLength(3);
  });

  it('waits while WhatsApp is not connected, and a send refused for that goes back to the queue untouched', async () => {
    const { ch, sender, q, state } = await world();
    const [id] = await q(1);
    ch.state = 'disconnected';
    expect((await sender.tick()).reason).toBe('not_connected');
    ch.state = 'connected';
    ch.fail = new WaNotReady();
    expect((await sender.tick()).handled?.state).toBe('queued');
    expect(await state(id!)).toBe('queued');
    expect((await sender.row(id!))!.attempts).toBe(0);
    expect((await sender.tick()).handled?.state).toBe('sent');
  });

  it('retries an unreachable provider with backoff, then fails; a refusal fails at once with why', async () => {
    const { clock, ch, sender, q, state } = await world();
    const [a, b] = await q(2);
    ch.fail = new WaSendError('unreachable', 'ECONNREFUSED');
    expect((await sender.tick()).handled).toEqual({ id: a, state: 'queued' });
    // Not due for a minute: the other message goes first.
    expect((await sender.tick()).handled).toEqual({ id: b, state: 'sent' });
    clock.advance(60_000);
    ch.fail = new WaSendError('rejected', 'No LID for user');
    expect((await sender.tick()).handled).toEqual({ id: a, state: 'failed' });
    expect((await sender.row(a!))!.error).toBe('No LID for user');
    expect(await state(a!)).toBe('failed');
  });

  it('resolves a number once; a number not on WhatsApp fails and is remembered', async () => {
    const { clock, ch, sender, q } = await world();
    ch.notOnWa.add('6281200009999');
    const [x] = await q(1, { to: '+6281200009999' });
    expect((await sender.tick()).handled).toEqual({ id: x, state: 'failed' });
    expect((await sender.row(x!))!.error).toBe('this number is not on WhatsApp');
    await q(2, { to: '+6281200001111' });
    for (let i = 0; i < 2; i++) {
      await sender.tick();
      clock.advance(60_000);
    }
    const [y] = await q(1, { to: '+6281200009999' });
    expect((await sender.tick()).handled).toEqual({ id: y, state: 'failed' });
    expect(ch.resolves).toBe(2);
  });

  it('a dedupe key queues one message, ever', async () => {
    const { q } = await world();
    expect((await q(1, { key: 'payment_received:7' }))[0]).toBeTypeOf('number');
    expect((await q(1, { key: 'payment_received:7' }))[0]).toBeNull();
  });

  it('acks move a message forward only; an error ack fails it', async () => {
    const { sender, q, state } = await world();
    const [id] = await q(1);
    await sender.tick();
    const ack = (a: WaAck) => sender.ack('P1', a);
    await ack('server');
    expect(await state(id!)).toBe('sent');
    await ack('read');
    expect(await state(id!)).toBe('read');
    await ack('device');
    expect(await state(id!)).toBe('read');
    await ack('error');
    expect(await state(id!)).toBe('read');
  });

  it('a customer who no longer wants messages gets none: the message is cancelled', async () => {
    const { ch, sender, db, clock } = await world({}, () => false);
    const c = await db.write((em) => em.query("INSERT INTO customers (number, name, status, created_at, updated_at) VALUES ('C1','Andi','active',?,?) RETURNING id", [clock.now().toISOString(), clock.now().toISOString()]));
    const id = await db.write((em) => enqueue(em, { customerId: (c as { id: number }[])[0]!.id, to: '+6281234567890', kind: 'invoice_issued', body: 'Tagihan' }, clock.now()));
    expect((await sender.tick()).handled).toEqual({ id, state: 'cancelled' });
    expect(ch.sent).toHaveLength(0);
  });

  it('a crash between "sending" and the answer never sends the message again', async () => {
    const { ch, sender, q, state, db } = await world();
    const [id] = await q(1);
    // What a crash leaves: the message claimed for sending, the answer never recorded.
    await db.write((em) => em.query("UPDATE wa_messages SET state = 'sending', attempts = 1 WHERE id = ?", [id]));
    expect(await sender.recover()).toBe(1);
    expect(await state(id!)).toBe('failed');
    expect((await sender.row(id!))!.error).toMatch(/interrupted/);
    expect((await sender.tick()).reason).toBe('idle');
    expect(ch.sent).toHaveLength(0);
  });

  describe('portal sign-in codes', () => {
    const code = (db: Awaited<ReturnType<typeof world>>['db'], clock: TestClock, customerId: number | null = null) =>
      db.write((em) => queueLoginCode(em, { customerId, number: '+6281299990000', code: '482913', purpose: 'login', lang: 'id', office: 'NetKu' }, clock.now()));

    it('go ahead of the queue without waiting for the gap, in quiet hours and past the cap; the gap still follows them', async () => {
      const { clock, ch, sender, q } = await world({ dailyCap: 1, quietStart: '21:00', quietEnd: '07:00' });
      await q(2);
      expect((await sender.tick()).handled?.state).toBe('sent');
      const id = await code(core!.db, clock);
      // In the gap after a message: the code goes anyway.
      expect((await sender.tick()).handled).toEqual({ id, state: 'sent' });
      expect(ch.sent.at(-1)!.text).toContain('482913');
      // The queue behind still waits (cap reached), and in quiet hours a new code still goes.
      expect((await sender.tick()).reason).toBe('daily_cap');
      clock.t = new Date('2026-12-07T16:00:00Z'); // 23:00 WIB
      const late = await code(core!.db, clock);
      expect((await sender.tick()).handled).toEqual({ id: late, state: 'sent' });
      expect((await sender.tick()).reason).toBe('quiet_hours');
      expect(ch.sent).toHaveLength(3);
    });

    it('go to a customer whatever the marketing opt-in says, and one not sent within 10 minutes is cancelled, never sent late', async () => {
      const { clock, ch, sender, db } = await world({}, () => false);
      const c = (await db.write((em) => em.query("INSERT INTO customers (number, name, status, created_at, updated_at) VALUES ('C1','Andi','active',?,?) RETURNING id", [clock.now().toISOString(), clock.now().toISOString()]))) as { id: number }[];
      const id = await code(db, clock, c[0]!.id);
      expect((await sender.tick()).handled).toEqual({ id, state: 'sent' });
      ch.state = 'disconnected';
      const stale = await code(db, clock, c[0]!.id);
      expect((await sender.tick()).reason).toBe('not_connected');
      clock.advance(LOGIN_CODE_TTL_MS + 1_000);
      ch.state = 'connected';
      expect((await sender.tick()).reason).toBe('idle');
      expect((await sender.row(stale))!.state).toBe('cancelled');
      expect(ch.sent).toHaveLength(1);
    });

    it('are never shown to staff: the outbox shows the message with the code masked', async () => {
      const { clock, db } = await world();
      const id = await code(db, clock);
      const dto = await messageDto(db.manager, id);
      expect(dto.kind).toBe('login_code');
      expect(dto.body).not.toContain('482913');
      expect(dto.body).toContain('••••••');
    });
  });
});
