import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, payWorld, postCallback, q, type PayWorld } from '../support/payments';

/*
 * Random sequences of what a gateway and the network do to one attempt — the gateway's answer moving
 * (PENDING → PAID with the right or another amount, or FAILED; terminal once there), authentic and forged
 * callbacks, polls, duplicates sent at once, a callback racing a poll — with the books checked after every step:
 * at most one payment per attempt, the ledger sum equals the customer's balance and invoices minus payments,
 * and the attempt's state is the gateway's last answer.
 */

type Step =
  | { kind: 'gateway'; to: 'PAID' | 'PAID_OTHER' | 'FAILED' }
  | { kind: 'callback' }
  | { kind: 'forged' }
  | { kind: 'poll' }
  | { kind: 'duplicates'; n: number }
  | { kind: 'race' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('gateway' as const), to: fc.constantFrom('PAID' as const, 'PAID_OTHER' as const, 'FAILED' as const) }),
  fc.constant({ kind: 'callback' as const }),
  fc.constant({ kind: 'forged' as const }),
  fc.constant({ kind: 'poll' as const }),
  fc.record({ kind: fc.constant('duplicates' as const), n: fc.integer({ min: 2, max: 5 }) }),
  fc.constant({ kind: 'race' as const }),
);

let w: PayWorld;
beforeAll(async () => {
  w = await payWorld();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const STATE = { PENDING: 'pending', PAID: 'paid', FAILED: 'failed' } as const;

/** One attempt driven by the steps: what the gateway says now and what our side last asked it. */
interface Driver {
  a: { id: number; orderId: string; amount: number };
  /** Another amount the gateway may report as paid (PAID_OTHER). */
  other: number;
  gateway: 'PENDING' | 'PAID' | 'FAILED';
  paidAmount: number;
  lastAsked: 'PENDING' | 'PAID' | 'FAILED' | null;
}

const driver = (a: Driver['a'], other: number): Driver => ({ a, other, gateway: 'PENDING', paidAmount: a.amount, lastAsked: null });

async function act(s: Step, d: Driver): Promise<void> {
  const cb = (key = API_KEY) => postCallback(w, { orderId: d.a.orderId, amount: String(d.a.amount), status: 'PAID', key });
  const poll = () => w.core.payments.service.confirm(d.a.id, 'poll');
  if (s.kind === 'gateway') {
    if (d.gateway === 'PENDING') {
      d.gateway = s.to === 'FAILED' ? 'FAILED' : 'PAID';
      d.paidAmount = s.to === 'PAID_OTHER' ? d.other : d.a.amount;
      w.gw.set(d.a.orderId, d.gateway, d.gateway === 'PAID' ? d.paidAmount : undefined);
    }
    return;
  }
  if (s.kind === 'forged') return void expect((await cb('palsu')).status).toBe(400);
  if (s.kind === 'callback') expect((await cb()).status).toBe(200);
  else if (s.kind === 'poll') await poll();
  else if (s.kind === 'duplicates') {
    const replies = await Promise.all([...Array(s.n)].map(() => cb()));
    expect(replies.every((r) => r.status === 200)).toBe(true);
  } else {
    const [r] = await Promise.all([cb(), poll(), poll()]);
    expect(r.status).toBe(200);
  }
  d.lastAsked = d.gateway;
}

describe('online payments under random callbacks, polls, duplicates and reorders', () => {
  it('keeps one payment per attempt, a ledger that adds up, and the gateway’s last answer', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        run++;
        const c = await w.owner.call('customers.create', { name: `Pelanggan ${run}`, phone: '081234567890' });
        await w.owner.call('billing.adjust', { customerId: c.id, amount: 120_000, reason: 'Biaya pasang' });
        const [inv] = await q<{ id: number; total: number }>(w, "SELECT id, total FROM invoices WHERE customer_id = ? AND status <> 'void'", [c.id]);
        const a = await w.owner.call('gateway.createAttempt', { accountId: w.accountId, invoiceId: inv!.id });
        const d = driver(a, a.amount + 10_000);

        for (const s of steps) {
          await act(s, d);
          const pays = await q<{ id: number; amount: number }>(w, "SELECT id, amount FROM payments WHERE customer_id = ? AND method = 'gateway'", [c.id]);
          expect(pays.length).toBeLessThanOrEqual(1);
          const [t] = await q<{ state: string; payment_id: number | null; needs_review: number }>(w, 'SELECT state, payment_id, needs_review FROM payment_attempts WHERE id = ?', [a.id]);
          expect(t!.payment_id).toBe(pays[0]?.id ?? null);
          const [sums] = await q<{ ledger: number; invoices: number; paid: number }>(
            w,
            `SELECT (SELECT COALESCE(SUM(amount),0) FROM ledger_entries WHERE customer_id = ?) AS ledger,
                    (SELECT COALESCE(SUM(total),0) FROM invoices WHERE customer_id = ? AND status <> 'void') AS invoices,
                    (SELECT COALESCE(SUM(amount),0) FROM payments WHERE customer_id = ? AND reversed_at IS NULL) AS paid`,
            [c.id, c.id, c.id],
          );
          const dto = await w.owner.call('customers.get', { id: c.id });
          expect(dto.balance).toBe(sums!.ledger);
          expect(sums!.ledger).toBe(sums!.invoices - sums!.paid);
          expect(t!.state).toBe(d.lastAsked ? STATE[d.lastAsked] : 'pending');
          if (t!.state === 'paid') {
            expect(pays[0]!.amount).toBe(d.paidAmount);
            expect(t!.needs_review).toBe(d.paidAmount !== a.amount ? 1 : 0);
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('a shop purchase sells exactly one voucher, only once paid at least its price, and nothing else is sold', async () => {
    const profile = await w.owner.call('vouchers.createProfile', { routerId: w.routerId, name: 'Voucher 5K', profileName: 'v5k', price: 4000, sellingPrice: 5000, validity: '1d', online: true });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), fc.boolean(), async (steps, short) => {
        const svc = w.core.payments.service;
        const prepared = await svc.startShopAttempt({ accountId: w.accountId, method: 'SP', profileId: profile.id, buyerPhone: '' }, async (o) => `https://billing.example.net/v/${o}`);
        await w.core.db.write((em) => svc.finishAttempt(em, prepared, w.clock.now()));
        const [a] = await q<{ id: number; order_id: string; amount: number }>(w, 'SELECT id, order_id, amount FROM payment_attempts WHERE id = ?', [prepared.attemptId]);
        // The other amount is below the voucher's price (no voucher) or above it (a voucher, to be reviewed).
        const d = driver({ id: a!.id, orderId: a!.order_id, amount: a!.amount }, short ? 3000 : a!.amount + 1000);
        const [before] = await q<{ n: number }>(w, 'SELECT count(*) AS n FROM vouchers WHERE sold_at IS NOT NULL');

        for (const s of steps) {
          await act(s, d);
          const [t] = await q<{ state: string; voucher_id: number | null; payment_id: number | null; needs_review: number }>(w, 'SELECT * FROM payment_attempts WHERE id = ?', [a!.id]);
          const [after] = await q<{ n: number }>(w, 'SELECT count(*) AS n FROM vouchers WHERE sold_at IS NOT NULL');
          expect(t!.state).toBe(d.lastAsked ? STATE[d.lastAsked] : 'pending');
          expect(t!.payment_id).toBeNull();
          const delivers = t!.state === 'paid' && d.paidAmount >= 5000;
          expect(after!.n - before!.n).toBe(delivers ? 1 : 0);
          expect(t!.voucher_id !== null).toBe(delivers);
          if (t!.state === 'paid') expect(t!.needs_review).toBe(d.paidAmount !== a!.amount ? 1 : 0);
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
