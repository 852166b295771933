import { afterEach, describe, expect, it } from 'vitest';
import {
  callbackBody,
  createAttempt,
  duitkuWorld,
  expectedOutcome,
  FORGED,
  rng,
  sendAll,
  shuffle,
  stormInvoices,
  type CallbackKind,
  type DuitkuWorld,
  type Outcome,
  type StormAttempt,
  type StormCallback,
} from '../support/payments-storm';

/**
 * Issue 12's callback storm: STORM_N callbacks (default 10,000) through the real listener on loopback, the real
 * DuitKu adapter checking every authentic one against the DuitKu double's transactionStatus, 50 in flight.
 */
const N = Number(process.env.STORM_N ?? 10_000);
const IN_FLIGHT = 50;
const CUSTOMERS = 6;
const INVOICES_PER_CUSTOMER = 40;

let w: DuitkuWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const q = <T>(sql: string, params: unknown[] = []): Promise<T[]> => w!.core.db.manager.query(sql, params) as Promise<T[]>;

describe('callback storm', () => {
  it(`${N.toLocaleString('en')} callbacks — duplicates, reorders, forgeries, other amounts, unknown orders, 50 at once: 0 double credits, 0 forged accepted, every invoice and balance exact, 0 5xx, every callback stored`, { timeout: 240_000 }, async () => {
    w = await duitkuWorld();
    const rand = rng(12);
    const invoices = await stormInvoices(w, CUSTOMERS, INVOICES_PER_CUSTOMER);
    // One attempt per invoice; every fourth invoice gets a second one (the customer tried again).
    const attempts: StormAttempt[] = [];
    for (const [i, inv] of invoices.entries()) {
      attempts.push(await createAttempt(w, inv));
      if (i % 4 === 0) attempts.push(await createAttempt(w, inv));
    }

    // What the gateway will say. 'forgedOnly': paid at the gateway, but only forgeries reach us for it.
    const atGateway = new Map<number, Outcome | { kind: 'forgedOnly'; amount: number }>();
    for (const a of attempts) {
      const r = rand();
      atGateway.set(
        a.id,
        r < 0.45 ? { kind: 'paid', amount: a.amount } : r < 0.5 ? { kind: 'paid', amount: a.amount - 10_000 } : r < 0.7 ? { kind: 'failed' } : r < 0.95 ? { kind: 'pending' } : { kind: 'forgedOnly', amount: a.amount },
      );
    }
    const forgedOnly = attempts.filter((a) => atGateway.get(a.id)!.kind === 'forgedOnly');
    const genuine = attempts.filter((a) => atGateway.get(a.id)!.kind !== 'forgedOnly');

    // The storm: each genuine attempt gets one authentic callback after the gateway's last word (phase B), the
    // rest is drawn at random and split across the two phases; duplicates repeat a body byte for byte.
    const resultCode = () => ['00', '01', '02'][Math.floor(rand() * 3)]!;
    const guaranteed: StormCallback[] = genuine.map((a) => callbackBody('valid', a.orderId, a.amount, '00'));
    const pool: StormCallback[] = [];
    const sentBodies = new Map<string, StormCallback[]>();
    const unknownShare = Math.round(N * 0.05);
    for (let i = 0; i < unknownShare; i++) pool.push(callbackBody('unknown_order', `MBI${900_000 + (i % 97)}-1-NOPE${i % 13}`, 50_000 + i, resultCode()));
    while (pool.length + guaranteed.length < N) {
      const forged = forgedOnly.length > 0 && rand() < forgedOnly.length / attempts.length;
      const a = forged ? forgedOnly[Math.floor(rand() * forgedOnly.length)]! : genuine[Math.floor(rand() * genuine.length)]!;
      const r = rand();
      let kind: CallbackKind;
      if (forged) kind = r < 0.9 ? FORGED[Math.floor(rand() * FORGED.length)]! : 'malformed';
      else kind = r < 0.3 ? 'valid' : r < 0.55 ? 'duplicate' : r < 0.65 ? 'amount_mismatch' : r < 0.95 ? FORGED[Math.floor(rand() * FORGED.length)]! : 'malformed';
      const earlier = sentBodies.get(a.orderId);
      if (kind === 'duplicate' && earlier?.length) {
        const copy = earlier[Math.floor(rand() * earlier.length)]!;
        pool.push({ ...copy, kind: 'duplicate' });
        continue;
      }
      const cb = callbackBody(kind === 'duplicate' ? 'valid' : kind, a.orderId, a.amount, resultCode());
      if (cb.kind === 'valid') sentBodies.set(a.orderId, [...(earlier ?? []), cb]);
      pool.push(cb);
    }
    shuffle(pool, rand);
    const cut = Math.floor(pool.length * 0.4);
    const phaseA = pool.slice(0, cut);
    const phaseB = shuffle([...pool.slice(cut), ...guaranteed], rand);

    // Half-way through phase A the customers pay, fail or wait at the gateway (callbacks in flight meanwhile).
    let decided = false;
    const decide = () => {
      if (decided) return;
      decided = true;
      for (const a of attempts) {
        const o = atGateway.get(a.id)!;
        if (o.kind === 'paid' || o.kind === 'forgedOnly') w!.sim.pay(a.orderId, { amount: o.amount });
        if (o.kind === 'failed') w!.sim.fail(a.orderId);
      }
    };
    const t0 = Date.now();
    const sent = [
      ...(await sendAll(w.callbackUrl, phaseA, IN_FLIGHT, (n) => {
        if (n >= phaseA.length / 2) decide();
      })),
      ...(await sendAll(w.callbackUrl, phaseB, IN_FLIGHT)),
    ];
    decide();
    const took = Date.now() - t0;
    console.log(`storm: ${sent.length} callbacks in ${took} ms (${Math.round((sent.length / took) * 1000)}/s), ${attempts.length} attempts, ${CUSTOMERS} customers`);

    // Every answer as expected; nothing ≥ 500, nothing refused.
    const codes = new Map<number, number>();
    for (const s of sent) codes.set(s.status, (codes.get(s.status) ?? 0) + 1);
    expect([...codes.keys()].filter((c) => c >= 500 || c === 0)).toEqual([]);
    expect(sent.filter((s) => s.status !== s.cb.expect).map((s) => `${s.cb.kind} ${s.cb.orderId}: ${s.status}`).slice(0, 10)).toEqual([]);
    expect(sent).toHaveLength(N);

    // Every callback stored, each forgery refused with its reason.
    const count = (k: CallbackKind[]) => sent.filter((s) => k.includes(s.cb.kind)).length;
    const stored = await q<{ accepted: number; reason: string }>('SELECT accepted, reason FROM payment_callbacks');
    expect(stored).toHaveLength(N);
    const refused = (prefix: string) => stored.filter((c) => c.accepted === 0 && c.reason.startsWith(prefix)).length;
    expect(refused('bad_signature')).toBe(count(['forged_key', 'forged_garbage', 'forged_amount']));
    expect(refused('wrong_merchant')).toBe(count(['wrong_merchant']));
    expect(refused('malformed')).toBe(count(['malformed']));
    expect(refused('unknown_order')).toBe(count(['unknown_order']));
    expect(stored.filter((c) => c.accepted === 1)).toHaveLength(count(['valid', 'duplicate', 'amount_mismatch']));
    expect(stored.filter((c) => c.accepted === 1 && c.reason.includes('amount_mismatch'))).toHaveLength(count(['amount_mismatch']));

    // A forgery changes nothing: the gateway was never even asked about orders only forgeries named.
    const asked = new Set(w.sim.requests().filter((r) => r.path.endsWith('/transactionStatus')).map((r) => (JSON.parse(r.body) as { merchantOrderId: string }).merchantOrderId));
    expect(forgedOnly.filter((a) => asked.has(a.orderId)).map((a) => a.orderId)).toEqual([]);

    const outcome = new Map<number, Outcome>([...atGateway].map(([id, o]) => [id, o.kind === 'forgedOnly' ? { kind: 'pending' } : o]));
    await assertBooks(attempts, invoices, outcome);

    // A poll of every attempt afterwards (the job's path) changes nothing either.
    for (const a of attempts) await w.core.payments.service.confirm(a.id, 'poll');
    const outcomeAfterPoll = new Map<number, Outcome>([...atGateway].map(([id, o]) => [id, o.kind === 'forgedOnly' ? { kind: 'paid', amount: o.amount } : o]));
    await assertBooks(attempts, invoices, outcomeAfterPoll);
  });
});

