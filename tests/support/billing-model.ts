/**
 * An executable model of monthly billing (fixed anchor day 1) and the invariants the real core must keep after
 * every operation. Used by the fast-check property (tests/unit/billing-property.test.ts) and by the
 * regressions it found (tests/unit/billing-property-regressions.test.ts).
 *
 * The model is deliberately independent of main/modules/billing: its own date arithmetic, its own cumulative
 * day charge, its own timeline of events. Only invariant 2 reuses the engine's settlement (by design: stored
 * allocations and statuses must equal a fresh settlement of the ledger), and it is backed by independent
 * conservation checks.
 */
import fc from 'fast-check';
import { ledgerItems } from '../../main/modules/billing/ledger';
import { settleLedger, statusOf } from '../../main/modules/billing/engine/settle';
import type { Input, Method } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';
import { moveTo, seedCustomer, type BillingWorld } from './billing';

// ---------------------------------------------------------------------------------------------------------
// Dates and money, written from scratch (not the engine's).

const DAY = 86_400_000;
const toMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromMs = (t: number) => new Date(t).toISOString().slice(0, 10);
export const plusDays = (d: string, n: number): string => fromMs(toMs(d) + n * DAY);
export const daysBetween = (a: string, b: string): number => Math.round((toMs(b) - toMs(a)) / DAY);
export const monthStart = (d: string): string => `${d.slice(0, 7)}-01`;
export const nextMonth = (start: string): string => {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** x / n rounded half up, for x ≥ 0 (integers only). */
export const halfUp = (x: number, n: number): number => {
  if (x < 0 || n <= 0 || !Number.isSafeInteger(x)) throw new Error(`halfUp(${x}, ${n})`);
  return Math.floor((2 * x + n) / (2 * n));
};
/** Cumulative day charge of [a, b) in a period of n days: round(p·b/n) − round(p·a/n). */
export const dayCharge = (p: number, a: number, b: number, n: number): number => halfUp(p * b, n) - halfUp(p * a, n);
/** Half away from zero of amount × bp / 10000 (tax lines may be negative on credit notes). */
export const taxHalfUp = (amount: number, bp: number): number => Math.sign(amount) * halfUp(Math.abs(amount) * bp, 10_000);

// ---------------------------------------------------------------------------------------------------------
// The model.

export type PlanKey = 'A' | 'B' | 'T';
export const PRICE: Record<PlanKey, number> = { A: 150_000, B: 300_000, T: 100_000 };

export interface MRow {
  date: string;
  event: 'activate' | 'change' | 'pause' | 'resume' | 'terminate' | 'discount';
  plan: PlanKey;
  price: number;
  discount: number;
  billable: boolean;
  /** The change/final invoice the event made (null: it changed nothing already invoiced). */
  invoiceId: number | null;
  /** What undoing it goes back to. */
  prev: { status: MSub['status']; plan: PlanKey; discount: number };
}

export interface MSub {
  idx: number;
  id: number;
  customerIdx: number;
  customerId: number;
  username: string;
  plan: PlanKey;
  discount: number;
  status: 'live' | 'paused' | 'terminated';
  activatedOn: string;
  dueDays: number;
  graceDays: number;
  password: string;
  rows: MRow[];
  /** Period starts waived by voiding their period/activation invoice. */
  waived: Set<string>;
}

export interface Model {
  today: string;
  threshold: number;
  customers: number[];
  subs: MSub[];
}

/** What the model says a period [start, end) should charge before tax, from the timeline (runs between event dates). */
export function expectedCharge(rows: readonly MRow[], start: string, end: string): number {
  const n = daysBetween(start, end);
  const bounds = [...new Set([start, ...rows.map((r) => r.date).filter((d) => d > start && d < end), end])].sort();
  let total = 0;
  for (let i = 0; i < bounds.length - 1; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    // The row in force: the last applied event dated on or before the day (events are applied in date order).
    let row: MRow | undefined;
    for (const r of rows) if (r.date <= from) row = r;
    if (!row || !row.billable) continue;
    const a = daysBetween(start, from);
    const b = daysBetween(start, to);
    total += dayCharge(row.price, a, b, n) - dayCharge(row.discount, a, b, n);
  }
  return total;
}

const termsSince = (s: MSub) => s.rows[s.rows.length - 1]!.date;

// ---------------------------------------------------------------------------------------------------------
// Operations (abstract: indices are resolved against the state when the operation runs, so shrinking works).

export type DatePick = { mode: 'valid'; frac: number } | { mode: 'future'; k: number } | { mode: 'before'; k: number };

export type Op =
  | { t: 'create'; cust: number; plan: PlanKey; discount: number; fee: number; back: number; dueDays: number; graceDays: number }
  | { t: 'advance'; days: number; run: boolean; enforce: boolean }
  | { t: 'run' }
  | { t: 'changePlan'; sub: number; plan: PlanKey; date: DatePick; eligible: boolean }
  | { t: 'pause' | 'resume' | 'terminate'; sub: number; date: DatePick; eligible: boolean }
  | { t: 'discount'; sub: number; discount: number }
  | { t: 'pay'; cust: number; amount: number }
  | { t: 'reverse'; pick: number }
  | { t: 'void'; pick: number; any: boolean }
  | { t: 'adjust'; cust: number; amount: number }
  | { t: 'charge'; cust: number; sub: number | null; amount: number }
  | { t: 'enforce' }
  | { t: 'promise'; sub: number; k: number | null };

const planArb = fc.constantFrom<PlanKey>('A', 'B', 'T');
const discountArb = fc.constantFrom(0, 10_000, 25_000);
const datePickArb: fc.Arbitrary<DatePick> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ mode: fc.constant('valid' as const), frac: fc.oneof(fc.constant(0), fc.constant(1000), fc.integer({ min: 0, max: 1000 })) }) },
  { weight: 1, arbitrary: fc.record({ mode: fc.constant('future' as const), k: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ mode: fc.constant('before' as const), k: fc.integer({ min: 1, max: 20 }) }) },
);
const moneyArb = fc.oneof(fc.integer({ min: 1, max: 400_000 }), fc.constantFrom(1, 150_000, 300_000, 111_000, 140_000));
const subIdx = fc.nat({ max: 7 });
/** Mostly aim at a subscription in a state the operation accepts; sometimes at any (refusals must change nothing). */
const eligibleArb = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });

