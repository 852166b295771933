/**
 * An executable model of monthly billing (fixed anchor day 1) and the invariants the real core must keep after
 * every operation. Used by the fast-check property (tests/unit/billing-property.test.ts) and by the
 * regressions it found (tests/unit/billing-property-regressions.test.ts).
 *
 * The model is deliberately independent of main/modules/billing: its own date arithmetic, its own cumulative
 * day charge, its own timeline of events, its own tax and rounding. Only invariant 2 reuses the engine's
 * settlement (by design: stored allocations and statuses must equal a fresh settlement of the ledger), and it
 * is backed by independent conservation checks.
 *
 * Rules modelled (README "Customers and monthly billing", migrations/1764600000000-BillingTruth.ts):
 * - periods run from the 1st to the next 1st (a package of 3/6/12 months spans that many; the month the
 *   service starts in is a month of its own unless it starts on the 1st); postpaid periods are invoiced when
 *   they start, prepaid ones 7 days (prepaidLeadDays) before;
 * - a day costs round(p·b/n) − round(p·a/n) for the run of days [a, b) of an n-day period at period price p
 *   (half up); the recurring discount (× months) and the package discount (round(p·bp/10000)) likewise;
 * - events dated in the past re-derive every invoiced period they reach; dated after today they are scheduled
 *   (one per subscription) and happen at the next invoice run on or after their date, or fail with the code the
 *   same immediate change would get;
 * - voiding a period invoice waives its period; voiding the newest change's invoice undoes the change.
 */
import fc from 'fast-check';
import { ledgerItems } from '../../main/modules/billing/ledger';
import { settleLedger, statusOf } from '../../main/modules/billing/engine/settle';
import type { Input, Method } from '../../shared/contract';
import { moveTo, seedCustomer, type BillingWorld } from './billing';

// ---------------------------------------------------------------------------------------------------------
// Dates and money, written from scratch (not the engine's).

const DAY = 86_400_000;
const toMs = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromMs = (t: number) => new Date(t).toISOString().slice(0, 10);
export const plusDays = (d: string, n: number): string => fromMs(toMs(d) + n * DAY);
export const daysBetween = (a: string, b: string): number => Math.round((toMs(b) - toMs(a)) / DAY);
export const monthStart = (d: string): string => `${d.slice(0, 7)}-01`;
export const plusMonths = (start: string, n: number): string => {
  const k = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
};

/** x / n rounded half away from zero (integers only). */
export const roundAway = (x: number, n: number): number => {
  if (n <= 0 || !Number.isSafeInteger(x)) throw new Error(`roundAway(${x}, ${n})`);
  return Math.sign(x) * Math.floor((2 * Math.abs(x) + n) / (2 * n));
};
/** Cumulative day charge of [a, b) in a period of n days: round(p·b/n) − round(p·a/n). */
export const dayCharge = (p: number, a: number, b: number, n: number): number => roundAway(p * b, n) - roundAway(p * a, n);
/** A total rounded to a unit, symmetric for credit notes. */
export const roundTo = (total: number, unit: number, mode: 'nearest' | 'up' | 'down'): number => {
  if (unit <= 1) return total;
  const rounded = roundToUnit(total, unit, mode);
  // Rounding never turns a document into Rp 0: such a total stays as it is.
  return rounded === 0 ? total : rounded;
};

const roundToUnit = (total: number, unit: number, mode: 'nearest' | 'up' | 'down'): number => {
  const a = Math.abs(total);
  const q = Math.floor(a / unit);
  const r = a - q * unit;
  const up = mode === 'up' ? r > 0 : mode === 'down' ? false : 2 * r >= unit;
  return Math.sign(total) * (q + (up ? 1 : 0)) * unit;
};

// ---------------------------------------------------------------------------------------------------------
// The model.

export type PlanKey = 'A' | 'B' | 'T';
export const PRICE: Record<PlanKey, number> = { A: 150_000, B: 300_000, T: 100_000 };
export const TAX: Record<PlanKey, number> = { A: 0, B: 0, T: 1100 };
/** Package discounts given to the plans in offices that sell packages (basis points). */
export const CYCLE_BP: Record<PlanKey, Partial<Record<3 | 6 | 12, number>>> = { A: { 3: 500, 6: 800, 12: 1000 }, B: { 12: 1500 }, T: { 3: 300 } };

export interface Office {
  threshold: number;
  roundingUnit: 0 | 100 | 500 | 1000;
  roundingMode: 'nearest' | 'up' | 'down';
  pricesIncludeTax: boolean;
  taxInstallFee: boolean;
  lateFeeAmount: number;
  lateFeeDays: number;
  /** Plans carry the package discounts of CYCLE_BP. */
  packages: boolean;
  /** Isolated subscriptions keep being billed (false: a period that starts while isolated is charged from the restore day). */
  billIsolated: boolean;
}
export const DEFAULT_OFFICE: Office = {
  threshold: 0,
  roundingUnit: 0,
  roundingMode: 'nearest',
  pricesIncludeTax: false,
  taxInstallFee: false,
  lateFeeAmount: 0,
  lateFeeDays: 7,
  packages: false,
  billIsolated: true,
};
const LEAD_DAYS = 7;

type Status = 'pending' | 'live' | 'paused' | 'terminated';
export type Action = 'activate' | 'changePlan' | 'pause' | 'resume' | 'terminate';

export interface MRow {
  date: string;
  event: 'activate' | 'change' | 'pause' | 'resume' | 'terminate' | 'discount' | 'isolate' | 'restore';
  plan: PlanKey;
  discount: number;
  billable: boolean;
  /** The change/final invoice the event made (null: it changed nothing already invoiced). */
  invoiceId: number | null;
  /** What undoing it goes back to. */
  prev: { status: Status; isolated: boolean; plan: PlanKey; discount: number };
}

export interface MScheduled {
  action: Action;
  date: string;
  plan: PlanKey | null;
  status: 'scheduled' | 'done' | 'failed' | 'cancelled';
  /** For a failed one: the refusal code. */
  code: string | null;
}

export interface MSub {
  idx: number;
  id: number;
  customerIdx: number;
  customerId: number;
  username: string;
  plan: PlanKey;
  discount: number;
  status: Status;
  /** Live and isolated (as enforcement decided; invariant 4 checks the decisions). */
  isolated: boolean;
  activatedOn: string | null;
  installFee: number;
  dueDays: number;
  graceDays: number;
  prepaid: boolean;
  cycleMonths: 1 | 3 | 6 | 12;
  cycleBp: number;
  rows: MRow[];
  /** Period starts waived by voiding their period/activation invoice. */
  waived: Set<string>;
  /**
   * Registered periods that were registered while the subscription was inside an isolation that is not billed
   * (and the isolation had begun by the period's start): their isolated days are free. Learnt when the period
   * first appears, from the model's state before the step that registered it.
   */
  suspended: Map<string, boolean>;
  /** Start of the non-billed isolation in force before the current step (null: none). */
  preSuspend: string | null;
  scheduled: MScheduled[];
}

export interface Model {
  today: string;
  office: Office;
  customers: number[];
  subs: MSub[];
}

