/**
 * The DuitKu sandbox double: a real HTTP server on loopback (see README.md) plus the control object tests drive
 * it with. Independent of the adapter under test: it signs with node:crypto itself (signing.ts).
 */
import { PeerServer, WebhookSender, type Delivery, type LoggedRequest, type PeerFaults, type PeerReply, type PeerRequest, json } from '../gateways/peer-http';
import { DuitkuApi } from './api';
import { DEFAULT_METHODS, type SimMethod } from './methods';
import { isPayPage, payPage } from './paypage';
import { sign, type DuitkuScheme, type SignedCall } from './signing';
import { DuitkuState, type SimMerchant, type SimTransaction } from './state';

export interface DuitkuSimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default one merchant: D0001 / 732B39FC61796845775D2C4FB05332AF (the SDK's test key) / hmac-sha256. */
  merchants?: SimMerchant[];
  /** Channels and fees (default methods.ts DEFAULT_METHODS). */
  methods?: SimMethod[];
  /** Send callbacks (default true). Off = the office has no public address. Also `sim.callbacksEnabled`. */
  callbacks?: boolean;
  /** Attempts per callback (default 5, reference §6.1). */
  callbackMaxAttempts?: number;
  /** Wait before the next attempt after attempt n failed (default 1000·n ms; use 1–5 ms in tests). */
  callbackBackoffMs?: number | ((attempt: number) => number);
  /** Per-attempt timeout (default 10 000 ms). */
  callbackTimeoutMs?: number;
  /** resultCode of the callback fail() sends: '01' (API docs, default) or '02' (POP table) (§6.3). */
  failedResultCode?: '01' | '02';
  /** Deeplink key in inquiry answers (default 'AppUrl', as in the docs' example; the table says appUrl). */
  appUrlKey?: 'appUrl' | 'AppUrl';
  /** Initial latency per reply (ms). */
  latencyMs?: number;
  /** Accepted distance of a POP x-duitku-timestamp from real time (default 5 min). */
  popTimestampSkewMs?: number;
}

export interface CallbackOverrides {
  /** Field values to change (null removes the field), e.g. `{ amount: '1' }`, `{ merchantOrderId: 'nope' }`. */
  fields?: Record<string, string | null>;
  /** Sign with another key and/or scheme (a forgery, or a scheme migration); default the merchant's own. */
  signWith?: { apiKey?: string; scheme?: DuitkuScheme };
  /** Send this signature as is (no signing). */
  signature?: string;
  /** Another receiver (default the transaction's callbackUrl). */
  url?: string;
  /** Default the sender's maximum (5). */
  maxAttempts?: number;
}

export interface DuitkuSim {
  readonly port: number;
  readonly host: string;
  /** `http://127.0.0.1:PORT`: the base URL for both the API and the POP paths. */
  readonly baseUrl: string;
  readonly state: DuitkuState;
  readonly faults: PeerFaults;
  /** Automatic callbacks (and resends) on/off. */
  callbacksEnabled: boolean;
  /** Customer pays (status 00) and the callback goes out. `amount`: what was paid (default the asked amount). */
  pay(orderId: string, opts?: { amount?: number; method?: string }): Delivery | null;
  /** Payment fails (status 02) and a failure callback goes out (resultCode per failedResultCode). */
  fail(orderId: string): Delivery | null;
  /** Expires now (status 02, no callback: DuitKu documents none). */
  expire(orderId: string): void;
  /** Sends the current state's callback again (like the dashboard's manual resend). */
  resendCallback(orderId: string): Delivery | null;
  /** Sends a callback built from the transaction with overrides: forged signatures, other amounts, unknown ids. */
  sendCallback(orderId: string, overrides?: CallbackOverrides): Delivery | null;
  /** The callback form fields for a transaction's current state, signed (what pay()/fail() send). */
  callbackFields(orderId: string, resultCode?: string): Record<string, string>;
  /** Every callback delivery (optionally for one order), with its attempts. */
  callbacks(orderId?: string): Delivery[];
  /** Settles when every callback delivery so far has finished (acknowledged or out of attempts). */
  callbacksIdle(): Promise<void>;
  transactions(): SimTransaction[];
  transaction(orderIdOrReference: string): SimTransaction;
  /** Every HTTP request seen (API, POP and pay page), oldest first. */
  requests(): LoggedRequest[];
  /** Moves the sandbox's clock (pending transactions past expiry then answer 02). */
  advanceClock(ms: number): void;
  /** DuitKu's signature for `call` as a merchant's own scheme and key would make it. */
  sign(call: SignedCall, fields: Record<string, string>, merchantCode?: string): string;
  close(): Promise<void>;
}

