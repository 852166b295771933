import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHODS, type Input, type Method } from '../../shared/contract';
import { seedDemo } from '../peers/routeros-sim/demo';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { billingWorld, query, type BillingWorld } from '../support/billing';
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSim } from '../peers/duitku-sim';

/**
 * The contract says which operations write (`mutates: true`: the dispatcher runs them in the write queue, in
 * one transaction, and audits them). This holds the other side to it: EVERY method declared non-mutating is
 * called with a valid input, on an office with data and a simulated router, and must leave the database
 * exactly as it was — no committed transaction at all (SQLite's data_version, seen from a second connection),
 * and the same rows in every table (which also says what changed when it fails).
 */

/** A valid input for every non-mutating method; a method missing here fails the coverage test below. */
type Ids = { routerId: number; customerId: number; subscriptionId: number; invoiceId: number; paymentId: number; profileId: number; batchId: number; outletId: number; code: string; accountId: number; attemptId: number; ticketId: number; endpointId: number };
const READS: Partial<Record<Method, (ids: Ids) => unknown>> = {
  'auth.state': () => ({}),
  'users.list': () => ({}),
  'settings.get': () => ({}),
  'audit.list': () => ({}),
  'audit.methods': () => ({}),
  'jobs.list': () => ({}),
  'jobs.history': () => ({}),
  'backups.list': () => ({}),
  'system.about': () => ({}),
  'routers.list': () => ({}),
  'routers.test': (i) => ({ id: i.routerId }),
  'routers.status': () => ({}),
  'routers.jobCounts': () => ({}),
  'routers.jobs': (i) => ({ routerId: i.routerId }),
  'routers.drift': (i) => ({ routerId: i.routerId }),
  'isolation.status': () => ({}),
  'isolation.preview': (i) => ({ routerId: i.routerId }),
  'customers.list': () => ({}),
  'customers.get': (i) => ({ id: i.customerId }),
  'customers.areas': () => ({}),
  'customers.ledger': (i) => ({ id: i.customerId }),
  'customers.routerStatus': (i) => ({ id: i.customerId }),
  'customers.export': () => ({ format: 'csv' }),
  'customers.importPreview': () => ({ format: 'csv', base64: Buffer.from('name,phone\nRina Wati,081298765432\n').toString('base64') }),
  'plans.list': () => ({}),
  'subscriptions.list': () => ({}),
  'subscriptions.get': (i) => ({ id: i.subscriptionId }),
  'invoices.list': () => ({}),
  'invoices.get': (i) => ({ id: i.invoiceId }),
  'payments.list': () => ({}),
  'payments.get': (i) => ({ id: i.paymentId }),
  'billing.importPreview': (i) => ({ routerId: i.routerId }),
  'billing.dashboard': () => ({}),
  'billing.revenue': () => ({ from: '2026-01', to: '2026-11' }),
  'vouchers.profiles': () => ({}),
  'vouchers.batches': () => ({}),
  'vouchers.list': () => ({}),
  'vouchers.lookup': (i) => ({ code: i.code }),
  'vouchers.outlets': () => ({}),
  'vouchers.outletStatement': (i) => ({ outletId: i.outletId }),
  'vouchers.sales': () => ({ from: '2026-11-01', to: '2026-11-30' }),
  'vouchers.templates': () => ({}),
  'vouchers.printData': (i) => ({ batchId: i.batchId }),
  'vouchers.importPreview': (i) => ({ routerId: i.routerId }),
  'gateway.accounts': () => ({}),
  'gateway.shop': () => ({}),
  'wa.status': () => ({}),
  'wa.messages': () => ({}),
  'wa.conversation': (i) => ({ customerId: i.customerId }),
  'wa.inbox': () => ({}),
  'wa.contact': (i) => ({ customerId: i.customerId }),
  'wa.templates': () => ({}),
  'wa.preview': (i) => ({ lang: 'id', body: 'Halo {nama}, tagihan {jumlah} ({no_tagihan}) {link_bayar}', customerId: i.customerId }),
  'wa.broadcastPreview': () => ({ filter: {}, body: 'Halo {nama}' }),
  'tickets.list': () => ({ state: 'in_progress', assignee: 'me', q: 'mati' }),
  'tickets.get': (i) => ({ id: i.ticketId }),
  'tickets.photo': (i) => ({ id: i.ticketId }),
  'tickets.assignees': () => ({}),
  'gateway.testAccount': (i) => ({ id: i.accountId }),
  'gateway.attempts': () => ({}),
  'gateway.attempt': (i) => ({ id: i.attemptId }),
  'gateway.callbacks': () => ({}),
  'gateway.links': (i) => ({ invoiceId: i.invoiceId }),
  'gateway.report': () => ({ from: '2026-11-01', to: '2026-11-30' }),
  'gateway.reportExport': () => ({ from: '2026-11-01', to: '2026-11-30', format: 'xlsx' }),
  'gateway.reconcile': (i) => ({ accountId: i.accountId, from: '2026-11-01', to: '2026-11-30' }),
  'collections.route': () => ({}),
  'collections.day': () => ({}),
  'collections.collectors': () => ({}),
  'collections.handovers': () => ({ state: 'pending' }),
  'webhooks.list': () => ({}),
  'webhooks.log': (i) => ({ endpointId: i.endpointId }),
  'apiKeys.list': () => ({}),
};

/**
 * Declared non-mutating although they write — explained, not skipped: each is still called and must write
 * ONLY what is said here (checked below), so anything else it starts writing fails this test.
 */
const EXPLAINED: Partial<Record<Method, { why: string; tables: string[]; input: (ids: Ids) => unknown }>> = {};

