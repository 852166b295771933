import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import type { DomainEvent } from '../../shared/events';
import type { WaMessageDto } from '../../shared/contract/whatsapp';
import { TICKET_PHOTO_MAX_BYTES } from '../../shared/contract/tickets';
import type { Role } from '../../shared/permissions';
import { Caller, setupOffice, startCore, TestClock } from '../support/core';

/*
 * Trouble tickets (issue 14) through the contract and the module API the portal uses: opening (staff and
 * portal), numbering, assignment, notes, the state machine (and the moves it refuses with a 4xx that changes
 * nothing), photos and their limits, the domain events and the WhatsApp messages they queue (once per change),
 * the customer's own view, and who may do what.
 */

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

interface World {
  core: Core;
  clock: TestClock;
  owner: Caller;
  tech: Caller;
  techId: number;
  cashier: Caller;
  collector: Caller;
  cashierId: number;
  andi: { id: number; number: string };
  siti: { id: number; number: string };
  events: DomainEvent[];
  messages(kind?: 'ticket_opened' | 'ticket_updated'): Promise<WaMessageDto[]>;
  count(table: 'tickets' | 'ticket_notes' | 'ticket_photos' | 'wa_messages'): Promise<number>;
}

async function userWithRole(c: Core, owner: Caller, role: Role, name: string): Promise<{ caller: Caller; id: number }> {
  const username = `u-${role}`;
  const u = await owner.call('users.create', { username, fullName: name, role, password: 'temp-pass-1' });
  const caller = new Caller(c);
  await caller.call('auth.login', { username, password: 'temp-pass-1' });
  await caller.call('auth.changePassword', { currentPassword: 'temp-pass-1', newPassword: 'real-pass-1' });
  return { caller, id: u.id };
}

async function world(): Promise<World> {
  const clock = new TestClock(new Date('2026-12-07T02:00:00.000Z'));
  const c = await startCore({ now: clock.now });
  core = c;
  const owner = await setupOffice(c);
  const tech = await userWithRole(c, owner, 'technician', 'Tono Teknisi');
  const cashier = await userWithRole(c, owner, 'cashier', 'Kiki Kasir');
  const collector = await userWithRole(c, owner, 'collector', 'Pak Penagih');
  const andi = await owner.call('customers.create', { name: 'Andi Wijaya', phone: '081234567890', whatsapp: '081234567890', waOptIn: true, address: 'Jl. Melati 7', area: 'RT05' });
  const siti = await owner.call('customers.create', { name: 'Siti Aminah', phone: '081298765432', whatsapp: '081298765432', waOptIn: true, area: 'RT06' });
  const events: DomainEvent[] = [];
  c.domainEvents.subscribe(async (_em, e) => {
    if (e.type.startsWith('ticket.')) events.push(e);
  });
  return {
    core: c,
    clock,
    owner,
    tech: tech.caller,
    techId: tech.id,
    cashier: cashier.caller,
    cashierId: cashier.id,
    collector: collector.caller,
    andi: { id: andi.id, number: andi.number },
    siti: { id: siti.id, number: siti.number },
    events,
    async messages(kind) {
      return (await owner.call('wa.messages', { pageSize: 200, ...(kind ? { kind } : {}) })).items.reverse();
    },
    async count(table) {
      const [r] = (await c.db.manager.query(`SELECT count(*) AS n FROM ${table}`)) as { n: number }[];
      return r!.n;
    },
  };
}