export const createArb: fc.Arbitrary<Op> = fc.record({
  t: fc.constant('create' as const),
  cust: fc.nat({ max: 1 }),
  plan: planArb,
  discount: discountArb,
  fee: fc.constantFrom(0, 0, 50_000),
  back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
  dueDays: fc.constantFrom(0, 5, 10),
  graceDays: fc.constantFrom(0, 3),
});

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: createArb },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 45 }), run: fc.boolean(), enforce: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('run' as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('changePlan' as const), sub: subIdx, plan: planArb, date: datePickArb, eligible: eligibleArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('pause' as const), sub: subIdx, date: datePickArb, eligible: eligibleArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('resume' as const), sub: subIdx, date: datePickArb, eligible: eligibleArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('terminate' as const), sub: subIdx, date: datePickArb, eligible: eligibleArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('discount' as const), sub: subIdx, discount: discountArb }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('pay' as const), cust: fc.nat({ max: 1 }), amount: moneyArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat({ max: 50 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('void' as const), pick: fc.nat({ max: 50 }), any: fc.boolean({}) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('adjust' as const), cust: fc.nat({ max: 1 }), amount: fc.oneof(moneyArb, moneyArb.map((a) => -a)) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('charge' as const), cust: fc.nat({ max: 1 }), sub: fc.option(subIdx), amount: moneyArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('enforce' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('promise' as const), sub: subIdx, k: fc.option(fc.integer({ min: 0, max: 30 })) }) },
);

/** Start dates over 2027–2028, with extra weight on the weeks around 29 Feb 2028 and on Feb 2027. */
export const startArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 730 }).map((n) => plusDays('2027-01-01', n)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 50 }).map((n) => plusDays('2028-01-20', n)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((n) => plusDays('2027-01-25', n)) },
);

// ---------------------------------------------------------------------------------------------------------
// Running operations against the real core.

export class PropertyFailure extends Error {}

/** Triage switches for hunting further bugs while a known one stands (the property itself never sets them). */
export const triage = { knownStaleIsolation: false };

interface Ctx {
  w: BillingWorld;
  m: Model;
  trace: string[];
  tag: string;
  /** Set right after an invoice run at today (registered periods must then reach today's month). */
  justRan: boolean;
  /** Set right after enforce() (no active subscription may then be past due without a promise). */
  justEnforced: boolean;
}

type Q = Record<string, unknown>;
const q = async <T = Q>(w: BillingWorld, sql: string, params: unknown[] = []): Promise<T[]> => (await w.core.db.manager.query(sql, params)) as T[];

async function snapshot(w: BillingWorld): Promise<string> {
  const counts = await q(
    w,
    `SELECT (SELECT count(*) FROM ledger_entries) AS le, (SELECT COALESCE(SUM(amount),0) FROM ledger_entries) AS ls, (SELECT count(*) FROM invoices) AS inv,
            (SELECT count(*) FROM invoices WHERE status = 'void') AS voids, (SELECT count(*) FROM payments) AS pay, (SELECT count(*) FROM payments WHERE reversed_at IS NOT NULL) AS rev,
            (SELECT count(*) FROM subscription_terms WHERE voided_at IS NULL) AS terms, (SELECT count(*) FROM billing_periods) AS per,
            (SELECT count(*) FROM billing_periods WHERE waived = 1) AS waived, (SELECT COALESCE(SUM(amount),0) FROM allocations) AS alloc`,
  );
  const subs = await q(w, 'SELECT id, status, plan_id, discount, terms_since, billed_until, paused_on, terminated_on, promise_until, isolation_reason FROM subscriptions ORDER BY id');
  return JSON.stringify({ counts, subs });
}