let w: BillingWorld;
let sim: RouterSim;
let duitku: DuitkuSim;
let ids: Ids;
let watcher: Database.Database;

beforeAll(async () => {
  sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  seedDemo(sim.state);
  w = await billingWorld({ sim, start: '2026-11-01' });
  const { owner } = w;
  const customerId = (await owner.call('customers.create', { name: 'Siti Aminah', phone: '081234567890', area: 'RT05' })).id;
  const sub = await owner.call('subscriptions.create', { customerId, planId: w.plans.A, routerId: w.routerId, username: 'siti', password: 'rahasia1', installDate: '2026-11-01' });
  const invoiceId = (await owner.call('invoices.list', {})).items[0]!.id;
  const paymentId = (await owner.call('payments.create', { customerId, amount: 50_000, method: 'cash' })).id;
  const profileId = (await owner.call('vouchers.createProfile', { routerId: w.routerId, name: '1 Hari', profileName: '1hari', price: 4000, sellingPrice: 5000, validity: '1d' } as Input<'vouchers.createProfile'>)).id;
  const batch = await owner.call('vouchers.generate', { profileId, quantity: 5 } as Input<'vouchers.generate'>);
  const outletId = (await owner.call('vouchers.saveOutlet', { name: 'Warung Bu Sri' } as Input<'vouchers.saveOutlet'>)).id;
  await owner.call('vouchers.handOver', { outletId, batchId: batch.id, quantity: 2 });
  await w.core.outbox.idle();
  const [v] = await query<{ username: string }>(w, 'SELECT username FROM vouchers ORDER BY id LIMIT 1');
  // An online payment account on the DuitKu double (callbacks off: the office has no public address here).
  duitku = await startDuitkuSim({ callbacks: false });
  const account = await owner.call('gateway.createAccount', { gateway: 'duitku', name: 'DuitKu', merchantCode: DEFAULT_MERCHANT.code, apiKey: DEFAULT_MERCHANT.apiKey, publicBaseUrl: 'https://billing.example.net', baseUrl: duitku.baseUrl });
  const attempt = await owner.call('gateway.createAttempt', { accountId: account.id, invoiceId, method: 'BC' });
  // A trouble ticket with a photo (a 1×1 PNG), given to the owner and so in progress.
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const ownerId = (await owner.call('auth.state', {})).session!.user.id;
  const ticketId = (await owner.call('tickets.create', { customerId, category: 'no_internet', text: 'Internet mati sejak pagi', photo: { mime: 'image/png', base64: png }, assignTo: ownerId })).id;
  // A webhook endpoint, switched off (nothing is delivered in the background while reads are watched).
  const endpointId = (await owner.call('webhooks.create', { url: 'https://hooks.example.net/billing', events: ['*'], enabled: false })).endpoint.id;
  ids = { routerId: w.routerId, customerId, subscriptionId: sub.id, invoiceId, paymentId, profileId, batchId: batch.id, outletId, code: v!.username, accountId: account.id, attemptId: attempt.id, ticketId, endpointId };
  watcher = new Database(w.core.db.file, { readonly: true, fileMustExist: true });
}, 60_000);

afterAll(async () => {
  watcher?.close();
  await w?.close();
  await sim?.close();
  await duitku?.close();
});

/** Every row of every table, as committed (read from the second connection). */
function dump(): Map<string, string> {
  const tables = watcher.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return new Map(tables.map(({ name }) => [name, JSON.stringify(watcher.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all())]));
}
const dataVersion = (): number => watcher.pragma('data_version', { simple: true }) as number;
const changedTables = (a: Map<string, string>, b: Map<string, string>): string[] => [...new Set([...a.keys(), ...b.keys()])].filter((t) => a.get(t) !== b.get(t)).sort();

const readMethods = METHODS.filter((m) => !contract[m].mutates);

describe('honest contracts: a method declared non-mutating writes nothing', () => {
  it('every non-mutating method has a valid input here or an explanation — and nothing else is listed', () => {
    expect(readMethods.filter((m) => !READS[m] && !EXPLAINED[m])).toEqual([]);
    // A method that became mutating (or was removed) leaves these lists.
    expect(Object.keys(READS).filter((m) => !readMethods.includes(m as Method))).toEqual([]);
    expect(Object.keys(EXPLAINED).filter((m) => !readMethods.includes(m as Method))).toEqual([]);
  });

  it.each(readMethods.filter((m) => READS[m]).map((m) => [m]))('%s', async (method) => {
    await w.core.outbox.idle();
    const before = dump();
    const version = dataVersion();
    const r = await w.owner.try(method, READS[method]!(ids) as never);
    // A valid input reaches the handler: the answer is a result (a router refusing would not prove much).
    expect(r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`).toBe('ok');
    await w.core.outbox.idle();
    expect(changedTables(before, dump())).toEqual([]);
    expect(dataVersion()).toBe(version);
  });

  it.each(Object.keys(EXPLAINED).map((m) => [m as Method]))('%s writes only what its explanation says', async (method) => {
    const e = EXPLAINED[method]!;
    const before = dump();
    const r = await w.owner.try(method, e.input(ids) as never);
    expect(r.ok ? 'ok' : r.error.code).toBe('ok');
    expect(changedTables(before, dump()).filter((t) => !e.tables.includes(t))).toEqual([]);
  });
});

describe('the operations that used to be declared read-only are mutations now', () => {
  it.each([['billing.importFromRouter'], ['billing.runInvoices'], ['vouchers.takeBack'], ['vouchers.importFromRouter']] as const)('%s', (method) => {
    expect(contract[method].mutates).toBe(true);
  });
});