async function assertBooks(attempts: StormAttempt[], invoices: Awaited<ReturnType<typeof stormInvoices>>, outcome: Map<number, Outcome>): Promise<void> {
  const exp = expectedOutcome(invoices, attempts, outcome);
  // Payments per attempt: exactly one for each paid attempt (by its order id), none for any other, none extra.
  const pays = await q<{ id: number; idempotency_key: string | null; amount: number; method: string }>('SELECT id, idempotency_key, amount, method FROM payments WHERE reversed_at IS NULL');
  const byKey = new Map<string, number[]>();
  for (const p of pays) byKey.set(p.idempotency_key ?? '', [...(byKey.get(p.idempotency_key ?? '') ?? []), p.amount]);
  const wrong: string[] = [];
  for (const a of attempts) {
    const got = byKey.get(`gateway:${a.orderId}`) ?? [];
    const want = exp.credits.get(a.id);
    if (want === undefined ? got.length !== 0 : got.length !== 1 || got[0] !== want) wrong.push(`${a.orderId}: payments ${JSON.stringify(got)}, expected ${want ?? 'none'}`);
  }
  expect(wrong.slice(0, 10)).toEqual([]);
  expect(pays).toHaveLength(exp.credits.size);

  const rows = await q<{ id: number; state: string; payment_id: number | null }>('SELECT id, state, payment_id FROM payment_attempts');
  const states = rows.filter((r) => r.state !== exp.attemptState.get(r.id) || (r.state === 'paid') !== (r.payment_id !== null));
  expect(states.map((r) => `${r.id} ${r.state} (expected ${exp.attemptState.get(r.id)})`).slice(0, 10)).toEqual([]);

  const invs = await q<{ id: number; status: string }>("SELECT id, status FROM invoices WHERE status <> 'void'");
  expect(invs.filter((i) => i.status !== exp.invoiceStatus.get(i.id)).map((i) => `${i.id} ${i.status} (expected ${exp.invoiceStatus.get(i.id)})`)).toEqual([]);
  expect(invs).toHaveLength(invoices.length);

  const bal = await q<{ customer_id: number; b: number }>('SELECT customer_id, SUM(amount) AS b FROM ledger_entries GROUP BY customer_id');
  expect(new Map(bal.map((r) => [r.customer_id, r.b]))).toEqual(exp.balance);
}
