import type { AppConfig, Core } from '../../main/app/app';
import { GatewayError, WebhookRejected, type CreatePaymentInput, type CreatePaymentResult, type GatewayAccount, type PaymentGateway, type PaymentMethodInfo, type StatusResult, type WebhookEvent, type WebhookRequest } from '../../main/modules/payments/gateways';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { type Caller, OWNER, setupOffice, startCore, tempDir, TestClock } from './core';
import { wib } from './billing';

/**
 * A payment gateway double for the payments module's own tests: the test sets what the status API answers for
 * each order; a callback is JSON {orderId, amount, status, key} and is authentic when `key` is the account's
 * API key. Every status call is counted.
 */
export class FakeGateway {
  readonly status = new Map<string, StatusResult>();
  readonly created: CreatePaymentInput[] = [];
  statusCalls = 0;
  unreachable = false;
  expiryMinutes = 60;

  constructor(private readonly clock: () => Date) {}

  set(orderId: string, status: StatusResult['status'], amount?: number): void {
    this.status.set(orderId, { status, ...(amount !== undefined ? { amount } : {}), gatewayRef: `REF-${orderId}`, raw: {} });
  }

  adapter = (account: GatewayAccount): PaymentGateway => ({
    name: account.gateway,
    listMethods: async (_amount: number): Promise<PaymentMethodInfo[]> => [
      { code: 'BC', name: 'BCA Virtual Account', fee: 4_000 },
      { code: 'SP', name: 'QRIS', fee: 0 },
    ],
    createPayment: async (input: CreatePaymentInput): Promise<CreatePaymentResult> => {
      if (this.unreachable) throw new GatewayError('unreachable', 'timeout');
      this.created.push(input);
      this.set(input.orderId, 'PENDING', input.amount);
      return { gatewayRef: `REF-${input.orderId}`, vaNumber: '8808123456', expiresAt: new Date(this.clock().getTime() + this.expiryMinutes * 60_000), raw: {} };
    },
    getStatus: async (orderId: string): Promise<StatusResult> => {
      this.statusCalls++;
      if (this.unreachable) throw new GatewayError('unreachable', 'timeout');
      return this.status.get(orderId) ?? { status: 'UNKNOWN', raw: {} };
    },
    parseWebhook: (req: WebhookRequest): WebhookEvent => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.rawBody.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new WebhookRejected('malformed', 'not JSON');
      }
      if (typeof body.orderId !== 'string' || typeof body.amount !== 'string') throw new WebhookRejected('malformed', 'fields missing');
      if (body.key !== account.apiKey) throw new WebhookRejected('bad_signature', 'wrong key');
      return { orderId: body.orderId, amount: body.amount, claimedStatus: body.status === 'PAID' ? 'PAID' : 'PENDING', raw: body };
    },
    webhookAck: (ok: boolean) => ({ status: ok ? 200 : 400, body: ok ? 'OK' : 'NO', contentType: 'text/plain' }),
  });
}

export interface PayWorld {
  core: Core;
  owner: Caller;
  clock: TestClock;
  sim: RouterSim;
  gw: FakeGateway;
  routerId: number;
  planId: number;
  accountId: number;
  url: string;
  close(): Promise<void>;
}

export const API_KEY = 'key-rahasia-0123456789';

/** An office with a router simulator, a plan, the HTTP listener and one payment account on a fake gateway. */
export async function payWorld(opts: { start?: string; core?: Partial<AppConfig> } = {}): Promise<PayWorld> {
  const clock = new TestClock(wib(opts.start ?? '2026-11-01'));
  const gw = new FakeGateway(clock.now);
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  const core = await startCore({ dataDir: tempDir(), now: clock.now, outboxPollMs: 60_000, http: { enabled: true, host: '127.0.0.1', port: 0 }, paymentGateway: gw.adapter, paymentCallbackRateLimit: 10_000, ...opts.core });
  const owner = await setupOffice(core);
  const r = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' });
  const plan = await owner.call('plans.create', { name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M' });
  const acct = await owner.call('gateway.createAccount', { gateway: 'duitku', name: 'DuitKu', merchantCode: 'D0001', apiKey: API_KEY, flavour: 'pop', publicBaseUrl: 'https://billing.example.net', methods: [] });
  return {
    core,
    owner,
    clock,
    sim,
    gw,
    routerId: r.id,
    planId: plan.id,
    accountId: acct.id,
    url: core.url!,
    async close() {
      await core.close();
      await sim.close();
    },
  };
}

/** Posts a callback to the listener as the gateway would. */
export async function postCallback(w: PayWorld, body: Record<string, unknown> | string, accountId = w.accountId, gateway = 'duitku'): Promise<{ status: number; text: string }> {
  const res = await fetch(`${w.url}/pay/callback/${gateway}/${accountId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

export const q = <T>(w: PayWorld, sql: string, params: unknown[] = []): Promise<T[]> => w.core.db.manager.query(sql, params) as Promise<T[]>;

/** A customer with an isolated PPPoE subscription and one open invoice of 150.000 (due 11 Nov + 3 days grace). */
export async function isolatedCustomer(world: PayWorld) {
  await world.owner.call('billing.setupIsolation', { routerId: world.routerId });
  const c = await world.owner.call('customers.create', { name: 'Andi', phone: '081234567890' });
  const sub = await world.owner.call('subscriptions.create', { customerId: c.id, planId: world.planId, routerId: world.routerId, username: 'andi', password: 'pw1', installDate: '2026-11-01', dueDays: 10, graceDays: 3 });
  await world.core.outbox.idle();
  world.clock.t = new Date('2026-11-15T10:00:00+07:00');
  await world.owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
  await world.core.billing.enforce();
  await world.core.outbox.idle();
  const [inv] = await q<{ id: number; total: number; number: string }>(world, "SELECT id, total, number FROM invoices WHERE customer_id = ? AND status <> 'void' ORDER BY id", [c.id]);
  return { customerId: c.id, sub, invoiceId: inv!.id, total: inv!.total, number: inv!.number };
}
