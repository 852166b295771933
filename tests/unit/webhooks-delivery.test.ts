import { afterEach, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { Core } from '../../main/app/app';
import { DISABLE_AFTER_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../main/modules/webhooks';
import { OWNER, setupOffice, startCore, TestClock, type Caller } from '../support/core';
import { startReceiver, type Receiver } from '../support/webhook-receiver';

/*
 * Webhook delivery through the outbox (issue 15): written in the business event's transaction, signed per the
 * Standard Webhooks spec (checked with the spec's own library), retried with backoff, one object's events in
 * order, 410 and long failure disable the endpoint, resend and test events, and no request ever reaching a
 * private address (or this app itself) unless the office allowed the host.
 */

let core: Core | null = null;
let rx: Receiver | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await core?.close();
  await rx?.close();
  core = rx = null;
});

async function world(allow = true) {
  const clock = new TestClock(new Date('2026-12-07T03:00:00Z'));
  core = await startCore({ now: clock.now, webhookRandom: () => 0.5 });
  const owner = await setupOffice(core);
  rx = await startReceiver();
  if (allow) await owner.call('settings.update', { group: 'webhooks', value: { allowHosts: ['127.0.0.1'] } });
  const c = core;
  // Drives the worker until nothing is due now (its own timer also runs: tick() shares a running step).
  const drain = async () => {
    for (let i = 0; i < 50; i++) {
      const r = await c.webhooks.worker.tick();
      if (r.handled === 0) return;
    }
  };
  /** Verifies a received request with the spec's library at the test clock's time. */
  const verify = (secret: string, i: number) => {
    vi.useFakeTimers({ now: clock.now(), toFake: ['Date'] });
    try {
      return new Webhook(secret).verify(rx!.received[i]!.body, rx!.received[i]!.headers) as { type: string; data: Record<string, unknown> };
    } finally {
      vi.useRealTimers();
    }
  };
  const relogin = async () => void (await owner.call('auth.login', { username: OWNER.username, password: OWNER.password }));
  return { clock, owner, drain, verify, relogin, rx: rx, core: c };
}

const customer = (owner: Caller, name = 'Andi Wijaya') => owner.call('customers.create', { name, phone: '081234567890' });

