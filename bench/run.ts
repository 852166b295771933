/**
 * `npm run bench`: performance figures printed as ratios against a baseline measured in the same run
 * (never as timed assertions in tests). Later issues add their own sections here.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../main/core/app';
import type { Binding } from '../main/core/context';

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

spine().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
