/**
 * The whatsapp-web.js channel: one Client driving a system Chrome/Chromium/Edge (puppeteer executablePath),
 * its session in <dataDir>/whatsapp/auth (LocalAuth) and the web-version cache in <dataDir>/whatsapp/cache.
 *
 * Lifecycle: start() launches a client; its events move the status ('starting' → 'qr' → 'connecting' →
 * 'connected'). Whatever goes wrong on the WhatsApp side (no browser, initialize rejecting, a disconnect,
 * WhatsApp Web never loading or never becoming ready) is shown in the status and retried with backoff
 * (WA_BACKOFF_MS); a connection that held for a minute resets the backoff. The exceptions are the disconnect reasons in
 * NO_RETRY_REASONS (logged out/unpaired, blocked, conflict): those stay 'disconnected' with the reason until
 * the next start(). Every client gets a generation number: events of a client we already left are ignored,
 * and a client that finishes initialising after we left it is destroyed again (the library launches the
 * browser inside initialize(), so an early destroy() can miss it).
 */
import fs from 'node:fs';
import { findBrowser } from './browser';
import { ChannelState, errorText } from './status';
import { realScheduler, WA_BACKOFF_MS, type WaChannel, type WaLogger, WaNotReady, type WaScheduler, WaSendError } from './types';
import { type ClientFactory, type ClientLike, type MediaFactory, type MessageLike, productionClientFactory, productionMediaFactory, sessionDirs } from './webjs-client';
import { ACCEPTED_STATES, isCustomerMessage, mapAck, NO_RETRY_REASONS, numberOfChatId, sendErrorOf } from './webjs-map';

export interface WebJsChannelOptions {
  dataDir: string;
  /** The browser the user set in Settings; null = find one (findBrowser). */
  browserPath: string | null;
  clientFactory?: ClientFactory;
  mediaFactory?: MediaFactory;
  logger: WaLogger;
  now?: () => Date;
  /** Timers for retries and watchdogs (tests inject a manual one). */
  scheduler?: WaScheduler;
  backoffMs?: readonly number[];
  /** Neither a QR nor a session this long after launching → failure, retried (page.goto has no timeout in the library). Default 2 min. */
  startTimeoutMs?: number;
  /** 'authenticated' but no 'ready' this long after → failure, retried (the classic breakage after a WhatsApp Web update, §8). Default 3 min. */
  readyTimeoutMs?: number;
  /** Browser lookup and existence check (tests). */
  findBrowser?: () => string | null;
  exists?: (p: string) => boolean;
}

const PHONE = /^\d{8,15}$/;
/** Connected at least this long before a drop → the next retry starts the backoff again at its first step. */
const STABLE_MS = 60_000;
const CHAT_ID = /^[^@\s]+@(c\.us|lid|g\.us)$/;

