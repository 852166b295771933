/**
 * The HTTP gateway channel (Fonnte-style: one POST per message, token in a header, fields configurable;
 * shared/reference/portal-api.md §5).
 *
 * Honest status: a gateway has no session we can see, so 'connected' means "configured, and the gateway has not
 * refused our token"; start() never calls the network. A send answered with an auth error (HTTP 401/403, or
 * status:false with a token/key reason) turns the status to 'failed' with the reason, and sends are refused
 * (WaNotReady) until start() is called again (e.g. after the token was changed). A gateway that is down does
 * not change the status: the outbox retries the message ('unreachable').
 *
 * Acks: none. The send answer only says the gateway queued the message (Fonnte `process: "pending"`); delivery
 * states come from the gateway's status webhook (Fonnte: set per device in its dashboard, §5.1), which this
 * channel does not receive. So the outbox keeps such messages at 'sent'. Inbound messages also arrive by
 * webhook only: this channel never emits 'message'.
 */
import { errorText, ChannelState } from './status';
import { type HttpGatewayConfig, httpGatewayConfigSchema } from './http-config';
import { type WaChannel, type WaLogger, WaNotReady, WaSendError } from './types';
import { numberOfChatId } from './webjs-map';

export type { HttpGatewayConfig } from './http-config';

export type HttpGatewayFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string | FormData; redirect: 'manual'; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface HttpChannelOptions {
  config: HttpGatewayConfig;
  token: string;
  fetch?: HttpGatewayFetch;
  logger: WaLogger;
  now?: () => Date;
  /** Per-request timeout (default 20 s). */
  timeoutMs?: number;
}

