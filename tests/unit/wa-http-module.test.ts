import { afterEach, describe, expect, it } from 'vitest';
import { startWaGatewaySim, type WaGatewaySim } from '../peers/wa-gateway';
import { payWorld, q, type PayWorld } from '../support/payments';
import { waitFor } from '../support/poll';

/*
 * The HTTP WhatsApp gateway channel (Fonnte-style) through the module (issue 13): chosen in Settings with the
 * gateway double's URL, the token set through the contract and kept sealed, messages posted with the number and
 * text in the configured fields; a refused token turns the channel 'failed' with the reason and keeps the
 * messages queued until a good token is set.
 */

let pw: PayWorld | null = null;
let gw: WaGatewaySim | null = null;
afterEach(async () => {
  await pw?.close();
  await gw?.close();
  pw = gw = null;
});

const GOOD = 'tok-benar-7f3a9c';
const BAD = 'tok-salah-000000';

async function world(preset: 'fonnte' | 'custom') {
  gw = await startWaGatewaySim({ token: GOOD });
  const w = (pw = await payWorld({ core: { whatsappRandom: () => 0 } }));
  const s = await w.owner.call('settings.get', {});
  const http = preset === 'fonnte' ? { ...s.whatsapp.http, preset, url: `${gw.url}/send` } : { ...s.whatsapp.http, preset, url: `${gw.url}/send`, numberField: 'target', messageField: 'message', bodyType: 'form' as const };
  await w.owner.call('settings.update', { group: 'whatsapp', value: { ...s.whatsapp, channel: 'http', http } });
  await w.core.whatsapp.start();
  await w.core.whatsapp.sender.stop();
  const c = await w.owner.call('customers.create', { name: 'Andi Wijaya', whatsapp: '081234567890', waOptIn: true });
  const drain = async () => {
    for (let i = 0; i < 20; i++) {
      const r = await w.core.whatsapp.sender.tick();
      if (!r.handled && r.reason !== 'gap') return;
      w.clock.advance(60_000);
    }
  };
  return { w, c, drain, status: () => w.owner.call('wa.status', {}) };
}

describe('WhatsApp through an HTTP gateway', () => {
  it('sends with the stored token; a refused token fails the channel with why and keeps the messages queued; the token is never shown', async () => {
    const { w, c, drain, status } = await world('fonnte');
    // No token yet: not usable, and says why.
    expect(await status()).toMatchObject({ channel: 'http', state: 'failed', tokenSet: false });
    expect((await status()).reason).toMatch(/token/);

    const st = await w.owner.call('wa.setToken', { token: BAD });
    expect(st.tokenSet).toBe(true);
    expect(JSON.stringify(st)).not.toContain(BAD);
    await waitFor(async () => (await status()).state === 'connected', { message: 'the gateway channel with a token' });
    // Sealed at rest.
    const [k] = await q<{ token_sealed: string }>(w, 'SELECT token_sealed FROM wa_keys');
    expect(k!.token_sealed).not.toContain(BAD);

    const m1 = await w.owner.call('wa.send', { customerId: c.id, text: 'Halo Andi, teknisi datang besok.' });
    const m2 = await w.owner.call('wa.send', { customerId: c.id, text: 'Jadwal: jam 10 pagi.' });
    await drain();
    // The gateway said "token invalid" (HTTP 200, status:false): nothing was sent, and nothing is lost.
    expect(gw!.messages()).toEqual([]);
    const failed = await status();
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/token invalid/);
    expect(JSON.stringify(failed)).not.toContain(BAD);
    const rows = (await w.owner.call('wa.messages', { page: 1, pageSize: 10 })).items;
    expect(rows.map((m) => [m.id, m.state, m.attempts])).toEqual([
      [m2.id, 'queued', 0],
      [m1.id, 'queued', 0],
    ]);
    expect(gw!.requests().filter((r) => r.path === '/send')).toHaveLength(1);

    // The right token: the channel comes back and both go out, with the number and the text in Fonnte's fields.
    await w.owner.call('wa.setToken', { token: GOOD });
    await waitFor(async () => (await status()).state === 'connected', { message: 'the gateway channel with the new token' });
    await drain();
    expect(gw!.messages().map((m) => [m.target, m.message])).toEqual([
      ['6281234567890', 'Halo Andi, teknisi datang besok.'],
      ['6281234567890', 'Jadwal: jam 10 pagi.'],
    ]);
    const sent = (await w.owner.call('wa.messages', { page: 1, pageSize: 10 })).items;
    expect(sent.map((m) => m.state)).toEqual(['sent', 'sent']);
    const done = await status();
    expect(done).toMatchObject({ state: 'connected', tokenSet: true, queued: 0, sentToday: 2 });
    expect(JSON.stringify(done)).not.toContain(GOOD);
  });

  it('a custom gateway set by hand posts the configured fields with the token header', async () => {
    const { w, c, drain } = await world('custom');
    await w.owner.call('wa.setToken', { token: GOOD });
    await waitFor(async () => (await w.owner.call('wa.status', {})).state === 'connected');
    await w.owner.call('wa.send', { customerId: c.id, text: 'Pesan uji' });
    await drain();
    expect(gw!.messages()).toMatchObject([{ gateway: 'fonnte', target: '6281234567890', message: 'Pesan uji' }]);
    const req = gw!.requests().find((r) => r.path === '/send')!;
    expect(req.headers.authorization).toBe(GOOD);
    expect((await w.owner.call('wa.messages', { page: 1, pageSize: 10 })).items[0]!.state).toBe('sent');
  });

  it("a receipt goes as a PDF in Fonnte's file field; a gateway with no file field gets the text alone, still sent", async () => {
    for (const preset of ['fonnte', 'custom'] as const) {
      const { w, c, drain } = await world(preset);
      await w.owner.call('wa.setToken', { token: GOOD });
      await waitFor(async () => (await w.owner.call('wa.status', {})).state === 'connected');
      const p = await w.owner.call('payments.create', { customerId: c.id, amount: 50_000, method: 'cash', idempotencyKey: `pdf-${preset}-0001` });
      await drain();
      const [m] = gw!.messages();
      expect(m!.message).toContain(p.number);
      if (preset === 'fonnte') expect(m!.file).toMatchObject({ name: `${p.number.replace(/\//g, '-')}.pdf`, type: 'application/pdf' });
      else expect(m!.file).toBeNull();
      if (m!.file) expect(m!.file.text.startsWith('%PDF-')).toBe(true);
      expect((await w.owner.call('wa.messages', { page: 1, pageSize: 10, kind: 'payment_received' })).items[0]!.state).toBe('sent');
      await pw?.close();
      await gw?.close();
      pw = gw = null;
    }
  });

  it('with the PDF receipt switched off, the payment message carries no document', async () => {
    const { w, c } = await world('fonnte');
    const s = await w.owner.call('settings.get', {});
    await w.owner.call('settings.update', { group: 'whatsapp', value: { ...s.whatsapp, receiptPdf: false } });
    await w.owner.call('payments.create', { customerId: c.id, amount: 50_000, method: 'cash', idempotencyKey: 'pdf-off-0001' });
    const [m] = (await w.owner.call('wa.messages', { page: 1, pageSize: 10, kind: 'payment_received' })).items;
    expect(m!.document).toBeNull();
  });
});