describe('tickets: staff open, assign, note and close; the customer hears each change once', () => {
  it('a ticket opened by staff is numbered by office month, confirmed to the customer, moved by assignment, notes and states', async () => {
    const w = await world();
    const t = await w.cashier.call('tickets.create', { customerId: w.andi.id, category: 'no_internet', text: '  Internet mati sejak pagi, lampu LOS merah  ' });
    expect(t).toMatchObject({ number: 'TK/2026/12/00001', state: 'open', via: 'staff', customerName: 'Andi Wijaya', assignedTo: null, hasPhoto: false, text: 'Internet mati sejak pagi, lampu LOS merah', openedBy: 'Kiki Kasir' });
    expect(t.customer).toMatchObject({ address: 'Jl. Melati 7', area: 'RT05', phone: '+6281234567890' });
    expect(t.notes.map((n) => n.event)).toEqual(['opened']);
    expect(w.events.map((e) => e.type)).toEqual(['ticket.opened']);
    expect(w.events[0]!.data).toEqual({ ticketId: t.id, customerId: w.andi.id, number: t.number, category: 'no_internet', via: 'staff', userId: w.cashierId });

    const opened = await w.messages('ticket_opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]!).toMatchObject({ to: '+6281234567890', customerId: w.andi.id, state: 'queued' });
    expect(opened[0]!.body).toContain('TK/2026/12/00001');
    expect(opened[0]!.body).toContain('Andi Wijaya');

    // Given to the technician: an open ticket moves to in progress, and the customer is told (once).
    const assigned = await w.owner.call('tickets.assign', { id: t.id, userId: w.techId });
    expect(assigned).toMatchObject({ state: 'in_progress', assignedTo: { id: w.techId, name: 'Tono Teknisi' } });
    expect(assigned.notes.map((n) => [n.event, n.fromState, n.toState])).toEqual([
      ['opened', null, 'open'],
      ['assigned', null, null],
      ['state', 'open', 'in_progress'],
    ]);
    // The same assignment again changes nothing.
    await w.owner.call('tickets.assign', { id: t.id, userId: w.techId });
    let updated = await w.messages('ticket_updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]!.body).toMatch(/TK\/2026\/12\/00001: sedang dikerjakan/);
    expect(updated[0]!.body).not.toContain('Catatan');

    // An internal note: no message. A note to the customer: one message with the note.
    await w.tech.call('tickets.note', { id: t.id, note: 'ODP penuh, cek port 3' });
    expect(await w.messages('ticket_updated')).toHaveLength(1);
    await w.tech.call('tickets.note', { id: t.id, note: 'Teknisi menuju lokasi sekitar jam 10', visibleToCustomer: true });
    updated = await w.messages('ticket_updated');
    expect(updated).toHaveLength(2);
    expect(updated[1]!.body).toContain('Catatan: Teknisi menuju lokasi sekitar jam 10');

    // Solved with a note to the customer.
    w.clock.advance(3_600_000);
    const solved = await w.tech.call('tickets.setState', { id: t.id, state: 'solved', note: 'Kabel drop diganti' });
    expect(solved).toMatchObject({ state: 'solved', solvedAt: '2026-12-07T03:00:00.000Z' });
    updated = await w.messages('ticket_updated');
    expect(updated).toHaveLength(3);
    expect(updated[2]!.body).toContain('sudah selesai');
    expect(updated[2]!.body).toContain('Kabel drop diganti');

    expect(w.events.map((e) => (e.type === 'ticket.updated' ? `${e.data.change}:${e.data.from}>${e.data.to}:${e.data.note ?? '-'}` : e.type))).toEqual([
      'ticket.opened',
      'assigned:open>open:-',
      'state:open>in_progress:-',
      'note:in_progress>in_progress:-',
      'note:in_progress>in_progress:Teknisi menuju lokasi sekitar jam 10',
      'state:in_progress>solved:Kabel drop diganti',
    ]);

    // Every change is in the audit log with a readable summary.
    const audit = (await w.owner.call('audit.list', { pageSize: 50 })).items.filter((a) => a.method.startsWith('tickets.'));
    expect(audit.map((a) => a.summary).reverse()).toEqual([
      'Opened ticket TK/2026/12/00001 for Andi Wijaya',
      'Gave ticket TK/2026/12/00001 to Tono Teknisi',
      'Gave ticket TK/2026/12/00001 to Tono Teknisi',
      'Wrote an internal note on ticket TK/2026/12/00001',
      'Wrote a note to the customer on ticket TK/2026/12/00001',
      'Moved ticket TK/2026/12/00001 from in_progress to solved',
    ]);

    // The next ticket of the month, and the first of the next office month (07:00 Jakarta on 1 January).
    expect((await w.owner.call('tickets.create', { customerId: w.siti.id, category: 'slow', text: 'Lambat sekali' })).number).toBe('TK/2026/12/00002');
    w.clock.t = new Date('2026-12-31T17:30:00.000Z');
    const next = await w.core.db.write((em) => w.core.tickets.open(em, { customerId: w.siti.id, category: 'other', text: 'Tahun baru', photo: null, via: 'portal', userId: null }, w.clock.now()));
    expect(next.number).toBe('TK/2027/01/00001');
  });

  it('refuses impossible moves and bad input with a 4xx that changes nothing', async () => {
    const w = await world();
    const t = await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'slow', text: 'Lambat malam hari' });
    const snapshot = async () => [await w.count('tickets'), await w.count('ticket_notes'), await w.count('wa_messages'), w.events.length];
    const before = await snapshot();

    const same = await w.owner.fail('tickets.setState', { id: t.id, state: 'open' });
    expect(same).toMatchObject({ code: 'tickets.bad_state', details: { from: 'open', to: 'open' } });
    expect((await w.owner.fail('tickets.setState', { id: 999, state: 'solved' })).code).toBe('not_found');
    expect((await w.owner.fail('tickets.assign', { id: t.id, userId: w.cashierId })).code).toBe('tickets.assignee_invalid');
    expect((await w.owner.fail('tickets.assign', { id: t.id, userId: 999 })).code).toBe('tickets.assignee_invalid');
    expect((await w.owner.fail('tickets.create', { customerId: 999, category: 'slow', text: 'Lambat' })).code).toBe('not_found');
    expect((await w.owner.fail('tickets.create', { customerId: w.andi.id, category: 'bogus' as never, text: 'Lambat' })).code).toBe('validation');
    expect((await w.owner.fail('tickets.create', { customerId: w.andi.id, category: 'slow', text: ' a ' })).code).toBe('validation');
    expect((await w.owner.fail('tickets.note', { id: t.id, note: '   ' })).code).toBe('validation');
    expect(await snapshot()).toEqual(before);

    await w.owner.call('tickets.setState', { id: t.id, state: 'solved' });
    // Solved: it can only be reopened; it cannot be given to someone or go straight back to in progress.
    const mid = await snapshot();
    expect((await w.owner.fail('tickets.setState', { id: t.id, state: 'in_progress' })).code).toBe('tickets.bad_state');
    expect((await w.owner.fail('tickets.setState', { id: t.id, state: 'solved' })).code).toBe('tickets.bad_state');
    expect((await w.owner.fail('tickets.assign', { id: t.id, userId: w.techId })).code).toBe('tickets.bad_state');
    expect(await snapshot()).toEqual(mid);

    const reopened = await w.owner.call('tickets.setState', { id: t.id, state: 'open', note: 'Masih lambat katanya' });
    expect(reopened).toMatchObject({ state: 'open', solvedAt: null });
    const msgs = await w.messages('ticket_updated');
    expect(msgs.map((m) => /: ([^.]+)\./.exec(m.body)?.[1])).toEqual(['sudah selesai', 'sudah kami terima dan menunggu petugas']);
  });

  it('a customer without WhatsApp opt-in gets no message; the ticket is still handled', async () => {
    const w = await world();
    const c = await w.owner.call('customers.create', { name: 'Budi', whatsapp: '081211112222', waOptIn: false });
    const t = await w.owner.call('tickets.create', { customerId: c.id, category: 'device', text: 'Router rusak', assignTo: w.techId });
    expect(t.state).toBe('in_progress');
    await w.tech.call('tickets.setState', { id: t.id, state: 'solved' });
    expect(await w.messages()).toEqual([]);
  });

  it('the ticket_updated template can be edited or switched off like any other; the history cannot be rewritten', async () => {
    const w = await world();
    await w.owner.call('wa.saveTemplate', { event: 'ticket_opened', lang: 'id', body: 'Laporan {no_tiket} kami catat, {nama}. – {kantor}', enabled: true });
    await w.owner.call('wa.saveTemplate', { event: 'ticket_updated', lang: 'id', body: 'Tiket {no_tiket}: {status_tiket}', enabled: false });
    const t = await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'slow', text: 'Lambat', assignTo: w.techId });
    await w.tech.call('tickets.setState', { id: t.id, state: 'solved' });
    const msgs = await w.messages();
    expect(msgs.map((m) => [m.kind, m.body])).toEqual([['ticket_opened', `Laporan ${t.number} kami catat, Andi Wijaya. – RT05 Net`]]);
    const preview = await w.owner.call('wa.preview', { event: 'ticket_updated', lang: 'en', body: 'Report {no_tiket}: {status_tiket}. {catatan_tiket}' });
    expect(preview).toEqual({ text: 'Report TK/2026/12/00007: solved. We have reconnected the cable at the pole.', unknown: [] });
    await expect(w.core.db.write((em) => em.query("UPDATE ticket_notes SET note = 'rewritten'"))).rejects.toThrow(/append-only/);
    await expect(w.core.db.write((em) => em.query('DELETE FROM ticket_notes'))).rejects.toThrow(/append-only/);
  });

  it('a subscriber that fails rolls the ticket back with it (the events are published in the transaction)', async () => {
    const w = await world();
    const off = w.core.domainEvents.subscribe(async (_em, e) => {
      if (e.type === 'ticket.opened') throw new Error('refused');
    });
    const r = await w.owner.try('tickets.create', { customerId: w.andi.id, category: 'slow', text: 'Lambat' });
    expect(r.ok).toBe(false);
    off();
    expect([await w.count('tickets'), await w.count('ticket_notes'), await w.count('wa_messages')]).toEqual([0, 0, 0]);
    // The number was not used up either.
    expect((await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'slow', text: 'Lambat' })).number).toBe('TK/2026/12/00001');
  });
});