/**
 * What the model says a period [start, end) of `months` months should charge, per tax rate, from the
 * timeline (runs between event dates; the last event dated on or before a day holds that day).
 */
/** Start of the isolation that is not billed in force after the last row (null: none). */
export function suspendStart(rows: readonly MRow[]): string | null {
  let start: string | null = null;
  for (const r of rows) {
    if (r.event === 'isolate') start = r.date;
    else if (r.event === 'restore' || r.event === 'resume' || r.event === 'pause' || r.event === 'terminate' || r.event === 'activate') start = null;
  }
  return start;
}

/** Rows inside an isolation that is not billed (from an 'isolate' row to its restore, pause, end or resume). */
function insideIsolation(rows: readonly MRow[]): Set<MRow> {
  const out = new Set<MRow>();
  let inside = false;
  for (const r of rows) {
    if (r.event === 'isolate') inside = true;
    else if (r.event === 'restore' || r.event === 'resume' || r.event === 'pause' || r.event === 'terminate' || r.event === 'activate') inside = false;
    if (inside) out.add(r);
  }
  return out;
}

export function expectedCharge(s: Pick<MSub, 'rows' | 'cycleBp'>, start: string, end: string, months: number, suspended = false): Map<number, number> {
  const n = daysBetween(start, end);
  const bounds = [...new Set([start, ...s.rows.map((r) => r.date).filter((d) => d > start && d < end), end])].sort();
  const out = new Map<number, number>();
  // A period registered while the subscription was isolated (not billed) leaves its isolated days free; one
  // registered before the isolation keeps them.
  const free = suspended ? insideIsolation(s.rows) : new Set<MRow>();
  for (let i = 0; i < bounds.length - 1; i++) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    let row: MRow | undefined;
    for (const r of s.rows) if (r.date <= from) row = r;
    if (!row || !row.billable) continue;
    if (free.has(row)) continue;
    const a = daysBetween(start, from);
    const b = daysBetween(start, to);
    const price = PRICE[row.plan] * months;
    const cycle = months > 1 && s.cycleBp > 0 ? roundAway(price * s.cycleBp, 10_000) : 0;
    const amount = dayCharge(price, a, b, n) - dayCharge(cycle, a, b, n) - dayCharge(row.discount * months, a, b, n);
    out.set(TAX[row.plan], (out.get(TAX[row.plan]) ?? 0) + amount);
  }
  return out;
}

const termsSince = (s: MSub) => s.rows[s.rows.length - 1]?.date ?? null;
/** Periods are invoiced up to this day (a prepaid one a week ahead). */
const horizonOf = (s: MSub, today: string) => (s.prepaid ? plusDays(today, LEAD_DAYS) : today);
const pendingOf = (s: MSub) => s.scheduled.find((x) => x.status === 'scheduled') ?? null;

// ---------------------------------------------------------------------------------------------------------
// Operations (abstract: indices are resolved against the state when the operation runs, so shrinking works).

export type DatePick = { mode: 'valid'; frac: number } | { mode: 'future'; k: number } | { mode: 'before'; k: number };

export type Op =
  | { t: 'create'; cust: number; plan: PlanKey; discount: number; fee: number; back: number; dueDays: number; graceDays: number; prepaid: boolean; cycle: 1 | 3 | 6 | 12 }
  | { t: 'activate'; sub: number; date: DatePick }
  | { t: 'advance'; days: number; run: boolean; enforce: boolean }
  | { t: 'run' }
  | { t: 'changePlan'; sub: number; plan: PlanKey; date: DatePick; eligible: boolean }
  | { t: 'pause' | 'resume' | 'terminate'; sub: number; date: DatePick; eligible: boolean }
  | { t: 'cancel'; sub: number }
  | { t: 'discount'; sub: number; discount: number }
  | { t: 'pay'; cust: number; amount: number }
  | { t: 'reverse'; pick: number }
  | { t: 'refund'; cust: number; how: 'all' | 'part' | 'over' }
  | { t: 'void'; pick: number; any: boolean }
  | { t: 'adjust'; cust: number; amount: number }
  | { t: 'charge'; cust: number; sub: number | null; amount: number }
  | { t: 'enforce' }
  | { t: 'promise'; sub: number; k: number | null };

const planArb = fc.constantFrom<PlanKey>('A', 'B', 'T');
const discountArb = fc.constantFrom(0, 10_000, 25_000);
const datePickArb: fc.Arbitrary<DatePick> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ mode: fc.constant('valid' as const), frac: fc.oneof(fc.constant(0), fc.constant(1000), fc.integer({ min: 0, max: 1000 })) }) },
  { weight: 3, arbitrary: fc.record({ mode: fc.constant('future' as const), k: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: fc.integer({ min: 360, max: 380 }) }) }) },
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
  back: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 60 }) }, { weight: 1, arbitrary: fc.integer({ min: -10, max: -1 }) }),
  dueDays: fc.constantFrom(0, 5, 10),
  graceDays: fc.constantFrom(0, 3),
  prepaid: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  cycle: fc.oneof({ weight: 8, arbitrary: fc.constant(1 as const) }, { weight: 1, arbitrary: fc.constantFrom(3 as const, 6 as const, 12 as const) }),
});

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: createArb },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('activate' as const), sub: subIdx, date: fc.oneof(fc.record({ mode: fc.constant('before' as const), k: fc.integer({ min: 0, max: 30 }) }), datePickArb) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 45 }), run: fc.boolean(), enforce: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('run' as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('changePlan' as const), sub: subIdx, plan: planArb, date: datePickArb, eligible: eligibleArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('pause' as const), sub: subIdx, date: datePickArb, eligible: eligibleArb }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('resume' as const), sub: subIdx, date: datePickArb, eligible: eligibleArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('terminate' as const), sub: subIdx, date: datePickArb, eligible: eligibleArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cancel' as const), sub: subIdx }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('discount' as const), sub: subIdx, discount: discountArb }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('pay' as const), cust: fc.nat({ max: 1 }), amount: moneyArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat({ max: 50 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('refund' as const), cust: fc.nat({ max: 1 }), how: fc.constantFrom('all' as const, 'part' as const, 'over' as const) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('void' as const), pick: fc.nat({ max: 50 }), any: fc.boolean() }) },
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