type Outcome = { ok: true } | { ok: false; code: string };

/** Calls a method; `expect` is null for success or the refusal code the rules give. */
async function expectCall<M extends Method>(c: Ctx, label: string, method: M, input: Input<M>, expect: string | null): Promise<unknown> {
  const before = expect ? await snapshot(c.w) : '';
  const r = await c.w.owner.try(method, input);
  const got: Outcome = r.ok ? { ok: true } : { ok: false, code: (r.error as ErrorPayload).code };
  c.trace.push(`${label} → ${r.ok ? 'ok' : `refused ${got.ok ? '' : got.code}`}${expect ? ` (expected ${expect})` : ''}`);
  if (expect === null && !r.ok) throw new PropertyFailure(`${method} was refused (${r.error.code}: ${r.error.message}) but the rules allow it`);
  if (expect !== null) {
    if (r.ok) throw new PropertyFailure(`${method} succeeded but the rules refuse it with ${expect}`);
    if (r.error.code !== expect) throw new PropertyFailure(`${method} refused with ${r.error.code} (${r.error.message}); the rules say ${expect}`);
    const after = await snapshot(c.w);
    if (after !== before) throw new PropertyFailure(`${method} was refused (${expect}) but the data changed:\n before ${before}\n after  ${after}`);
    return null;
  }
  return (r as { ok: true; result: unknown }).result;
}

function pickDate(s: MSub, today: string, d: DatePick): { date: string; expect: string | null } {
  const since = termsSince(s);
  if (d.mode === 'future') return { date: plusDays(today, d.k), expect: 'billing.future_date' };
  if (d.mode === 'before') {
    const date = plusDays(since, -d.k);
    return { date, expect: date < s.activatedOn ? 'billing.before_activation' : 'billing.before_last_change' };
  }
  const span = daysBetween(since, today);
  return { date: plusDays(since, Math.round((span * d.frac) / 1000)), expect: null };
}

async function newEventInvoice(c: Ctx, s: MSub, afterId: number): Promise<{ id: number; number: string; kind: string; total: number } | null> {
  const rows = await q<{ id: number; number: string; kind: string; total: number }>(
    c.w,
    "SELECT id, number, kind, total FROM invoices WHERE subscription_id = ? AND id > ? AND kind IN ('change','final') ORDER BY id",
    [s.id, afterId],
  );
  if (rows.length > 1) throw new PropertyFailure(`one event made ${rows.length} change invoices: ${JSON.stringify(rows)}`);
  return rows[0] ?? null;
}

const maxInvoiceId = async (w: BillingWorld) => (await q<{ m: number | null }>(w, 'SELECT MAX(id) AS m FROM invoices'))[0]?.m ?? 0;

let runCounter = 0;

/** A fresh scenario on a world: seeds two customers and sets the restore threshold. */
export async function startScenario(w: BillingWorld, today: string, threshold: number): Promise<Ctx> {
  const m: Model = { today, threshold, customers: [], subs: [] };
  const trace: string[] = [`world start ${today}${threshold ? `, restoreThreshold ${threshold}` : ''}`];
  if (threshold) await w.owner.call('settings.update', { group: 'billing', value: { ...w.core.settings.get('billing'), restoreThreshold: threshold } });
  m.customers.push(await seedCustomer(w.core, 'Siti Aminah'), await seedCustomer(w.core, 'Budi Hartono'));
  return { w, m, trace, tag: `r${process.pid}x${++runCounter}`, justRan: false, justEnforced: false };
}