describe('photos', () => {
  it('keeps a real image and serves it back; refuses a wrong type or an oversized one', async () => {
    const w = await world();
    const t = await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'device', text: 'ONT mati', photo: { mime: 'image/png', base64: PNG } });
    expect(t).toMatchObject({ hasPhoto: true, photoMime: 'image/png' });
    expect(await w.tech.call('tickets.photo', { id: t.id })).toEqual({ mime: 'image/png', base64: PNG });
    expect(await w.owner.call('tickets.photo', { id: (await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'slow', text: 'Tanpa foto' })).id })).toBeNull();

    const before = [await w.count('tickets'), await w.count('ticket_photos')];
    // PNG bytes claimed to be a JPEG.
    const wrong = await w.owner.fail('tickets.create', { customerId: w.andi.id, category: 'device', text: 'ONT mati', photo: { mime: 'image/jpeg', base64: PNG } });
    expect(wrong).toMatchObject({ code: 'tickets.photo_invalid', details: { reason: 'type' } });
    // Not base64 at all / over the schema's bound: the contract refuses it before the module sees it.
    expect((await w.owner.fail('tickets.create', { customerId: w.andi.id, category: 'device', text: 'ONT mati', photo: { mime: 'image/png', base64: 'not base64!' } })).code).toBe('validation');
    const big = Buffer.concat([JPEG_HEAD, Buffer.alloc(TICKET_PHOTO_MAX_BYTES + 1 - JPEG_HEAD.length)]).toString('base64');
    expect((await w.owner.fail('tickets.create', { customerId: w.andi.id, category: 'device', text: 'ONT mati', photo: { mime: 'image/jpeg', base64: big } })).code).toBe('validation');
    // The module itself (what the portal calls) refuses it too.
    await expect(w.core.db.write((em) => w.core.tickets.open(em, { customerId: w.andi.id, category: 'device', text: 'ONT mati', photo: { mime: 'image/jpeg', base64: big }, via: 'portal', userId: null }, w.clock.now()))).rejects.toMatchObject({
      code: 'tickets.photo_invalid',
      details: { reason: 'size' },
    });
    expect([await w.count('tickets'), await w.count('ticket_photos')]).toEqual(before);

    // Exactly the limit is kept.
    const max = Buffer.concat([JPEG_HEAD, Buffer.alloc(TICKET_PHOTO_MAX_BYTES - JPEG_HEAD.length, 7)]);
    const ok = await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'device', text: 'Foto besar', photo: { mime: 'image/jpeg', base64: max.toString('base64') } });
    const [p] = (await w.core.db.manager.query('SELECT length(bytes) AS n FROM ticket_photos WHERE ticket_id = ?', [ok.id])) as { n: number }[];
    expect(p!.n).toBe(TICKET_PHOTO_MAX_BYTES);
  });
});

