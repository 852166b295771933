/**
 * A scripted stand-in for whatsapp-web.js's Client, for testing the production adapter
 * (main/modules/whatsapp/channel/webjs.ts) through its `clientFactory`. The TEST drives it: it emits the
 * library's events (qr, code, authenticated, ready, message, message_ack, change_state, disconnected) when
 * told to, and answers sendMessage / getNumberId / requestPairingCode from a small shared "world".
 *
 * Behaviour copied from the library (1.34.7 src/Client.js): a change_state outside CONNECTED/OPENING/PAIRING/
 * TIMEOUT is followed by `disconnected(state)` and destroy(); getNumberId appends @c.us and answers null for a
 * number not on WhatsApp; message ids are `true_<chat>_<id>` for messages we send.
 */
import { EventEmitter } from 'node:events';
import type { ClientLike, ClientOptions, MessageLike, WidLike } from '../../main/modules/whatsapp/channel/webjs-client';

/** What every stand-in client of one test shares: WhatsApp's side of the world. */
export class WwebjsWorld {
  /** Numbers on WhatsApp: digits → wid. A LID account answers `{ server: 'lid', user: '<lid>' }`. */
  readonly accounts = new Map<string, WidLike>();
  /** LID → phone number (digits), for getContactLidAndPhone. */
  readonly lidToPhone = new Map<string, string>();
  /** The next initialize() rejects with this (once), e.g. puppeteer's "Browser was not found …". */
  initializeError: Error | null = null;
  /** While set, initialize() waits for it (a browser still starting). */
  initializeGate: Promise<void> | null = null;
  /** Every sendMessage rejects with this while set. */
  sendError: Error | null = null;
  /** Every getNumberId rejects with this while set. */
  lookupError: Error | null = null;
  readonly clients: WwebjsStandIn[] = [];
  readonly sent: { chatId: string; content: unknown; options: Record<string, unknown>; id: string }[] = [];

  addNumber(digits: string): void {
    this.accounts.set(digits, { server: 'c.us', user: digits, _serialized: `${digits}@c.us` });
  }

  addLidNumber(digits: string, lid: string): void {
    this.accounts.set(digits, { server: 'lid', user: lid, _serialized: `${lid}@lid` });
    this.lidToPhone.set(lid, digits);
  }

  /** The clientFactory to hand to createWebJsChannel. */
  factory = (o: ClientOptions): ClientLike => {
    const c = new WwebjsStandIn(this, o);
    this.clients.push(c);
    return c;
  };

  /** A stand-in for MessageMedia. */
  media = (mimetype: string, data: string, filename: string) => ({ mimetype, data, filename });

  latest(): WwebjsStandIn {
    const c = this.clients.at(-1);
    if (!c) throw new Error('no stand-in client was created yet');
    return c;
  }
}

const ACCEPTED = new Set(['CONNECTED', 'OPENING', 'PAIRING', 'TIMEOUT']);

export class WwebjsStandIn extends EventEmitter implements ClientLike {
  info: { wid: WidLike } | null = null;
  initialized = false;
  destroyed = 0;
  loggedOut = false;
  private msgSeq = 0;

  constructor(
    private readonly world: WwebjsWorld,
    readonly options: ClientOptions,
  ) {
    super();
  }

  // ---- the library's API, as the adapter calls it ----

  async initialize(): Promise<void> {
    if (this.world.initializeGate) await this.world.initializeGate;
    const err = this.world.initializeError;
    if (err) {
      this.world.initializeError = null;
      throw err;
    }
    this.initialized = true;
  }

  async destroy(): Promise<void> {
    this.destroyed++;
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
  }

  async sendMessage(chatId: string, content: unknown, options: Record<string, unknown> = {}): Promise<{ id: { _serialized: string } }> {
    if (this.world.sendError) throw this.world.sendError;
    const id = `true_${chatId}_3EB0${String(++this.msgSeq).padStart(6, '0')}`;
    this.world.sent.push({ chatId, content, options, id });
    return { id: { _serialized: id } };
  }

  async getNumberId(number: string): Promise<WidLike | null> {
    if (this.world.lookupError) throw this.world.lookupError;
    const digits = number.endsWith('@c.us') ? number.slice(0, -'@c.us'.length) : number;
    return this.world.accounts.get(digits) ?? null;
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    const code = `K${phoneNumber.slice(-3)}WXYZ`.slice(0, 8);
    this.emit('code', code);
    return code;
  }

  async getContactLidAndPhone(userIds: string[]): Promise<{ lid?: string; pn?: string }[]> {
    return userIds.map((id) => {
      const lid = id.replace(/@lid$/, '');
      const pn = this.world.lidToPhone.get(lid);
      return { lid: `${lid}@lid`, ...(pn ? { pn: `${pn}@c.us` } : {}) };
    });
  }

  // ---- what the test makes WhatsApp do ----

  showQr(text = `2@qr-${Math.random().toString(36).slice(2)}`): string {
    this.emit('qr', text);
    return text;
  }

  /** The phone scanned the QR: authenticated, then ready as `user`. */
  pair(user = '6281234567890'): void {
    this.emit('authenticated');
    this.becomeReady(user);
  }

  becomeReady(user = '6281234567890'): void {
    this.info = { wid: { server: 'c.us', user, _serialized: `${user}@c.us` } };
    this.emit('ready');
  }

  ack(providerId: string, ack: number): void {
    this.emit('message_ack', { id: { _serialized: providerId, fromMe: true }, from: 'me', fromMe: true, body: '', timestamp: 0, type: 'chat' } satisfies MessageLike, ack);
  }

  incoming(m: Partial<MessageLike> & { from: string }): void {
    const msg: MessageLike = {
      id: { _serialized: `false_${m.from}_${Math.random().toString(36).slice(2, 10).toUpperCase()}`, fromMe: false },
      fromMe: false,
      body: '',
      timestamp: 1_760_000_000,
      type: 'chat',
      ...m,
    };
    this.emit('message', msg);
  }

  /** Like the library: a state it does not accept is followed by disconnected(state) and destroy(). */
  changeState(state: string): void {
    this.emit('change_state', state);
    if (!ACCEPTED.has(state)) {
      this.emit('disconnected', state);
      void this.destroy();
    }
  }

  disconnect(reason: string): void {
    this.emit('disconnected', reason);
  }
}
