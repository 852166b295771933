import { afterEach, describe, expect, it } from 'vitest';
import { OWNER } from '../support/core';
import { q } from '../support/payments';
import { waitFor } from '../support/poll';
import { pair, rp, waWorld, type WaWorld } from '../support/wa-world';

/*
 * The WhatsApp module end to end (issue 13), through the contract: the production whatsapp-web.js adapter over
 * the scripted stand-in of the library's Client, business events on the payments world (router simulator, fake
 * payment gateway) becoming messages in their own transaction, the sender draining them through the stand-in,
 * acks, inbound replies (STOP / MULAI / keywords / inbox), manual messages, retry / cancel, broadcasts.
 */

let current: WaWorld | null = null;
afterEach(async () => {
  await current?.w.close();
  current = null;
});

const ANDI = '6281234567890';

async function open(): Promise<WaWorld> {
  current = await waWorld();
  return current;
}

/** A customer on WhatsApp who opted in, with a subscription (activation invoice of 150.000, due 11 Nov). */
async function andi(x: WaWorld, over: { waOptIn?: boolean; whatsapp?: string | null; name?: string; username?: string } = {}) {
  const c = await x.owner.call('customers.create', { name: over.name ?? 'Andi Wijaya', phone: '081234567890', whatsapp: over.whatsapp === undefined ? '081234567890' : over.whatsapp, waOptIn: over.waOptIn ?? true });
  const sub = await x.owner.call('subscriptions.create', { customerId: c.id, planId: x.w.planId, routerId: x.w.routerId, username: over.username ?? 'andi', password: 'pw1', installDate: '2026-11-01', dueDays: 10, graceDays: 3 });
  await x.w.core.outbox.idle();
  const [inv] = await q<{ id: number; number: string; total: number }>(x.w, 'SELECT id, number, total FROM invoices WHERE customer_id = ? ORDER BY id', [c.id]);
  return { c, sub, inv: inv! };
}