describe('the module API of the customer portal', () => {
  it('opens from the portal, shows a customer only their own tickets and only what is meant for them', async () => {
    const w = await world();
    const mine = await w.core.db.write((em) => w.core.tickets.open(em, { customerId: w.andi.id, category: 'intermittent', text: 'Putus-putus tiap sore', photo: { mime: 'image/png', base64: PNG }, via: 'portal', userId: null }, w.clock.now()));
    expect(mine).toMatchObject({ number: 'TK/2026/12/00001', category: 'intermittent', state: 'open', hasPhoto: true, updates: [] });
    expect(w.events[0]).toMatchObject({ type: 'ticket.opened', data: { via: 'portal', userId: null } });
    expect(await w.messages('ticket_opened')).toHaveLength(1);
    const theirs = await w.owner.call('tickets.create', { customerId: w.siti.id, category: 'slow', text: 'Lambat' });

    // Staff see it, with "via portal".
    const list = await w.tech.call('tickets.list', {});
    expect(list.items.map((i) => [i.number, i.via])).toEqual([
      ['TK/2026/12/00002', 'staff'],
      ['TK/2026/12/00001', 'portal'],
    ]);

    await w.owner.call('tickets.assign', { id: mine.id, userId: w.techId });
    await w.tech.call('tickets.note', { id: mine.id, note: 'internal: cek ODP' });
    await w.tech.call('tickets.note', { id: mine.id, note: 'Kami cek sore ini', visibleToCustomer: true });
    await w.tech.call('tickets.setState', { id: mine.id, state: 'solved', note: 'ganti konektor (internal)', visibleToCustomer: false });

    const m = w.core.db.manager;
    const seen = await w.core.tickets.oneOf(m, w.andi.id, mine.id);
    expect(seen).toMatchObject({ state: 'solved' });
    // State changes (a note only when it was meant for the customer) and notes to the customer; nothing internal, no names.
    expect(seen!.updates.map((u) => [u.state, u.note])).toEqual([
      ['in_progress', ''],
      ['in_progress', 'Kami cek sore ini'],
      ['solved', ''],
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/internal|Tono/);
    expect((await w.core.tickets.listOf(m, w.andi.id)).map((t) => t.id)).toEqual([mine.id]);
    // Someone else's ticket is "not there", its photo too.
    expect(await w.core.tickets.oneOf(m, w.andi.id, theirs.id)).toBeNull();
    expect(await w.core.tickets.oneOf(m, w.siti.id, mine.id)).toBeNull();
    expect(await w.core.tickets.oneOf(m, w.andi.id, 999)).toBeNull();
    expect(await w.core.tickets.photoOf(m, w.siti.id, mine.id)).toBeNull();
    const photo = await w.core.tickets.photoOf(m, w.andi.id, mine.id);
    expect(photo?.mime).toBe('image/png');
    expect(photo?.bytes.toString('base64')).toBe(PNG);

    // Each change the customer hears of is one message: confirmation, in progress, the note, solved.
    expect((await w.messages()).filter((x) => x.customerId === w.andi.id).map((x) => x.kind)).toEqual(['ticket_opened', 'ticket_updated', 'ticket_updated', 'ticket_updated']);
  });

  it(`a customer may have a few unsolved reports from the portal at a time, not more`, async () => {
    const w = await world();
    const open = (text: string) => w.core.db.write((em) => w.core.tickets.open(em, { customerId: w.andi.id, category: 'other', text, photo: null, via: 'portal', userId: null }, w.clock.now()));
    const first = await open('satu');
    await open('dua');
    await open('tiga');
    await expect(open('empat')).rejects.toMatchObject({ code: 'tickets.too_many', details: { max: 3 } });
    // Staff may still open one for them; once one is solved the customer may report again.
    await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'other', text: 'lewat telepon' });
    await w.owner.call('tickets.setState', { id: first.id, state: 'solved' });
    expect((await open('empat')).number).toBe('TK/2026/12/00005');
  });
});

