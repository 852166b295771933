/**
 * The WhatsApp channel: one interface, two transports (whatsapp-web.js driving a system browser, or an HTTP
 * gateway such as Fonnte/Wablas). The outbox/sender sits on top and knows nothing of either.
 */

export type WaState = 'off' | 'starting' | 'qr' | 'connecting' | 'connected' | 'disconnected' | 'failed';
export interface WaStatus {
  state: WaState;
  /** The QR code's text while state is 'qr' (the UI draws it); null otherwise. */
  qr: string | null;
  /** A pairing code (8 characters) when one was asked for instead of a QR. */
  pairingCode: string | null;
  /** The connected account's number, E.164 ("+62812…"), when connected. */
  me: string | null;
  /** Why it is disconnected / failed (e.g. 'LOGOUT', 'TOS_BLOCK', 'browser not found: …'), else null. */
  reason: string | null;
  /** When the state last changed (ISO). */
  since: string;
  /** While reconnecting after a failure: when the next try is (ISO), else null. */
  nextRetryAt: string | null;
}
/** whatsapp-web.js MessageAck -1 ERROR, 0 PENDING, 1 SERVER, 2 DEVICE, 3 READ, 4 PLAYED (src/util/Constants.js). */
export type WaAck = 'error' | 'pending' | 'server' | 'device' | 'read' | 'played';
export interface WaInbound { providerId: string; from: string /* chat id, e.g. 6281…@c.us or …@lid */; fromNumber: string | null /* digits 62…, when known */; body: string; at: string /* ISO */; }
export interface WaChannelEvents {
  status(s: WaStatus): void;
  ack(providerId: string, ack: WaAck): void;
  message(m: WaInbound): void;
}
export interface WaChannel {
  readonly kind: 'webjs' | 'http';
  status(): WaStatus;
  /** Starts (idempotent). Never throws for WhatsApp-side failures: they show in status(), and it retries with backoff (1 s, 2 s, 5 s, 15 s, 30 s, 1 min, 5 min cap) until stop(). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Logs the linked device out and forgets the session (a new QR next start). */
  logout(): Promise<void>;
  /** Stops, deletes the session and the web cache on disk, starts again (the "reset WhatsApp session" action). */
  reset(): Promise<void>;
  /** Ask for a pairing code for this number (digits 62…) instead of the QR (webjs only; http throws). */
  requestPairingCode(number: string): Promise<string>;
  /** The chat id to send to (wid._serialized from getNumberId), or null when the number is not on WhatsApp. Throws WaNotReady when not connected. http: returns `${number}@c.us` (the gateway resolves). */
  resolve(number: string): Promise<string | null>;
  /** Whether send() can attach a document here (an HTTP gateway only with a file field set up). */
  sendsDocuments(): boolean;
  /** Sends a text (optionally a PDF document with a caption). Returns the provider's message id. Throws WaNotReady when not connected, WaSendError(kind: 'rejected'|'unreachable'|'unknown', message) otherwise. */
  send(chatId: string, text: string, doc?: { filename: string; base64: string; mime: 'application/pdf' }): Promise<{ providerId: string }>;
  on<E extends keyof WaChannelEvents>(event: E, fn: WaChannelEvents[E]): () => void;
}

/** Thrown by send/resolve/requestPairingCode when the channel cannot take the call in its current state. Nothing was sent. */
export class WaNotReady extends Error {
  constructor(message = 'WhatsApp is not connected') {
    super(message);
    this.name = 'WaNotReady';
  }
}

/**
 * Why a send (or a resolve) failed, in terms of "may it have gone out?":
 * - `rejected`: refused for a reason that repeating the same call will not fix (bad chat id, "No LID for user",
 *   gateway said status:false / token invalid, HTTP 4xx). Not sent.
 * - `unreachable`: the request never reached the provider (connection refused, DNS, HTTP 502/503/504). Not
 *   sent; safe to retry later.
 * - `unknown`: it may or may not have gone out (timeout, browser/page died mid-call, HTTP 500, an answer we
 *   cannot read). Retrying risks a duplicate: the outbox decides.
 */
export type WaSendErrorKind = 'rejected' | 'unreachable' | 'unknown';
export class WaSendError extends Error {
  constructor(
    readonly kind: WaSendErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'WaSendError';
  }
}

/** The logger both channels write to (pino's Logger fits). */
export interface WaLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Runs `fn` after `ms`; returns a cancel function. Injectable so tests drive retries without waiting. */
export type WaScheduler = (fn: () => void, ms: number) => () => void;

/** The reconnect delays of the interface contract: 1 s, 2 s, 5 s, 15 s, 30 s, 1 min, then 5 min for every further try. */
export const WA_BACKOFF_MS: readonly number[] = [1_000, 2_000, 5_000, 15_000, 30_000, 60_000, 300_000];

export const realScheduler: WaScheduler = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};
