import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';
import { Caller, OWNER, setupOffice, startCore, tempDir, TestClock } from '../support/core';
import { callbackBody } from '../support/payments-storm';
import { waitFor } from '../support/poll';

/**
 * Issue 12: the process is killed between the gateway saying "paid" and our commit; after a restart on the same
 * data directory the attempt is confirmed exactly once. The office runs as a real server process (server mode,
 * as tests/e2e/harness.ts starts it) whose gateway calls go through a relay in this test: the relay hands the
 * status request to the DuitKu double, sees its PAID answer, and SIGKILLs the server — before passing the
 * answer on, or right after it.
 */
const ROOT = path.resolve(__dirname, '../..');

type Mode = 'pass' | 'kill-before-answer' | 'kill-after-answer';

interface Relay {
  url: string;
  mode: Mode;
  victim: ChildProcess | null;
  /** PAID answers the relay saw before it killed the server. */
  killedOn: string[];
  close(): Promise<void>;
}

async function startRelay(target: string): Promise<Relay> {
  const relay: Relay = { url: '', mode: 'pass', victim: null, killedOn: [], close: async () => undefined };
  const kill = async () => {
    const child = relay.victim;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGKILL');
    await exited;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const up = await fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)).map(([k, v]) => [k, String(v)])), ...(body.length ? { body } : {}) });
        const text = await up.text();
        const paid = (req.url ?? '').endsWith('/transactionStatus') && (JSON.parse(text) as { statusCode?: string }).statusCode === '00';
        if (paid && relay.mode === 'kill-before-answer') {
          relay.killedOn.push(text);
          await kill();
          res.destroy();
          return;
        }
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
        res.end(text);
        if (paid && relay.mode === 'kill-after-answer') {
          relay.killedOn.push(text);
          await kill();
        }
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  relay.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  relay.close = () => new Promise<void>((r) => server.close(() => r()));
  return relay;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Server mode in a process of its own (one process: node with tsx's loader, so a SIGKILL kills the server itself). */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main/server.ts'), '--data-dir', dataDir, '--port', String(port), '--no-schedule'], {
    cwd: ROOT,
    env: { ...process.env, MB_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
      return (await fetch(`${url}/api/health`).catch(() => null))?.ok === true;
    },
    { timeout: 60_000, interval: 100, message: () => `the server to start:\n${out}` },
  );
  return { child, url, output: () => out };
}

let sim: DuitkuSim | null = null;
let relay: Relay | null = null;
let core: Core | null = null;
let child: ChildProcess | null = null;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await core?.close();
  await relay?.close();
  await sim?.close();
  sim = relay = core = child = null;
});

const q = <T>(c: Core, sql: string, params: unknown[] = []): Promise<T[]> => c.db.manager.query(sql, params) as Promise<T[]>;

describe('killed between "paid" and our commit', () => {
  for (const mode of ['kill-before-answer', 'kill-after-answer'] as const) {
    it(`${mode}: after a restart on the same data directory the attempt is confirmed exactly once`, { timeout: 120_000 }, async () => {
      sim = await startDuitkuSim({ callbacks: false });
      relay = await startRelay(sim.baseUrl);
      const dataDir = tempDir('mb-crash-');
      const clock = new TestClock(new Date());

      // The office, its DuitKu account (through the relay), a customer with an invoice and a pending attempt.
      core = await startCore({ dataDir, now: clock.now });
      const owner = await setupOffice(core);
      const acct = await owner.call('gateway.createAccount', { gateway: 'duitku', name: 'DuitKu', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, publicBaseUrl: 'https://billing.example.net', baseUrl: relay.url });
      const c = await owner.call('customers.create', { name: 'Rina Wati', phone: '081298765432' });
      await owner.call('billing.adjust', { customerId: c.id, amount: 150_000, reason: 'Tagihan November' });
      const inv = (await owner.call('invoices.list', { customerId: c.id })).items[0]!;
      const a = await owner.call('gateway.createAttempt', { accountId: acct.id, invoiceId: inv.id, method: 'BC' });
      await core.close();
      core = null;

      // The customer pays; the server process hears of it by callback, asks the status API… and dies.
      sim.pay(a.orderId);
      const server = await startServer(dataDir);
      child = server.child;
      relay.victim = server.child;
      relay.mode = mode;
      const cb = callbackBody('valid', a.orderId, a.amount, '00');
      await fetch(`${server.url}/pay/callback/duitku/${acct.id}`, { method: 'POST', headers: { 'content-type': cb.contentType }, body: cb.body }).catch(() => null);
      await waitFor(() => server.child.signalCode === 'SIGKILL', { timeout: 30_000, message: () => `the server to be killed:\n${server.output()}` });
      expect(relay.killedOn).toHaveLength(1);

      // Restart on the same data directory (the dead process's lock is taken over).
      relay.mode = 'pass';
      clock.t = new Date();
      core = await startCore({ dataDir, now: clock.now, http: { enabled: true, host: '127.0.0.1', port: 0 }, paymentCallbackRateLimit: 10_000 });
      const before = await q<{ n: number }>(core, 'SELECT count(*) AS n FROM payments');
      const [t0] = await q<{ state: string }>(core, 'SELECT state FROM payment_attempts WHERE id = ?', [a.id]);
      if (mode === 'kill-before-answer') {
        // The answer never reached the server: nothing was written.
        expect(before[0]!.n).toBe(0);
        expect(t0!.state).toBe('pending');
      } else {
        // Killed right after the answer: committed or not, never twice (logged so a run says which).
        expect(before[0]!.n).toBeLessThanOrEqual(1);
        console.log(`${mode}: the server had ${before[0]!.n === 1 ? 'committed' : 'not committed'} when it was killed`);
      }

      // The next poll and a late callback resend: one payment, invoice paid, balance zero.
      clock.advance(5 * 60_000);
      await core.payments.pollDue();
      const again = await fetch(`${core.url!}/pay/callback/duitku/${acct.id}`, { method: 'POST', headers: { 'content-type': cb.contentType }, body: cb.body });
      expect(again.status).toBe(200);
      await core.payments.service.confirm(a.id, 'poll');

      const pays = await q<{ amount: number; idempotency_key: string }>(core, 'SELECT amount, idempotency_key FROM payments');
      expect(pays).toEqual([{ amount: inv.total, idempotency_key: `gateway:${a.orderId}` }]);
      const [t] = await q<{ state: string; payment_id: number | null; needs_review: number }>(core, 'SELECT state, payment_id, needs_review FROM payment_attempts WHERE id = ?', [a.id]);
      expect(t).toMatchObject({ state: 'paid', needs_review: 0 });
      expect(t!.payment_id).not.toBeNull();
      const caller = new Caller(core);
      await caller.call('auth.login', { username: OWNER.username, password: OWNER.password });
      expect((await caller.call('invoices.get', { id: inv.id })).status).toBe('paid');
      const [bal] = await q<{ b: number }>(core, 'SELECT COALESCE(SUM(amount), 0) AS b FROM ledger_entries WHERE customer_id = ?', [c.id]);
      expect(bal!.b).toBe(0);
      const receipts = await q<{ n: number }>(core, "SELECT count(*) AS n FROM audit_log WHERE method LIKE 'gateway.%' AND details LIKE ?", [`%${a.orderId}%`]);
      expect(receipts[0]!.n).toBe(1);
    });
  }
});