const PHONE = /^\d{8,15}$/;
/** Errors before anything was sent: the connection never opened. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const AUTH_WORDS = /token|unauthori[sz]ed|api ?key|secret|forbidden/i;

export function createHttpChannel(opts: HttpChannelOptions): WaChannel {
  const now = opts.now ?? (() => new Date());
  const st = new ChannelState(opts.logger, now);
  const doFetch: HttpGatewayFetch = opts.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let seq = 0;

  function configError(): string | null {
    const r = httpGatewayConfigSchema.safeParse(opts.config);
    if (!r.success) return r.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');
    if (opts.token.trim() === '') return 'token is empty';
    return null;
  }

  function authFailed(why: string): never {
    st.set('failed', { reason: `token rejected: ${why}` });
    throw new WaSendError('rejected', `gateway refused the token: ${why}`);
  }

  function body(number: string, text: string, doc?: { filename: string; base64: string; mime: string }): { body: string | FormData; contentType?: string } {
    const c = opts.config;
    const fields: Record<string, string> = { ...c.extraFields, [c.numberField]: number, [c.messageField]: text };
    if (doc) {
      if (!c.fileField || c.bodyType !== 'form') throw new WaSendError('rejected', 'this gateway is not set up to send documents');
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append(c.fileField, new Blob([Buffer.from(doc.base64, 'base64')], { type: doc.mime }), doc.filename);
      return { body: form }; // fetch sets the multipart boundary itself
    }
    if (c.bodyType === 'json') return { body: JSON.stringify(fields), contentType: 'application/json' };
    return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
  }

  /** No network: an HTTP gateway has no session to open. Configured → 'connected'; else 'failed' with what is missing. */
  async function start(): Promise<void> {
    const err = configError();
    if (err) st.set('failed', { reason: `not configured: ${err}` });
    else st.set('connected');
  }

  return {
    kind: 'http',
    sendsDocuments: () => Boolean(opts.config.fileField) && opts.config.bodyType === 'form',
    status: () => st.get(),
    on: (event, fn) => st.on(event, fn),

    start,
    async stop() {
      st.set('off');
    },
    /** Nothing is linked on our side (the device lives on the gateway's website): stops. */
    async logout() {
      st.set('off');
    },
    async reset() {
      st.set('off');
      await start();
    },
    async requestPairingCode() {
      throw new WaNotReady('an HTTP gateway links its device on the gateway’s own website');
    },
    async resolve(number) {
      if (!PHONE.test(number)) throw new WaSendError('rejected', `not a phone number (digits 62…): ${number}`);
      if (st.state !== 'connected') throw new WaNotReady(`WhatsApp gateway is not usable (${st.state})`);
      return `${number}@c.us`; // the gateway resolves numbers itself
    },

    async send(chatId, text, doc) {
      if (st.state !== 'connected') throw new WaNotReady(`WhatsApp gateway is not usable (${st.state})`);
      const number = numberOfChatId(chatId);
      if (!number) throw new WaSendError('rejected', `an HTTP gateway sends to phone numbers only, not ${chatId}`);
      if (!doc && text.trim() === '') throw new WaSendError('rejected', 'empty message');
      const b = body(number, text, doc);
      const headers: Record<string, string> = { [opts.config.authHeader || 'Authorization']: opts.token, Accept: 'application/json' };
      if (b.contentType) headers['Content-Type'] = b.contentType;

      let status: number;
      let raw: string;
      try {
        const res = await doFetch(opts.config.url, { method: 'POST', headers, body: b.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
        status = res.status;
        raw = await res.text();
      } catch (e) {
        const code = causeCode(e);
        if (code && NOT_CONNECTED_CODES.has(code)) throw new WaSendError('unreachable', `gateway unreachable: ${code}`);
        throw new WaSendError('unknown', `gateway: ${errorText(e)}${code ? ` (${code})` : ''}`); // timeout / reset: it may have been queued
      }
      const json = tryJson(raw);
      const said = pickReason(json) ?? (raw.trim().slice(0, 200) || `HTTP ${status}`);
      if (status === 401 || status === 403) authFailed(`HTTP ${status}: ${said}`);
      if (status === 502 || status === 503 || status === 504) throw new WaSendError('unreachable', `gateway HTTP ${status}`);
      if (status >= 500) throw new WaSendError('unknown', `gateway HTTP ${status}: ${said}`);
      if (status < 200 || status >= 300) throw new WaSendError('rejected', `gateway HTTP ${status}: ${said}`);
      const path = opts.config.successPath;
      if (path) {
        if (json === undefined) throw new WaSendError('unknown', `gateway answer is not JSON: ${raw.slice(0, 200)}`);
        const ok = valueAt(json, path);
        if (ok !== true && ok !== 'true') {
          if (AUTH_WORDS.test(said)) authFailed(said);
          throw new WaSendError('rejected', `gateway: ${said}`);
        }
      }
      const id = providerIdOf(json);
      if (id) return { providerId: id };
      opts.logger.warn({ gateway: opts.config.preset }, 'whatsapp gateway: success without a message id; using a local one');
      return { providerId: `local:${now().getTime()}:${++seq}` };
    },
  };
}

/**
 * The message id in a success answer. Fonnte: `id: ["80367170"]` (one per target), else `requestid` (present in
 * every answer since Feb 2025) [FON-U2025; body shape unverified, third-party]. Wablas v1: `data.messages[0].id`
 * [unverified: the reference has no answer shape for Wablas]. Custom gateways: `data.id`, `id`, `message_id`.
 */
export function providerIdOf(json: unknown): string | null {
  const pick = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
  const candidates = [
    valueAt(json, 'id.0'),
    valueAt(json, 'data.messages.0.id'),
    valueAt(json, 'data.id'),
    valueAt(json, 'message_id'),
    valueAt(json, 'id'),
    valueAt(json, 'requestid'),
  ];
  for (const c of candidates) {
    const s = pick(c);
    if (s) return s;
  }
  return null;
}

/** `a.b.0.c` in parsed JSON (array indices as numbers). */
export function valueAt(json: unknown, path: string): unknown {
  let v: unknown = json;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

function pickReason(json: unknown): string | null {
  for (const k of ['reason', 'message', 'detail', 'error']) {
    const v = valueAt(json, k);
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 200);
  }
  return null;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** undici wraps socket errors: fetch failed → cause { code: 'ECONNREFUSED' }. */
function causeCode(e: unknown): string | null {
  for (let cur: unknown = e, i = 0; cur && i < 4; cur = (cur as { cause?: unknown }).cause, i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}
