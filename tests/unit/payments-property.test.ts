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
        let gateway: 'PENDING' | 'PAID' | 'FAILED' = 'PENDING';
        let paidAmount = a.amount;
        let lastAsked: 'PENDING' | 'PAID' | 'FAILED' | null = null;
        const cb = (key = API_KEY) => postCallback(w, { orderId: a.orderId, amount: String(a.amount), status: 'PAID', key });
        const poll = () => w.core.payments.service.confirm(a.id, 'poll');

        for (const s of steps) {
          if (s.kind === 'gateway') {
            if (gateway === 'PENDING') {
              gateway = s.to === 'FAILED' ? 'FAILED' : 'PAID';
              paidAmount = s.to === 'PAID_OTHER' ? a.amount + 10_000 : a.amount;
              w.gw.set(a.orderId, gateway, gateway === 'PAID' ? paidAmount : undefined);
            }
          } else if (s.kind === 'callback') {
            expect((await cb()).status).toBe(200);
            lastAsked = gateway;
          } else if (s.kind === 'forged') {
            expect((await cb('palsu')).status).toBe(400);
          } else if (s.kind === 'poll') {
            await poll();
            lastAsked = gateway;
          } else if (s.kind === 'duplicates') {
            const replies = await Promise.all([...Array(s.n)].map(() => cb()));
            expect(replies.every((r) => r.status === 200)).toBe(true);
            lastAsked = gateway;
          } else {
            const [r] = await Promise.all([cb(), poll(), poll()]);
            expect(r.status).toBe(200);
            lastAsked = gateway;
          }

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
          expect(t!.state).toBe(lastAsked ? STATE[lastAsked] : 'pending');
          if (t!.state === 'paid') {
            expect(pays[0]!.amount).toBe(paidAmount);
            expect(t!.needs_review).toBe(paidAmount !== a.amount ? 1 : 0);
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
