/**
 * The HTTP gateway channel (main/modules/whatsapp/channel/http.ts) over real HTTP against the loopback
 * Fonnte-style double (tests/peers/wa-gateway), with the Fonnte and the Wablas preset.
 */
import net from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpChannel, providerIdOf } from '../../main/modules/whatsapp/channel/http';
import { fonntePreset, type HttpGatewayConfig, wablasPreset } from '../../main/modules/whatsapp/channel/http-config';
import { type WaChannel, WaNotReady, WaSendError } from '../../main/modules/whatsapp/channel/types';
import { startWaGatewaySim, type WaGatewaySim } from '../peers/wa-gateway';

const TOKEN = 'dev-token-AbC123';
const logger = pino({ level: 'silent' });
let gw: WaGatewaySim;

beforeAll(async () => {
  gw = await startWaGatewaySim({ token: TOKEN });
});
afterAll(async () => {
  await gw.close();
});
beforeEach(async () => {
  await gw.faults.reset();
  gw.setToken(TOKEN);
});

const fonnte = (): HttpGatewayConfig => ({ ...fonntePreset(), url: `${gw.url}/send` });
const wablas = (): HttpGatewayConfig => ({ ...wablasPreset('solo'), url: `${gw.url}/api/send-message` });

async function started(config: HttpGatewayConfig, token = TOKEN): Promise<WaChannel> {
  const ch = createHttpChannel({ config, token, logger });
  await ch.start();
  return ch;
}

/** A loopback port nobody listens on. */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function sendError(p: Promise<unknown>): Promise<WaSendError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WaSendError);
  return e as WaSendError;
}

describe('presets (portal-api.md §5)', () => {
  it('Fonnte: POST api.fonnte.com/send, form target/message, countryCode 62, token header', () => {
    expect(fonntePreset()).toMatchObject({ url: 'https://api.fonnte.com/send', authHeader: 'Authorization', numberField: 'target', messageField: 'message', extraFields: { countryCode: '62' }, bodyType: 'form' });
  });
  it('Wablas: POST https://<server>.wablas.com/api/send-message, form phone/message', () => {
    expect(wablasPreset('kudus')).toMatchObject({ url: 'https://kudus.wablas.com/api/send-message', numberField: 'phone', messageField: 'message', bodyType: 'form' });
  });
  it('message ids: Fonnte id[0] before requestid, Wablas data.messages[0].id', () => {
    expect(providerIdOf({ id: ['80367170'], requestid: 2937124, status: true })).toBe('80367170');
    expect(providerIdOf({ requestid: 2937124, status: true })).toBe('2937124');
    expect(providerIdOf({ status: true, data: { messages: [{ id: 'abc-1' }] } })).toBe('abc-1');
    expect(providerIdOf({ status: true })).toBeNull();
  });
});

describe('HTTP channel status', () => {
  it('is off before start, connected once configured — without calling the gateway', async () => {
    const ch = createHttpChannel({ config: fonnte(), token: TOKEN, logger });
    expect(ch.kind).toBe('http');
    expect(ch.status().state).toBe('off');
    const before = gw.requests().length;
    await ch.start();
    expect(ch.status()).toMatchObject({ state: 'connected', reason: null, qr: null });
    expect(gw.requests().length).toBe(before);
  });

  it('not configured (empty token, bad URL) → failed with the reason; sends refused', async () => {
    const a = await started(fonnte(), '  ');
    expect(a.status()).toMatchObject({ state: 'failed', reason: 'not configured: token is empty' });
    await expect(a.send('6281111111111@c.us', 'halo')).rejects.toBeInstanceOf(WaNotReady);
    const b = await started({ ...fonnte(), url: 'not a url' });
    expect(b.status().state).toBe('failed');
    expect(b.status().reason).toMatch(/^not configured: url/);
  });

  it('pairing codes are not a gateway thing; resolve gives number@c.us', async () => {
    const ch = await started(fonnte());
    await expect(ch.requestPairingCode('6281234567890')).rejects.toBeInstanceOf(WaNotReady);
    await expect(ch.resolve('6281234567890')).resolves.toBe('6281234567890@c.us');
    await expect(ch.resolve('0812')).rejects.toBeInstanceOf(WaSendError);
  });
});