describe('webhooks', () => {
  it('a payment reaches a subscribed endpoint once, signed (verified by the spec library), with the event body; others are not sent', async () => {
    const { owner, drain, verify, rx } = await world();
    const { endpoint, secret } = await owner.call('webhooks.create', { url: `${rx.url}/hook`, events: ['payment.received', 'customer.created'], description: 'Akuntansi' });
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint.secretHint).toBe(`${secret.slice(0, 12)}…`);
    expect(JSON.stringify(await owner.call('webhooks.list', {}))).not.toContain(secret);
    const c = await customer(owner);
    const p = await owner.call('payments.create', { customerId: c.id, amount: 150_000, method: 'cash', idempotencyKey: 'wh-0001-abcd' });
    await drain();
    expect(rx.received.map((r) => JSON.parse(r.body).type)).toEqual(['customer.created', 'payment.received']);
    const ev = verify(secret, 1);
    expect(ev.data).toMatchObject({ paymentId: p.id, customerId: c.id, amount: 150_000, number: p.number });
    expect(rx.received[1]!.path).toBe('/hook');
    expect(rx.received[1]!.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]{26}$/);
    const log = await owner.call('webhooks.log', { endpointId: endpoint.id });
    expect(log.items.map((a) => [a.type, a.status, a.deliveryState])).toEqual([
      ['payment.received', 200, 'delivered'],
      ['customer.created', 200, 'delivered'],
    ]);
    // Nothing more goes out on another drain: delivered once.
    await drain();
    expect(rx.received).toHaveLength(2);
  });

  it('fails are retried with backoff keeping the webhook-id, a fresh timestamp and signature each time; 410 switches the endpoint off', async () => {
    const { owner, drain, clock, verify, rx } = await world();
    const { endpoint, secret } = await owner.call('webhooks.create', { url: rx.url, events: ['*'] });
    rx.answers.push(500, 503);
    await customer(owner);
    await drain();
    expect(rx.received).toHaveLength(1);
    clock.advance(RETRY_DELAYS_MS[0]! - 1_000);
    await drain();
    expect(rx.received).toHaveLength(1);
    clock.advance(2_000);
    await drain();
    expect(rx.received).toHaveLength(2);
    clock.advance(RETRY_DELAYS_MS[1]! * 1.2);
    await drain();
    expect(rx.received).toHaveLength(3);
    const ids = new Set(rx.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(rx.received.map((r) => r.headers['webhook-timestamp'])).size).toBe(3);
    expect(verify(secret, 2).type).toBe('customer.created');
    const log = (await owner.call('webhooks.log', { endpointId: endpoint.id })).items;
    expect(log.map((a) => [a.attempt, a.status])).toEqual([
      [3, 200],
      [2, 503],
      [1, 500],
    ]);
    expect(log[1]!.responseExcerpt).toBe('nope 503');
    // Nothing failed for good: the failed count stays 0.
    expect((await owner.call('webhooks.list', {}))[0]!.failed).toBe(0);

    rx.answers.push(410);
    await customer(owner, 'Budi');
    await drain();
    const [ep] = await owner.call('webhooks.list', {});
    expect(ep!.enabled).toBe(false);
    expect(ep!.disabledReason).toMatch(/410/);
    // Switched off: later events are not even queued for it.
    await customer(owner, 'Citra');
    await drain();
    expect(rx.received).toHaveLength(4);
  });

  it("one object's events reach an endpoint in order: a later one waits while an earlier one is retried", async () => {
    const { owner, drain, clock, rx } = await world();
    await owner.call('webhooks.create', { url: rx.url, events: ['customer.created', 'customer.updated'] });
    rx.answers.push(500);
    const a = await customer(owner, 'Andi');
    await owner.call('customers.update', { id: a.id, name: 'Andi W.' });
    const b = await customer(owner, 'Budi');
    await drain();
    // Andi's update waits behind his failed creation; Budi's creation is another object and goes.
    expect(rx.received.map((r) => [JSON.parse(r.body).type, JSON.parse(r.body).data.customerId])).toEqual([
      ['customer.created', a.id],
      ['customer.created', b.id],
    ]);
    clock.advance(RETRY_DELAYS_MS[0]! * 1.2);
    await drain();
    expect(rx.received.slice(2).map((r) => [JSON.parse(r.body).type, JSON.parse(r.body).data.customerId])).toEqual([
      ['customer.created', a.id],
      ['customer.updated', a.id],
    ]);
  });

  it('an endpoint failing for days is switched off; the last attempt fails the delivery; re-enabling and resend deliver it again', async () => {
    const { owner, drain, clock, rx, relogin } = await world();
    const { endpoint } = await owner.call('webhooks.create', { url: rx.url, events: ['customer.created'] });
    rx.answers.push(...Array<number>(MAX_ATTEMPTS).fill(500));
    await customer(owner);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await drain();
      clock.advance(RETRY_DELAYS_MS[Math.min(i, RETRY_DELAYS_MS.length - 1)]! * 1.2);
    }
    expect(rx.received).toHaveLength(MAX_ATTEMPTS);
    await relogin();
    const log = (await owner.call('webhooks.log', { endpointId: endpoint.id })).items;
    expect(log[0]!.deliveryState).toBe('failed');
    // Still on (the failures began about a day ago); a new event failing after three days switches it off.
    expect((await owner.call('webhooks.list', {}))[0]!.enabled).toBe(true);
    clock.advance(DISABLE_AFTER_MS);
    await relogin();
    rx.answers.push(500);
    await customer(owner, 'Budi');
    await drain();
    const [off] = await owner.call('webhooks.list', {});
    expect(off!.enabled).toBe(false);
    expect(off!.disabledReason).toMatch(/no delivery succeeded since/);

    expect(off!.failed).toBe(1);
    await owner.call('webhooks.update', { id: endpoint.id, enabled: true });
    // Budi's delivery waits for its retry (minutes away): "send again" sends it now.
    const waiting = (await owner.call('webhooks.log', { endpointId: endpoint.id })).items[0]!;
    expect(waiting.deliveryState).toBe('queued');
    await owner.call('webhooks.resend', { deliveryId: waiting.deliveryId });
    await drain();
    const n = rx.received.length;
    expect(JSON.parse(rx.received.at(-1)!.body).data.customerId).not.toBe(JSON.parse(rx.received[0]!.body).data.customerId);
    await owner.call('webhooks.resend', { deliveryId: log[0]!.deliveryId });
    await drain();
    expect(rx.received.length).toBeGreaterThan(n);
    expect(rx.received.at(-1)!.headers['webhook-id']).toBe(log[0]!.eventId);
    // Delivered on the resend: no longer counted as failed.
    expect((await owner.call('webhooks.list', {}))[0]!.failed).toBe(0);
    expect((await owner.call('webhooks.list', {}))[0]).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it('a test event goes to that endpoint only; a rotated secret signs next to the old one for a day', async () => {
    const { owner, drain, verify, rx, clock, relogin } = await world();
    const one = await owner.call('webhooks.create', { url: `${rx.url}/one`, events: ['invoice.paid'] });
    await owner.call('webhooks.create', { url: `${rx.url}/two`, events: ['*'] });
    const rotated = await owner.call('webhooks.rotateSecret', { id: one.endpoint.id });
    const { eventId } = await owner.call('webhooks.test', { id: one.endpoint.id });
    await drain();
    expect(rx.received.map((r) => r.path)).toEqual(['/one']);
    expect(rx.received[0]!.headers['webhook-id']).toBe(eventId);
    expect(rx.received[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(one.secret, 0).type).toBe('webhook.test');
    expect(verify(rotated.secret, 0).type).toBe('webhook.test');
    clock.advance(86_400_000 + 1_000);
    await relogin();
    await owner.call('webhooks.test', { id: one.endpoint.id });
    await drain();
    expect(rx.received[1]!.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verify(rotated.secret, 1).type).toBe('webhook.test');
    expect(() => verify(one.secret, 1)).toThrow();
  });

  it('private addresses are refused unless allowed; this app itself never; bad endpoints are 4xx and change nothing', async () => {
    const { owner, drain, rx } = await world(false);
    const { endpoint } = await owner.call('webhooks.create', { url: `${rx.url}/x`, events: ['customer.created'] });
    const named = await owner.call('webhooks.create', { url: `http://localhost:${rx.port}/y`, events: ['customer.created'] });
    await customer(owner);
    await drain();
    expect(rx.received).toEqual([]);
    const [a] = (await owner.call('webhooks.log', { endpointId: endpoint.id })).items;
    expect(a).toMatchObject({ status: null, deliveryState: 'failed' });
    expect(a!.error).toMatch(/private or reserved/);
    const [b] = (await owner.call('webhooks.log', { endpointId: named.endpoint.id })).items;
    expect(b!.error).toMatch(/localhost resolves to .* private or reserved/);

    // Even allowed, the app's own listener port is refused (the isolation port here).
    const own = core!.settings.get('isolation').port;
    await owner.call('settings.update', { group: 'webhooks', value: { allowHosts: ['127.0.0.1'] } });
    const self = await owner.call('webhooks.create', { url: `http://127.0.0.1:${own}/api/rpc/users.list`, events: ['customer.created'] });
    await customer(owner, 'Budi');
    await drain();
    const [s] = (await owner.call('webhooks.log', { endpointId: self.endpoint.id })).items;
    expect(s!.error).toMatch(/own listener/);

    const before = await owner.call('webhooks.list', {});
    for (const url of ['ftp://example.com/x', 'http://user:pw@example.com/x', 'not a url', 'http://']) {
      const e = await owner.fail('webhooks.create', { url, events: ['*'] });
      expect(e.code).toBe('validation');
    }
    expect((await owner.fail('webhooks.create', { url: 'https://example.com', events: [] })).code).toBe('validation');
    expect((await owner.fail('webhooks.create', { url: 'https://example.com', events: ['nope.event' as 'invoice.paid'] })).code).toBe('validation');
    expect((await owner.fail('webhooks.update', { id: 9999, enabled: true })).code).toBe('not_found');
    expect(await owner.call('webhooks.list', {})).toEqual(before);
  });
});
