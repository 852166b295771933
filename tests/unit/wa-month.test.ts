import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { todayIn } from '../../shared/dates';
import { Caller, OWNER, startCore, tempDir } from '../support/core';
import { q } from '../support/payments';
import { waitFor } from '../support/poll';
import { pair, standInChannels, waWorld, type WaWorld } from '../support/wa-world';
import { WwebjsWorld } from '../support/wwebjs-standin';
import type { RouterSim } from '../peers/routeros-sim';

/*
 * Reminders across a month on a fake clock (issue 13, Tests): the reminders job every morning at 08:00 and the
 * sender's ticks hour by hour (following its own wake times inside each hour). Exactly the expected messages,
 * each once; none in quiet hours; the gaps and the daily cap kept; an opted-out customer left alone. And a crash
 * while a message is being sent: after the restart it is failed as interrupted, never sent twice.
 */

const TZ = 'Asia/Jakarta';
const HOUR = 3_600_000;

let current: WaWorld | null = null;
let extra: Core | null = null;
let sim: RouterSim | null = null;
afterEach(async () => {
  await extra?.close();
  await current?.w.close();
  await sim?.close();
  current = extra = sim = null;
});

/** 08:00 WIB on an office date. */
const morning = (date: string) => new Date(`${date}T08:00:00+07:00`);
/** Office-local "YYYY-MM-DD HH:MM" of an ISO instant. */
const local = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 7 * HOUR);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
};