export const DEFAULT_MERCHANT: SimMerchant = { code: 'D0001', apiKey: '732B39FC61796845775D2C4FB05332AF', scheme: 'hmac-sha256' };

export async function startDuitkuSim(opts: DuitkuSimOptions = {}): Promise<DuitkuSim> {
  const state = new DuitkuState(opts.merchants ?? [DEFAULT_MERCHANT], opts.methods ?? DEFAULT_METHODS);
  const sender = new WebhookSender({
    maxAttempts: opts.callbackMaxAttempts ?? 5,
    ...(opts.callbackBackoffMs !== undefined ? { backoffMs: opts.callbackBackoffMs } : {}),
    ...(opts.callbackTimeoutMs !== undefined ? { timeoutMs: opts.callbackTimeoutMs } : {}),
  });
  sender.enabled = opts.callbacks ?? true;
  // eslint-disable-next-line prefer-const -- assigned once the server has a port; the API needs it lazily
  let server: PeerServer;
  const api = new DuitkuApi(state, { baseUrl: () => server.url, appUrlKey: opts.appUrlKey ?? 'AppUrl', popTimestampSkewMs: opts.popTimestampSkewMs ?? 5 * 60_000 });
  const merchantOf = (tx: SimTransaction): SimMerchant => state.merchants.get(tx.merchantCode)!;
  const failedResultCode = opts.failedResultCode ?? '01';

  const fieldsFor = (tx: SimTransaction, resultCode: string): Record<string, string> => {
    const f: Record<string, string> = {
      merchantCode: tx.merchantCode,
      amount: String(tx.paidAmount ?? tx.amount),
      merchantOrderId: tx.merchantOrderId,
      productDetail: tx.productDetails,
      additionalParam: tx.additionalParam,
      paymentCode: tx.paymentMethod ?? '',
      resultCode,
      merchantUserId: tx.merchantUserInfo,
      reference: tx.reference,
      signature: '',
      publisherOrderId: tx.publisherOrderId ?? '',
      settlementDate: tx.settlementDate ?? '',
    };
    const kind = state.methods.find((x) => x.code === tx.paymentMethod)?.kind;
    if (kind === 'qris') f.issuerCode = '93600914';
    if (tx.paymentMethod === 'SP' || tx.paymentMethod === 'SA') f.spUserHash = 'xxxyyyzzz';
    return f;
  };
  const signFields = (f: Record<string, string>, m: SimMerchant, with_: CallbackOverrides['signWith'] = {}): string =>
    sign(with_.scheme ?? m.scheme, 'callback', { merchantCode: f.merchantCode ?? '', amount: f.amount ?? '', merchantOrderId: f.merchantOrderId ?? '' }, with_.apiKey ?? m.apiKey);

  const deliver = (tx: SimTransaction, resultCode: string, o: CallbackOverrides = {}): Delivery | null => {
    const f = fieldsFor(tx, resultCode);
    for (const [k, v] of Object.entries(o.fields ?? {})) {
      if (v === null) delete f[k];
      else f[k] = v;
    }
    f.signature = o.signature ?? signFields(f, merchantOf(tx), o.signWith);
    const body = new URLSearchParams(f).toString();
    return sender.send(tx.merchantOrderId, o.url ?? tx.callbackUrl, body, { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'DuitKu-Sandbox-Double' }, o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {});
  };
  const resultCodeOf = (tx: SimTransaction): string => (tx.status === '00' ? '00' : tx.status === '02' ? failedResultCode : '01');

  const markPaid = (tx: SimTransaction, method: string | null, amount?: number): Delivery | null => {
    if (tx.status !== '01') throw new Error(`duitku-sim: ${tx.merchantOrderId} is not pending (status ${tx.status})`);
    const now = state.now();
    tx.status = '00';
    tx.paidAmount = amount ?? tx.amount;
    tx.paymentMethod = tx.paymentMethod ?? method ?? 'BC';
    tx.publisherOrderId = `MGUMOD${tx.reference.slice(-10)}`;
    tx.settlementDate = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    return deliver(tx, '00');
  };

  const handler = async (req: PeerRequest): Promise<PeerReply> => {
    if (isPayPage(req.path)) return payPage(req, state, (tx, method) => void markPaid(tx, method));
    const reply = await api.handle(req);
    return reply ?? json(404, { Message: `No HTTP resource was found that matches the request URI '${req.path}'.` });
  };
  server = new PeerServer(handler, {
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    faultBody: (status) => ({ Message: status === 429 ? 'Too many requests. Please try again later.' : 'An error has occurred.' }),
  });
  server.faults.latencyMs = opts.latencyMs ?? 0;
  await server.listen();

  return {
    get port() { return server.port; },
    host: server.host,
    get baseUrl() { return server.url; },
    state,
    faults: server.faults,
    get callbacksEnabled() { return sender.enabled; },
    set callbacksEnabled(on: boolean) { sender.enabled = on; },
    pay: (orderId, o = {}) => markPaid(state.find(orderId), o.method ?? null, o.amount),
    fail: (orderId) => {
      const tx = state.find(orderId);
      if (tx.status !== '01') throw new Error(`duitku-sim: ${orderId} is not pending (status ${tx.status})`);
      tx.status = '02';
      tx.endedAs = 'failed';
      return deliver(tx, failedResultCode);
    },
    expire: (orderId) => {
      const tx = state.find(orderId);
      if (tx.status !== '01') throw new Error(`duitku-sim: ${orderId} is not pending (status ${tx.status})`);
      tx.expiresAt = state.now();
      tx.status = '02';
      tx.endedAs = 'expired';
    },
    resendCallback: (orderId) => {
      const tx = state.find(orderId);
      if (tx.status === '01') throw new Error(`duitku-sim: ${orderId} is still pending; nothing to resend`);
      return deliver(tx, resultCodeOf(tx));
    },
    sendCallback: (orderId, o = {}) => {
      const tx = state.find(orderId);
      return deliver(tx, tx.status === '01' ? '00' : resultCodeOf(tx), o);
    },
    callbackFields: (orderId, resultCode) => {
      const tx = state.find(orderId);
      const f = fieldsFor(tx, resultCode ?? resultCodeOf(tx));
      f.signature = signFields(f, merchantOf(tx));
      return f;
    },
    callbacks: (orderId) => sender.deliveries(orderId),
    callbacksIdle: () => sender.idle(),
    transactions: () => state.all(),
    transaction: (id) => state.find(id),
    requests: () => server.requests(),
    advanceClock: (ms) => state.advanceClock(ms),
    sign: (call, fields, merchantCode) => {
      const m = merchantCode ? state.merchants.get(merchantCode) : state.merchants.values().next().value;
      if (!m) throw new Error(`duitku-sim: no merchant ${merchantCode ?? ''}`);
      return sign(m.scheme, call, fields, m.apiKey);
    },
    close: async () => {
      sender.close();
      await server.close();
    },
  };
}
