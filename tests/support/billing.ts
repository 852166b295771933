import type { Core } from '../../main/app/app';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { type Caller, OWNER, setupOffice, startCore, tempDir, TestClock } from './core';

/** 10:00 in Jakarta on an office-local date. */
export const wib = (date: string, time = '10:00'): Date => new Date(`${date}T${time}:00+07:00`);

export interface BillingWorld {
  core: Core;
  owner: Caller;
  clock: TestClock;
  sim: RouterSim;
  routerId: number;
  plans: Record<'A' | 'B' | 'T', number>;
  dataDir: string;
  close(): Promise<void>;
}

/** An office with a simulated router and three plans: A 150.000, B 300.000, T 100.000 + 11 % PPN. */
export async function billingWorld(opts: { start?: string; dataDir?: string; sim?: RouterSim } = {}): Promise<BillingWorld> {
  const clock = new TestClock(wib(opts.start ?? '2026-11-01'));
  const sim = opts.sim ?? (await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' }));
  const dataDir = opts.dataDir ?? tempDir();
  const core = await startCore({ dataDir, now: clock.now, outboxPollMs: 60_000 });
  const owner = await setupOffice(core);
  const r = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' });
  const A = await owner.call('plans.create', { name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M' });
  const B = await owner.call('plans.create', { name: 'Paket 20M', price: 300_000, profileName: 'pk-20M', rateLimit: '20M/20M' });
  const T = await owner.call('plans.create', { name: 'Paket Pajak', price: 100_000, taxRateBp: 1100, profileName: 'pk-tax' });
  return {
    core,
    owner,
    clock,
    sim,
    routerId: r.id,
    plans: { A: A.id, B: B.id, T: T.id },
    dataDir,
    async close() {
      await core.close();
      if (!opts.sim) await sim.close();
    },
  };
}

let seq = 0;
/** A customer written straight to the table (the customers module has its own tests). */
export async function seedCustomer(core: Core, name = 'Siti Aminah'): Promise<number> {
  seq++;
  const at = new Date().toISOString();
  return core.db.write(async (em) => {
    const [r] = (await em.query(
      "INSERT INTO customers (number, name, status, search, created_at, updated_at) VALUES (?, ?, 'active', ?, ?, ?) RETURNING id",
      [`T-${process.pid}-${seq}`, name, name.toLowerCase(), at, at],
    )) as { id: number }[];
    return r!.id;
  });
}

/** Moves the office clock to 10:00 WIB on a date, logging the owner in again (sessions expire when idle). */
export async function moveTo(w: BillingWorld, date: string, time = '10:00'): Promise<void> {
  w.clock.t = wib(date, time);
  await w.owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
}

/** A query on the world's database (tests read the books directly). */
export const query = <T>(w: BillingWorld, sql: string, params: unknown[] = []): Promise<T[]> => w.core.db.manager.query(sql, params) as Promise<T[]>;

/** What a subscription's live invoices charge a billing period, by its service lines (before tax). */
export async function serviceCharged(w: BillingWorld, subscriptionId: number, periodStart: string): Promise<number> {
  const [r] = await query<{ s: number }>(
    w,
    `SELECT COALESCE(SUM(l.amount), 0) AS s FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.subscription_id = ? AND l.period_start = ? AND i.status <> 'void'`,
    [subscriptionId, periodStart],
  );
  return r!.s;
}