export function createWebJsChannel(opts: WebJsChannelOptions): WaChannel {
  const now = opts.now ?? (() => new Date());
  const log = opts.logger;
  const st = new ChannelState(log, now);
  const schedule = opts.scheduler ?? realScheduler;
  const backoff = opts.backoffMs ?? WA_BACKOFF_MS;
  const factory = opts.clientFactory ?? productionClientFactory;
  const media = opts.mediaFactory ?? productionMediaFactory;
  const dirs = sessionDirs(opts.dataDir);
  const startTimeoutMs = opts.startTimeoutMs ?? 120_000;
  const readyTimeoutMs = opts.readyTimeoutMs ?? 180_000;

  let wanted = false;
  let gen = 0;
  let client: ClientLike | null = null;
  let launching = false;
  let failures = 0;
  /** When the current client became ready (null: not ready). */
  let readyAt: number | null = null;
  let cancelRetry: (() => void) | null = null;
  let cancelWatchdog: (() => void) | null = null;
  let inbound: Promise<void> = Promise.resolve();

  function clearTimers(): void {
    cancelRetry?.();
    cancelRetry = null;
    cancelWatchdog?.();
    cancelWatchdog = null;
  }

  /** Leaves the current client (its events are ignored from now on) and returns it for disposal. */
  function detach(): ClientLike | null {
    gen++;
    launching = false;
    // A connection that held for a while earns a fresh backoff; one that drops right after 'ready' does not
    // (no reconnect loop every second against WhatsApp).
    if (readyAt !== null && now().getTime() - readyAt >= STABLE_MS) failures = 0;
    readyAt = null;
    clearTimers();
    const c = client;
    client = null;
    return c;
  }

  async function dispose(c: ClientLike | null): Promise<void> {
    if (!c) return;
    try {
      await c.destroy();
    } catch (e) {
      log.debug({ err: e }, 'whatsapp: destroy failed (browser already gone?)');
    }
  }

  function retry(state: 'failed' | 'disconnected', reason: string): void {
    const ms = backoff[Math.min(failures, backoff.length - 1)] ?? 300_000;
    failures++;
    st.set(state, { reason, nextRetryAt: new Date(now().getTime() + ms).toISOString() });
    log.warn({ whatsapp: { reason, retryInMs: ms, failures } }, 'whatsapp: will retry');
    cancelRetry = schedule(() => {
      cancelRetry = null;
      void launch();
    }, ms);
  }

  /** The client of generation `g` failed or was disconnected. */
  function lost(g: number, state: 'failed' | 'disconnected', reason: string): void {
    if (g !== gen) return;
    void dispose(detach());
    if (!wanted) return st.set('off');
    if (state === 'disconnected' && NO_RETRY_REASONS.has(reason)) return st.set('disconnected', { reason });
    retry(state, reason);
  }

  function arm(g: number, ms: number, reason: string): void {
    cancelWatchdog?.();
    cancelWatchdog = schedule(() => {
      cancelWatchdog = null;
      lost(g, 'failed', reason);
    }, ms);
  }

  function disarm(): void {
    cancelWatchdog?.();
    cancelWatchdog = null;
  }

  function browser(): { path: string } | { error: string } {
    const exists = opts.exists ?? fs.existsSync;
    if (opts.browserPath) return exists(opts.browserPath) ? { path: opts.browserPath } : { error: `browser not found: ${opts.browserPath}` };
    const found = (opts.findBrowser ?? (() => findBrowser()))();
    return found ? { path: found } : { error: 'browser not found: install Google Chrome, Chromium or Microsoft Edge, or set its path in Settings' };
  }

  async function launch(): Promise<void> {
    if (!wanted) return;
    const g = ++gen;
    launching = true;
    st.set('starting');
    const exe = browser();
    if ('error' in exe) {
      launching = false;
      return retry('failed', exe.error);
    }
    let c: ClientLike;
    try {
      c = await factory({ ...dirs, executablePath: exe.path });
    } catch (e) {
      if (g !== gen) return;
      launching = false;
      return retry('failed', `whatsapp-web.js: ${errorText(e)}`);
    }
    if (g !== gen) return;
    launching = false;
    client = c;
    wire(c, g);
    arm(g, startTimeoutMs, 'WhatsApp Web did not load in time');
    try {
      await c.initialize();
    } catch (e) {
      if (g === gen) return lost(g, 'failed', errorText(e));
    }
    if (g !== gen) await dispose(c);
  }

  function wire(c: ClientLike, g: number): void {
    const live = () => g === gen;
    let ready = false;
    c.on('qr', (qr) => {
      if (!live()) return;
      disarm(); // a QR waits for a person: no time limit
      st.set('qr', { qr });
    });
    c.on('code', (code) => {
      if (live()) st.set('qr', { pairingCode: code });
    });
    c.on('authenticated', () => {
      if (!live()) return;
      st.set('connecting');
      arm(g, readyTimeoutMs, 'WhatsApp Web did not become ready (try "reset session", or update the app)');
    });
    // LocalAuth never reports a failed restore (BaseAuthStrategy.onAuthenticationNeeded → failed: false); other strategies may.
    c.on('auth_failure', (msg) => lost(g, 'failed', `AUTH_FAILURE: ${msg}`));
    c.on('ready', () => {
      if (!live()) return;
      ready = true;
      readyAt = now().getTime();
      disarm();
      const user = c.info?.wid?.user;
      st.set('connected', { me: user ? `+${user}` : null });
    });
    c.on('change_state', (s) => {
      if (!live()) return;
      if (!ACCEPTED_STATES.has(s)) return lost(g, 'disconnected', s); // the library disconnects itself right after
      if (!ready) return;
      if (s === 'CONNECTED') st.set('connected');
      else st.set('connecting', { reason: s }); // OPENING / PAIRING / TIMEOUT: the sender pauses until CONNECTED
    });
    c.on('disconnected', (reason) => lost(g, 'disconnected', String(reason)));
    c.on('message_ack', (m, ack) => {
      const a = mapAck(ack);
      const id = m?.id?._serialized;
      if (live() && a && id) st.emit('ack', id, a);
    });
    c.on('message', (m) => {
      if (live() && isCustomerMessage(m)) inbound = inbound.then(() => deliver(c, m));
    });
  }

  /** Emits an inbound message; for a LID chat, asks the library for the phone number behind it (§5). */
  async function deliver(c: ClientLike, m: MessageLike): Promise<void> {
    let fromNumber = numberOfChatId(m.from);
    if (fromNumber === null && m.from.endsWith('@lid') && c.getContactLidAndPhone) {
      try {
        const [r] = await c.getContactLidAndPhone([m.from]);
        fromNumber = numberOfChatId(r?.pn);
      } catch (e) {
        log.debug({ err: e }, 'whatsapp: could not map a LID to a number');
      }
    }
    const at = m.timestamp > 0 ? new Date(m.timestamp * 1000) : now();
    st.emit('message', { providerId: m.id._serialized, from: m.from, fromNumber, body: m.body ?? '', at: at.toISOString() });
  }

  function connectedClient(): ClientLike {
    if (!client || st.state !== 'connected') throw new WaNotReady(`WhatsApp is not connected (${st.state})`);
    return client;
  }

  return {
    kind: 'webjs',
    sendsDocuments: () => true,
    status: () => st.get(),
    on: (event, fn) => st.on(event, fn),

    async start() {
      if (wanted && (client !== null || launching || cancelRetry !== null)) return;
      wanted = true;
      failures = 0; // a deliberate start (app launch, "connect" after a logout/ban) begins the backoff afresh
      await launch();
    },

    async stop() {
      wanted = false;
      failures = 0;
      const c = detach();
      st.set('off');
      await dispose(c);
    },

    async logout() {
      wanted = false;
      failures = 0;
      const wasLinked = st.state === 'connected' || st.state === 'connecting';
      const c = detach();
      if (c && wasLinked) {
        try {
          await c.logout(); // tells WhatsApp to unlink this device, closes the browser, deletes the LocalAuth dir
        } catch (e) {
          log.warn({ err: e }, 'whatsapp: logout on WhatsApp failed; forgetting the session locally anyway');
        }
      }
      await dispose(c);
      await fs.promises.rm(dirs.authDir, { recursive: true, force: true, maxRetries: 4 });
      st.set('off');
    },

    async reset() {
      wanted = false;
      failures = 0;
      const c = detach();
      st.set('off');
      await dispose(c); // the browser must be gone before its profile can be deleted
      await fs.promises.rm(dirs.authDir, { recursive: true, force: true, maxRetries: 4 });
      await fs.promises.rm(dirs.cacheDir, { recursive: true, force: true, maxRetries: 4 });
      log.info({}, 'whatsapp: session and web cache deleted');
      wanted = true;
      await launch();
    },

    async requestPairingCode(number) {
      if (!PHONE.test(number)) throw new RangeError(`not a phone number (digits 62…): ${number}`);
      const c = client;
      if (!c || st.state !== 'qr') throw new WaNotReady(`a pairing code can be asked for only while the QR is shown (${st.state})`);
      const code = await c.requestPairingCode(number);
      if (client === c && st.state === 'qr') st.set('qr', { pairingCode: code });
      return code;
    },

    async resolve(number) {
      if (!PHONE.test(number)) throw new WaSendError('rejected', `not a phone number (digits 62…): ${number}`);
      const c = connectedClient();
      try {
        const wid = await c.getNumberId(number);
        return wid?._serialized ?? null;
      } catch (e) {
        throw sendErrorOf(`getNumberId: ${errorText(e)}`);
      }
    },

    async send(chatId, text, doc) {
      if (!CHAT_ID.test(chatId)) throw new WaSendError('rejected', `not a WhatsApp chat id: ${chatId}`);
      if (!doc && text.trim() === '') throw new WaSendError('rejected', 'empty message');
      const c = connectedClient();
      let content: unknown = text;
      let options: Record<string, unknown> = {};
      if (doc) {
        try {
          content = await media(doc.mime, doc.base64, doc.filename);
        } catch (e) {
          throw new WaSendError('unreachable', `document: ${errorText(e)}`);
        }
        // §6: a PDF goes as a document with the text as its caption.
        options = { caption: text, sendMediaAsDocument: true };
      }
      let sent: Awaited<ReturnType<ClientLike['sendMessage']>>;
      try {
        sent = await c.sendMessage(chatId, content, options);
      } catch (e) {
        throw sendErrorOf(errorText(e));
      }
      const providerId = sent?.id?._serialized;
      if (!providerId) throw new WaSendError('unknown', 'whatsapp-web.js returned no message id');
      return { providerId };
    },
  };
}
