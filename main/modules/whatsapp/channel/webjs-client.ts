/**
 * The part of whatsapp-web.js's Client the adapter uses (ClientLike), and the production factory that builds a
 * real Client. Facts from pedroslopez/whatsapp-web.js 1.34.7 src/Client.js and src/util/Constants.js, and the
 * reference (shared/reference/whatsapp.md §2–§6, §8.1).
 *
 * The library is loaded with a dynamic import, only when WhatsApp is started, and stays out of the bundle:
 * scripts/build.mjs builds main with `packages: 'external'`, so `whatsapp-web.js` and `puppeteer` are required
 * from node_modules at run time (bundling them breaks the functions passed to page.evaluate, §8 / #1855).
 */
import path from 'node:path';

/** A WhatsApp id as the library gives it (ContactId): `{ server: 'c.us' | 'lid' | …, user, _serialized }`. */
export interface WidLike {
  server: string;
  user: string;
  _serialized: string;
}

/** The fields of a library Message the adapter reads. */
export interface MessageLike {
  id: { _serialized: string; fromMe?: boolean };
  from: string;
  fromMe: boolean;
  body: string;
  /** Seconds since the epoch. */
  timestamp: number;
  type: string;
  isStatus?: boolean;
}

/** whatsapp-web.js Client, the subset we use. Events: Constants.Events (qr, code, authenticated, auth_failure, ready, disconnected, change_state, message, message_ack). */
export interface ClientLike {
  on(event: 'qr' | 'code', fn: (text: string) => void): unknown;
  on(event: 'authenticated' | 'ready', fn: () => void): unknown;
  on(event: 'auth_failure' | 'disconnected' | 'change_state', fn: (reason: string) => void): unknown;
  on(event: 'message', fn: (msg: MessageLike) => void): unknown;
  on(event: 'message_ack', fn: (msg: MessageLike, ack: number) => void): unknown;
  /** Resolves once WhatsApp Web is loaded and the scripts injected (before 'qr'/'ready'); rejects e.g. when the browser cannot start. */
  initialize(): Promise<void>;
  /** Closes the browser (if it runs). */
  destroy(): Promise<void>;
  /** Logs the device out on WhatsApp, closes the browser, deletes the LocalAuth session directory. */
  logout(): Promise<void>;
  sendMessage(chatId: string, content: unknown, options?: Record<string, unknown>): Promise<{ id: { _serialized: string } } | null | undefined>;
  /** Appends @c.us and asks WhatsApp (queryWidExists): the wid, or null when the number is not on WhatsApp. */
  getNumberId(number: string): Promise<WidLike | null>;
  requestPairingCode(phoneNumber: string, showNotification?: boolean, intervalMs?: number): Promise<string>;
  /** LID ↔ phone number (1.34.x; `pn` is `62…@c.us`). Optional: older versions lack it. */
  getContactLidAndPhone?(userIds: string[]): Promise<{ lid?: string; pn?: string }[]>;
  /** Set once 'ready' fired. */
  info?: { wid?: { user: string } } | null;
}

/** What the adapter hands to the factory: plain data, the factory builds the library objects. */
export interface ClientOptions {
  /** LocalAuth dataPath: absolute (the library's default is relative to cwd, §3 / §8.1). */
  authDir: string;
  /** webVersionCache { type: 'local', path } (absolute, same reason). */
  cacheDir: string;
  executablePath: string;
}

export type ClientFactory = (o: ClientOptions) => ClientLike | Promise<ClientLike>;
/** Builds what sendMessage takes for a document: the library's MessageMedia (content `instanceof MessageMedia` is checked). */
export type MediaFactory = (mime: string, base64: string, filename: string) => unknown | Promise<unknown>;

export function sessionDirs(dataDir: string): { authDir: string; cacheDir: string } {
  return { authDir: path.join(dataDir, 'whatsapp', 'auth'), cacheDir: path.join(dataDir, 'whatsapp', 'cache') };
}

/** Chromium flags from the reference (§2.1): --no-sandbox is needed when running as root on Linux. */
export const BROWSER_ARGS = ['--no-sandbox', '--disable-setuid-sandbox', '--disable-dev-shm-usage', '--disable-gpu'];

type WebJsModule = typeof import('whatsapp-web.js');

let loaded: Promise<WebJsModule> | null = null;
/**
 * The library, loaded once. In the app's CommonJS bundle a plain require() (resolved from node_modules, also
 * inside app.asar); elsewhere (tests, tsx) a dynamic import, whose CommonJS namespace carries it as `default`.
 */
function loadWebJs(): Promise<WebJsModule> {
  loaded ??= (async () => {
    if (typeof require === 'function') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, only when WhatsApp starts; kept external by the bundler
      return require('whatsapp-web.js') as WebJsModule;
    }
    const m = await import('whatsapp-web.js');
    return ((m as unknown as { default?: WebJsModule }).default ?? m) as WebJsModule;
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}

export const productionClientFactory: ClientFactory = async (o) => {
  const lib = await loadWebJs();
  const client = new lib.Client({
    authStrategy: new lib.LocalAuth({ dataPath: o.authDir }),
    webVersionCache: { type: 'local', path: o.cacheDir },
    puppeteer: { executablePath: o.executablePath, headless: true, args: BROWSER_ARGS },
  });
  // Checked by tsc: the real Client satisfies the subset the adapter relies on.
  const like: ClientLike = client;
  return like;
};

export const productionMediaFactory: MediaFactory = async (mime, base64, filename) => {
  const lib = await loadWebJs();
  return new lib.MessageMedia(mime, base64, filename);
};
