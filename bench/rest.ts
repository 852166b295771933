/**
 * Issue 15: the REST API under load — GET /api/v1/customers?q= over 50,000 customers with an API key, through the
 * real listener (key check, rate-limit bookkeeping, query coercion, dispatcher, JSON), several clients at once.
 */
import { seedCustomers } from './customers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../main/app/app';
import type { Binding } from '../main/core/context';

const N = Number(process.env.BENCH_CUSTOMERS ?? 50_000);
const REQUESTS = Number(process.env.BENCH_REST_REQUESTS ?? 600);
const CLIENTS = 8;
const QUERIES = ['pelanggan 4242', '0813000123', 'user0999', 'plg-0371', 'rt 7', 'budi', ''];

export async function restBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-rest-'));
  const core = await createCore({
    mode: 'server',
    dataDir: dir,
    version: 'bench',
    productName: 'Mikrotik Billing',
    http: { enabled: true, port: 0, host: '127.0.0.1' },
    rendererDir: null,
    logToConsole: false,
    logLevel: 'error',
    schedule: false,
    restLimits: { perKeyPerMinute: 1_000_000 },
  });
  let token: string | null = null;
  const binding = (): Binding => ({ transport: 'internal', ip: null, token, setToken: (t) => (token = t) });
  try {
    const setup = await core.invoke('setup.complete', { office: { name: 'Bench Net' }, locale: {}, owner: { fullName: 'Bench Owner', username: 'bench', password: 'bench-pass-1' } }, binding());
    if (!setup.ok) throw new Error(setup.error.message);
    const at = '2026-11-01T00:00:00.000Z';
    await core.db.write((em) => seedCustomers(em, N, at));
    const key = await core.invoke('apiKeys.create', { name: 'bench', scopes: ['customers.read'] }, binding());
    if (!key.ok) throw new Error(key.error.message);
    const auth = { authorization: `Bearer ${(key.result as { token: string }).token}` };
    const get = async (i: number): Promise<number> => {
      const q = QUERIES[i % QUERIES.length]!;
      const t0 = performance.now();
      const res = await fetch(`${core.url}/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`, { headers: auth });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < QUERIES.length; i++) await get(i); // warm-up
    // Baseline: the same calls straight through the dispatcher (no HTTP, no key), one after another.
    const b0 = performance.now();
    const BASE = Math.max(QUERIES.length, Math.round(REQUESTS / 4));
    for (let i = 0; i < BASE; i++) {
      const r = await core.invoke('customers.list', { q: QUERIES[i % QUERIES.length]!, pageSize: 50 }, binding());
      if (!r.ok) throw new Error(r.error.message);
    }
    const baseRate = BASE / ((performance.now() - b0) / 1000);
    const times: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < REQUESTS) times.push(await get(next++));
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    console.log(`\n## REST API: GET /api/v1/customers?q= over ${N.toLocaleString('en')} customers (${REQUESTS} requests, ${CLIENTS} clients, one API key)`);
    console.log(`customers.list through the dispatcher alone: ${baseRate.toFixed(0)} calls/s (one process, SQLite: the search itself is the cost)`);
    console.log(`REST throughput: ${(REQUESTS / wall).toFixed(0)} req/s (${((REQUESTS / wall / baseRate) * 100).toFixed(0)} % of the dispatcher alone); latency p50 ${p(0.5).toFixed(1)} ms, p99 ${p(0.99).toFixed(1)} ms`);
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
