/**
 * The callback storm (issue 12) and the payments bench share this: an office on the real DuitKu adapter against
 * the DuitKu double (callbacks off: the test sends them itself), customers with invoices, attempts, callback
 * bodies of every kind, a bounded-concurrency sender, and the expected outcome computed without the app.
 */
import type { Core } from '../../main/app/app';
import { DEFAULT_MERCHANT, sign, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { Caller, OWNER, setupOffice, startCore, tempDir, TestClock } from './core';

export interface DuitkuWorld {
  core: Core;
  owner: Caller;
  sim: DuitkuSim;
  clock: TestClock;
  accountId: number;
  dataDir: string;
  callbackUrl: string;
  close(): Promise<void>;
}

export async function duitkuWorld(opts: { dataDir?: string; sim?: DuitkuSim } = {}): Promise<DuitkuWorld> {
  const sim = opts.sim ?? (await startDuitkuSim({ callbacks: false }));
  sim.callbacksEnabled = false;
  const clock = new TestClock(new Date());
  const dataDir = opts.dataDir ?? tempDir('mb-storm-');
  const start = () => startCore({ dataDir, now: clock.now, logLevel: 'error', http: { enabled: true, host: '127.0.0.1', port: 0 }, paymentCallbackRateLimit: 1_000_000_000 });
  let core = await start();
  let owner = await setupOffice(core);
  // Reached through a tunnel on this PC (what a callback URL needs, README): client addresses come from
  // X-Forwarded-For, so the storm can come from many gateway addresses. The listener reads this at start.
  const { server } = await owner.call('settings.get', {});
  await owner.call('settings.update', { group: 'server', value: { ...server, behindProxy: true } });
  await core.close();
  core = await start();
  owner = new Caller(core);
  await owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
  const acct = await owner.call('gateway.createAccount', { gateway: 'duitku', name: 'DuitKu Sandbox', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, publicBaseUrl: core.url!, baseUrl: sim.baseUrl });
  return {
    core,
    owner,
    sim,
    clock,
    accountId: acct.id,
    dataDir,
    callbackUrl: `${core.url!}/pay/callback/duitku/${acct.id}`,
    async close() {
      await core.close();
      await sim.close();
    },
  };
}

export interface StormInvoice {
  id: number;
  customerId: number;
  total: number;
}

/** `customers` customers, each with `perCustomer` one-off invoices of varied totals (oldest first). */
export async function stormInvoices(w: DuitkuWorld, customers: number, perCustomer: number, first = 0): Promise<StormInvoice[]> {
  const out: StormInvoice[] = [];
  for (let c = first; c < first + customers; c++) {
    const cust = await w.owner.call('customers.create', { name: `Pelanggan ${c + 1}`, phone: `0812${String(3000000 + c).padStart(8, '0')}` });
    for (let i = 0; i < perCustomer; i++) {
      const total = 50_000 + 1_000 * ((c * 7 + i * 13) % 41);
      await w.owner.call('billing.adjust', { customerId: cust.id, amount: total, reason: `Tagihan ${i + 1}` });
    }
    const items = (await w.owner.call('invoices.list', { customerId: cust.id, pageSize: 200 })).items;
    for (const inv of [...items].sort((a, b) => a.id - b.id)) out.push({ id: inv.id, customerId: cust.id, total: inv.total });
  }
  return out;
}

export interface StormAttempt {
  id: number;
  orderId: string;
  invoiceId: number;
  customerId: number;
  amount: number;
  fee: number;
}

export async function createAttempt(w: DuitkuWorld, inv: StormInvoice): Promise<StormAttempt> {
  const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId: inv.id, method: 'BC' });
  return { id: a.id, orderId: a.orderId, invoiceId: inv.id, customerId: inv.customerId, amount: a.amount, fee: a.fee };
}

/** What a callback is; `expect` is the HTTP status the listener must answer with. */
export type CallbackKind = 'valid' | 'duplicate' | 'amount_mismatch' | 'forged_key' | 'forged_garbage' | 'forged_amount' | 'wrong_merchant' | 'unknown_order' | 'malformed';
export const FORGED: readonly CallbackKind[] = ['forged_key', 'forged_garbage', 'forged_amount', 'wrong_merchant'];

export interface StormCallback {
  kind: CallbackKind;
  orderId: string;
  body: string;
  contentType: string;
  expect: number;
}

const FORM = 'application/x-www-form-urlencoded';