export async function applyOp(c: Ctx, op: Op): Promise<void> {
  const { w, m } = c;
  c.justRan = false;
  c.justEnforced = false;
  const sub = (i: number) => (m.subs.length ? m.subs[i % m.subs.length]! : null);
  const name = (s: MSub) => `s${s.idx}`;
  switch (op.t) {
    case 'create': {
      const mine = m.subs.filter((s) => s.customerIdx === op.cust);
      if (mine.length >= 2) return void c.trace.push(`(skip create: customer c${op.cust} has 2 subscriptions)`);
      const installDate = plusDays(m.today, -op.back);
      const idx = m.subs.length;
      const username = `${c.tag}s${idx}`;
      const label = `s${idx} = subscriptions.create c${op.cust} plan ${op.plan} discount ${op.discount} installFee ${op.fee} installDate ${installDate} dueDays ${op.dueDays} graceDays ${op.graceDays}`;
      const r = (await expectCall(
        c,
        label,
        'subscriptions.create',
        {
          customerId: m.customers[op.cust]!,
          planId: w.plans[op.plan],
          routerId: w.routerId,
          username,
          password: 'pw123',
          installDate,
          anchor: 'fixed',
          anchorDay: 1,
          dueDays: op.dueDays,
          graceDays: op.graceDays,
          installFee: op.fee,
          discount: op.discount,
        },
        null,
      )) as { id: number };
      const s: MSub = {
        idx,
        id: r.id,
        customerIdx: op.cust,
        customerId: m.customers[op.cust]!,
        username,
        plan: op.plan,
        discount: op.discount,
        status: 'live',
        activatedOn: installDate,
        dueDays: op.dueDays,
        graceDays: op.graceDays,
        password: 'pw123',
        rows: [],
        waived: new Set(),
      };
      s.rows.push({ date: installDate, event: 'activate', plan: op.plan, price: PRICE[op.plan], discount: op.discount, billable: true, invoiceId: null, prev: { status: 'live', plan: op.plan, discount: op.discount } });
      m.subs.push(s);
      return;
    }
    case 'advance': {
      m.today = plusDays(m.today, op.days);
      await moveTo(w, m.today);
      c.trace.push(`moveTo ${m.today}`);
      if (op.run) {
        await w.core.billing.runInvoices();
        c.trace.push('runInvoices');
        c.justRan = true;
      }
      if (op.enforce) {
        const r = await w.core.billing.enforce();
        c.trace.push(`enforce → isolated ${r.isolated}, restored ${r.restored}`);
        c.justEnforced = true;
      }
      return;
    }
    case 'run': {
      await w.core.billing.runInvoices();
      c.trace.push('runInvoices');
      c.justRan = true;
      return;
    }
    case 'changePlan':
    case 'pause':
    case 'resume':
    case 'terminate': {
      const accepts = (x: MSub) => (op.t === 'resume' ? x.status === 'paused' : op.t === 'terminate' ? x.status !== 'terminated' : x.status === 'live');
      const eligible = m.subs.filter(accepts);
      const s = op.eligible && eligible.length ? eligible[op.sub % eligible.length]! : sub(op.sub);
      if (!s) return void c.trace.push(`(skip ${op.t}: no subscription)`);
      const picked = pickDate(s, m.today, op.date);
      let expect: string | null = null;
      if (op.t === 'changePlan') expect = s.status !== 'live' ? 'billing.bad_state' : s.plan === op.plan ? 'billing.same_plan' : picked.expect;
      if (op.t === 'pause') expect = s.status !== 'live' ? 'billing.bad_state' : picked.expect;
      if (op.t === 'resume') expect = s.status !== 'paused' ? 'billing.bad_state' : picked.expect;
      if (op.t === 'terminate') expect = s.status === 'terminated' ? 'billing.bad_state' : picked.expect;
      const before = await maxInvoiceId(w);
      const label = `subscriptions.${op.t} ${name(s)}${op.t === 'changePlan' ? ` → plan ${op.plan}` : ''} date ${picked.date} (today ${m.today}, termsSince ${termsSince(s)})`;
      const input = op.t === 'changePlan' ? { id: s.id, planId: w.plans[op.plan], date: picked.date } : { id: s.id, date: picked.date };
      await expectCall(c, label, `subscriptions.${op.t}`, input as never, expect);
      if (expect) return;
      const last = s.rows[s.rows.length - 1]!;
      const prev = { status: s.status, plan: s.plan, discount: s.discount };
      let row: MRow;
      if (op.t === 'changePlan') {
        row = { date: picked.date, event: 'change', plan: op.plan, price: PRICE[op.plan], discount: s.discount, billable: true, invoiceId: null, prev };
        s.plan = op.plan;
      } else if (op.t === 'resume') {
        row = { date: picked.date, event: 'resume', plan: s.plan, price: PRICE[s.plan], discount: s.discount, billable: true, invoiceId: null, prev };
        s.status = 'live';
      } else {
        row = { ...last, date: picked.date, event: op.t, billable: false, invoiceId: null, prev };
        s.status = op.t === 'pause' ? 'paused' : 'terminated';
      }
      const inv = await newEventInvoice(c, s, before);
      if (inv) {
        row.invoiceId = inv.id;
        c.trace.push(`   made ${inv.kind} ${inv.number} total ${inv.total}`);
        if (inv.kind !== (op.t === 'terminate' ? 'final' : 'change')) throw new PropertyFailure(`${op.t} made a '${inv.kind}' invoice`);
      }
      s.rows.push(row);
      return;
    }
    case 'discount': {
      const open = m.subs.filter((x) => x.status !== 'terminated');
      const s = open.length ? open[op.sub % open.length]! : sub(op.sub);
      if (!s) return void c.trace.push('(skip discount: no subscription)');
      const expect = s.status === 'terminated' ? 'billing.bad_state' : null;
      const before = await maxInvoiceId(w);
      await expectCall(
        c,
        `subscriptions.update ${name(s)} discount ${s.discount} → ${op.discount} (today ${m.today})`,
        'subscriptions.update',
        { id: s.id, password: s.password, anchor: 'fixed', anchorDay: 1, dueDays: s.dueDays, graceDays: s.graceDays, discount: op.discount },
        expect,
      );
      if (expect || op.discount === s.discount) return;
      const last = s.rows[s.rows.length - 1]!;
      const row: MRow = { ...last, date: m.today, event: 'discount', discount: op.discount, invoiceId: null, prev: { status: s.status, plan: s.plan, discount: s.discount } };
      s.discount = op.discount;
      const inv = await newEventInvoice(c, s, before);
      if (inv) {
        row.invoiceId = inv.id;
        c.trace.push(`   made ${inv.kind} ${inv.number} total ${inv.total}`);
      }
      s.rows.push(row);
      return;
    }
    case 'pay': {
      await expectCall(c, `payments.create c${op.cust} ${op.amount}`, 'payments.create', { customerId: m.customers[op.cust]!, amount: op.amount, method: 'cash' }, null);
      return;
    }
    case 'reverse': {
      const all = await q<{ id: number; number: string; amount: number; reversed_at: string | null }>(w, 'SELECT id, number, amount, reversed_at FROM payments ORDER BY id');
      if (all.length === 0) return void c.trace.push('(skip reverse: no payment)');
      const p = all[op.pick % all.length]!;
      await expectCall(c, `payments.reverse ${p.number} (${p.amount})`, 'payments.reverse', { id: p.id, reason: 'Salah catat' }, p.reversed_at ? 'billing.already_reversed' : null);
      return;
    }
    case 'void': {
      const all = await q<{ id: number; number: string; kind: string; status: string; subscription_id: number | null; period_end: string | null; total: number }>(
        w,
        `SELECT id, number, kind, status, subscription_id, period_end, total FROM invoices ${op.any ? '' : "WHERE status <> 'void'"} ORDER BY id`,
      );
      if (all.length === 0) return void c.trace.push('(skip void: no invoice)');
      const inv = all[op.pick % all.length]!;
      const s = m.subs.find((x) => x.id === inv.subscription_id) ?? null;
      let expect: string | null = null;
      let waive: string | null = null;
      let undo = false;
      if (inv.status === 'void') expect = 'billing.already_void';
      else if (inv.kind === 'period' || inv.kind === 'activation') {
        const periods = await q<{ start: string }>(w, 'SELECT start FROM billing_periods WHERE invoice_id = ?', [inv.id]);
        for (const p of periods) {
          const [other] = await q(
            w,
            "SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.subscription_id = ? AND l.period_start = ? AND i.id <> ? AND i.status <> 'void' LIMIT 1",
            [inv.subscription_id, p.start, inv.id],
          );
          if (other) expect = 'billing.void_has_changes';
        }
        waive = monthStart(plusDays(inv.period_end!, -1));
      } else if (inv.kind === 'change' || inv.kind === 'final') {
        const last = s!.rows[s!.rows.length - 1]!;
        const [later] = await q(w, "SELECT 1 FROM invoices WHERE subscription_id = ? AND id > ? AND status <> 'void' LIMIT 1", [s!.id, inv.id]);
        undo = last.invoiceId === inv.id && s!.rows.length >= 2 && !later;
        if (!undo) expect = 'billing.void_not_latest';
      }
      await expectCall(c, `invoices.void ${inv.number} (${inv.kind}${s ? ` of ${name(s)}` : ''}, total ${inv.total}, ${inv.status})`, 'invoices.void', { id: inv.id, reason: 'Koreksi' }, expect);
      if (expect) return;
      if (waive && s) s.waived.add(waive);
      if (undo && s) {
        const row = s.rows.pop()!;
        s.status = row.prev.status;
        s.plan = row.prev.plan;
        s.discount = row.prev.discount;
        c.trace.push(`   undid ${row.event} of ${name(s)} dated ${row.date}`);
      }
      return;
    }
    case 'adjust': {
      await expectCall(c, `billing.adjust c${op.cust} ${op.amount}`, 'billing.adjust', { customerId: m.customers[op.cust]!, amount: op.amount, reason: 'Penyesuaian' }, null);
      return;
    }
    case 'charge': {
      const mine = m.subs.filter((s) => s.customerIdx === op.cust);
      const s = op.sub === null || mine.length === 0 ? null : mine[op.sub % mine.length]!;
      await expectCall(
        c,
        `invoices.createCharge c${op.cust}${s ? ` ${name(s)}` : ''} reconnection ${op.amount}`,
        'invoices.createCharge',
        { customerId: m.customers[op.cust]!, subscriptionId: s?.id, type: 'reconnection', amount: op.amount, description: 'Biaya sambung ulang' },
        null,
      );
      return;
    }
    case 'enforce': {
      const r = await w.core.billing.enforce();
      c.trace.push(`enforce → isolated ${r.isolated}, restored ${r.restored}`);
      c.justEnforced = true;
      return;
    }
    case 'promise': {
      const s = sub(op.sub);
      if (!s) return void c.trace.push('(skip promise: no subscription)');
      const until = op.k === null ? null : plusDays(m.today, op.k);
      await expectCall(c, `subscriptions.promise ${name(s)} until ${until}`, 'subscriptions.promise', { id: s.id, until, note: 'Janji bayar' }, s.status === 'terminated' ? 'billing.bad_state' : null);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Invariants.

interface InvRow {
  id: number;
  number: string;
  customer_id: number;
  subscription_id: number | null;
  kind: string;
  issue_date: string;
  due_date: string;
  subtotal: number;
  tax: number;
  total: number;
  paid: number;
  status: string;
}
interface AllocRow {
  customer_id: number;
  credit_entry_id: number;
  debit_entry_id: number;
  invoice_id: number | null;
  payment_id: number | null;
  credit_invoice_id: number | null;
  amount: number;
}

function fail(what: string, detail: unknown): never {
  throw new PropertyFailure(`${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
}

/** Past-due of a subscription as the rules define it, from the stored invoices. */
function pastDue(invoices: readonly InvRow[], sub: { id: number; customer_id: number; grace_days: number }, today: string): number {
  let sum = 0;
  for (const i of invoices) {
    if (i.status !== 'open' && i.status !== 'partial') continue;
    if (!(i.subscription_id === sub.id || (i.subscription_id === null && i.customer_id === sub.customer_id))) continue;
    if (plusDays(i.due_date, sub.grace_days) < today) sum += i.total - i.paid;
  }
  return sum;
}

export async function checkInvariants(c: Ctx): Promise<void> {
  const { w, m } = c;
  const invoices = await q<InvRow>(w, 'SELECT id, number, customer_id, subscription_id, kind, issue_date, due_date, subtotal, tax, total, paid, status FROM invoices ORDER BY id');
  const payments = await q<{ id: number; number: string; customer_id: number; amount: number; reversed_at: string | null }>(w, 'SELECT id, number, customer_id, amount, reversed_at FROM payments ORDER BY id');
  const ledger = await q<{ id: number; customer_id: number; kind: string; amount: number; invoice_id: number | null; payment_id: number | null }>(
    w,
    'SELECT id, customer_id, kind, amount, invoice_id, payment_id FROM ledger_entries ORDER BY id',
  );
  const allocs = await q<AllocRow>(w, 'SELECT customer_id, credit_entry_id, debit_entry_id, invoice_id, payment_id, credit_invoice_id, amount FROM allocations ORDER BY id');
  const byId = new Map(invoices.map((i) => [i.id, i]));

  // 1. Ledger: its sum is what the documents say, and every document has exactly its entries.
  for (const cid of m.customers) {
    const sum = ledger.filter((l) => l.customer_id === cid).reduce((a, l) => a + l.amount, 0);
    const docs =
      invoices.filter((i) => i.customer_id === cid && i.status !== 'void').reduce((a, i) => a + i.total, 0) -
      payments.filter((p) => p.customer_id === cid && !p.reversed_at).reduce((a, p) => a + p.amount, 0);
    if (sum !== docs) fail(`1 ledger of customer ${cid}`, { ledgerSum: sum, invoicesMinusPayments: docs });
  }
  for (const i of invoices) {
    const own = ledger.filter((l) => l.invoice_id === i.id);
    const want = i.status === 'void' ? [`invoice:${i.total}`, `void:${-i.total}`] : [`invoice:${i.total}`];
    const got = own.map((l) => `${l.kind}:${l.amount}`);
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(`1 ledger entries of invoice ${i.number}`, { got, want });
  }
  for (const p of payments) {
    const got = ledger.filter((l) => l.payment_id === p.id).map((l) => `${l.kind}:${l.amount}`);
    const want = p.reversed_at ? [`payment:${-p.amount}`, `reversal:${p.amount}`] : [`payment:${-p.amount}`];
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(`1 ledger entries of payment ${p.number}`, { got, want });
  }

  // 2. What is stored is a fresh settlement of the ledger; and settlement conserves money.
  for (const cid of m.customers) {
    const s = settleLedger(await ledgerItems(w.core.db.manager, cid));
    for (const i of invoices.filter((x) => x.customer_id === cid)) {
      const want = i.status === 'void' ? { paid: 0, status: 'void' } : statusOf(i.total, s.paid.get(i.id) ?? 0);
      if (i.paid !== want.paid || i.status !== want.status) fail(`2 stored paid/status of ${i.number}`, { stored: { paid: i.paid, status: i.status }, fresh: want });
    }
    const key = (a: Pick<AllocRow, 'credit_entry_id' | 'debit_entry_id' | 'invoice_id' | 'payment_id' | 'credit_invoice_id' | 'amount'>) =>
      `${a.credit_entry_id}>${a.debit_entry_id}:${a.amount}:${a.invoice_id}:${a.payment_id}:${a.credit_invoice_id}`;
    const stored = allocs.filter((a) => a.customer_id === cid).map(key).sort();
    const fresh = s.allocations
      .map((a) => key({ credit_entry_id: a.creditEntryId, debit_entry_id: a.debitEntryId, invoice_id: a.invoiceId, payment_id: a.paymentId, credit_invoice_id: a.creditInvoiceId, amount: a.amount }))
      .sort();
    if (JSON.stringify(stored) !== JSON.stringify(fresh)) fail(`2 allocations of customer ${cid}`, { stored, fresh });

    // Independent checks.
    let unallocatedCredit = 0;
    for (const p of payments.filter((x) => x.customer_id === cid)) {
      const given = allocs.filter((a) => a.payment_id === p.id).reduce((a, x) => a + x.amount, 0);
      if (p.reversed_at && given !== 0) fail(`2 reversed payment ${p.number} still pays`, given);
      if (given > p.amount) fail(`2 payment ${p.number} gives more than it is`, { given, amount: p.amount });
      if (!p.reversed_at) unallocatedCredit += p.amount - given;
    }
    let unpaid = 0;
    for (const i of invoices.filter((x) => x.customer_id === cid)) {
      const received = allocs.filter((a) => a.invoice_id === i.id).reduce((a, x) => a + x.amount, 0);
      const given = allocs.filter((a) => a.credit_invoice_id === i.id).reduce((a, x) => a + x.amount, 0);
      if (i.status === 'void') {
        if (received || given) fail(`2 void invoice ${i.number} has allocations`, { received, given });
        continue;
      }
      if (i.total > 0) {
        if (received !== i.paid || i.paid > i.total || i.paid < 0) fail(`2 paid of ${i.number}`, { allocated: received, paid: i.paid, total: i.total });
        if (given) fail(`2 debit invoice ${i.number} gives credit`, given);
        unpaid += i.total - i.paid;
      } else {
        if (received) fail(`2 credit note ${i.number} receives money`, received);
        if (given > -i.total) fail(`2 credit note ${i.number} gives more than it is`, { given, total: i.total });
        unallocatedCredit += -i.total - given;
      }
    }
    const balance = ledger.filter((l) => l.customer_id === cid).reduce((a, l) => a + l.amount, 0);
    if (balance !== unpaid - unallocatedCredit) fail(`2 conservation for customer ${cid}`, { balance, unpaid, unallocatedCredit });
    if (balance < 0) {
      const open = invoices.filter((i) => i.customer_id === cid && (i.status === 'open' || i.status === 'partial'));
      if (open.length) fail(`2 customer ${cid} has credit ${-balance} and unpaid invoices`, open.map((i) => i.number));
    }
  }

  // 3. Every service day charged once at the price in force; registered periods contiguous.
  const periods = await q<{ subscription_id: number; start: string; end: string; waived: number }>(w, 'SELECT subscription_id, start, end, waived FROM billing_periods ORDER BY subscription_id, start');
  const lines = await q<{ subscription_id: number; period_start: string; amount: number }>(
    w,
    "SELECT i.subscription_id, l.period_start, SUM(l.amount) AS amount FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.status <> 'void' AND l.period_start IS NOT NULL GROUP BY i.subscription_id, l.period_start",
  );
  const subsDb = await q<{ id: number; customer_id: number; status: string; isolation_reason: string | null; promise_until: string | null; grace_days: number; activated_on: string }>(
    w,
    'SELECT id, customer_id, status, isolation_reason, promise_until, grace_days, activated_on FROM subscriptions ORDER BY id',
  );
  for (const s of m.subs) {
    const db = subsDb.find((x) => x.id === s.id)!;
    const modelStatus = db.status === 'active' || db.status === 'isolated' ? 'live' : db.status;
    if (modelStatus !== s.status) fail(`3 status of s${s.idx}`, { db: db.status, model: s.status });
    const mine = periods.filter((p) => p.subscription_id === s.id);
    let expectStart = monthStart(s.activatedOn);
    for (const p of mine) {
      if (p.start !== expectStart || p.end !== nextMonth(p.start)) fail(`3 periods of s${s.idx} not contiguous months from ${monthStart(s.activatedOn)}`, mine.map((x) => `${x.start}..${x.end}`));
      expectStart = p.end;
      if (p.start > m.today) fail(`3 period ${p.start} of s${s.idx} registered before it starts (today ${m.today})`, '');
      if (Boolean(p.waived) !== s.waived.has(p.start)) fail(`3 waived flag of s${s.idx} period ${p.start}`, { db: p.waived, model: s.waived.has(p.start) });
      const charged = lines.find((l) => l.subscription_id === s.id && l.period_start === p.start)?.amount ?? 0;
      const want = p.waived ? 0 : expectedCharge(s.rows, p.start, p.end);
      if (charged !== want) {
        fail(`3 period ${p.start} of s${s.idx} charged ${charged} but the timeline says ${want}`, s.rows.map((r) => `${r.date} ${r.event} ${r.plan} ${r.price}-${r.discount}${r.billable ? '' : ' (not billed)'}`).join(' | '));
      }
    }
    for (const l of lines.filter((x) => x.subscription_id === s.id)) {
      if (!mine.some((p) => p.start === l.period_start)) fail(`3 lines of s${s.idx} for unregistered period ${l.period_start}`, l);
    }
    if (mine.length === 0) fail(`3 s${s.idx} has no registered period`, '');
    if (c.justRan && (db.status === 'active' || db.status === 'isolated') && expectStart !== nextMonth(monthStart(m.today))) {
      fail(`3 after the run, s${s.idx} is registered up to ${expectStart} (today ${m.today})`, mine.map((x) => x.start));
    }
  }

  // 4. Isolation for arrears only while in arrears; enforce leaves nobody unpaid past due.
  for (const s of subsDb) {
    const due = pastDue(invoices, s, m.today);
    const promised = s.promise_until !== null && s.promise_until >= m.today;
    const staleOk = triage.knownStaleIsolation && !c.justEnforced;
    if (s.status === 'isolated' && s.isolation_reason === 'overdue' && (due <= m.threshold || promised) && !staleOk) {
      fail(`4 subscription ${s.id} (s${m.subs.find((x) => x.id === s.id)?.idx}) isolated for arrears while past-due is ${due} (threshold ${m.threshold}, promise ${s.promise_until})`, '');
    }
    if (c.justEnforced && s.status === 'active' && due > m.threshold && !promised) fail(`4 after enforce, subscription ${s.id} is active with ${due} past due`, '');
  }

  // 5. Documents: due dates, gap-free numbers, arithmetic.
  const seq = new Map<string, number[]>();
  for (const i of invoices) {
    if (i.due_date < i.issue_date) fail(`5 invoice ${i.number} due ${i.due_date} before issue ${i.issue_date}`, '');
    const mm = /^(INV\/(\d{4})\/(\d{2}))\/(\d{5})$/.exec(i.number);
    if (!mm || `${mm[2]}-${mm[3]}` !== i.issue_date.slice(0, 7)) fail(`5 invoice number ${i.number} vs issue date ${i.issue_date}`, '');
    seq.set(mm[1]!, [...(seq.get(mm[1]!) ?? []), Number(mm[4])]);
    if (i.subtotal + i.tax !== i.total) fail(`5 ${i.number} subtotal + tax ≠ total`, i);
  }
  for (const p of payments) {
    const mm = /^(KW\/\d{4}\/\d{2})\/(\d{5})$/.exec(p.number);
    if (!mm) fail(`5 receipt number ${p.number}`, '');
    seq.set(mm[1]!, [...(seq.get(mm[1]!) ?? []), Number(mm[2])]);
  }
  for (const [prefix, nums] of seq) {
    const sorted = [...nums].sort((a, b) => a - b);
    if (sorted.some((n, k) => n !== k + 1)) fail(`5 numbers under ${prefix} have gaps or duplicates`, sorted);
  }
  const allLines = await q<{ invoice_id: number; kind: string; amount: number; counted: number; params: string }>(w, 'SELECT invoice_id, kind, amount, counted, params FROM invoice_lines');
  const perInvoice = new Map<number, { counted: number; tax: number }>();
  for (const l of allLines) {
    const t = perInvoice.get(l.invoice_id) ?? { counted: 0, tax: 0 };
    if (l.counted) t.counted += l.amount;
    if (l.kind === 'tax') {
      t.tax += l.amount;
      const p = JSON.parse(l.params) as { rate: string; base: number };
      const want = taxHalfUp(p.base, Math.round(Number(p.rate) * 100));
      if (l.amount !== want) fail(`5 tax line of invoice ${byId.get(l.invoice_id)?.number}: ${p.rate}% of ${p.base}`, { amount: l.amount, want });
    }
    perInvoice.set(l.invoice_id, t);
  }
  for (const i of invoices) {
    const t = perInvoice.get(i.id) ?? { counted: 0, tax: 0 };
    if (t.counted !== i.total || t.tax !== i.tax) fail(`5 lines of ${i.number} do not add up`, { countedLines: t.counted, total: i.total, taxLines: t.tax, tax: i.tax });
  }
}

/** Runs a whole scenario with invariants after every step; failures carry the concrete steps. */
export async function runScenario(w: BillingWorld, start: string, threshold: number, ops: readonly Op[]): Promise<void> {
  const c = await startScenario(w, start, threshold);
  try {
    for (const op of ops) {
      await applyOp(c, op);
      await checkInvariants(c);
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new PropertyFailure(`${msg}\n--- steps (concrete) ---\n${c.trace.map((t, i) => `${String(i).padStart(3)} ${t}`).join('\n')}`);
  }
}
