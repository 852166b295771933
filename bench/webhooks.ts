/**
 * Issue 15: webhook fan-out. 10,000 events, each wanted by 3 endpoints (three loopback receivers), written to the
 * outbox in their business transactions' way (an event row and its deliveries), then delivered by the worker:
 * events/s from the first commit until every one of the 30,000 deliveries is acknowledged, and how many were lost
 * (must be 0: each receiver counts distinct webhook-ids). Baseline: the same 30,000 POSTs straight from Node's
 * http client to the same receivers at the same concurrency, same run.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createCore } from '../main/app/app';
import type { Binding } from '../main/core/context';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
const ENDPOINTS = 3;
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function receiver(): Promise<{ url: string; ids: Set<string>; hits: () => number; close(): Promise<void> }> {
  const ids = new Set<string>();
  let hits = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      const id = req.headers['webhook-id'];
      if (typeof id === 'string') ids.add(id);
      res.writeHead(200).end('ok');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    ids,
    hits: () => hits,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The baseline: the same number of POSTs, 48 in flight, keep-alive, no database. */
async function rawPosts(urls: string[], n: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const body = JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { invoiceId: 1 } });
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await new Promise<void>((resolve, reject) => {
        const req = http.request(urls[i % urls.length]!, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: 48 }, worker));
  agent.destroy();
  return performance.now() - t0;
}

export async function webhooksBench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-wh-'));
  const receivers = await Promise.all(Array.from({ length: ENDPOINTS }, receiver));
  const core = await createCore({ mode: 'server', dataDir, version: 'bench', productName: 'Mikrotik Billing', http: { enabled: false }, rendererDir: null, logToConsole: false, logLevel: 'warn', schedule: false, argon2: { memoryCost: 8192, timeCost: 2 } });
  try {
    let token: string | null = null;
    const binding = (): Binding => ({ transport: 'ipc', ip: null, token, setToken: (t) => (token = t) });
    const call = async (method: string, input: unknown) => {
      const r = await core.invoke(method, input, binding());
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.result;
    };
    await call('setup.complete', { office: { name: 'Bench Net' }, locale: {}, owner: { fullName: 'Bench Owner', username: 'bench', password: 'bench-pass-1' } });
    await call('settings.update', { group: 'webhooks', value: { allowHosts: ['127.0.0.1'] } });
    for (const r of receivers) await call('webhooks.create', { url: r.url, events: ['invoice.paid'] });

    const base = await rawPosts(
      receivers.map((r) => r.url),
      EVENTS * ENDPOINTS,
    );
    for (const r of receivers) r.ids.clear();
    const before = receivers.map((r) => r.hits());

    // Events as the business writes them: published in a transaction, 100 to a commit (an invoice run's chunk).
    const t0 = performance.now();
    for (let i = 0; i < EVENTS; i += 100) {
      await core.db.write(async (em) => {
        for (let k = i; k < Math.min(EVENTS, i + 100); k++) await core.domainEvents.publish(em, 'invoice.paid', { invoiceId: k + 1, customerId: (k % 500) + 1, number: `INV/${k + 1}`, total: 150_000 }, new Date());
      });
    }
    const written = performance.now() - t0;
    // The worker's own timer runs too; these ticks just keep it busy without waiting for its schedule.
    while (receivers.some((r) => r.ids.size < EVENTS)) {
      const r = await core.webhooks.worker.tick();
      if (r.handled === 0) await new Promise((res) => setTimeout(res, 20));
    }
    const total = performance.now() - t0;
    const [left] = (await core.db.manager.query("SELECT count(*) AS n FROM webhook_deliveries WHERE state != 'delivered'")) as { n: number }[];
    const lost = receivers.reduce((s, r) => s + (EVENTS - r.ids.size), 0);
    const dupes = receivers.reduce((s, r, i) => s + (r.hits() - before[i]! - r.ids.size), 0);
    console.log(
      `webhooks: ${EVENTS.toLocaleString('en')} events × ${ENDPOINTS} endpoints: ${rate(EVENTS, total)} events/s (${rate(EVENTS * ENDPOINTS, total)} deliveries/s; outbox written in ${Math.round(written)} ms), ` +
        `lost ${lost}, sent twice ${dupes}, not delivered ${left?.n ?? '?'}; baseline raw POSTs ${rate(EVENTS * ENDPOINTS, base)}/s → ${(rate(EVENTS * ENDPOINTS, base) / Math.max(1, rate(EVENTS * ENDPOINTS, total))).toFixed(1)}× the app's cost per delivery`,
    );
  } finally {
    await core.close();
    for (const r of receivers) await r.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