/** A DuitKu callback body for an order, signed as DuitKu would (or not, per kind). */
export function callbackBody(kind: CallbackKind, orderId: string, amount: number, resultCode: string): StormCallback {
  const key = DEFAULT_MERCHANT.apiKey;
  const f: Record<string, string> = {
    merchantCode: DEFAULT_MERCHANT.code,
    amount: String(amount),
    merchantOrderId: orderId,
    productDetail: 'Tagihan',
    additionalParam: '',
    paymentCode: 'BC',
    resultCode,
    merchantUserId: '',
    reference: `D0001REF${orderId.slice(-8)}`,
    signature: '',
    publisherOrderId: '',
    settlementDate: '',
  };
  let expect = 200;
  if (kind === 'amount_mismatch' || kind === 'forged_amount') f.amount = String(amount + 1_000);
  if (kind === 'wrong_merchant') f.merchantCode = 'D9999';
  const signWith = kind === 'forged_key' || kind === 'forged_amount' ? 'not-the-merchant-key' : key;
  f.signature = sign(DEFAULT_MERCHANT.scheme, 'callback', { merchantCode: f.merchantCode!, amount: f.amount!, merchantOrderId: orderId }, signWith);
  if (kind === 'forged_garbage') f.signature = 'deadbeef'.repeat(8);
  if (kind === 'wrong_merchant') f.signature = sign(DEFAULT_MERCHANT.scheme, 'callback', { merchantCode: 'D9999', amount: f.amount!, merchantOrderId: orderId }, key);
  if (FORGED.includes(kind)) expect = 400;
  if (kind === 'malformed') return { kind, orderId, body: JSON.stringify(f), contentType: 'application/json', expect: 400 };
  return { kind, orderId, body: new URLSearchParams(f).toString(), contentType: FORM, expect };
}

/** Deterministic pseudo-random numbers (a storm that fails can be replayed). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

export interface Sent {
  cb: StormCallback;
  status: number;
}

/** POSTs every callback with at most `inFlight` at once; a refused connection counts as status 0. */
/** The storm's sender addresses (X-Forwarded-For through the tunnel): the listener limits requests per address. */
export const SENDERS = 64;
export const senderIp = (i: number): string => `103.10.${Math.floor((i % SENDERS) / 250)}.${(i % SENDERS) % 250 + 1}`;

export async function sendAll(url: string, cbs: StormCallback[], inFlight: number, onSent?: (n: number) => void): Promise<Sent[]> {
  const out: Sent[] = new Array<Sent>(cbs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= cbs.length) return;
      const cb = cbs[i]!;
      let status: number;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': cb.contentType, 'user-agent': 'DuitKu-Storm', 'x-forwarded-for': senderIp(i) }, body: cb.body });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      out[i] = { cb, status };
      onSent?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, cbs.length) }, worker));
  return out;
}

/** GETs `url` `n` times with at most `inFlight` at once; latencies in ms and the status codes seen. */
export async function loadAll(n: number, inFlight: number, url: (i: number) => string, headers: (i: number) => Record<string, string> = () => ({})): Promise<{ ms: number[]; statuses: Map<number, number>; tookMs: number }> {
  const ms: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const s = process.hrtime.bigint();
      let status: number;
      try {
        const res = await fetch(url(i), { headers: headers(i) });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      ms.push(Number(process.hrtime.bigint() - s) / 1e6);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
  return { ms, statuses, tookMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

/** What the gateway ends up saying about an attempt. */
export type Outcome = { kind: 'paid'; amount: number } | { kind: 'failed' } | { kind: 'pending' };

export interface Expected {
  /** Credit in the ledger per paid attempt (the fee the customer paid on top is the gateway's). */
  credits: Map<number, number>;
  balance: Map<number, number>;
  invoiceStatus: Map<number, 'open' | 'partial' | 'paid'>;
  attemptState: Map<number, 'paid' | 'failed' | 'pending'>;
}

/**
 * The outcome computed without the app: each paid attempt credits what was paid less its fee; a customer's
 * credits settle their invoices oldest first (the ledger order); the balance is invoices less credits.
 */
export function expectedOutcome(invoices: StormInvoice[], attempts: StormAttempt[], outcome: Map<number, Outcome>): Expected {
  const credits = new Map<number, number>();
  const attemptState = new Map<number, 'paid' | 'failed' | 'pending'>();
  const creditOf = new Map<number, number>();
  for (const a of attempts) {
    const o = outcome.get(a.id)!;
    attemptState.set(a.id, o.kind);
    if (o.kind !== 'paid') continue;
    const c = o.amount > a.fee ? o.amount - a.fee : o.amount;
    credits.set(a.id, c);
    creditOf.set(a.customerId, (creditOf.get(a.customerId) ?? 0) + c);
  }
  const balance = new Map<number, number>();
  const invoiceStatus = new Map<number, 'open' | 'partial' | 'paid'>();
  const byCustomer = new Map<number, StormInvoice[]>();
  for (const inv of invoices) byCustomer.set(inv.customerId, [...(byCustomer.get(inv.customerId) ?? []), inv]);
  for (const [customerId, list] of byCustomer) {
    let left = creditOf.get(customerId) ?? 0;
    balance.set(customerId, list.reduce((s, i) => s + i.total, 0) - left);
    for (const inv of [...list].sort((a, b) => a.id - b.id)) {
      const paid = Math.min(inv.total, left);
      left -= paid;
      invoiceStatus.set(inv.id, paid >= inv.total ? 'paid' : paid > 0 ? 'partial' : 'open');
    }
  }
  return { credits, balance, invoiceStatus, attemptState };
}