describe('WhatsApp module through the contract, over the whatsapp-web.js adapter and the stand-in client', () => {
  it('a message whose template has no payment link makes none, even for a customer who owes', async () => {
    const x = await open();
    const { c } = await andi(x);
    const links = async () => (await q<{ n: number }>(x.w, 'SELECT count(*) AS n FROM payment_links WHERE customer_id = ?', [c.id]))[0]!.n;
    // The links its earlier messages made are revoked: a new one would have to be made.
    await q(x.w, "UPDATE payment_links SET revoked_at = '2026-11-01T00:00:00.000Z' WHERE customer_id = ?", [c.id]);
    const before = await links();
    await x.owner.call('tickets.create', { customerId: c.id, category: 'no_internet', text: 'Internet mati sejak pagi' });
    const [opened] = await x.messages('ticket_opened');
    expect(opened!.body).toContain('TK/');
    expect(await links()).toBe(before);
  });

  it('pairs (QR, then connected as the phone), and an invoice issued is one message with number, amount and a working pay link, sent and acked', async () => {
    const x = await open();
    const qr = x.wa.latest().showQr('2@abc-qr-text');
    expect(qr).toBe('2@abc-qr-text');
    const st = await x.owner.call('wa.status', {});
    expect(st).toMatchObject({ channel: 'webjs', state: 'qr', me: null });
    expect(st.qrSvg).toMatch(/^<svg/);
    await pair(x);
    expect(await x.owner.call('wa.status', {})).toMatchObject({ state: 'connected', me: '+6281100000001', qrSvg: null });

    x.wa.addNumber(ANDI);
    const { inv } = await andi(x);
    const issued = await x.messages('invoice_issued');
    expect(issued).toHaveLength(1);
    const m = issued[0]!;
    expect(m).toMatchObject({ to: `+${ANDI}`, state: 'queued', customerName: 'Andi Wijaya' });
    expect(m.body).toContain(inv.number);
    expect(m.body).toContain(rp(inv.total));
    const link = /https:\/\/billing\.example\.net\/p\/(\S+)/.exec(m.body);
    expect(link, m.body).not.toBeNull();
    // The link opens the office's pay page (the listener serves what the public address forwards to).
    const page = await fetch(`${x.w.url}/p/${link![1]}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(inv.number);

    // The welcome with the PPPoE login came with the activation.
    const welcome = await x.messages('welcome');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.body).toContain('andi');

    expect(await x.drain()).toBe(2);
    expect(x.wa.sent.map((s) => [s.chatId, s.content])).toEqual([
      [`${ANDI}@c.us`, m.body],
      [`${ANDI}@c.us`, welcome[0]!.body],
    ]);
    const sent = (await x.messages('invoice_issued'))[0]!;
    expect(sent.state).toBe('sent');
    const providerId = x.wa.sent[0]!.id;
    x.wa.latest().ack(providerId, 2);
    await waitFor(async () => (await x.messages('invoice_issued'))[0]!.state === 'delivered');
    x.wa.latest().ack(providerId, 3);
    await waitFor(async () => (await x.messages('invoice_issued'))[0]!.state === 'read');
    // An old ack arriving late does not move it back.
    x.wa.latest().ack(providerId, 2);
    x.wa.latest().ack(x.wa.sent[1]!.id, 3);
    await waitFor(async () => (await x.messages('welcome'))[0]!.state === 'read');
    expect((await x.messages('invoice_issued'))[0]!.state).toBe('read');
  });

  it('isolation, promise to pay, restore and payment each message the customer once; no opt-in or a disabled template: nothing', async () => {
    const x = await open();
    await pair(x);
    x.wa.addNumber(ANDI);
    await x.owner.call('billing.setupIsolation', { routerId: x.w.routerId });
    const { c, sub, inv } = await andi(x);
    // Budi has a WhatsApp number but never agreed to messages.
    const budi = await andi(x, { name: 'Budi Hartono', whatsapp: '081298765432', waOptIn: false, username: 'budi' });
    x.wa.addNumber('6281298765432');

    x.w.clock.t = new Date('2026-11-15T10:00:00+07:00');
    await x.relogin();
    await x.w.core.billing.enforce();
    await x.w.core.billing.enforce();
    const isolated = await x.messages('isolated');
    expect(isolated).toHaveLength(1);
    expect(isolated[0]!.body).toContain(rp(inv.total));
    expect(isolated[0]!.body).toMatch(/https:\/\/billing\.example\.net\/p\//);

    await x.owner.call('subscriptions.promise', { id: sub.id, until: '2026-11-20' });
    const promise = await x.messages('promise_to_pay');
    expect(promise).toHaveLength(1);
    expect(promise[0]!.body).toContain('20 Nov 2026');
    expect(await x.messages('restored')).toHaveLength(1);

    const p = await x.owner.call('payments.create', { customerId: c.id, amount: inv.total, method: 'cash', idempotencyKey: 'form-andi-0001' });
    const receipt = await x.messages('payment_received');
    expect(receipt).toHaveLength(1);
    expect(receipt[0]!.body).toContain(p.number);
    expect(receipt[0]!.body).toContain(rp(inv.total));
    expect(receipt[0]!.body).toContain('Sisa tagihan: Rp0');

    // Nothing at all for Budi.
    expect((await x.messages()).filter((m) => m.customerId === budi.c.id)).toEqual([]);

    // The office switches invoice messages off: a new charge queues nothing.
    const t = (await x.owner.call('wa.templates', {})).find((t) => t.event === 'invoice_issued' && t.lang === 'id')!;
    await x.owner.call('wa.saveTemplate', { event: 'invoice_issued', lang: 'id', body: t.body, enabled: false });
    await x.owner.call('invoices.createCharge', { customerId: c.id, type: 'equipment', description: 'Kabel', amount: 25_000 });
    expect(await x.messages('invoice_issued')).toHaveLength(1);

    const all = await x.messages();
    expect(all.map((m) => m.kind).sort()).toEqual(['invoice_issued', 'isolated', 'payment_received', 'promise_to_pay', 'restored', 'welcome']);
    expect(await x.drain()).toBe(6);
    expect(x.wa.sent.every((s) => s.chatId === `${ANDI}@c.us`)).toBe(true);
    // The receipt also goes as a PDF document, the message its caption (§6 of the reference).
    expect(receipt[0]!.document).toBe(`receipt:${p.id}`);
    const doc = x.wa.sent.find((s) => typeof s.content !== 'string')!;
    const media = doc.content as { mimetype: string; data: string; filename: string };
    expect(media.mimetype).toBe('application/pdf');
    expect(media.filename).toBe(`${p.number.replace(/\//g, '-')}.pdf`);
    expect(Buffer.from(media.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(doc.options).toMatchObject({ sendMediaAsDocument: true });
    expect(String(doc.options.caption)).toContain(p.number);
  });

  it('STOP ends messages (one confirmation), MULAI brings them back; TAGIHAN answers once per 10 minutes; the rest lands in the inbox', async () => {
    const x = await open();
    await pair(x);
    x.wa.addNumber(ANDI);
    const { c } = await andi(x);
    await x.drain();
    const stand = x.wa.latest();
    // WhatsApp stamps a message with whole seconds of the phone's clock: here, the office's fake one.
    const client = { incoming: (m: { from: string; body: string }) => stand.incoming({ ...m, timestamp: Math.floor(x.w.clock.now().getTime() / 1000) }) };
    const handled = async (n: number) => waitFor(async () => ((await q<{ n: number }>(x.w, 'SELECT count(*) AS n FROM wa_inbound'))[0]!.n >= n ? true : null));

    client.incoming({ from: `${ANDI}@c.us`, body: 'stop' });
    await handled(1);
    expect((await x.owner.call('customers.get', { id: c.id })).customer.waOptIn).toBe(false);
    // The same word again: no second confirmation.
    client.incoming({ from: `${ANDI}@c.us`, body: 'STOP' });
    await handled(2);
    const optOut = await x.messages('opt_out');
    expect(optOut).toHaveLength(1);
    expect(optOut[0]!.body).toContain('MULAI');
    // A charge while opted out: nothing queued; the confirmation itself still goes out.
    await x.owner.call('invoices.createCharge', { customerId: c.id, type: 'equipment', description: 'Kabel', amount: 25_000 });
    expect(await x.messages('invoice_issued')).toHaveLength(1);
    expect(await x.drain()).toBe(1);
    expect(x.wa.sent.at(-1)!.content).toBe(optOut[0]!.body);

    client.incoming({ from: `${ANDI}@c.us`, body: 'Mulai' });
    await handled(3);
    expect((await x.owner.call('customers.get', { id: c.id })).customer.waOptIn).toBe(true);

    client.incoming({ from: `${ANDI}@c.us`, body: 'TAGIHAN' });
    await handled(4);
    const replies = await x.messages('reply_info');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain('Andi Wijaya');
    expect(replies[0]!.body).toMatch(/https:\/\/billing\.example\.net\/p\//);
    x.w.clock.advance(5 * 60_000);
    client.incoming({ from: `${ANDI}@c.us`, body: 'tagihan?' });
    await handled(5);
    expect(await x.messages('reply_info')).toHaveLength(1);
    x.w.clock.advance(6 * 60_000);
    client.incoming({ from: `${ANDI}@c.us`, body: 'bayar' });
    await handled(6);
    expect(await x.messages('reply_info')).toHaveLength(2);

    client.incoming({ from: `${ANDI}@c.us`, body: 'Internet mati sejak pagi' });
    client.incoming({ from: '6285700001111@c.us', body: 'Mau pasang baru' });
    await handled(8);
    const inbox = await x.owner.call('wa.inbox', { page: 1, pageSize: 50, unreadOnly: true });
    expect(inbox.items.map((i) => [i.handling, i.from, i.body, i.customerId])).toEqual([
      ['unknown_sender', '+6285700001111', 'Mau pasang baru', null],
      ['inbox', `+${ANDI}`, 'Internet mati sejak pagi', c.id],
    ]);
    expect(await x.owner.call('wa.markRead', { ids: inbox.items.map((i) => i.id) })).toEqual({ marked: 2 });
    expect((await x.owner.call('wa.inbox', { page: 1, pageSize: 50, unreadOnly: true })).total).toBe(0);
    expect((await x.owner.call('wa.inbox', { page: 1, pageSize: 50, unreadOnly: false })).total).toBe(2);

    const conv = await x.owner.call('wa.conversation', { customerId: c.id, limit: 200 });
    expect(conv.filter((i) => i.direction === 'in').map((i) => i.body)).toEqual(['stop', 'STOP', 'Mulai', 'TAGIHAN', 'tagihan?', 'bayar', 'Internet mati sejak pagi']);
    expect(conv.filter((i) => i.direction === 'out').map((i) => i.kind)).toEqual(['invoice_issued', 'welcome', 'opt_out', 'reply_info', 'reply_info']);
  });

  it('a manual message, cancel and retry, and a broadcast previewed, refused with a stale count and queued with the right one', async () => {
    const x = await open();
    await pair(x);
    x.wa.addNumber(ANDI);
    const { c } = await andi(x);
    await x.drain();

    const sent = await x.owner.call('wa.send', { customerId: c.id, text: 'Teknisi datang jam 2 siang.' });
    expect(sent).toMatchObject({ kind: 'manual', state: 'queued', createdBy: OWNER.fullName });
    const cancelled = await x.owner.call('wa.cancel', { id: sent.id });
    expect(cancelled.state).toBe('cancelled');
    expect((await x.owner.fail('wa.cancel', { id: sent.id })).code).toBe('conflict');
    expect(await x.drain()).toBe(0);
    expect((await x.owner.call('wa.retry', { id: sent.id })).state).toBe('queued');
    x.wa.sendError = new Error('Evaluation failed: No LID for user');
    await x.drain();
    const failed = (await x.messages('manual'))[0]!;
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/No LID/);
    x.wa.sendError = null;
    await x.owner.call('wa.retry', { id: sent.id });
    expect(await x.drain()).toBe(1);
    expect(x.wa.sent.at(-1)!.content).toBe('Teknisi datang jam 2 siang.');
    const opted = await x.owner.call('customers.create', { name: 'Citra Lestari', whatsapp: '081311112222', waOptIn: false });
    expect((await x.owner.fail('wa.send', { customerId: opted.id, text: 'Halo' })).code).toBe('conflict');

    // Broadcast audience: Andi and Dewi (opted in, on WhatsApp); Eko without a number; Citra opted out; Fajar not on WhatsApp.
    const dewi = await x.owner.call('customers.create', { name: 'Dewi Sartika', whatsapp: '081344445555', waOptIn: true });
    x.wa.addNumber('6281344445555');
    const eko = await x.owner.call('customers.create', { name: 'Eko Prasetyo', phone: '081355556666', waOptIn: true });
    const fajar = await x.owner.call('customers.create', { name: 'Fajar Nugroho', whatsapp: '081377778888', waOptIn: true });
    // Fajar's number is learnt to be off WhatsApp when a message to him fails.
    await x.owner.call('wa.send', { customerId: fajar.id, text: 'Halo Fajar' });
    await x.drain();
    expect((await x.messages('manual')).find((m) => m.customerId === fajar.id)).toMatchObject({ state: 'failed', error: 'this number is not on WhatsApp' });
    // …and his customer page says so.
    expect(await x.owner.call('wa.contact', { customerId: fajar.id })).toMatchObject({ number: '+6281377778888', onWhatsapp: false });
    expect(await x.owner.call('wa.contact', { customerId: eko.id })).toEqual({ number: null, onWhatsapp: null, checkedAt: null });

    const body = 'Halo {nama}, ada gangguan jaringan di area Anda. Mohon maaf. – {kantor}';
    const filter = { areas: [], routerIds: [], planIds: [], overdue: false };
    const preview = await x.owner.call('wa.broadcastPreview', { filter, body });
    expect(preview.count).toBe(2);
    expect(preview.skipped).toEqual({ noNumber: 1, optedOut: 1, notOnWhatsapp: 1 });
    expect(preview.sample.map((s) => s.text)).toEqual([
      'Halo Andi Wijaya, ada gangguan jaringan di area Anda. Mohon maaf. – RT05 Net',
      'Halo Dewi Sartika, ada gangguan jaringan di area Anda. Mohon maaf. – RT05 Net',
    ]);
    const stale = await x.owner.fail('wa.broadcast', { filter, body, expected: 3 });
    expect(stale.code).toBe('conflict');
    expect(await x.messages('broadcast')).toEqual([]);
    expect(await x.owner.call('wa.broadcast', { filter, body, expected: 2 })).toEqual({ queued: 2 });
    const b = await x.messages('broadcast');
    expect(b.map((m) => [m.customerId, m.body, m.createdBy])).toEqual([
      [c.id, preview.sample[0]!.text, OWNER.fullName],
      [dewi.id, preview.sample[1]!.text, OWNER.fullName],
    ]);
    expect(await x.drain()).toBe(2);
  });
});
