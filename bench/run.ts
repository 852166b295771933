/**
 * `npm run bench`: performance figures printed as ratios against a baseline measured in the same run
 * (never as timed assertions in tests). Later issues add their own sections here.
 */
import { webhooksBench } from './webhooks';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../main/app/app';
import type { Binding } from '../main/core/context';
import { createRouterClient, type Command, type RouterClient } from '../main/modules/routers/client/index';
import { startRouterSim } from '../tests/peers/routeros-sim/index';
import { startRemoteRouterSim } from '../tests/peers/routeros-sim/remote';
import { invoiceRun } from './billing';
import { voucherPush } from './vouchers';
import { customerSearch } from './customers';
import { printBench } from './printing';
import { paymentsBench } from './payments';
import { portalBench } from './portal';
import { restBench } from './rest';
import { DEFAULT_WINDOW } from '../main/modules/routers/client/bulk';

const N = Number(process.env.BENCH_N ?? 2000);

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function spine(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-'));
  const core = await createCore({
    mode: 'server',
    dataDir: dir,
    version: 'bench',
    productName: 'Mikrotik Billing',
    http: { enabled: false },
    rendererDir: null,
    logToConsole: false,
    logLevel: 'error',
    schedule: false,
  });
  let token: string | null = null;
  const binding = (): Binding => ({ transport: 'internal', ip: null, token, setToken: (t) => (token = t) });
  const setup = await core.invoke(
    'setup.complete',
    { office: { name: 'Bench Net' }, locale: {}, owner: { fullName: 'Bench Owner', username: 'bench', password: 'bench-pass-1' } },
    binding(),
  );
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));

  // Audited mutation through the contract: validate → session → permission → transaction → audit row.
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const r = await core.invoke('auth.setLanguage', { language: i % 2 ? 'en' : 'id' }, binding());
    if (!r.ok) throw new Error(r.error.message);
  }
  const viaContract = ms(t0);
  await core.close();

  // Baseline: the same two statements per call, raw better-sqlite3, one transaction each.
  const raw = new Database(path.join(dir, 'baseline.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, language TEXT, updated_at TEXT); INSERT INTO users VALUES (1, NULL, NULL);');
  raw.exec('CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT, user_id INTEGER, username TEXT, method TEXT, summary TEXT, details TEXT, transport TEXT, ip TEXT)');
  const upd = raw.prepare('UPDATE users SET language = ?, updated_at = ? WHERE id = 1');
  const ins = raw.prepare('INSERT INTO audit_log (at, user_id, username, method, summary, details, transport, ip) VALUES (?, 1, ?, ?, ?, ?, ?, NULL)');
  const tx = raw.transaction((lang: string) => {
    const now = new Date().toISOString();
    upd.run(lang, now);
    ins.run(now, 'bench', 'auth.setLanguage', 'switched', JSON.stringify({ input: { language: lang } }), 'internal');
  });
  t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) tx(i % 2 ? 'en' : 'id');
  const baseline = ms(t0);
  raw.close();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`\n## Spine: audited mutation through the contract (N = ${N})`);
  console.log(`raw better-sqlite3 baseline : ${baseline.toFixed(0)} ms (${((N / baseline) * 1000).toFixed(0)} calls/s)`);
  console.log(`contract dispatcher         : ${viaContract.toFixed(0)} ms (${((N / viaContract) * 1000).toFixed(0)} calls/s)`);
  console.log(`ratio contract / baseline   : ${(viaContract / baseline).toFixed(1)}×  (goal: a clerk's click stays far below 10 ms: ${(viaContract / N).toFixed(2)} ms per call)`);
}

/**
 * Issue 3: push 1,000 hotspot users to the RouterOS simulator with 2 ms latency per reply sentence, pipelined
 * (RouterClient.bulk, bounded window) vs one at a time (RouterClient.run in a loop). Goal: ≥ 20×, ≤ 0.5 s.
 *
 * The simulator runs in a child process of its own, as a real router is a machine of its own: in-process, its
 * CPU work per command ran on the client's thread and was counted as the client's (and the two competed for
 * one event loop). Both figures, and so the ratio, are measured against such a simulator in this same run.
 */