/** Office settings: mostly the defaults, each option now and then. */
export const officeArb: fc.Arbitrary<Office> = fc.record({
  threshold: fc.constantFrom(0, 0, 20_000),
  roundingUnit: fc.constantFrom<Office['roundingUnit']>(0, 0, 0, 100, 500, 1000),
  roundingMode: fc.constantFrom<Office['roundingMode']>('nearest', 'up', 'down'),
  pricesIncludeTax: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  taxInstallFee: fc.boolean(),
  lateFeeAmount: fc.constantFrom(0, 0, 5_000),
  lateFeeDays: fc.integer({ min: 1, max: 10 }),
  packages: fc.boolean(),
  billIsolated: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

export interface Scenario {
  start: string;
  office: Office;
  ops: Op[];
}

export const scenarioArb = (minOps = 15, maxOps = 40): fc.Arbitrary<Scenario> =>
  fc.record({ start: startArb, office: officeArb, first: createArb, rest: fc.array(opArb, { minLength: minOps - 1, maxLength: maxOps - 1 }) }).map(({ start, office, first, rest }) => ({
    start,
    office,
    ops: [first, ...rest],
  }));

// ---------------------------------------------------------------------------------------------------------
// Running operations against the real core.

export class PropertyFailure extends Error {}

/** Triage switches for hunting further bugs while a known one stands (the property itself never sets them). */
export const triage = { knownStaleIsolation: false, knownChangeBillsIsolation: false, knownZeroTotal: false, knownUndoSilentPeriod: false, knownIsolationCredit: false };

export interface Ctx {
  w: BillingWorld;
  m: Model;
  trace: string[];
  tag: string;
  /** Set right after an invoice run at today (registered periods must then reach the horizon). */
  justRan: boolean;
  /** Set right after enforce() (no active subscription may then be past due without a promise; late fees charged). */
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
            (SELECT count(*) FROM billing_periods WHERE waived = 1) AS waived, (SELECT COALESCE(SUM(amount),0) FROM allocations) AS alloc,
            (SELECT group_concat(status) FROM scheduled_changes) AS sched, (SELECT group_concat(value) FROM counters) AS counters`,
  );
  const subs = await q(w, 'SELECT id, status, plan_id, discount, terms_since, billed_until, paused_on, terminated_on, promise_until, isolation_reason FROM subscriptions ORDER BY id');
  return JSON.stringify({ counts, subs });
}

/** Calls a method; `expect` is null for success or the refusal code the rules give. */
async function expectCall<M extends Method>(c: Ctx, label: string, method: M, input: Input<M>, expect: string | null): Promise<unknown> {
  const before = expect ? await snapshot(c.w) : '';
  const r = await c.w.owner.try(method, input);
  c.trace.push(`${label} → ${r.ok ? 'ok' : `refused ${r.error.code}`}${expect ? ` (rules: ${expect})` : ''}`);
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

function pickDate(s: MSub, today: string, d: DatePick): string {
  const since = termsSince(s) ?? today;
  if (d.mode === 'future') return plusDays(today, d.k);
  if (d.mode === 'before') return plusDays(since, -d.k);
  return plusDays(since, Math.round((daysBetween(since, today) * d.frac) / 1000));
}

/** The refusal an immediate change dated `date` (≤ today) gets from the rules, or null. */
function immediateRefusal(s: MSub, action: Action, date: string, plan: PlanKey | null): string | null {
  if (action === 'activate') return s.status === 'pending' ? null : 'billing.bad_state';
  if (action === 'changePlan' || action === 'pause') {
    if (s.status !== 'live') return 'billing.bad_state';
    if (action === 'changePlan' && plan === s.plan) return 'billing.same_plan';
  }
  if (action === 'resume' && s.status !== 'paused') return 'billing.bad_state';
  if (action === 'terminate') {
    if (s.status === 'terminated') return 'billing.bad_state';
    if (s.status === 'pending') return null;
  }
  if (date < s.activatedOn!) return 'billing.before_activation';
  if (date < termsSince(s)!) return 'billing.before_last_change';
  return null;
}

/** The refusal scheduling a change for `date` (> today) gets, or null. */
function scheduleRefusal(s: MSub, action: Action, date: string, plan: PlanKey | null, today: string): string | null {
  if (date > plusDays(today, 366)) return 'billing.future_date';
  const allowed: Record<Action, Status[]> = { activate: ['pending'], changePlan: ['live'], pause: ['live'], resume: ['paused'], terminate: ['pending', 'live', 'paused'] };
  if (!allowed[action].includes(s.status)) return 'billing.bad_state';
  if (pendingOf(s)) return 'billing.already_scheduled';
  if (action === 'changePlan' && plan === s.plan) return 'billing.same_plan';
  return null;
}

/** Applies an accepted change to the model (the invoice it made is attached by the caller). */
function applyToModel(s: MSub, action: Action, date: string, plan: PlanKey | null): MRow | null {
  const last = s.rows[s.rows.length - 1];
  const prev = { status: s.status, isolated: s.isolated, plan: s.plan, discount: s.discount };
  let row: MRow | null = null;
  if (action === 'activate') {
    s.activatedOn = date;
    s.status = 'live';
    row = { date, event: 'activate', plan: s.plan, discount: s.discount, billable: true, invoiceId: null, prev };
  } else if (action === 'changePlan') {
    row = { date, event: 'change', plan: plan!, discount: s.discount, billable: true, invoiceId: null, prev };
    s.plan = plan!;
  } else if (action === 'resume') {
    row = { date, event: 'resume', plan: s.plan, discount: s.discount, billable: true, invoiceId: null, prev };
    s.status = 'live';
  } else if (action === 'terminate' && s.status === 'pending') {
    s.status = 'terminated';
  } else {
    row = { ...last!, date, event: action === 'pause' ? 'pause' : 'terminate', billable: false, invoiceId: null, prev };
    s.status = action === 'pause' ? 'paused' : 'terminated';
  }
  if (action !== 'changePlan') s.isolated = false;
  if (row) s.rows.push(row);
  return row;
}

const maxInvoiceId = async (w: BillingWorld) => (await q<{ m: number | null }>(w, 'SELECT MAX(id) AS m FROM invoices'))[0]?.m ?? 0;

/** Attaches the change/final invoice a change made (at most one per subscription and operation). */
async function attachEventInvoice(c: Ctx, s: MSub, row: MRow | null, action: Action, afterId: number): Promise<void> {
  const rows = await q<{ id: number; number: string; kind: string; total: number }>(
    c.w,
    "SELECT id, number, kind, total FROM invoices WHERE subscription_id = ? AND id > ? AND kind IN ('change','final') ORDER BY id",
    [s.id, afterId],
  );
  if (rows.length > 1) throw new PropertyFailure(`one change made ${rows.length} change invoices: ${JSON.stringify(rows)}`);
  const inv = rows[0];
  if (!inv) return;
  if (!row || action === 'activate') throw new PropertyFailure(`${action} of s${s.idx} made a '${inv.kind}' invoice ${inv.number}`);
  if (inv.kind !== (action === 'terminate' ? 'final' : 'change')) throw new PropertyFailure(`${action} made a '${inv.kind}' invoice`);
  row.invoiceId = inv.id;
  c.trace.push(`   made ${inv.kind} ${inv.number} total ${inv.total}`);
}

let runCounter = 0;

/** A fresh scenario on a world: office settings, plan packages, two customers. */
export async function startScenario(w: BillingWorld, start: string, office: Office = DEFAULT_OFFICE): Promise<Ctx> {
  const m: Model = { today: start, office, customers: [], subs: [] };
  const trace: string[] = [`world start ${start}, office ${JSON.stringify(office)}`];
  const settings = w.core.settings.get('billing');
  await w.owner.call('settings.update', {
    group: 'billing',
    value: {
      ...settings,
      restoreThreshold: office.threshold,
      roundingUnit: office.roundingUnit,
      roundingMode: office.roundingMode,
      pricesIncludeTax: office.pricesIncludeTax,
      taxInstallFee: office.taxInstallFee,
      lateFeeAmount: office.lateFeeAmount,
      lateFeeDays: office.lateFeeDays,
      billIsolated: office.billIsolated,
    },
  });
  if (office.packages) {
    const plans = await w.owner.call('plans.list', {});
    for (const key of ['A', 'B', 'T'] as const) {
      const p = plans.find((x) => x.id === w.plans[key])!;
      await w.owner.call('plans.update', { id: p.id, name: p.name, price: p.price, taxRateBp: p.taxRateBp, profileName: p.profileName, rateLimit: p.rateLimit, cycleDiscounts: CYCLE_BP[key] });
    }
  }
  m.customers.push(await seedCustomer(w.core, 'Siti Aminah'), await seedCustomer(w.core, 'Budi Hartono'));
  return { w, m, trace, tag: `r${process.pid}x${++runCounter}`, justRan: false, justEnforced: false };
}

/** The daily run: scheduled changes due by today first (each predicted), then invoices. */
async function runInvoices(c: Ctx): Promise<void> {
  const { m } = c;
  const before = await maxInvoiceId(c.w);
  const due = m.subs
    .flatMap((s) => s.scheduled.filter((x) => x.status === 'scheduled' && x.date <= m.today).map((x) => ({ s, x })))
    .sort((a, b) => (a.x.date < b.x.date ? -1 : a.x.date > b.x.date ? 1 : 0));
  const applied: { s: MSub; row: MRow | null; action: Action }[] = [];
  for (const { s, x } of due) {
    const code = immediateRefusal(s, x.action, x.date, x.plan);
    if (code) {
      x.status = 'failed';
      x.code = code;
      c.trace.push(`   scheduled ${x.action} of s${s.idx} on ${x.date} fails: ${code}`);
    } else {
      x.status = 'done';
      applied.push({ s, row: applyToModel(s, x.action, x.date, x.plan), action: x.action });
      c.trace.push(`   scheduled ${x.action}${x.plan ? ` → ${x.plan}` : ''} of s${s.idx} on ${x.date} happens`);
    }
  }
  const r = await c.w.core.billing.runInvoices();
  c.trace.push(`runInvoices → ${r.created} invoices, total ${r.total}`);
  for (const a of applied) await attachEventInvoice(c, a.s, a.row, a.action, before);
  c.justRan = true;
}

async function enforceNow(c: Ctx): Promise<void> {
  const r = await c.w.core.billing.enforce();
  c.trace.push(`enforce → isolated ${r.isolated}, restored ${r.restored}, late fees ${r.lateFees}`);
  c.justEnforced = true;
}

/** Runs one operation against the core and the model. */
export async function applyOp(c: Ctx, op: Op): Promise<void> {
  c.justRan = false;
  c.justEnforced = false;
  const before = await maxInvoiceId(c.w);
  await operate(c, op);
  await observeIsolation(c, before);
}

/**
 * Isolations and restores are enforcement's decisions (invariant 4 checks them): the model takes them from the
 * subscriptions. When isolated subscriptions are not billed, each is a dated row on the timeline, and a restore
 * after an isolation row may bill the days from today (a change invoice).
 */
async function observeIsolation(c: Ctx, before: number): Promise<void> {
  const { w, m } = c;
  const db = await q<{ id: number; status: string }>(w, 'SELECT id, status FROM subscriptions');
  const added = new Map<MSub, MRow>();
  for (const s of m.subs) {
    if (s.status !== 'live') continue;
    const isolated = db.find((x) => x.id === s.id)?.status === 'isolated';
    if (isolated === s.isolated) continue;
    const last = s.rows[s.rows.length - 1]!;
    const prev = { status: s.status, isolated: s.isolated, plan: s.plan, discount: s.discount };
    s.isolated = isolated;
    c.trace.push(`   s${s.idx} ${isolated ? 'isolated' : 'restored'}`);
    if (m.office.billIsolated) continue;
    if (isolated) added.set(s, { ...last, date: m.today, event: 'isolate', invoiceId: null, prev });
    else if (suspendStart(s.rows) !== null) added.set(s, { ...last, date: m.today, event: 'restore', invoiceId: null, prev });
    const row = added.get(s);
    if (row) s.rows.push(row);
  }
  const fresh = await q<{ id: number; number: string; kind: string; total: number; subscription_id: number }>(
    w,
    "SELECT id, number, kind, total, subscription_id FROM invoices WHERE id > ? AND kind IN ('change','final') ORDER BY id",
    [before],
  );
  for (const inv of fresh) {
    const s = m.subs.find((x) => x.id === inv.subscription_id)!;
    if (s.rows.some((r) => r.invoiceId === inv.id)) continue;
    const row = added.get(s);
    if (!row || row.invoiceId !== null || inv.kind !== 'change') throw new PropertyFailure(`${inv.kind} invoice ${inv.number} (total ${inv.total}) of s${s.idx} made by no change the rules know of`);
    row.invoiceId = inv.id;
    c.trace.push(`   made ${inv.kind} ${inv.number} total ${inv.total} for the ${row.event}`);
  }
}

async function operate(c: Ctx, op: Op): Promise<void> {
  const { w, m } = c;
  const any = (i: number) => (m.subs.length ? m.subs[i % m.subs.length]! : null);
  const name = (s: MSub) => `s${s.idx}`;
  switch (op.t) {
    case 'create': {
      const mine = m.subs.filter((s) => s.customerIdx === op.cust);
      if (mine.length >= 2) return void c.trace.push(`(skip create: customer c${op.cust} has 2 subscriptions)`);
      const installDate = plusDays(m.today, -op.back);
      const idx = m.subs.length;
      const username = `${c.tag}s${idx}`;
      const cycleBp = op.cycle > 1 && m.office.packages ? (CYCLE_BP[op.plan][op.cycle as 3 | 6 | 12] ?? 0) : 0;
      const before = await maxInvoiceId(w);
      const label =
        `s${idx} = subscriptions.create c${op.cust} plan ${op.plan} discount ${op.discount} installFee ${op.fee} installDate ${installDate} dueDays ${op.dueDays} graceDays ${op.graceDays}` +
        `${op.prepaid ? ' prepaid' : ''}${op.cycle > 1 ? ` cycleMonths ${op.cycle} (package discount ${cycleBp} bp)` : ''}`;
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
          billingMode: op.prepaid ? 'prepaid' : 'postpaid',
          cycleMonths: op.cycle,
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
        status: 'pending',
        isolated: false,
        activatedOn: null,
        installFee: op.fee,
        dueDays: op.dueDays,
        graceDays: op.graceDays,
        prepaid: op.prepaid,
        cycleMonths: op.cycle,
        cycleBp,
        rows: [],
        waived: new Set(),
        suspended: new Map(),
        preSuspend: null,
        scheduled: [],
      };
      m.subs.push(s);
      if (installDate > m.today) s.scheduled.push({ action: 'activate', date: installDate, plan: null, status: 'scheduled', code: null });
      else await attachEventInvoice(c, s, applyToModel(s, 'activate', installDate, null), 'activate', before);
      return;
    }
    case 'activate': {
      const pending = m.subs.filter((x) => x.status === 'pending');
      const s = pending.length ? pending[op.sub % pending.length]! : any(op.sub);
      if (!s) return void c.trace.push('(skip activate: no subscription)');
      const date = op.date.mode === 'before' ? plusDays(m.today, -op.date.k) : pickDate(s, m.today, op.date);
      const later = date > m.today;
      const expect = later ? scheduleRefusal(s, 'activate', date, null, m.today) : immediateRefusal(s, 'activate', date, null);
      const before = await maxInvoiceId(w);
      await expectCall(c, `subscriptions.activate ${name(s)} date ${date} (today ${m.today})${later ? ' [scheduled]' : ''}`, 'subscriptions.activate', { id: s.id, date }, expect);
      if (expect) return;
      if (later) s.scheduled.push({ action: 'activate', date, plan: null, status: 'scheduled', code: null });
      else {
        await attachEventInvoice(c, s, applyToModel(s, 'activate', date, null), 'activate', before);
        // Activated by hand: a scheduled activation has nothing left to do.
        const p = pendingOf(s);
        if (p?.action === 'activate') p.status = 'cancelled';
      }
      return;
    }
    case 'advance': {
      m.today = plusDays(m.today, op.days);
      await moveTo(w, m.today);
      c.trace.push(`moveTo ${m.today}`);
      if (op.run) await runInvoices(c);
      if (op.enforce) await enforceNow(c);
      return;
    }
    case 'run':
      return runInvoices(c);
    case 'changePlan':
    case 'pause':
    case 'resume':
    case 'terminate': {
      const accepts = (x: MSub) => (op.t === 'resume' ? x.status === 'paused' : op.t === 'terminate' ? x.status !== 'terminated' && x.status !== 'pending' : x.status === 'live');
      const eligible = m.subs.filter(accepts);
      const s = op.eligible && eligible.length ? eligible[op.sub % eligible.length]! : any(op.sub);
      if (!s) return void c.trace.push(`(skip ${op.t}: no subscription)`);
      const date = pickDate(s, m.today, op.date);
      const later = date > m.today;
      const plan = op.t === 'changePlan' ? op.plan : null;
      const expect = later ? scheduleRefusal(s, op.t, date, plan, m.today) : immediateRefusal(s, op.t, date, plan);
      const before = await maxInvoiceId(w);
      const label = `subscriptions.${op.t} ${name(s)}${plan ? ` → plan ${plan}` : ''} date ${date} (today ${m.today}, termsSince ${termsSince(s)})${later ? ' [scheduled]' : ''}`;
      const input = plan ? { id: s.id, planId: w.plans[plan], date } : { id: s.id, date };
      await expectCall(c, label, `subscriptions.${op.t}`, input as never, expect);
      if (expect) return;
      if (later) s.scheduled.push({ action: op.t, date, plan, status: 'scheduled', code: null });
      else {
        await attachEventInvoice(c, s, applyToModel(s, op.t, date, plan), op.t, before);
        // Ended by hand: whatever was scheduled cannot happen any more.
        const p = pendingOf(s);
        if (op.t === 'terminate' && p) p.status = 'cancelled';
      }
      return;
    }
    case 'cancel': {
      const withPending = m.subs.filter((x) => pendingOf(x));
      const s = withPending.length ? withPending[op.sub % withPending.length]! : any(op.sub);
      if (!s) return void c.trace.push('(skip cancel: no subscription)');
      const p = pendingOf(s);
      await expectCall(c, `subscriptions.cancelScheduled ${name(s)}${p ? ` (${p.action} on ${p.date})` : ''}`, 'subscriptions.cancelScheduled', { id: s.id }, p ? null : 'not_found');
      if (p) p.status = 'cancelled';
      return;
    }
    case 'discount': {
      const open = m.subs.filter((x) => x.status !== 'terminated');
      const s = open.length ? open[op.sub % open.length]! : any(op.sub);
      if (!s) return void c.trace.push('(skip discount: no subscription)');
      const expect = s.status === 'terminated' ? 'billing.bad_state' : null;
      const before = await maxInvoiceId(w);
      await expectCall(
        c,
        `subscriptions.update ${name(s)} discount ${s.discount} → ${op.discount} (today ${m.today})`,
        'subscriptions.update',
        { id: s.id, password: 'pw123', anchor: 'fixed', anchorDay: 1, dueDays: s.dueDays, graceDays: s.graceDays, discount: op.discount },
        expect,
      );
      if (expect || op.discount === s.discount) return;
      if (s.status === 'pending') {
        s.discount = op.discount;
        return;
      }
      const last = s.rows[s.rows.length - 1]!;
      const row: MRow = { ...last, date: m.today, event: 'discount', discount: op.discount, invoiceId: null, prev: { status: s.status, isolated: s.isolated, plan: s.plan, discount: s.discount } };
      s.discount = op.discount;
      s.rows.push(row);
      const rows = await q<{ id: number; number: string; kind: string; total: number }>(w, "SELECT id, number, kind, total FROM invoices WHERE subscription_id = ? AND id > ? AND kind IN ('change','final')", [s.id, before]);
      if (rows.length > 1) throw new PropertyFailure(`a discount change made ${rows.length} change invoices`);
      if (rows[0]) {
        row.invoiceId = rows[0].id;
        c.trace.push(`   made ${rows[0].kind} ${rows[0].number} total ${rows[0].total}`);
      }
      return;
    }
    case 'pay':
      return void (await expectCall(c, `payments.create c${op.cust} ${op.amount}`, 'payments.create', { customerId: m.customers[op.cust]!, amount: op.amount, method: 'cash' }, null));
    case 'reverse': {
      const all = await q<{ id: number; number: string; amount: number; reversed_at: string | null; kind: string }>(w, 'SELECT id, number, amount, reversed_at, kind FROM payments ORDER BY id');
      if (all.length === 0) return void c.trace.push('(skip reverse: no payment)');
      const p = all[op.pick % all.length]!;
      const expect = p.reversed_at ? 'billing.already_reversed' : p.kind === 'refund' ? 'billing.bad_state' : null;
      return void (await expectCall(c, `payments.reverse ${p.number} (${p.amount})`, 'payments.reverse', { id: p.id, reason: 'Salah catat' }, expect));
    }
    case 'refund': {
      const cid = m.customers[op.cust]!;
      const [bal] = await q<{ b: number }>(w, 'SELECT COALESCE(SUM(amount), 0) AS b FROM ledger_entries WHERE customer_id = ?', [cid]);
      const credit = Math.max(0, -bal!.b);
      const amount = op.how === 'all' ? Math.max(1, credit) : op.how === 'part' ? Math.max(1, Math.ceil(credit / 2)) : credit + 1;
      const running = m.subs.some((s) => s.customerIdx === op.cust && s.status !== 'terminated');
      const expect = running || amount > credit ? 'billing.refund_not_allowed' : null;
      return void (await expectCall(c, `payments.refund c${op.cust} ${amount} (credit ${credit})`, 'payments.refund', { customerId: cid, amount, method: 'cash', note: 'Sisa deposit' }, expect));
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
      let waive: string[] = [];
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
        waive = periods.map((p) => p.start);
      } else if (inv.kind === 'change' || inv.kind === 'final') {
        const last = s!.rows[s!.rows.length - 1];
        const own = s!.rows.find((r) => r.invoiceId === inv.id);
        const [later] = await q(w, "SELECT 1 FROM invoices WHERE subscription_id = ? AND id > ? AND status <> 'void' LIMIT 1", [s!.id, inv.id]);
        undo = last?.invoiceId === inv.id && s!.rows.length >= 2 && !later;
        if (own && (own.event === 'isolate' || own.event === 'restore')) {
          undo = false;
          expect = 'billing.void_use_operation';
        } else if (!undo) expect = 'billing.void_not_latest';
      }
      await expectCall(c, `invoices.void ${inv.number} (${inv.kind}${s ? ` of ${name(s)}` : ''}, total ${inv.total}, ${inv.status})`, 'invoices.void', { id: inv.id, reason: 'Koreksi' }, expect);
      if (expect) return;
      if (s) for (const p of waive) s.waived.add(p);
      if (undo && s) {
        const row = s.rows.pop()!;
        s.status = row.prev.status;
        s.isolated = row.prev.isolated;
        s.plan = row.prev.plan;
        s.discount = row.prev.discount;
        c.trace.push(`   undid ${row.event} of ${name(s)} dated ${row.date}`);
      }
      return;
    }
    case 'adjust':
      return void (await expectCall(c, `billing.adjust c${op.cust} ${op.amount}`, 'billing.adjust', { customerId: m.customers[op.cust]!, amount: op.amount, reason: 'Penyesuaian' }, null));
    case 'charge': {
      const mine = m.subs.filter((s) => s.customerIdx === op.cust);
      const s = op.sub === null || mine.length === 0 ? null : mine[op.sub % mine.length]!;
      return void (await expectCall(
        c,
        `invoices.createCharge c${op.cust}${s ? ` ${name(s)}` : ''} reconnection ${op.amount}`,
        'invoices.createCharge',
        { customerId: m.customers[op.cust]!, subscriptionId: s?.id, type: 'reconnection', amount: op.amount, description: 'Biaya sambung ulang' },
        null,
      ));
    }
    case 'enforce':
      return enforceNow(c);
    case 'promise': {
      const s = any(op.sub);
      if (!s) return void c.trace.push('(skip promise: no subscription)');
      const until = op.k === null ? null : plusDays(m.today, op.k);
      const expect = s.status === 'terminated' || s.status === 'pending' ? 'billing.bad_state' : null;
      return void (await expectCall(c, `subscriptions.promise ${name(s)} until ${until}`, 'subscriptions.promise', { id: s.id, until, note: 'Janji bayar' }, expect));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Invariants.

interface InvRow {
  id: number;
  number: string;
  period_start: string | null;
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
  late_fee_for: number | null;
  charge_type: string | null;
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
  throw new PropertyFailure(`${what}${detail === '' ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
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

const showRows = (s: MSub) => s.rows.map((r) => `${r.date} ${r.event} ${r.plan} −${r.discount}${r.billable ? '' : ' (not billed)'}`).join(' | ');

export async function checkInvariants(c: Ctx): Promise<void> {
  const { w, m } = c;
  const invoices = await q<InvRow>(w, 'SELECT id, number, period_start, customer_id, subscription_id, kind, issue_date, due_date, subtotal, tax, total, paid, status, late_fee_for, charge_type FROM invoices ORDER BY id');
  const payments = await q<{ id: number; number: string; customer_id: number; amount: number; reversed_at: string | null; kind: string }>(
    w,
    'SELECT id, number, customer_id, amount, reversed_at, kind FROM payments ORDER BY id',
  );
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
      payments.filter((p) => p.customer_id === cid && !p.reversed_at && p.kind === 'payment').reduce((a, p) => a + p.amount, 0) +
      payments.filter((p) => p.customer_id === cid && p.kind === 'refund').reduce((a, p) => a + p.amount, 0);
    if (sum !== docs) fail(`1 ledger of customer ${cid}`, { ledgerSum: sum, invoicesMinusPaymentsPlusRefunds: docs });
  }
  for (const i of invoices) {
    const got = ledger.filter((l) => l.invoice_id === i.id).map((l) => `${l.kind}:${l.amount}`);
    const want = i.status === 'void' ? [`invoice:${i.total}`, `void:${-i.total}`] : [`invoice:${i.total}`];
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(`1 ledger entries of invoice ${i.number}`, { got, want });
  }
  for (const p of payments) {
    const got = ledger.filter((l) => l.payment_id === p.id).map((l) => `${l.kind}:${l.amount}`);
    const want = p.kind === 'refund' ? [`adjustment:${p.amount}`] : p.reversed_at ? [`payment:${-p.amount}`, `reversal:${p.amount}`] : [`payment:${-p.amount}`];
    if (JSON.stringify(got) !== JSON.stringify(want)) fail(`1 ledger entries of ${p.kind} ${p.number}`, { got, want });
  }

  // 2. What is stored is a fresh settlement of the ledger; and settlement conserves money.
  for (const cid of m.customers) {
    const s = settleLedger(await ledgerItems(w.core.db.manager, cid));
    for (const i of invoices.filter((x) => x.customer_id === cid)) {
      const want = i.status === 'void' ? { paid: 0, status: 'void' } : statusOf(i.total, s.paid.get(i.id) ?? 0);
      if (i.paid !== want.paid || i.status !== want.status) fail(`2 stored paid/status of ${i.number}`, { stored: { paid: i.paid, status: i.status }, fresh: want });
    }
    const key = (a: Omit<AllocRow, 'customer_id'>) => `${a.credit_entry_id}>${a.debit_entry_id}:${a.amount}:${a.invoice_id}:${a.payment_id}:${a.credit_invoice_id}`;
    const stored = allocs.filter((a) => a.customer_id === cid).map(key).sort();
    const fresh = s.allocations
      .map((a) => key({ credit_entry_id: a.creditEntryId, debit_entry_id: a.debitEntryId, invoice_id: a.invoiceId, payment_id: a.paymentId, credit_invoice_id: a.creditInvoiceId, amount: a.amount }))
      .sort();
    if (JSON.stringify(stored) !== JSON.stringify(fresh)) fail(`2 allocations of customer ${cid}`, { stored, fresh });

    // Independent: nobody gives more than they are, nothing dead takes part, and money is conserved.
    let unallocatedCredit = 0;
    let unpaid = 0;
    for (const p of payments.filter((x) => x.customer_id === cid)) {
      if (p.kind === 'refund') {
        const entry = ledger.find((l) => l.payment_id === p.id && l.kind === 'adjustment');
        const covered = allocs.filter((a) => a.debit_entry_id === entry?.id).reduce((a, x) => a + x.amount, 0);
        if (covered > p.amount) fail(`2 refund ${p.number} covered by more than it is`, { covered, amount: p.amount });
        unpaid += p.amount - covered;
        continue;
      }
      const given = allocs.filter((a) => a.payment_id === p.id).reduce((a, x) => a + x.amount, 0);
      if (p.reversed_at && given !== 0) fail(`2 reversed payment ${p.number} still pays`, given);
      if (given > p.amount) fail(`2 payment ${p.number} gives more than it is`, { given, amount: p.amount });
      if (!p.reversed_at) unallocatedCredit += p.amount - given;
    }
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
    if (unpaid > 0 && unallocatedCredit > 0) fail(`2 customer ${cid} has ${unallocatedCredit} credit unused and ${unpaid} unpaid`, '');
  }

  // 3. Every service day charged once at the price (and tax rate) in force; registered periods contiguous.
  const periods = await q<{ subscription_id: number; start: string; end: string; months: number; waived: number; invoice_id: number | null }>(
    w,
    'SELECT subscription_id, start, end, months, waived, invoice_id FROM billing_periods ORDER BY subscription_id, start',
  );
  const lines = await q<{ subscription_id: number; period_start: string; tax_bp: number; tax_included: number; amount: number }>(
    w,
    `SELECT i.subscription_id, l.period_start, l.tax_bp, l.tax_included, SUM(l.amount) AS amount FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.status <> 'void' AND l.period_start IS NOT NULL GROUP BY i.subscription_id, l.period_start, l.tax_bp, l.tax_included`,
  );
  const subsDb = await q<{ id: number; customer_id: number; status: string; isolation_reason: string | null; promise_until: string | null; grace_days: number; activated_on: string | null; plan_id: number; discount: number }>(
    w,
    'SELECT id, customer_id, status, isolation_reason, promise_until, grace_days, activated_on, plan_id, discount FROM subscriptions ORDER BY id',
  );
  const sched = await q<{ subscription_id: number; action: string; date: string; status: string; error: string | null }>(w, 'SELECT subscription_id, action, date, status, error FROM scheduled_changes ORDER BY id');
  for (const s of m.subs) {
    const db = subsDb.find((x) => x.id === s.id)!;
    const dbStatus = db.status === 'active' || db.status === 'isolated' ? 'live' : db.status;
    if (dbStatus !== s.status || db.activated_on !== s.activatedOn || db.plan_id !== c.w.plans[s.plan] || db.discount !== s.discount) {
      fail(`3 state of s${s.idx}`, { db: { status: db.status, activatedOn: db.activated_on, planId: db.plan_id, discount: db.discount }, model: { status: s.status, activatedOn: s.activatedOn, plan: s.plan, planId: c.w.plans[s.plan], discount: s.discount } });
    }
    const wantSched = s.scheduled.map((x) => `${x.action}@${x.date}:${x.status}${x.code ? `:${x.code}` : ''}`);
    const gotSched = sched.filter((x) => x.subscription_id === s.id).map((x) => `${x.action}@${x.date}:${x.status}${x.status === 'failed' ? `:${(x.error ?? '').split(':')[0]}` : ''}`);
    if (JSON.stringify(wantSched) !== JSON.stringify(gotSched)) fail(`3 scheduled changes of s${s.idx}`, { db: gotSched, model: wantSched });
    const mine = periods.filter((p) => p.subscription_id === s.id);
    if (!s.activatedOn) {
      if (mine.length) fail(`3 s${s.idx} is not activated but has periods`, mine);
      continue;
    }
    let expectStart = monthStart(s.activatedOn);
    for (const p of mine) {
      const months = expectStart < s.activatedOn ? 1 : s.cycleMonths;
      if (p.start !== expectStart || p.end !== plusMonths(p.start, months) || p.months !== months) {
        fail(`3 periods of s${s.idx} are not the chain from ${monthStart(s.activatedOn)} (package ${s.cycleMonths})`, mine.map((x) => `${x.start}..${x.end}/${x.months}`));
      }
      expectStart = p.end;
      if (p.start > horizonOf(s, m.today)) fail(`3 period ${p.start} of s${s.idx} registered before its time (today ${m.today})`, '');
      if (Boolean(p.waived) !== s.waived.has(p.start)) fail(`3 waived flag of s${s.idx} period ${p.start}`, { db: p.waived, model: s.waived.has(p.start) });
      const charged = lines.filter((l) => l.subscription_id === s.id && l.period_start === p.start);
      if (!s.suspended.has(p.start)) s.suspended.set(p.start, !m.office.billIsolated && s.preSuspend !== null && s.preSuspend <= p.start);
      const want = p.waived ? new Map<number, number>() : expectedCharge(s, p.start, p.end, p.months, s.suspended.get(p.start));
      const got = new Map<number, number>();
      for (const l of charged) {
        got.set(l.tax_bp, (got.get(l.tax_bp) ?? 0) + l.amount);
        if (Boolean(l.tax_included) !== m.office.pricesIncludeTax && l.amount !== 0) fail(`3 service lines of s${s.idx} period ${p.start} say tax_included=${l.tax_included}`, '');
      }
      const norm = (x: Map<number, number>) => JSON.stringify([...x].filter(([, v]) => v !== 0).sort(([a], [b]) => a - b));
      const silent = triage.knownUndoSilentPeriod && p.invoice_id === null && norm(got) === '[]';
      if (norm(got) !== norm(want) && !silent) fail(`3 period ${p.start}..${p.end} of s${s.idx} charged ${norm(got)} ([taxBp, amount]) but the timeline says ${norm(want)}`, showRows(s));
    }
    for (const l of lines.filter((x) => x.subscription_id === s.id)) {
      if (!mine.some((p) => p.start === l.period_start)) fail(`3 lines of s${s.idx} for unregistered period ${l.period_start}`, l);
    }
    if (mine.length === 0) fail(`3 s${s.idx} is active but has no registered period`, '');
    if (c.justRan && s.status === 'live' && expectStart <= horizonOf(s, m.today)) {
      fail(`3 after the run, s${s.idx} is registered up to ${expectStart} (horizon ${horizonOf(s, m.today)})`, mine.map((x) => x.start));
    }
  }

  // 4. Isolation for arrears only while in arrears; enforce leaves nobody unpaid past due, and charges late fees.
  for (const s of subsDb) {
    const due = pastDue(invoices, s, m.today);
    const promised = s.promise_until !== null && s.promise_until >= m.today;
    const staleOk = (triage.knownStaleIsolation && !c.justEnforced) || (triage.knownIsolationCredit && !m.office.billIsolated);
    if (s.status === 'isolated' && s.isolation_reason === 'overdue' && (due <= m.office.threshold || promised) && !staleOk) {
      fail(`4 subscription ${s.id} (s${m.subs.find((x) => x.id === s.id)?.idx}) isolated for arrears while past-due is ${due} (threshold ${m.office.threshold}, promise ${s.promise_until})`, '');
    }
    if (c.justEnforced && s.status === 'active' && due > m.office.threshold && !promised) fail(`4 after enforce, subscription ${s.id} is active with ${due} past due`, '');
  }
  const fees = invoices.filter((i) => i.late_fee_for !== null);
  for (const f of fees) {
    const target = byId.get(f.late_fee_for!)!;
    if (f.kind !== 'manual' || f.charge_type !== 'late_fee' || f.subscription_id !== target.subscription_id || f.customer_id !== target.customer_id) fail(`4 late fee ${f.number} does not match ${target.number}`, f);
    if (m.office.lateFeeAmount === 0) fail(`4 late fee ${f.number} charged with no late fee set`, '');
  }
  if (c.justEnforced && m.office.lateFeeAmount > 0) {
    for (const i of invoices) {
      const late = ['period', 'activation', 'change'].includes(i.kind) && (i.status === 'open' || i.status === 'partial') && plusDays(i.due_date, m.office.lateFeeDays) < m.today;
      if (late && !fees.some((f) => f.late_fee_for === i.id)) fail(`4 after enforce, ${i.number} (due ${i.due_date}) has no late fee`, '');
    }
  }

  // 5. Documents: due dates, gap-free numbers, arithmetic (tax per rate, rounding).
  const seq = new Map<string, number[]>();
  const count = (prefix: string, n: number) => seq.set(prefix, [...(seq.get(prefix) ?? []), n]);
  for (const i of invoices) {
    if (i.due_date < i.issue_date) fail(`5 invoice ${i.number} due ${i.due_date} before issue ${i.issue_date}`, '');
    // Due dates: postpaid max(start, today) + due days, prepaid the day before the start (or today); one-off
    // charges and credit notes the office's due days (10) after they are made, a late fee the day it is made.
    const s = m.subs.find((x) => x.id === i.subscription_id);
    let due: string;
    if (i.kind === 'manual') due = i.late_fee_for !== null ? i.issue_date : plusDays(i.issue_date, 10);
    else if (s!.prepaid) due = [plusDays(i.period_start!, -1), i.issue_date].sort()[1]!;
    else due = plusDays([i.period_start!, i.issue_date].sort()[1]!, s!.dueDays);
    if (i.due_date !== due) fail(`5 invoice ${i.number} (${i.kind}${s ? ` of s${s.idx}` : ''}, from ${i.period_start}, made ${i.issue_date}) due ${i.due_date}, the rule says ${due}`, '');
    if (i.total === 0 && !triage.knownZeroTotal) fail(`5 invoice ${i.number} (${i.kind}) totals Rp 0: it should not have been made`, '');
    const mm = /^(INV\/(\d{4})\/(\d{2}))\/(\d{5})$/.exec(i.number);
    if (!mm || `${mm[2]}-${mm[3]}` !== i.issue_date.slice(0, 7)) fail(`5 invoice number ${i.number} vs issue date ${i.issue_date}`, '');
    count(mm[1]!, Number(mm[4]));
  }
  for (const p of payments) {
    const mm = /^((KW|RF)\/\d{4}\/\d{2})\/(\d{5})$/.exec(p.number);
    if (!mm || (mm[2] === 'RF') !== (p.kind === 'refund')) fail(`5 ${p.kind} number ${p.number}`, '');
    count(mm[1]!, Number(mm[3]));
  }
  for (const [prefix, nums] of seq) {
    const sorted = [...nums].sort((a, b) => a - b);
    if (sorted.some((n, k) => n !== k + 1)) fail(`5 numbers under ${prefix} have gaps or duplicates`, sorted);
  }
  const allLines = await q<{ invoice_id: number; kind: string; description: string; amount: number; counted: number; params: string; tax_bp: number; tax_included: number }>(
    w,
    'SELECT invoice_id, kind, description, amount, counted, params, tax_bp, tax_included FROM invoice_lines ORDER BY invoice_id, position',
  );
  const perInvoice = new Map<number, typeof allLines>();
  for (const l of allLines) perInvoice.set(l.invoice_id, [...(perInvoice.get(l.invoice_id) ?? []), l]);
  for (const i of invoices) {
    const ls = perInvoice.get(i.id) ?? [];
    const bases = new Map<string, number>();
    let gross = 0;
    for (const l of ls) {
      if (!l.counted || l.kind === 'tax' || l.kind === 'rounding') continue;
      gross += l.amount;
      if (l.tax_bp > 0) bases.set(`${l.tax_bp}|${l.tax_included}`, (bases.get(`${l.tax_bp}|${l.tax_included}`) ?? 0) + l.amount);
    }
    let added = 0;
    let inside = 0;
    const wantTax: string[] = [];
    for (const [k, base] of [...bases].sort()) {
      const [bp, incl] = k.split('|').map(Number) as [number, number];
      const t = incl ? base - roundAway(base * 10_000, 10_000 + bp) : roundAway(base * bp, 10_000);
      if (t === 0) continue;
      wantTax.push(`${incl ? 'taxIncluded' : 'tax'}:${t}`);
      if (incl) inside += t;
      else added += t;
    }
    const gotTax = ls.filter((l) => l.kind === 'tax').map((l) => `${l.description}:${l.amount}`);
    if (JSON.stringify(gotTax.sort()) !== JSON.stringify(wantTax.sort())) fail(`5 tax lines of ${i.number}`, { got: gotTax, want: wantTax });
    const before = gross + added;
    const total = roundTo(before, m.office.roundingUnit, m.office.roundingMode);
    const rounding = ls.filter((l) => l.kind === 'rounding').reduce((a, l) => a + l.amount, 0);
    if (i.total !== total || rounding !== total - before) fail(`5 total of ${i.number}`, { total: i.total, want: total, roundingLine: rounding, beforeRounding: before });
    if (i.subtotal !== gross - inside || i.tax !== added + inside) fail(`5 subtotal/tax of ${i.number}`, { subtotal: i.subtotal, tax: i.tax, want: { subtotal: gross - inside, tax: added + inside } });
    const counted = ls.filter((l) => l.counted).reduce((a, l) => a + l.amount, 0);
    if (counted !== i.total) fail(`5 counted lines of ${i.number} add up to ${counted}, total ${i.total}`, '');
  }
}

/** Runs a whole scenario with invariants after every step; failures carry the concrete steps. */
export async function runScenario(w: BillingWorld, sc: Scenario): Promise<void> {
  const c = await startScenario(w, sc.start, sc.office);
  try {
    for (const op of sc.ops) {
      for (const s of c.m.subs) s.preSuspend = suspendStart(s.rows);
      await applyOp(c, op);
      await checkInvariants(c);
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new PropertyFailure(`${msg}\n--- steps (concrete) ---\n${c.trace.map((t, i) => `${String(i).padStart(3)} ${t}`).join('\n')}`);
  }
}

/** The kind of a failure (its first line with numbers blanked), to keep minimizing towards the same bug. */
export const failureKind = (message: string): string => (message.split('\n')[0] ?? '').split(':')[0]!.replace(/\d+/g, '#');

/**
 * Delta debugging over the operations of a failing scenario: drops operations (the first create stays) while
 * the same kind of failure remains. Returns the smallest scenario found and its failure.
 */
export async function minimize(sc: Scenario, run: (sc: Scenario) => Promise<string | null>, kind: string, deadline: number): Promise<{ scenario: Scenario; failure: string }> {
  let best = sc;
  let failure = (await run(sc)) ?? '';
  let changed = true;
  while (changed && Date.now() < deadline) {
    changed = false;
    for (let k = best.ops.length - 1; k >= 1 && Date.now() < deadline; k--) {
      const cand = { ...best, ops: best.ops.filter((_, j) => j !== k) };
      const err = await run(cand);
      if (err && failureKind(err) === kind) {
        best = cand;
        failure = err;
        changed = true;
      }
    }
  }
  return { scenario: best, failure };
}
