/**
 * The production whatsapp-web.js adapter (main/modules/whatsapp/channel/webjs.ts) against the scripted stand-in
 * of the library's Client (tests/support/wwebjs-standin.ts). Timers go through a manual scheduler: a test
 * fires the retry it expects instead of waiting for it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WA_BACKOFF_MS, type WaAck, type WaChannel, type WaInbound, WaNotReady, WaSendError, type WaStatus } from '../../main/modules/whatsapp/channel/types';
import { createWebJsChannel, type WebJsChannelOptions } from '../../main/modules/whatsapp/channel/webjs';
import { deferred, waitFor } from '../support/poll';
import { WwebjsWorld } from '../support/wwebjs-standin';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const START_TIMEOUT = 120_000;
const READY_TIMEOUT = 180_000;

/** Timers the test fires by hand, and the clock they move. */
function manualTimers() {
  let t = T0;
  const timers: { fn: () => void; ms: number; live: boolean }[] = [];
  return {
    now: () => new Date(t),
    scheduler: (fn: () => void, ms: number) => {
      const timer = { fn, ms, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    /** Lets time pass without firing anything. */
    advance(ms: number) {
      t += ms;
    },
    pending: () => timers.filter((x) => x.live).map((x) => x.ms),
    /** Fires the pending timer of `ms` (the clock moves by ms). */
    fire(ms: number) {
      const timer = timers.find((x) => x.live && x.ms === ms);
      if (!timer) throw new Error(`no pending ${ms} ms timer (pending: ${this.pending().join(', ') || 'none'})`);
      timer.live = false;
      t += ms;
      timer.fn();
    },
  };
}

let dataDir: string;
let world: WwebjsWorld;
let timers: ReturnType<typeof manualTimers>;
let ch: WaChannel;
let statuses: WaStatus[];

function make(extra: Partial<WebJsChannelOptions> = {}): WaChannel {
  const c = createWebJsChannel({
    dataDir,
    browserPath: null,
    findBrowser: () => '/usr/bin/chromium',
    clientFactory: world.factory,
    mediaFactory: world.media,
    logger: pino({ level: 'silent' }),
    now: timers.now,
    scheduler: timers.scheduler,
    startTimeoutMs: START_TIMEOUT,
    readyTimeoutMs: READY_TIMEOUT,
    ...extra,
  });
  c.on('status', (s) => statuses.push(s));
  return c;
}

async function connected(user = '6281234567890'): Promise<void> {
  await ch.start();
  world.latest().showQr();
  world.latest().pair(user);
  expect(ch.status().state).toBe('connected');
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-wa-'));
  world = new WwebjsWorld();
  timers = manualTimers();
  statuses = [];
  ch = make();
});

afterEach(async () => {
  await ch.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('whatsapp-web.js channel: pairing and status', () => {
  it('goes off → starting → qr → connecting → connected, with the QR text, then the number', async () => {
    expect(ch.status()).toMatchObject({ state: 'off', qr: null, me: null, reason: null, nextRetryAt: null });
    await ch.start();
    expect(ch.status().state).toBe('starting');
    const client = world.latest();
    // LocalAuth and the web cache live under the data dir (absolute), the browser is the one found.
    expect(client.options).toEqual({ authDir: path.join(dataDir, 'whatsapp', 'auth'), cacheDir: path.join(dataDir, 'whatsapp', 'cache'), executablePath: '/usr/bin/chromium' });
    expect(path.isAbsolute(client.options.authDir)).toBe(true);

    const qr = client.showQr('2@first');
    expect(ch.status()).toMatchObject({ state: 'qr', qr });
    client.showQr('2@second'); // the QR refreshes: same state, new text, `since` unchanged
    expect(ch.status().qr).toBe('2@second');
    expect(statuses.at(-1)!.since).toBe(statuses.at(-2)!.since);

    client.emit('authenticated');
    expect(ch.status()).toMatchObject({ state: 'connecting', qr: null });
    client.becomeReady('6281298765432');
    expect(ch.status()).toMatchObject({ state: 'connected', me: '+6281298765432', qr: null, reason: null });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'qr', 'qr', 'connecting', 'connected']);
    expect(timers.pending()).toEqual([]); // no watchdog left running once ready
  });

  it('start() is idempotent: one client only', async () => {
    await ch.start();
    await ch.start();
    expect(world.clients).toHaveLength(1);
  });

  it('gives a pairing code while the QR is shown, and only then', async () => {
    await expect(ch.requestPairingCode('6281234567890')).rejects.toBeInstanceOf(WaNotReady);
    await ch.start();
    world.latest().showQr();
    const code = await ch.requestPairingCode('6281234567890');
    expect(code).toHaveLength(8);
    expect(ch.status()).toMatchObject({ state: 'qr', pairingCode: code });
    await expect(ch.requestPairingCode('0812')).rejects.toThrow(/not a phone number/);
    world.latest().pair();
    expect(ch.status().pairingCode).toBeNull();
  });

  it('TIMEOUT / OPENING pause it as "connecting" (number kept), CONNECTED resumes', async () => {
    await connected();
    world.latest().changeState('TIMEOUT');
    expect(ch.status()).toMatchObject({ state: 'connecting', reason: 'TIMEOUT', me: '+6281234567890' });
    await expect(ch.send('6281111111111@c.us', 'halo')).rejects.toBeInstanceOf(WaNotReady);
    world.latest().changeState('CONNECTED');
    expect(ch.status()).toMatchObject({ state: 'connected', reason: null, me: '+6281234567890' });
  });
});

describe('whatsapp-web.js channel: failures and backoff', () => {
  it('no browser: "failed" with the reason, retried 1 s, 2 s, 5 s, 15 s, 30 s, 1 min, then every 5 min; start() never throws', async () => {
    ch = make({ findBrowser: () => null });
    await expect(ch.start()).resolves.toBeUndefined();
    expect(world.clients).toHaveLength(0);
    const s = ch.status();
    expect(s.state).toBe('failed');
    expect(s.reason).toMatch(/^browser not found: /);
    expect(s.nextRetryAt).toBe(new Date(T0 + 1_000).toISOString());
    const seen: number[] = [];
    for (let i = 0; i < 9; i++) {
      const [ms] = timers.pending();
      seen.push(ms!);
      timers.fire(ms!);
      expect(ch.status().state).toBe('failed');
    }
    expect(seen).toEqual([...WA_BACKOFF_MS, 300_000, 300_000]);
    expect(timers.pending()).toEqual([300_000]);
  });

  it('a configured browser path that does not exist is named in the reason', async () => {
    ch = make({ browserPath: '/opt/nope/chrome', exists: () => false });
    await ch.start();
    expect(ch.status()).toMatchObject({ state: 'failed', reason: 'browser not found: /opt/nope/chrome' });
  });

  it('initialize() rejecting → failed, retried; after a connection that held a minute the backoff starts again at 1 s', async () => {
    world.initializeError = new Error('Browser was not found at the configured executablePath (/usr/bin/chromium)');
    await ch.start();
    expect(ch.status()).toMatchObject({ state: 'failed', reason: 'Browser was not found at the configured executablePath (/usr/bin/chromium)' });
    expect(world.clients[0]!.destroyed).toBeGreaterThan(0);
    expect(timers.pending()).toEqual([1_000]);

    world.initializeError = new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/');
    timers.fire(1_000);
    await waitFor(() => ch.status().state === 'failed' && timers.pending()[0] === 2_000);
    expect(world.clients).toHaveLength(2);

    timers.fire(2_000);
    await waitFor(() => world.clients.length === 3 && ch.status().state === 'starting');
    world.latest().showQr();
    world.latest().pair();
    expect(ch.status().state).toBe('connected');

    timers.advance(60_000);
    world.latest().disconnect('NAVIGATION');
    expect(ch.status()).toMatchObject({ state: 'disconnected', reason: 'NAVIGATION', nextRetryAt: new Date(T0 + 63_000 + 1_000).toISOString() });
    expect(timers.pending()).toEqual([1_000]);
    timers.fire(1_000);
    await waitFor(() => world.clients.length === 4);
    world.latest().pair(); // the saved session: no QR this time
    expect(ch.status().state).toBe('connected');
  });

  it('a factory that throws (library missing) is a failure, not an exception', async () => {
    ch = make({
      clientFactory: () => {
        throw new Error("Cannot find module 'whatsapp-web.js'");
      },
    });
    await expect(ch.start()).resolves.toBeUndefined();
    expect(ch.status()).toMatchObject({ state: 'failed', reason: "whatsapp-web.js: Cannot find module 'whatsapp-web.js'" });
  });

  it('a connection that drops right after ready keeps climbing the backoff (no reconnect loop every second)', async () => {
    await connected();
    world.latest().disconnect('NAVIGATION');
    expect(timers.pending()).toEqual([1_000]);
    timers.fire(1_000);
    await waitFor(() => world.clients.length === 2);
    world.latest().pair();
    timers.advance(5_000);
    world.latest().disconnect('NAVIGATION');
    expect(timers.pending()).toEqual([2_000]);
  });

  it('LOGOUT from the phone: "disconnected", no automatic retry; the next start() shows a new QR', async () => {
    await connected();
    const first = world.latest();
    first.disconnect('LOGOUT');
    expect(ch.status()).toMatchObject({ state: 'disconnected', reason: 'LOGOUT', nextRetryAt: null, me: null });
    expect(timers.pending()).toEqual([]);
    expect(first.destroyed).toBeGreaterThan(0);
    expect(world.clients).toHaveLength(1);

    await ch.start();
    expect(world.clients).toHaveLength(2);
    world.latest().showQr('2@again');
    expect(ch.status()).toMatchObject({ state: 'qr', qr: '2@again', reason: null });
  });

  it('TOS_BLOCK (change_state, then the library\'s own disconnected) → one "disconnected" with the reason, no retry', async () => {
    await connected();
    const before = statuses.length;
    world.latest().changeState('TOS_BLOCK');
    expect(ch.status()).toMatchObject({ state: 'disconnected', reason: 'TOS_BLOCK', nextRetryAt: null });
    expect(statuses.slice(before).map((s) => s.state)).toEqual(['disconnected']);
    expect(timers.pending()).toEqual([]);
  });

  it('UNPAIRED is not retried either; CONFLICT neither; UNLAUNCHED is', async () => {
    await connected();
    world.latest().changeState('UNPAIRED');
    expect(ch.status()).toMatchObject({ state: 'disconnected', reason: 'UNPAIRED', nextRetryAt: null });
    await ch.start();
    world.latest().pair();
    world.latest().changeState('CONFLICT');
    expect(ch.status()).toMatchObject({ state: 'disconnected', reason: 'CONFLICT', nextRetryAt: null });
    await ch.start();
    world.latest().pair();
    world.latest().changeState('UNLAUNCHED');
    expect(ch.status()).toMatchObject({ state: 'disconnected', reason: 'UNLAUNCHED' });
    expect(timers.pending()).toEqual([1_000]);
  });

  it('authenticated but never ready → failed after the ready timeout, retried', async () => {
    await ch.start();
    world.latest().emit('authenticated');
    expect(timers.pending()).toEqual([READY_TIMEOUT]);
    timers.fire(READY_TIMEOUT);
    expect(ch.status().state).toBe('failed');
    expect(ch.status().reason).toMatch(/did not become ready/);
    expect(timers.pending()).toEqual([1_000]);
  });

  it('WhatsApp Web never loading (no QR, no session) → failed after the start timeout; a QR disarms it', async () => {
    await ch.start();
    expect(timers.pending()).toEqual([START_TIMEOUT]);
    timers.fire(START_TIMEOUT);
    expect(ch.status()).toMatchObject({ state: 'failed', reason: 'WhatsApp Web did not load in time' });
    timers.fire(1_000);
    await waitFor(() => world.clients.length === 2);
    world.latest().showQr();
    expect(timers.pending()).toEqual([]);
  });

  it('stop() while the browser is still starting: the late client is destroyed, its events ignored', async () => {
    const gate = deferred();
    world.initializeGate = gate.promise;
    const starting = ch.start();
    await waitFor(() => world.clients.length === 1);
    await ch.stop();
    expect(ch.status().state).toBe('off');
    gate.resolve();
    await starting;
    const late = world.latest();
    expect(late.destroyed).toBeGreaterThanOrEqual(2); // once by stop(), again when initialize() came back
    late.showQr();
    late.disconnect('NAVIGATION');
    expect(ch.status().state).toBe('off');
    expect(timers.pending()).toEqual([]);
  });

  it('stop() cancels a pending retry', async () => {
    ch = make({ findBrowser: () => null });
    await ch.start();
    expect(timers.pending()).toEqual([1_000]);
    await ch.stop();
    expect(timers.pending()).toEqual([]);
    expect(ch.status()).toMatchObject({ state: 'off', reason: null, nextRetryAt: null });
  });
});

describe('whatsapp-web.js channel: sending, resolving, acks, inbound', () => {
  it('send and resolve throw WaNotReady when not connected', async () => {
    await expect(ch.send('6281111111111@c.us', 'halo')).rejects.toBeInstanceOf(WaNotReady);
    await expect(ch.resolve('6281111111111')).rejects.toBeInstanceOf(WaNotReady);
    await ch.start();
    world.latest().showQr();
    await expect(ch.send('6281111111111@c.us', 'halo')).rejects.toBeInstanceOf(WaNotReady);
    expect(world.sent).toEqual([]);
  });

  it('resolves numbers: @c.us, a LID account, null when not on WhatsApp', async () => {
    world.addNumber('6281111111111');
    world.addLidNumber('6282222222222', '123456789012345');
    await connected();
    await expect(ch.resolve('6281111111111')).resolves.toBe('6281111111111@c.us');
    await expect(ch.resolve('6282222222222')).resolves.toBe('123456789012345@lid');
    await expect(ch.resolve('6283333333333')).resolves.toBeNull();
    world.lookupError = new Error('Evaluation failed: TypeError: Cannot read properties of undefined');
    const err = await ch.resolve('6281111111111').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaSendError);
    expect((err as WaSendError).kind).toBe('unknown');
  });

  it('sends text and a PDF as a document with the text as caption; returns the message id', async () => {
    await connected();
    const a = await ch.send('6281111111111@c.us', 'Tagihan Maret');
    expect(a.providerId).toBe(world.sent[0]!.id);
    expect(world.sent[0]).toMatchObject({ chatId: '6281111111111@c.us', content: 'Tagihan Maret', options: {} });
    const b = await ch.send('123456789012345@lid', 'Kuitansi', { filename: 'kuitansi.pdf', base64: 'JVBERi0=', mime: 'application/pdf' });
    expect(b.providerId).not.toBe(a.providerId);
    expect(world.sent[1]).toMatchObject({
      chatId: '123456789012345@lid',
      content: { mimetype: 'application/pdf', data: 'JVBERi0=', filename: 'kuitansi.pdf' },
      options: { caption: 'Kuitansi', sendMediaAsDocument: true },
    });
  });

  it('a failing sendMessage is a WaSendError: "No LID for user" rejected, an evaluation failure unknown', async () => {
    await connected();
    world.sendError = new Error('No LID for user');
    const e1 = (await ch.send('6281111111111@c.us', 'x').catch((e: unknown) => e)) as WaSendError;
    expect(e1).toBeInstanceOf(WaSendError);
    expect(e1.kind).toBe('rejected');
    world.sendError = new Error("Evaluation failed: TypeError: Cannot read properties of undefined (reading 'getChat')");
    const e2 = (await ch.send('6281111111111@c.us', 'x').catch((e: unknown) => e)) as WaSendError;
    expect(e2.kind).toBe('unknown');
    expect(e2.message).toContain('getChat');
    const e3 = (await ch.send('not-a-chat', 'x').catch((e: unknown) => e)) as WaSendError;
    expect(e3.kind).toBe('rejected');
  });

  it('maps MessageAck -1..4 to error/pending/server/device/read/played and ignores unknown values', async () => {
    await connected();
    const acks: [string, WaAck][] = [];
    ch.on('ack', (id, ack) => acks.push([id, ack]));
    const { providerId } = await ch.send('6281111111111@c.us', 'halo');
    for (const n of [-1, 0, 1, 2, 3, 4, 7]) world.latest().ack(providerId, n);
    expect(acks).toEqual([
      [providerId, 'error'],
      [providerId, 'pending'],
      [providerId, 'server'],
      [providerId, 'device'],
      [providerId, 'read'],
      [providerId, 'played'],
    ]);
  });

  it('inbound: 1:1 customer messages only, with the number (also behind a LID), unsubscribe works', async () => {
    world.addLidNumber('6282222222222', '99887766554433');
    await connected();
    const got: WaInbound[] = [];
    const off = ch.on('message', (m) => got.push(m));
    const c = world.latest();
    c.incoming({ from: '6281111111111@c.us', body: 'TAGIHAN', timestamp: 1_772_438_400 });
    c.incoming({ from: '6281111111111@c.us', body: 'mine', fromMe: true });
    c.incoming({ from: 'status@broadcast', body: 'a status', isStatus: true });
    c.incoming({ from: '120363025555555555@g.us', body: 'group chatter' });
    c.incoming({ from: '120363000000000000@newsletter', body: 'channel post' });
    c.incoming({ from: '6281111111111@c.us', body: '', type: 'e2e_notification' });
    c.incoming({ from: '99887766554433@lid', body: 'BAYAR' });
    c.incoming({ from: '11112222333344@lid', body: 'siapa?' });
    await waitFor(() => got.length === 3);
    expect(got.map((m) => [m.from, m.fromNumber, m.body])).toEqual([
      ['6281111111111@c.us', '6281111111111', 'TAGIHAN'],
      ['99887766554433@lid', '6282222222222', 'BAYAR'],
      ['11112222333344@lid', null, 'siapa?'],
    ]);
    expect(got[0]!.at).toBe(new Date(1_772_438_400_000).toISOString());
    expect(got[0]!.providerId).toMatch(/^false_6281111111111@c\.us_/);
    off();
    c.incoming({ from: '6281111111111@c.us', body: 'after unsubscribe' });
    c.incoming({ from: '6289999999999@c.us', body: 'sentinel' });
    const seen: WaInbound[] = [];
    ch.on('message', (m) => seen.push(m));
    c.incoming({ from: '6289999999999@c.us', body: 'last' });
    await waitFor(() => seen.length >= 1);
    expect(got).toHaveLength(3);
  });
});