async function routerPush(): Promise<void> {
  const USERS = Number(process.env.BENCH_ROUTER_USERS ?? 1000);
  const LATENCY_MS = 2;
  const measure = async (label: string, push: (c: RouterClient, names: string[]) => Promise<void>): Promise<number> => {
    const sim = await startRemoteRouterSim({ password: 'bench', latencyMs: LATENCY_MS });
    const client = createRouterClient(
      { host: sim.host, port: sim.port, tls: false, username: 'admin', password: 'bench', commandTimeoutMs: 30_000 },
      { keepaliveMs: 0 },
    );
    try {
      await client.print('/system/identity'); // connect + login outside the timing
      const names = Array.from({ length: USERS }, (_, i) => `${label}${String(i).padStart(5, '0')}`);
      const t0 = process.hrtime.bigint();
      await push(client, names);
      const took = ms(t0);
      const count = await sim.count('/ip/hotspot/user');
      if (count !== USERS) throw new Error(`${label}: expected ${USERS} users on the simulator, found ${count}`);
      return took;
    } finally {
      await client.close();
      await sim.close();
    }
  };
  const add = (name: string): Command => ({ path: '/ip/hotspot/user/add', words: [`=name=${name}`, `=password=${name}`, '=profile=default'] });
  const bulk = (window: number) => async (c: RouterClient, names: string[]): Promise<void> => {
    const results = await c.bulk(names, add, { window });
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) throw new Error(`${failed} bulk items failed`);
  };

  // Baseline and pipelined runs alike: a fresh out-of-process simulator each, same latency, same client.
  const sequential = await measure('seq', async (c, names) => {
    for (const name of names) await c.run(add(name));
  });
  const windows = [32, 64, 128];
  const pipelined: number[] = [];
  for (const w of windows) pipelined.push(await measure(`w${w}-`, bulk(w)));

  console.log(`\n## Routers: push ${USERS} hotspot users to the simulator (own process, ${LATENCY_MS} ms latency per reply)`);
  console.log(`one at a time (run)          : ${sequential.toFixed(0)} ms (${((USERS / sequential) * 1000).toFixed(0)} users/s)  [baseline, this run]`);
  windows.forEach((w, i) => {
    const t = pipelined[i]!;
    const ratio = sequential / t;
    const met = ratio >= 20 && t <= 500 ? 'met' : 'NOT met';
    console.log(
      `pipelined (bulk, window ${String(w).padEnd(3)}) : ${t.toFixed(0)} ms (${((USERS / t) * 1000).toFixed(0)} users/s), ratio ${ratio.toFixed(1)}×  (goal ≥ 20× and ≤ 500 ms: ${met})${w === DEFAULT_WINDOW ? ' [default window]' : ''}`,
    );
  });
}

/** Reconcile 10,000 PPP secrets the app manages, 100 of them drifted by hand (goal ≤ 3 s). */
async function reconcile(): Promise<void> {
  const SECRETS = 10_000;
  const DRIFTS = 100;
  const sim = await startRouterSim({ user: 'billing', password: 'bench', version: '7.18.2' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-rec-'));
  const core = await createCore({
    mode: 'server', dataDir: dir, version: 'bench', productName: 'Mikrotik Billing', http: { enabled: false }, rendererDir: null,
    logToConsole: false, logLevel: 'error', schedule: false, outboxPollMs: 3_600_000,
  });
  try {
    const secrets = sim.state.menu('/ppp/secret');
    const now = new Date().toISOString();
    const routerId = await core.db.write(async (em) => {
      const r = await core.routers.repo(em).save({ name: 'Bench', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', passwordSealed: core.routers.seal('bench'), notes: '', createdAt: now, updatedAt: now });
      return r.id;
    });
    // The database's side: 10,000 applied changes (the ledger); the router's side: the same 10,000 secrets.
    const raw = core.db.raw();
    const insert = raw.prepare("INSERT INTO router_jobs (router_id, target, op, status, attempts, next_attempt_at, source, created_at, updated_at, done_at) VALUES (?, ?, ?, 'done', 1, ?, 'bench', ?, ?, ?)");
    raw.transaction(() => {
      for (let i = 0; i < SECRETS; i++) {
        const name = `cust${String(i).padStart(5, '0')}`;
        const fields = { password: `pw${i}`, profile: 'default', service: 'pppoe' };
        insert.run(routerId, `/ppp/secret?name=${name}`, JSON.stringify({ kind: 'upsert', menu: '/ppp/secret', key: { name }, fields }), now, now, now, now);
        secrets.insert({ name, ...fields });
      }
    })();
    for (let i = 0; i < DRIFTS; i++) {
      const row = secrets.find({ name: `cust${String(i * 97).padStart(5, '0')}` })!;
      if (i % 2) secrets.remove(row['.id']!);
      else secrets.update(row['.id']!, { profile: 'default-encryption' });
    }
    const client = await core.routers.clientFor(routerId);
    let t0 = process.hrtime.bigint();
    const rows = await client.print('/ppp/secret', { proplist: ['.id', 'name', 'password', 'profile', 'service'] });
    const printOnly = ms(t0);
    t0 = process.hrtime.bigint();
    const report = await core.reconciler.drift(routerId, new Date());
    const detect = ms(t0);
    console.log(`\n## Routers: reconcile ${SECRETS.toLocaleString('en')} PPP secrets with ${DRIFTS} drifts`);
    console.log(`baseline: print ${rows.length} secrets      : ${printOnly.toFixed(0)} ms`);
    console.log(`drift detection (ledger + print + compare): ${detect.toFixed(0)} ms, found ${report.items.length} of ${DRIFTS}, ratio ${(detect / printOnly).toFixed(1)}× the print  (goal ≤ 3000 ms: ${detect <= 3000 && report.items.length === DRIFTS ? 'met' : 'NOT met'})`);
  } finally {
    await core.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `BENCH_ONLY=billing npm run bench` runs one section. */
const SECTIONS: Record<string, () => Promise<void>> = { spine, push: routerPush, reconcile, billing: invoiceRun, customers: customerSearch, vouchers: voucherPush, printing: printBench, payments: paymentsBench, portal: portalBench, rest: restBench, webhooks: webhooksBench };

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',');
  for (const [name, run] of Object.entries(SECTIONS)) if (!only || only.includes(name)) await run();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
