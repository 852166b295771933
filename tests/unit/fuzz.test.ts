import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { contract, METHODS, type Method } from '../../shared/contract';
import { httpStatusOf } from '../../shared/errors';
import { type Caller, OWNER, setupOffice, startCore, TestClock } from '../support/core';

/**
 * Every contract method, called as the owner through the dispatcher with malformed and extreme-but-valid
 * input: the answer is a result or a 4xx-class error, never `internal` (a 5xx). Bounded and seeded: the same
 * few inputs per method on every run (change SEED to explore, and keep any input that finds a bug as a test).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS_PER_METHOD = Number(process.env.FUZZ_RUNS ?? 5);
/** A call that takes longer than this is reported as hanging (router calls go to a closed local port: refused at once). */
const CALL_TIMEOUT_MS = 8_000;

/** Methods that would end the owner's session or password: called, but the session is restored after them. */
const SESSION_METHODS = new Set<Method>(['auth.logout', 'auth.login', 'setup.complete', 'auth.changePassword']);

const EXTREMES: unknown[] = [
  null,
  true,
  0,
  -1,
  1,
  2,
  -0,
  1.5,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  ' ',
  '0',
  '-1',
  'NaN',
  '0000-01-01',
  '9999-12-31',
  '2026-11-25',
  '2026-02-30',
  '0000-00',
  '9999-12',
  '2026-11',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999+14:00',
  '3h',
  '0s',
  '9999999999999999d',
  '=HYPERLINK("http://evil.example","x")',
  '\u0000\u0001\ud800',
  '../../etc/passwd',
  "'; DROP TABLE customers; --",
  'x'.repeat(70_000),
  [],
  [1, 2, 3],
  Array.from({ length: 2_000 }, (_, i) => i + 1),
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EXTREMES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.date({ min: new Date(Date.UTC(-5000, 0, 1)), max: new Date(Date.UTC(12000, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4 }) },
);

/** Plausible values by field name, so that some inputs pass the schema and reach the handlers with extreme values. */
function plausible(key: string): fc.Arbitrary<unknown> {
  if (/^(id|\w+Id)$/.test(key)) return fc.constantFrom(1, 2, 3, 999, Number.MAX_SAFE_INTEGER);
  if (/ids$/i.test(key)) return fc.constantFrom([1], [1, 2], [Number.MAX_SAFE_INTEGER]);
  if (/date|from|to|until|month|period/i.test(key)) return fc.constantFrom('2026-11-25', '2000-01-01', '2099-12-31', '2026-11', '2099-12', '2026-11-25T03:00:00.000Z');
  if (/validity|timeLimit|^by$/.test(key)) return fc.constantFrom('3h', '1d', '3650d', '521w3d23h59m59s');
  if (/amount|price|quantity|discount/i.test(key)) return fc.constantFrom(1, 100_000_000, 10_000, -1_000_000_000, 1_000_000_000);
  if (/^(name|username|profileName|reason|note|q|code)$/.test(key)) return fc.constantFrom('Siti Aminah', 'siti', '1hari', '=HYPERLINK("x")', 'a'.repeat(60));
  return junk;
}

/** Inputs for one method: junk at the top level, or the method's own fields filled (or left out) with junk. */
function inputsFor(method: Method): fc.Arbitrary<unknown> {
  const shape = (contract[method].input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = Object.keys(shape);
  const fields =
    keys.length === 0
      ? fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 3 })
      : fc.record(Object.fromEntries(keys.map((k) => [k, fc.oneof(junk, plausible(k))])), { requiredKeys: [] }).chain((r) =>
          // Sometimes an unknown extra field too.
          fc.option(junk, { nil: undefined }).map((extra) => (extra === undefined ? r : { ...r, extraField: extra })),
        );
  return fc.oneof({ weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 42, 'x', [], [{}], { a: { b: { c: [] } } }) }, { weight: 4, arbitrary: fields });
}

let core: Core;
let owner: Caller;

async function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  core = await startCore({ now: new TestClock().now, outboxPollMs: 60_000 });
  owner = await setupOffice(core);
  // Something for ids 1 and 2 to find: a router on a closed local port (calls to it are refused at once),
  // a plan, customers, a subscription, a voucher profile and an outlet.
  const r = await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: 1, tls: false, username: 'billing', password: 'rahasia' });
  const plan = await owner.call('plans.create', { name: 'Home 10', price: 150_000, profileName: 'home10', rateLimit: '10M/10M' });
  const c1 = await owner.call('customers.create', { name: 'Siti Aminah', phone: '081234567890' });
  await owner.call('customers.create', { name: 'Budi Hartono' });
  await owner.try('subscriptions.create', { customerId: c1.id, planId: plan.id, routerId: r.id, username: 'siti', password: 'rahasia1', installDate: '2026-11-01', activate: false });
  await owner.call('vouchers.createProfile', { routerId: r.id, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d' });
  await owner.call('vouchers.saveOutlet', { name: 'Warung Bu Sri' });
}, 60_000);

afterAll(async () => core?.close());

/** The owner's session again, when a session method (logout, login with junk) ended it. */
async function ensureSession(): Promise<void> {
  const state = (await owner.call('auth.state', {})) as { session?: unknown } | null;
  if (!state?.session) await owner.call('auth.login', { username: OWNER.username, password: OWNER.password });
}

/** Methods with a known 5xx (see the `known` block at the end): fuzzed there, not here, until fixed. */
const KNOWN_5XX = new Set<Method>([]);

describe('contract fuzz: malformed and extreme input never gives a 5xx', () => {
  it.each(METHODS.filter((m) => !KNOWN_5XX.has(m)).map((m) => [m]))('%s', async (method) => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(inputsFor(method), async (input) => {
        const r = await withTimeout(owner.try(method, input as never), method);
        if (process.env.FUZZ_STATS) console.log('FUZZSTAT', method, r.ok ? 'ok' : r.error.code);
        if (SESSION_METHODS.has(method)) await ensureSession();
        if (!r.ok && (r.error.code === 'internal' || httpStatusOf(r.error.code) >= 500)) {
          failures.push(`${method} ${JSON.stringify(input)?.slice(0, 300)} → ${r.error.code}: ${r.error.message}`);
          return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: RUNS_PER_METHOD, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  });
});

/**
 * Found by this fuzz (FUZZ_RUNS=200): a router that cannot be reached made the read-the-router methods answer
 * `internal`. A RouterError now tells the caller routers.unreachable (a 4xx) through the dispatcher.
 */
describe('an unreachable router is a 4xx, not a 5xx', () => {
  it.each([['routers.drift'], ['billing.importPreview'], ['vouchers.importPreview']] as const)('%s { routerId: 1 }', async (method) => {
    const r = await withTimeout(owner.try(method, { routerId: 1 }), method);
    expect(r.ok || r.error.code).not.toBe('internal');
  });
});
