/**
 * Issue 5: generate + push 1,000 vouchers to the simulator at 2 ms latency per reply, through the app (write
 * the batch, pipelined push, bookkeeping), against adding the same users one at a time. Goal ≤ 1 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../main/app/app';
import type { Binding } from '../main/core/context';
import { createRouterClient } from '../main/modules/routers/client/index';
import { startRemoteRouterSim } from '../tests/peers/routeros-sim/remote';

const N = Number(process.env.BENCH_VOUCHERS ?? 1000);
const LATENCY_MS = 2;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function voucherPush(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-bench-vouchers-'));
  // Both simulators run in a process of their own (as a real router does): their CPU is not the app's.
  const sim = await startRemoteRouterSim({ user: 'bench', password: 'bench' });
  const core = await createCore({ mode: 'server', dataDir: dir, version: 'bench', productName: 'Mikrotik Billing', http: { enabled: false }, rendererDir: null, logToConsole: false, logLevel: 'error', schedule: false });
  let token: string | null = null;
  const binding = (): Binding => ({ transport: 'internal', ip: null, token, setToken: (t) => (token = t) });
  const call = async (method: string, input: unknown) => {
    const r = await core.invoke(method as never, input as never, binding());
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.result as Record<string, unknown>;
  };
  try {
    await call('setup.complete', { office: { name: 'Bench Net' }, locale: {}, owner: { fullName: 'Bench Owner', username: 'bench', password: 'bench-pass-1' } });
    const router = await call('routers.create', { name: 'Tower', host: sim.host, port: sim.port, tls: false, username: 'bench', password: 'bench' });
    const profile = await call('vouchers.createProfile', { routerId: router.id, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d' });
    await core.outbox.idle();
    await sim.setLatency(LATENCY_MS);

    let t0 = process.hrtime.bigint();
    await call('vouchers.generate', { profileId: profile.id, quantity: N });
    await core.vouchers.pusher.idle();
    const app = ms(t0);
    const onRouter = await sim.count('/ip/hotspot/user');
    if (onRouter < N) throw new Error(`only ${onRouter} of ${N} vouchers reached the simulator`);

    // Baseline: the same adds, one at a time, on a fresh simulator with the same latency.
    const sim2 = await startRemoteRouterSim({ user: 'bench', password: 'bench', latencyMs: LATENCY_MS });
    const client = createRouterClient({ host: sim2.host, port: sim2.port, tls: false, username: 'bench', password: 'bench', commandTimeoutMs: 30_000 }, { keepaliveMs: 0 });
    await client.print('/system/identity');
    t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await client.run({ path: '/ip/hotspot/user/add', words: [`=name=B${i}`, `=password=B${i}`, '=profile=default', '=comment=vc-001-11.25.26'] });
    const seq = ms(t0);
    await client.close();
    await sim2.close();

    console.log(`\n## Vouchers: generate + push ${N.toLocaleString('en')} vouchers (${LATENCY_MS} ms latency per reply)`);
    console.log(`one at a time (same adds, no bookkeeping) : ${seq.toFixed(0)} ms`);
    console.log(`app: write batch + codes, pipelined push, mark each on the router : ${app.toFixed(0)} ms, ratio ${(seq / app).toFixed(1)}×  (goal ≤ 1000 ms: ${app <= 1000 ? 'met' : 'NOT met'})`);
  } finally {
    await core.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
