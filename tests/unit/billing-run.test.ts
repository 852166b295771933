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
      leadDays: 7,
      taxIncluded: false,
      finish: { roundingUnit: 0, roundingMode: 'nearest' },
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

describe('prepaid and the single issuing path', () => {
  it('a prepaid subscription is invoiced a week before its period, due the day before, and isolated when the period starts unpaid', async () => {
    w = await billingWorld();
    const customerId = await seedCustomer(w.core);
    const sub = await w.owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'pra01', password: 'pw', installDate: '2026-11-01', billingMode: 'prepaid', graceDays: 0 });
    await w.owner.call('payments.create', { customerId, amount: 150_000, method: 'cash' });
    await moveTo(w, '2026-11-23');
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 0 });
    // 24 Nov + 7 days lead reaches 1 Dec.
    await moveTo(w, '2026-11-24');
    expect(await w.core.billing.runInvoices()).toMatchObject({ created: 1 });
    const [dec] = (await w.core.db.manager.query("SELECT issue_date, due_date, period_start FROM invoices WHERE customer_id = ? AND kind = 'period'", [customerId])) as Record<string, string>[];
    expect(dec).toEqual({ issue_date: '2026-11-24', due_date: '2026-11-30', period_start: '2026-12-01' });
    await moveTo(w, '2026-11-30');
    await w.core.billing.enforce();
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('active');
    await moveTo(w, '2026-12-01', '00:40');
    await w.core.billing.enforce();
    expect((await w.owner.call('subscriptions.get', { id: sub.id })).status).toBe('isolated');
  });

  it('the daily run writes exactly what the per-subscription path writes', async () => {
    const rows = async (world: BillingWorld) =>
      (await world.core.db.manager.query(
        `SELECT i.number, i.subscription_id, i.kind, i.period_start, i.period_end, i.issue_date, i.due_date, i.subtotal, i.tax, i.total, i.previous_balance, i.paid, i.status,
                (SELECT json_group_array(json_array(l.kind, l.description, l.params, l.amount, l.counted, l.period_start)) FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines
           FROM invoices i WHERE i.kind = 'period' ORDER BY i.number`,
      )) as unknown[];
    const results: unknown[][] = [];
    for (const general of [false, true]) {
      w = await billingWorld({ start: '2026-11-05' });
      for (let i = 0; i < 4; i++) {
        const customerId = await seedCustomer(w.core, `P${i}`);
        await w.owner.call('subscriptions.create', { customerId, planId: i % 2 ? w.plans.T : w.plans.A, routerId: w.routerId, username: `g${i}`, password: 'pw', installDate: '2026-11-05', discount: i * 5_000, billingMode: i === 3 ? 'prepaid' : 'postpaid' });
        if (i === 1) await w.owner.call('payments.create', { customerId, amount: 400_000, method: 'cash' });
      }
      await moveTo(w, '2027-01-03');
      await runInvoices(w.core.db, { today: '2027-01-03', at: w.clock.now().toISOString(), prefix: 'INV', leadDays: 7, taxIncluded: false, finish: { roundingUnit: 0, roundingMode: 'nearest' }, general });
      results.push(await rows(w));
      await w.close();
      w = null;
    }
    // 4 subscriptions × December and January.
    expect(results[0]!.length).toBe(8);
    expect(results[1]).toEqual(results[0]);
  });
});