describe('whatsapp-web.js channel: logout and reset', () => {
  it('logout() unlinks the device, forgets the session on disk and stays off', async () => {
    await connected();
    const authDir = path.join(dataDir, 'whatsapp', 'auth');
    fs.mkdirSync(path.join(authDir, 'session'), { recursive: true });
    fs.writeFileSync(path.join(authDir, 'session', 'Cookies'), 'x');
    const client = world.latest();
    await ch.logout();
    expect(client.loggedOut).toBe(true);
    expect(client.destroyed).toBeGreaterThan(0);
    expect(fs.existsSync(authDir)).toBe(false);
    expect(ch.status()).toMatchObject({ state: 'off', me: null });
    expect(timers.pending()).toEqual([]);
    client.disconnect('LOGOUT'); // the library's own event after logout: ignored
    expect(ch.status().state).toBe('off');
  });

  it('reset() deletes the session and the web cache, then starts a fresh client', async () => {
    await connected();
    const authFile = path.join(dataDir, 'whatsapp', 'auth', 'session', 'Default', 'Cookies');
    const cacheFile = path.join(dataDir, 'whatsapp', 'cache', '2.3000.1017054665.html');
    for (const f of [authFile, cacheFile]) {
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, 'x');
    }
    const old = world.latest();
    await ch.reset();
    expect(old.destroyed).toBeGreaterThan(0);
    expect(fs.existsSync(authFile)).toBe(false);
    expect(fs.existsSync(cacheFile)).toBe(false);
    expect(world.clients).toHaveLength(2);
    expect(ch.status().state).toBe('starting');
    world.latest().showQr('2@fresh');
    expect(ch.status()).toMatchObject({ state: 'qr', qr: '2@fresh' });
  });
});
