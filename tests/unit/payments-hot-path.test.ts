/**
 * The callback's hot path (issue 12): the gateway client (node:http on keep-alive agents), the adapter kept per
 * account (keys opened once, an edited account is a new adapter at once), askAbout, and apply()'s answer being
 * the row it left in the database.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callJson, defaultFetch, GATEWAY_TIMEOUT_MS } from '../../main/modules/payments/gateways/http';
import { GatewayError, type GatewayAccount, type PaymentGateway } from '../../main/modules/payments/gateways/types';
import { attemptRow } from '../../main/modules/payments/attempts';
import type { AccountRow } from '../../main/modules/payments/accounts';
import { PaymentService, type PaymentsDeps } from '../../main/modules/payments/service';
import { groupCommit } from '../../main/modules/payments/callbacks';
import type { Core } from '../../main/app/app';
import type { Db } from '../../main/core/db';
import { startCore } from '../support/core';
import { API_KEY, isolatedCustomer, payWorld, postCallback, q, type PayWorld } from '../support/payments';

describe('defaultFetch (node:http, keep-alive)', () => {
  let server: Server;
  let base = '';
  /** Connections the server accepted, and requests seen on each. */
  let connections = 0;
  const perSocket = new WeakMap<Socket, number>();
  let closedBeforeAnswer = 0;
  let handler: (req: IncomingMessage, res: ServerResponse, body: string, nth: number) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8'), n));
      res.on('close', () => {
        if (!res.writableFinished) closedBeforeAnswer++;
      });
    });
    server.on('connection', (s: Socket) => {
      connections++;
      s.setNoDelay(true);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  afterEach(() => {
    connections = 0;
    closedBeforeAnswer = 0;
  });

  const echo = (req: IncomingMessage, res: ServerResponse, body: string) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  };

  it('sends method, headers and a UTF-8 body with its byte length; one connection serves calls one after another', async () => {
    handler = echo;
    const f = defaultFetch();
    const body = JSON.stringify({ name: 'Warung Bu Sri — Rp 150.000', emoji: '✓' });
    const a = await f(`${base}/one?x=1`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer k' }, body, timeoutMs: 5000 });
    expect(a.status).toBe(200);
    const seen = JSON.parse(a.text) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(seen).toMatchObject({ method: 'POST', url: '/one?x=1', body });
    expect(seen.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer k', 'content-length': String(Buffer.byteLength(body)), accept: '*/*' });
    // A caller's own Accept wins over the default (one header, not two).
    const b = JSON.parse((await f(`${base}/two`, { method: 'GET', headers: { Accept: 'application/json' }, timeoutMs: 5000 })).text) as { headers: Record<string, string>; method: string };
    expect(b.headers.accept).toBe('application/json');
    expect(b.method).toBe('GET');
    for (let i = 0; i < 5; i++) expect((await f(`${base}/n${i}`, { method: 'GET', headers: {}, timeoutMs: 5000 })).status).toBe(200);
    expect(connections).toBe(1);
  });

  it('answers 4xx/5xx and 3xx as they are: a redirect is not followed', async () => {
    let followed = 0;
    handler = (req, res) => {
      if (req.url === '/moved') {
        res.writeHead(302, { Location: `${base}/target` });
        return res.end();
      }
      if (req.url === '/target') followed++;
      res.writeHead(req.url === '/bad' ? 400 : 503, { 'Content-Type': 'text/plain' });
      res.end(req.url === '/bad' ? 'nope' : 'down');
    };
    const f = defaultFetch();
    expect(await f(`${base}/moved`, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 })).toEqual({ status: 302, text: '' });
    expect(followed).toBe(0);
    expect(await f(`${base}/bad`, { method: 'GET', headers: {}, timeoutMs: 5000 })).toEqual({ status: 400, text: 'nope' });
    expect(await f(`${base}/down`, { method: 'GET', headers: {}, timeoutMs: 5000 })).toEqual({ status: 503, text: 'down' });
  });

  it('reads gzip and deflate answers, multi-byte characters split across chunks, and drops a BOM', async () => {
    const json = JSON.stringify({ statusMessage: 'Pembayaran berhasil ✓', n: 'é'.repeat(3000) });
    handler = (req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'Content-Encoding': 'gzip' });
        return res.end(zlib.gzipSync(json));
      }
      if (req.url === '/deflate') {
        res.writeHead(200, { 'Content-Encoding': 'deflate' });
        return res.end(zlib.deflateSync(json));
      }
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]);
      res.writeHead(200);
      // '✓' is three bytes: cut inside it.
      const cut = bytes.indexOf(Buffer.from('✓')) + 1;
      res.write(bytes.subarray(0, cut));
      setImmediate(() => res.end(bytes.subarray(cut)));
    };
    const f = defaultFetch();
    for (const path of ['/gzip', '/deflate', '/split']) {
      const r = await f(`${base}${path}`, { method: 'GET', headers: {}, timeoutMs: 5000 });
      expect(r.text, path).toBe(json);
      expect(JSON.parse(r.text)).toMatchObject({ statusMessage: 'Pembayaran berhasil ✓' });
    }
  });

  it('one timeout covers the whole call: no answer, or an answer that stops half way, rejects and closes the connection', async () => {
    handler = (req, res) => {
      if (req.url === '/half') {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('{"partial":');
      }
      // else never answers
    };
    const f = defaultFetch();
    const t0 = Date.now();
    await expect(f(`${base}/hang`, { method: 'POST', headers: {}, body: '{}', timeoutMs: 150 })).rejects.toThrow(/150 ms/);
    await expect(f(`${base}/half`, { method: 'GET', headers: {}, timeoutMs: 150 })).rejects.toThrow(/150 ms/);
    expect(Date.now() - t0).toBeLessThan(GATEWAY_TIMEOUT_MS);
    // Both connections were closed by the client (the server saw each request end unanswered).
    await expect.poll(() => closedBeforeAnswer).toBe(2);
  });

  it('a pooled connection the server closed is retried once on a new one; a fresh connection that fails is not', async () => {
    // The second request on any connection finds it closed (a server whose idle timeout just ran out).
    handler = (req, res, body, nth) => {
      if (nth === 2) return req.socket.destroy();
      echo(req, res, body);
    };
    const f = defaultFetch();
    expect((await f(`${base}/a`, { method: 'POST', headers: {}, body: '{"n":1}', timeoutMs: 5000 })).status).toBe(200);
    const again = await f(`${base}/b`, { method: 'POST', headers: {}, body: '{"n":2}', timeoutMs: 5000 });
    expect(JSON.parse(again.text)).toMatchObject({ url: '/b', body: '{"n":2}' });
    expect(connections).toBe(2);

    handler = (req) => req.socket.destroy();
    connections = 0;
    const fresh = defaultFetch();
    await expect(fresh(`${base}/c`, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 })).rejects.toThrow();
    expect(connections).toBe(1);
  });

  it('through callJson: a refused connection is unreachable, and an unsupported scheme never leaves the machine', async () => {
    const f = defaultFetch();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await callJson(f, 'duitku', { method: 'POST', url: `http://127.0.0.1:${port}/x`, headers: {}, body: {} }, () => undefined).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GatewayError);
    expect(e).toMatchObject({ kind: 'unreachable' });
    await expect(f('file:///etc/passwd', { method: 'GET', headers: {}, timeoutMs: 1000 })).rejects.toThrow(/scheme/);
  });
});

describe('PaymentService.adapter', () => {
  const row = (over: Partial<AccountRow> = {}): AccountRow => ({
    id: 1,
    gateway: 'duitku',
    name: 'DuitKu',
    env: 'sandbox',
    merchant_code: 'D0001',
    api_key_sealed: 'sealed:key-1',
    secondary_key_sealed: '',
    signature_scheme: 'md5',
    flavour: 'pop',
    enabled: 1,
    methods: '[]',
    fee_bearer: 'office',
    public_base_url: '',
    base_url: null,
    created_at: '',
    updated_at: '',
    ...over,
  });

  it('opens the keys once per account and builds a new adapter as soon as anything it is built from changes', () => {
    const opened: string[] = [];
    const built: GatewayAccount[] = [];
    const deps = {
      secrets: { open: (s: string) => (opened.push(s), s.replace('sealed:', '')), seal: (s: string) => `sealed:${s}` },
      gateway: (a: GatewayAccount) => (built.push(a), { name: a.gateway } as PaymentGateway),
    } as unknown as PaymentsDeps;
    const svc = new PaymentService(deps);
    const first = svc.adapter(row());
    expect(svc.adapter(row())).toBe(first);
    // Name, methods, fee bearer and the like do not make another adapter.
    expect(svc.adapter(row({ name: 'Other name', methods: '["BC"]', updated_at: 'later' }))).toBe(first);
    expect(opened).toEqual(['sealed:key-1']);
    expect(built[0]).toMatchObject({ apiKey: 'key-1', merchantCode: 'D0001', flavour: 'pop' });

    const changes: Partial<AccountRow>[] = [
      { api_key_sealed: 'sealed:key-2' },
      { secondary_key_sealed: 'sealed:cb' },
      { merchant_code: 'D0002' },
      { env: 'production' },
      { signature_scheme: 'sha256' },
      { flavour: 'v2' },
      { base_url: 'http://127.0.0.1:1' },
      { id: 2 },
    ];
    for (const c of changes) expect(svc.adapter(row(c)), JSON.stringify(c)).not.toBe(first);
    expect(built.at(-7)).toMatchObject({ apiKey: 'key-1', secondaryKey: 'cb' });
    expect(built[1]).toMatchObject({ apiKey: 'key-2' });
    // Kept at most 32: many accounts empty the map, they never pile up.
    for (let id = 10; id < 80; id++) svc.adapter(row({ id }));
    const n = built.length;
    svc.adapter(row());
    expect(built.length).toBe(n + 1);
  });
});

describe('apply() and askAbout() on the callback path', () => {
  let w: PayWorld | null = null;
  afterEach(async () => {
    await w?.close();
    w = null;
  });

  it('the attempt apply() answers is the row it left in the database, in every outcome', async () => {
    w = await payWorld();
    const world = w;
    const { invoiceId, total } = await isolatedCustomer(world);
    const svc = world.core.payments.service;
    const a = await world.owner.call('gateway.createAttempt', { accountId: world.accountId, invoiceId });
    const stored = async () => (await attemptRow(world.core.db.manager, a.id))!;
    const confirmSame = async () => {
      const r = await svc.confirm(a.id, 'poll');
      expect(r.attempt).toEqual(await stored());
      return r;
    };

    // Still pending at the gateway.
    expect(await confirmSame()).toMatchObject({ changed: false, attempt: { state: 'pending', last_status: 'PENDING', checks: 1 } });
    // Not answered.
    world.gw.unreachable = true;
    world.clock.advance(1000);
    expect(await confirmSame()).toMatchObject({ changed: false, attempt: { state: 'pending', checks: 2 } });
    world.gw.unreachable = false;

    // askAbout with the rows the callback holds is ask().
    const acct = (await q<AccountRow>(world, 'SELECT * FROM payment_accounts WHERE id = ?', [world.accountId]))[0]!;
    world.gw.set(a.orderId, 'PAID', total);
    expect(await svc.askAbout(await stored(), acct)).toEqual(await svc.ask(a.id));

    // Paid: one payment; then paid again changes nothing.
    world.clock.advance(1000);
    const paid = await confirmSame();
    expect(paid).toMatchObject({ changed: true, attempt: { state: 'paid', next_check_at: null } });
    expect(paid.payment).not.toBeNull();
    world.clock.advance(1000);
    expect(await confirmSame()).toMatchObject({ changed: false, payment: null, attempt: { state: 'paid', checks: 4 } });

    // A callback afterwards: stored, accepted, says the state, no second payment.
    expect((await postCallback(world, { orderId: a.orderId, amount: String(total), status: 'PAID', key: API_KEY })).status).toBe(200);
    const [cb] = await q<{ accepted: number; reason: string }>(world, 'SELECT accepted, reason FROM payment_callbacks ORDER BY id DESC LIMIT 1');
    expect(cb).toMatchObject({ accepted: 1, reason: 'claims PAID; state paid' });
    expect(await q(world, "SELECT id FROM payments WHERE idempotency_key = ?", [`gateway:${a.orderId}`])).toHaveLength(1);

    // Failed and expired at the gateway (another attempt).
    const b = await world.owner.call('gateway.createAttempt', { accountId: world.accountId, customerId: (await stored()).customer_id!, amount: 20_000 });
    world.gw.set(b.orderId, 'FAILED');
    const failed = await svc.confirm(b.id, 'poll');
    expect(failed).toMatchObject({ changed: true, attempt: { state: 'failed', next_check_at: null, last_status: 'FAILED' } });
    expect(failed.attempt).toEqual(await attemptRow(world.core.db.manager, b.id));
  });

  it('an edited key is used by the very next callback: the old key is refused, the new one accepted', async () => {
    w = await payWorld();
    const world = w;
    const { invoiceId, total } = await isolatedCustomer(world);
    const a = await world.owner.call('gateway.createAttempt', { accountId: world.accountId, invoiceId });
    const body = (key: string) => ({ orderId: a.orderId, amount: String(total), status: 'PAID', key });
    expect((await postCallback(world, body(API_KEY))).status).toBe(200);
    await world.owner.call('gateway.updateAccount', { id: world.accountId, gateway: 'duitku', name: 'DuitKu', merchantCode: 'D0001', apiKey: 'kunci-baru-9876543210', flavour: 'pop', publicBaseUrl: 'https://billing.example.net' });
    expect((await postCallback(world, body(API_KEY))).status).toBe(400);
    expect((await postCallback(world, body('kunci-baru-9876543210'))).status).toBe(200);
  });
});

describe('groupCommit', () => {
  let core: Core | null = null;
  afterEach(async () => {
    await core?.close();
    core = null;
  });

  it('writes that arrive together share one transaction; one that fails is run again alone and fails alone', async () => {
    core = await startCore();
    const db = core.db;
    await db.write((em) => em.query('CREATE TABLE gc_probe (v TEXT NOT NULL UNIQUE)'));
    let transactions = 0;
    const counted: Db = { ...db, write: (fn) => (transactions++, db.write(fn)) };
    const commit = groupCommit(counted);
    const insert = (v: string) => commit(async (em) => void (await em.query('INSERT INTO gc_probe (v) VALUES (?)', [v])));
    const values = async () => ((await db.manager.query('SELECT v FROM gc_probe ORDER BY v')) as { v: string }[]).map((r) => r.v);

    // The first goes at once; the four that wait for it are committed together.
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map(insert));
    expect(transactions).toBe(2);
    expect(await values()).toEqual(['a', 'b', 'c', 'd', 'e']);

    // 'c' again breaks the UNIQUE index: its group rolls back, each is run alone, only 'c' fails, with its own error.
    transactions = 0;
    const results = await Promise.allSettled(['f', 'g', 'c', 'h', 'i'].map(insert));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    expect(transactions).toBe(1 + 1 + 4);
    expect(await values()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });
});