describe('lists and permissions', () => {
  it('filters by state, assignee and search, with counts per state', async () => {
    const w = await world();
    const a = await w.owner.call('tickets.create', { customerId: w.andi.id, category: 'no_internet', text: 'Mati total', assignTo: w.techId });
    const b = await w.owner.call('tickets.create', { customerId: w.siti.id, category: 'slow', text: 'Lambat' });
    const c = await w.owner.call('tickets.create', { customerId: w.siti.id, category: 'billing', text: 'Tagihan dobel' });
    await w.owner.call('tickets.setState', { id: c.id, state: 'solved' });

    const all = await w.tech.call('tickets.list', {});
    expect(all.counts).toEqual({ open: 1, in_progress: 1, solved: 1 });
    // Unsolved first, newest first.
    expect(all.items.map((i) => i.id)).toEqual([b.id, a.id, c.id]);
    expect((await w.tech.call('tickets.list', { state: 'open' })).items.map((i) => i.id)).toEqual([b.id]);
    const mine = await w.tech.call('tickets.list', { assignee: 'me' });
    expect(mine.items.map((i) => i.id)).toEqual([a.id]);
    expect(mine.counts).toEqual({ open: 0, in_progress: 1, solved: 0 });
    expect((await w.tech.call('tickets.list', { assignee: 'none' })).items.map((i) => i.id)).toEqual([b.id, c.id]);
    expect((await w.tech.call('tickets.list', { q: 'siti' })).items.map((i) => i.id)).toEqual([b.id, c.id]);
    expect((await w.tech.call('tickets.list', { q: w.andi.number })).items.map((i) => i.id)).toEqual([a.id]);
    expect((await w.tech.call('tickets.list', { q: 'dobel' })).items.map((i) => i.id)).toEqual([c.id]);
    expect((await w.tech.call('tickets.list', { q: 'tk/2026/12/00002' })).items.map((i) => i.id)).toEqual([b.id]);
    expect((await w.tech.call('tickets.list', { q: '100%_' })).total).toBe(0);
    expect((await w.tech.call('tickets.list', { customerId: w.siti.id, pageSize: 1 })).items.map((i) => i.id)).toEqual([b.id]);

    const who = await w.cashier.call('tickets.assignees', {});
    expect(who.map((u) => [u.name, u.open])).toEqual([
      ['Budi Santoso', 0],
      ['Tono Teknisi', 1],
    ]);
  });

  it('a role without tickets permissions is refused; a cashier may open and read but not handle', async () => {
    const w = await world();
    const t = await w.cashier.call('tickets.create', { customerId: w.andi.id, category: 'slow', text: 'Lambat' });
    expect((await w.cashier.call('tickets.get', { id: t.id })).number).toBe(t.number);
    for (const [method, input] of [
      ['tickets.assign', { id: t.id, userId: w.techId }],
      ['tickets.note', { id: t.id, note: 'x' }],
      ['tickets.setState', { id: t.id, state: 'solved' }],
    ] as const) {
      expect((await w.cashier.fail(method, input as never)).code, method).toBe('forbidden');
    }
    for (const [method, input] of [
      ['tickets.list', {}],
      ['tickets.get', { id: t.id }],
      ['tickets.photo', { id: t.id }],
      ['tickets.assignees', {}],
      ['tickets.create', { customerId: w.andi.id, category: 'slow', text: 'Lambat' }],
      ['tickets.setState', { id: t.id, state: 'solved' }],
    ] as const) {
      expect((await w.collector.fail(method, input as never)).code, method).toBe('forbidden');
    }
    expect((await w.tech.call('tickets.setState', { id: t.id, state: 'solved' })).state).toBe('solved');
    expect(await w.count('tickets')).toBe(1);
  });
});
