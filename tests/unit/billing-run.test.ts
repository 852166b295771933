import { afterEach, describe, expect, it } from 'vitest';
import { runInvoices } from '../../main/modules/billing/run';
import { billingWorld, moveTo, seedCustomer, type BillingWorld } from '../support/billing';

let w: BillingWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

async function many(world: BillingWorld, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const customerId = await seedCustomer(world.core, `Pelanggan ${i}`);
    await world.owner.call('subscriptions.create', { customerId, planId: world.plans.A, routerId: world.routerId, username: `u${i}`, password: 'pw', installDate: '2026-11-01' });
  }
}

const numbers = async (world: BillingWorld) =>
  ((await world.core.db.manager.query("SELECT number FROM invoices WHERE kind = 'period' ORDER BY number")) as { number: string }[]).map((r) => r.number);

describe('invoice run', () => {
  it('issues one invoice per subscription and period: a second run adds nothing', async () => {
    w = await billingWorld();
    await many(w, 5);
    await moveTo(w, '2026-12-01');
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 5, total: 750_000 });
    expect(await w.owner.call('billing.runInvoices', {})).toEqual({ created: 0, total: 0 });
    const history = await w.owner.call('jobs.history', { job: 'billing.invoices' });
    expect(history.items[0]).toMatchObject({ trigger: 'manual', status: 'succeeded', startedBy: 'budi' });
    expect(await numbers(w)).toEqual(['INV/2026/12/00001', 'INV/2026/12/00002', 'INV/2026/12/00003', 'INV/2026/12/00004', 'INV/2026/12/00005']);
  });

  it('catches up missed months, one invoice per period, when the office was closed', async () => {
    w = await billingWorld();
    await many(w, 1);
    await moveTo(w, '2027-02-03');
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 3 });
    const periods = (await w.core.db.manager.query("SELECT period_start, period_end, due_date FROM invoices WHERE kind = 'period' ORDER BY id")) as Record<string, string>[];
    expect(periods.map((p) => p.period_start)).toEqual(['2026-12-01', '2027-01-01', '2027-02-01']);
    expect((await w.owner.call('jobs.list', {})).some((j) => j.name === 'billing.invoices')).toBe(true);
  });

  it('a crash mid-run loses nothing and duplicates nothing: the rerun finishes the job, numbers stay gap-free', async () => {
    w = await billingWorld();
    await many(w, 6);
    await moveTo(w, '2026-12-01');
    let seen = 0;
    const crash = runInvoices(w.core.db, {
      today: '2026-12-01',
      at: new Date().toISOString(),
      prefix: 'INV',
      beforeInvoice: () => {
        if (++seen === 4) throw new Error('power cut');
      },
    });
    await expect(crash).rejects.toThrow('power cut');
    // The chunk rolled back as a whole.
    expect(await numbers(w)).toEqual([]);
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 6 });
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 0 });
    const n = await numbers(w);
    expect(n).toHaveLength(6);
    expect(n[5]).toBe('INV/2026/12/00006');
    const [dup] = (await w.core.db.manager.query("SELECT count(*) AS c FROM (SELECT subscription_id, period_start FROM invoices WHERE kind='period' GROUP BY 1, 2 HAVING count(*) > 1)")) as { c: number }[];
    expect(dup!.c).toBe(0);
    // Ledger and invoices agree.
    const [sum] = (await w.core.db.manager.query("SELECT (SELECT SUM(total) FROM invoices) - (SELECT SUM(amount) FROM ledger_entries WHERE kind = 'invoice') AS d")) as { d: number }[];
    expect(sum!.d).toBe(0);
  });

  it('an aborted run stops between chunks and the next run carries on', async () => {
    w = await billingWorld();
    await many(w, 3);
    await moveTo(w, '2026-12-01');
    const ac = new AbortController();
    ac.abort();
    expect(await w.core.billing.runInvoices(undefined, ac.signal)).toMatchObject({ created: 0 });
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 3 });
  });
});