describe('reminders across a month', () => {
  it('exactly the expected messages, each once; never in quiet hours; gaps and the daily cap kept; opt-out and payment respected', async () => {
    // Gap = 20 + (60 − 20) × 0.5 = 40 s; at most 3 a day.
    const x = (current = await waWorld({ minGapSeconds: 20, maxGapSeconds: 60, dailyCap: 3, quietStart: '21:00', quietEnd: '07:00', reminderDaysBefore: 3, reminderOnDue: true, reminderDaysAfter: 3 }, { random: () => 0.5 }));
    const { w, owner, wa } = x;
    await pair(x);
    // Only reminders and what customers cause themselves: no invoice or welcome messages this month.
    for (const event of ['invoice_issued', 'welcome'] as const) {
      const t = (await owner.call('wa.templates', {})).find((t) => t.event === event && t.lang === 'id')!;
      await owner.call('wa.saveTemplate', { event, lang: 'id', body: t.body, enabled: false });
    }
    const people: Record<string, { id: number; invoiceId: number }> = {};
    const add = async (key: string, name: string, wa: string, dueDays: number, optIn = true) => {
      const c = await owner.call('customers.create', { name, whatsapp: wa, waOptIn: optIn });
      x.wa.addNumber(`62${wa.slice(1)}`);
      await owner.call('subscriptions.create', { customerId: c.id, planId: w.planId, routerId: w.routerId, username: key, password: 'pw1', installDate: '2026-11-01', dueDays, graceDays: 30 });
      const [inv] = await q<{ id: number; due_date: string }>(w, 'SELECT id, due_date FROM invoices WHERE customer_id = ?', [c.id]);
      people[key] = { id: c.id, invoiceId: inv!.id };
      return inv!.due_date;
    };
    expect(await add('ani', 'Ani', '081200000001', 4)).toBe('2026-11-05');
    expect(await add('budi', 'Budi', '081200000002', 10)).toBe('2026-11-11');
    // Citra pays before her due day; Dedi replies STOP; Eko never agreed to messages.
    await add('citra', 'Citra', '081200000003', 10);
    await add('dedi', 'Dedi', '081200000004', 10);
    await add('eko', 'Eko', '081200000005', 10, false);
    await w.core.outbox.idle();
    expect(await q(w, 'SELECT id FROM wa_messages')).toEqual([]);

    const sender = w.core.whatsapp.sender;
    /** Hour by hour up to `end`; inside each hour, the sender runs at each time it asks to be woken. */
    const runUntil = async (end: Date) => {
      while (w.clock.now() < end) {
        const hourEnd = new Date(Math.min(end.getTime(), w.clock.now().getTime() + HOUR));
        for (let guard = 0; guard < 100; guard++) {
          const r = await sender.tick();
          if (r.handled) continue;
          if (!r.wakeAt || r.wakeAt >= hourEnd) break;
          if (r.wakeAt > w.clock.now()) w.clock.t = r.wakeAt;
        }
        w.clock.t = hourEnd;
      }
    };

    const jobRuns: number[] = [];
    for (let day = 1; day <= 30; day++) {
      const date = `2026-11-${String(day).padStart(2, '0')}`;
      await runUntil(morning(date));
      await x.relogin();
      await owner.call('jobs.runNow', { name: 'whatsapp.reminders' });
      await w.core.scheduler.idle('whatsapp.reminders');
      jobRuns.push(day);
      if (date === '2026-11-09') {
        await owner.call('payments.create', { customerId: people.citra!.id, amount: 150_000, method: 'cash', idempotencyKey: 'form-citra-0001' });
        wa.latest().incoming({ from: '6281200000004@c.us', body: 'STOP', timestamp: Math.floor(w.clock.now().getTime() / 1000) });
        await waitFor(async () => (await q(w, "SELECT id FROM wa_inbound WHERE handling = 'opt_out'")).length === 1);
      }
      // The same job again the same morning (a catch-up run after a restart) queues nothing more.
      if (date === '2026-11-05') {
        await owner.call('jobs.runNow', { name: 'whatsapp.reminders' });
        await w.core.scheduler.idle('whatsapp.reminders');
      }
    }
    await runUntil(new Date('2026-12-01T00:00:00+07:00'));

    const name = new Map(Object.entries(people).map(([k, v]) => [v.id, k]));
    const rows = await q<{ kind: string; customer_id: number; state: string; sent_at: string | null; provider_id: string | null; body: string }>(w, 'SELECT * FROM wa_messages ORDER BY sent_at, id');
    expect(rows.map((r) => [local(r.sent_at!), r.kind, name.get(r.customer_id)])).toEqual([
      ['2026-11-02 08:00', 'reminder_before', 'ani'],
      ['2026-11-05 08:00', 'reminder_due', 'ani'],
      ['2026-11-08 08:00', 'reminder_after', 'ani'],
      ['2026-11-08 08:00', 'reminder_before', 'budi'],
      ['2026-11-08 08:01', 'reminder_before', 'citra'],
      // The cap (3) was reached on the 8th: Dedi's waits for the next office day, after the quiet hours.
      ['2026-11-09 07:00', 'reminder_before', 'dedi'],
      ['2026-11-09 08:00', 'payment_received', 'citra'],
      ['2026-11-09 08:00', 'opt_out', 'dedi'],
      ['2026-11-11 08:00', 'reminder_due', 'budi'],
      ['2026-11-14 08:00', 'reminder_after', 'budi'],
    ]);
    expect(rows.every((r) => r.state === 'sent')).toBe(true);
    // Each went out once, and what WhatsApp got is what the outbox says.
    expect(wa.sent.map((s) => s.id)).toEqual(rows.map((r) => r.provider_id));
    // A receipt goes as a PDF document with the text as its caption.
    expect(wa.sent.map((s) => (typeof s.content === 'string' ? s.content : String(s.options.caption)))).toEqual(rows.map((r) => r.body));
    // Never in quiet hours (21:00–07:00 office time).
    for (const r of rows) {
      const hhmm = local(r.sent_at!).slice(11);
      expect(hhmm >= '07:00' && hhmm < '21:00', `${r.kind} at ${hhmm}`).toBe(true);
    }
    // The gap after each message (40 s) is kept.
    for (let i = 1; i < rows.length; i++) expect(new Date(rows[i]!.sent_at!).getTime() - new Date(rows[i - 1]!.sent_at!).getTime()).toBeGreaterThanOrEqual(40_000);
    // The cap per office day.
    const perDay = new Map<string, number>();
    for (const r of rows) perDay.set(todayIn(TZ, new Date(r.sent_at!)), (perDay.get(todayIn(TZ, new Date(r.sent_at!))) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBe(3);
    // The reminder texts name the amount and the due day.
    expect(rows[0]!.body).toContain('Rp150.000');
    expect(rows[0]!.body).toContain('5 Nov 2026');
    expect(jobRuns).toHaveLength(30);
    const runs = await q<{ status: string }>(w, "SELECT status FROM job_runs WHERE job = 'whatsapp.reminders'");
    expect(runs).toHaveLength(31);
    expect([...new Set(runs.map((r) => r.status))]).toEqual(['succeeded']);
  });

  it('a stage passed while the office PC was off is still sent within two days (also the one after the due day)', async () => {
    const x = (current = await waWorld({ reminderDaysBefore: 3, reminderOnDue: true, reminderDaysAfter: 3 }));
    const { w, owner } = x;
    await pair(x);
    const c = await owner.call('customers.create', { name: 'Ani', whatsapp: '081200000001', waOptIn: true });
    x.wa.addNumber('6281200000001');
    await owner.call('subscriptions.create', { customerId: c.id, planId: w.planId, routerId: w.routerId, username: 'ani', password: 'pw1', installDate: '2026-11-01', dueDays: 4, graceDays: 30 });
    const stages = async () => (await q<{ kind: string }>(w, "SELECT kind FROM wa_messages WHERE kind LIKE 'reminder%' ORDER BY id")).map((r) => r.kind);
    const runOn = async (date: string) => {
      w.clock.t = morning(date);
      await x.relogin();
      await owner.call('jobs.runNow', { name: 'whatsapp.reminders' });
      await w.core.scheduler.idle('whatsapp.reminders');
    };
    // Due 5 Nov: the PC is off on the 2nd (3 days before) and on, late, the 4th; off on the due day and the 8th.
    await runOn('2026-11-04');
    expect(await stages()).toEqual(['reminder_before']);
    await runOn('2026-11-06');
    expect(await stages()).toEqual(['reminder_before', 'reminder_due']);
    await runOn('2026-11-10');
    expect(await stages()).toEqual(['reminder_before', 'reminder_due', 'reminder_after']);
    // Past the catch-up days nothing more is sent, and nothing twice.
    await runOn('2026-11-20');
    expect(await stages()).toEqual(['reminder_before', 'reminder_due', 'reminder_after']);
  });

  it('a crash mid-drain sends nothing twice: the message being sent is failed as interrupted after the restart', async () => {
    const dataDir = tempDir();
    const x = (current = await waWorld({}, { core: { dataDir } }));
    const { w, owner, wa } = x;
    await pair(x);
    wa.addNumber('6281200000001');
    const c = await owner.call('customers.create', { name: 'Ani', whatsapp: '081200000001', waOptIn: true });
    const first = await owner.call('wa.send', { customerId: c.id, text: 'Pesan pertama' });
    const second = await owner.call('wa.send', { customerId: c.id, text: 'Pesan kedua' });

    // WhatsApp takes the first message and never answers (the browser hangs); then the office PC goes down.
    const client = wa.latest();
    const attempted: unknown[] = [];
    client.sendMessage = async (_chat: string, content: unknown) => {
      attempted.push(content);
      return new Promise<never>(() => undefined);
    };
    void w.core.whatsapp.sender.tick().catch(() => undefined);
    await waitFor(async () => (await q<{ state: string }>(w, 'SELECT state FROM wa_messages WHERE id = ?', [first.id]))[0]!.state === 'sending');
    expect(attempted).toEqual(['Pesan pertama']);
    // Closing does not wait for a send that never ends (before the fix it hung here until the test timed out).
    await w.core.close();
    current = null;
    sim = w.sim;

    // Restart on the same data.
    const wa2 = new WwebjsWorld();
    wa2.addNumber('6281200000001');
    extra = await startCore({ dataDir, now: w.clock.now, whatsappChannels: standInChannels(wa2), whatsappRandom: () => 0 });
    const core = extra;
    await core.whatsapp.start();
    await core.whatsapp.sender.stop();
    const owner2 = new Caller(core);
    await owner2.call('auth.login', { username: OWNER.username, password: OWNER.password });
    const interrupted = (await owner2.call('wa.messages', { page: 1, pageSize: 10 })).items.find((m) => m.id === first.id)!;
    expect(interrupted.state).toBe('failed');
    expect(interrupted.error).toMatch(/interrupted/);
    await waitFor(() => wa2.clients.length === 1);
    await pair({ wa: wa2, owner: owner2 });
    for (let i = 0; i < 5; i++) {
      await core.whatsapp.sender.tick();
      w.clock.advance(60_000);
    }
    expect(wa2.sent.map((s) => s.content)).toEqual(['Pesan kedua']);
    expect((await owner2.call('wa.messages', { page: 1, pageSize: 10 })).items.map((m) => [m.id, m.state])).toEqual([
      [second.id, 'sent'],
      [first.id, 'failed'],
    ]);
  });
});