describe('HTTP channel sending (Fonnte preset)', () => {
  it('posts form target/message/countryCode with the raw token and returns Fonnte\'s id', async () => {
    const ch = await started(fonnte());
    const before = gw.messages().length;
    const { providerId } = await ch.send('6281111111111@c.us', 'Tagihan Maret Rp150.000');
    const m = gw.messages().at(-1)!;
    expect(gw.messages().length).toBe(before + 1);
    expect(m).toMatchObject({ gateway: 'fonnte', target: '6281111111111', message: 'Tagihan Maret Rp150.000', fields: { countryCode: '62' } });
    expect(providerId).toBe(m.id);
    const req = gw.requests().at(-1)!;
    expect(req.headers.authorization).toBe(TOKEN);
    expect(req.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  });

  it('uploads a PDF as multipart `file` with the text', async () => {
    const ch = await started(fonnte());
    const pdf = Buffer.from('%PDF-1.4 kuitansi').toString('base64');
    await ch.send('6281111111111@c.us', 'Kuitansi pembayaran', { filename: 'kuitansi.pdf', base64: pdf, mime: 'application/pdf' });
    expect(gw.messages().at(-1)).toMatchObject({ message: 'Kuitansi pembayaran', file: { name: 'kuitansi.pdf', type: 'application/pdf', text: '%PDF-1.4 kuitansi' } });
  });

  it('a wrong token → WaSendError rejected and the status turns failed; start() again re-arms it', async () => {
    const ch = await started(fonnte(), 'wrong-token');
    const e = await sendError(ch.send('6281111111111@c.us', 'halo'));
    expect(e.kind).toBe('rejected');
    expect(ch.status()).toMatchObject({ state: 'failed', reason: 'token rejected: token invalid' });
    await expect(ch.send('6281111111111@c.us', 'halo')).rejects.toBeInstanceOf(WaNotReady);
    gw.setToken('wrong-token'); // the office fixed it on the gateway's side
    await ch.start();
    expect(ch.status().state).toBe('connected');
    await expect(ch.send('6281111111111@c.us', 'halo')).resolves.toMatchObject({ providerId: expect.any(String) });
  });

  it('status:false for the message (quota, target) → rejected, the channel stays connected', async () => {
    const ch = await started(fonnte());
    gw.failNext('insufficient quota');
    const e = await sendError(ch.send('6281111111111@c.us', 'halo'));
    expect(e).toMatchObject({ kind: 'rejected', message: 'gateway: insufficient quota' });
    expect(ch.status().state).toBe('connected');
  });

  it('nothing listening (connection refused) → unreachable: certainly not sent', async () => {
    const closed = await freePort();
    const ch = await started({ ...fonnte(), url: `http://127.0.0.1:${closed}/send` });
    const e = await sendError(ch.send('6281111111111@c.us', 'halo'));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('ECONNREFUSED');
    expect(ch.status().state).toBe('connected');
  });

  it('gateway going down mid-way (kept-alive socket dropped) or answering HTTP 500 → unknown; nothing accepted; back up → sends', async () => {
    const ch = await started(fonnte());
    await ch.send('6281111111111@c.us', 'warm'); // a kept-alive connection now exists
    const before = gw.messages().length;
    await gw.faults.down('refuse');
    // The pooled socket was closed under the request: it may have been written, so the answer is "unknown".
    expect(['unknown', 'unreachable']).toContain((await sendError(ch.send('6281111111111@c.us', 'halo'))).kind);
    await gw.faults.up();
    await gw.faults.down('500');
    expect((await sendError(ch.send('6281111111111@c.us', 'halo'))).kind).toBe('unknown');
    await gw.faults.up();
    expect(gw.messages().length).toBe(before);
    expect(ch.status().state).toBe('connected');
    await ch.send('6281111111111@c.us', 'back');
    expect(gw.messages().at(-1)!.message).toBe('back');
  });

  it('a LID or group chat id cannot go through a gateway', async () => {
    const ch = await started(fonnte());
    expect((await sendError(ch.send('123456789012345@lid', 'x'))).kind).toBe('rejected');
    expect((await sendError(ch.send('120363025555555555@g.us', 'x'))).kind).toBe('rejected');
  });

  it('json body type posts JSON (custom gateways)', async () => {
    const seen: { body: string; headers: Record<string, string> }[] = [];
    const ch = createHttpChannel({
      config: { preset: 'custom', url: 'https://gw.example.invalid/api/send', authHeader: 'X-Api-Key', numberField: 'to', messageField: 'body', extraFields: { messageType: 'text' }, bodyType: 'json', successPath: 'success' },
      token: 'k',
      logger,
      fetch: async (_url, init) => {
        seen.push({ body: typeof init.body === 'string' ? init.body : 'FormData', headers: init.headers });
        return { status: 200, text: async () => JSON.stringify({ success: true, data: { id: 'm-1' } }) };
      },
    });
    await ch.start();
    await expect(ch.send('6281111111111@c.us', 'halo')).resolves.toEqual({ providerId: 'm-1' });
    expect(JSON.parse(seen[0]!.body)).toEqual({ messageType: 'text', to: '6281111111111', body: 'halo' });
    expect(seen[0]!.headers).toMatchObject({ 'X-Api-Key': 'k', 'Content-Type': 'application/json' });
  });
});

describe('HTTP channel sending (Wablas preset)', () => {
  it('posts form phone/message and takes data.messages[0].id', async () => {
    const ch = await started(wablas());
    const { providerId } = await ch.send('6282222222222@c.us', 'Halo dari kantor');
    expect(gw.messages().at(-1)).toMatchObject({ gateway: 'wablas', target: '6282222222222', message: 'Halo dari kantor', id: providerId });
    expect(providerId).toMatch(/^wbl-/);
  });

  it('HTTP 401 for a wrong token → failed; documents are not supported by this preset', async () => {
    const ch = await started(wablas(), 'nope');
    expect((await sendError(ch.send('6282222222222@c.us', 'x'))).kind).toBe('rejected');
    expect(ch.status().state).toBe('failed');
    expect(ch.status().reason).toMatch(/^token rejected: HTTP 401/);
    const ok = await started(wablas());
    const e = await sendError(ok.send('6282222222222@c.us', 'x', { filename: 'a.pdf', base64: 'JVBERi0=', mime: 'application/pdf' }));
    expect(e.kind).toBe('rejected');
  });
});
