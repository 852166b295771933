import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Input, type Method } from '../../shared/contract';
import { REST_ROUTES, pathParams, type RestRoute } from '../../shared/contract/rest';
import { httpStatusOf } from '../../shared/errors';
import { PERMISSIONS, permissionsOf, roleHas, type Role } from '../../shared/permissions';
import type { Caller } from '../support/core';
import { restWorld, type RestWorld } from './rest-world';

/**
 * Contract ↔ REST: every exposed method is reachable through its route, and for the same user the answer is the
 * one the staff transport gives — the same result, or the same error (code, message, details) with the app's
 * HTTP status. A key holding every permission of its user's role behaves exactly as that user; a permission the
 * role lacks is refused the same way on both transports.
 */

let w: RestWorld;
let ids: Record<string, number>;
const actors: { role: Role; caller: Caller; token: string }[] = [];

beforeAll(async () => {
  w = await restWorld();
  const sub = await w.owner.call('subscriptions.create', { customerId: w.customerId, planId: w.planId, routerId: w.routerId, username: 'siti', password: 'rahasia1', installDate: '2026-11-01' });
  const invoiceId = (await w.owner.call('invoices.list', {})).items[0]!.id;
  const paymentId = (await w.owner.call('payments.create', { customerId: w.customerId, amount: 50_000, method: 'cash' })).id;
  const ticketId = (await w.owner.call('tickets.create', { customerId: w.customerId, category: 'no_internet', text: 'Internet mati sejak pagi' })).id;
  ids = { customer: w.customerId, subscription: sub.id, invoice: invoiceId, payment: paymentId, ticket: ticketId, plan: w.planId };
  actors.push({ role: 'owner', caller: w.owner, token: (await w.key({ name: 'owner-all', scopes: [...PERMISSIONS] })).token });
  // Only owner/admin create keys and a key acts as its creator: an admin makes a key with every permission of the
  // role, then the owner gives that admin the role — the key then acts as a user of that role (bounded by it).
  for (const role of ['cashier', 'technician', 'collector'] as const) {
    const user = await w.user('admin', `k-${role}`);
    const token = (await w.key({ name: `key-${role}`, scopes: [...permissionsOf(role)] }, user)).token;
    const userId = (await user.call('auth.state', {})).session!.user.id;
    await w.owner.call('users.update', { id: userId, fullName: `User k-${role}`, role });
    actors.push({ role, caller: user, token });
  }
}, 90_000);
afterAll(async () => w?.close());

/** A request for each route: real ids for reads (a result to compare), a missing id or an empty body for writes (an error to compare). */
function sample(route: RestRoute): { url: string; query: Record<string, string | number>; body?: Record<string, unknown>; input: Record<string, unknown> } {
  const def = contract[route.method];
  const params: Record<string, number> = {};
  const real: Partial<Record<Method, number>> = {
    'customers.get': ids.customer,
    'customers.ledger': ids.customer,
    'subscriptions.get': ids.subscription,
    'invoices.get': ids.invoice,
    'payments.get': ids.payment,
    'tickets.get': ids.ticket,
    'tickets.photo': ids.ticket,
  };
  for (const p of pathParams(route.path)) params[p] = def.mutates ? 999_999 : (real[route.method] ?? 999_999);
  const query: Record<string, string | number> = {};
  if (route.method === 'vouchers.lookup') query.code = 'TIDAKADA';
  if (route.method === 'gateway.links') query.customerId = ids.customer!;
  if (route.method === 'customers.list') query.q = 'siti';
  const url = route.path.replace(/\{(\w+)\}/g, (_m, p: string) => String(params[p]));
  const body = route.verb === 'POST' || route.verb === 'PATCH' ? {} : undefined;
  const input: Record<string, unknown> = { ...query, ...params, ...(route.list === 'paged' ? { page: 1, pageSize: 50 } : {}) };
  return { url, query, ...(body ? { body } : {}), input };
}

describe('every exposed method answers over REST exactly as over the staff transport', () => {
  it('the table names each method once, with path parameters that are fields of its input', () => {
    const methods = REST_ROUTES.map((r) => r.method);
    expect(new Set(methods).size).toBe(methods.length);
    const routes = REST_ROUTES.map((r) => `${r.verb} ${r.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const r of REST_ROUTES) {
      const shape = (contract[r.method].input as unknown as { shape?: Record<string, unknown>; def?: { type?: string } }).shape;
      for (const p of pathParams(r.path)) expect(shape && p in shape, `${r.method}: {${p}}`).toBe(true);
      // Reads are GET; writes are not.
      expect(r.verb === 'GET', r.method).toBe(!contract[r.method].mutates);
    }
    // Every domain the issue names is covered.
    for (const d of ['customers.', 'plans.', 'subscriptions.', 'invoices.', 'payments.', 'gateway.createLink', 'vouchers.profiles', 'vouchers.generate', 'vouchers.sell', 'vouchers.lookup', 'routers.list', 'routers.status', 'tickets.', 'subscriptions.isolate'])
      expect(methods.some((m) => m.startsWith(d)), d).toBe(true);
  });

  it.each(['owner', 'cashier', 'technician', 'collector'] as const)('as %s', async (role) => {
    const a = actors.find((x) => x.role === role)!;
    const tally: Record<string, number> = {};
    for (const route of REST_ROUTES) {
      const s = sample(route);
      const qs = new URLSearchParams(Object.entries(s.query).map(([k, v]): [string, string] => [k, String(v)])).toString();
      const rest = await w.rest(route.verb, `${s.url}${qs ? `?${qs}` : ''}`, { key: a.token, ...(s.body ? { body: s.body } : {}) });
      const rpc = await a.caller.try(route.method, { ...s.input, ...(s.body ?? {}) } as Input<typeof route.method>);
      const label = `${role} ${route.verb} ${route.path} (${route.method})`;
      expect(rest.json.error?.message, label).not.toBe('No such API route');
      const access = contract[route.method].access;
      if (access !== 'public' && access !== 'authenticated' && !roleHas(role, access)) expect(rest.status, label).toBe(403);
      tally[rpc.ok ? 'results' : rpc.error.code] = (tally[rpc.ok ? 'results' : rpc.error.code] ?? 0) + 1;
      if (!rpc.ok) {
        expect(rest.json.error, label).toEqual(rpc.error);
        expect(rest.status, label).toBe(httpStatusOf(rpc.error.code));
        continue;
      }
      expect(rest.status, `${label}: ${JSON.stringify(rest.json.error ?? {})}`).toBeLessThan(300);
      if (contract[route.method].mutates) continue;
      const result = rpc.result as unknown;
      if (route.method === 'routers.status') continue; // live readings differ from one call to the next
      if (route.list === 'paged') {
        const page = result as { items: unknown[]; total: number };
        expect(rest.json.data, label).toEqual(page.items);
        expect(rest.json.total, label).toBe(page.total);
      } else expect(rest.json.data, label).toEqual(result);
    }
    // The comparison covers results and errors alike (a role without a permission: forbidden).
    expect(tally.results ?? 0).toBeGreaterThan(role === 'owner' ? 15 : 3);
    if (role !== 'owner') expect(tally.forbidden ?? 0).toBeGreaterThan(10);
  });
});

describe('lists: limit and an opaque cursor over the method’s pages', () => {
  it('walks every customer once, in pages, and binds a cursor to its filters', async () => {
    for (let i = 0; i < 6; i++) await w.owner.call('customers.create', { name: `Pelanggan Uji ${i}`, area: 'RT09' });
    const token = actors[0]!.token;
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await w.rest('GET', `/customers?area=RT09&limit=4${cursor ? `&cursor=${cursor}` : ''}`, { key: token });
      expect(r.status).toBe(200);
      seen.push(...(r.json.data as { id: number }[]).map((c) => c.id));
      expect(r.json.total).toBe(6);
      cursor = r.json.nextCursor ?? null;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(6);
    const first = await w.rest('GET', '/customers?area=RT09&limit=4', { key: token });
    const other = await w.rest('GET', `/customers?area=RT05&cursor=${first.json.nextCursor}`, { key: token });
    expect(other.status).toBe(400);
    expect(other.json.error?.details?.issues).toEqual([expect.objectContaining({ path: ['cursor'] })]);
    expect((await w.rest('GET', '/customers?cursor=not-a-cursor!', { key: token })).status).toBe(400);
    expect((await w.rest('GET', '/customers?limit=0', { key: token })).status).toBe(400);
    expect((await w.rest('GET', '/customers?limit=201', { key: token })).status).toBe(400);
  });

  it('coerces query strings by the input schema: numbers, booleans, arrays', async () => {
    const token = actors[0]!.token;
    const r = await w.rest('GET', `/customers?isolated=false&routerId=${w.routerId}`, { key: token });
    expect(r.status).toBe(200);
    const rpc = await w.owner.call('customers.list', { isolated: false, routerId: w.routerId });
    expect(r.json.data).toEqual(rpc.items);
    expect((await w.rest('GET', '/vouchers?ids=1,2,3', { key: token })).status).toBe(200);
    expect((await w.rest('GET', '/vouchers?ids=1&ids=2', { key: token })).status).toBe(200);
    const bad = await w.rest('GET', '/customers?isolated=maybe', { key: token });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.details?.issues?.[0]).toMatchObject({ path: ['isolated'] });
    expect((await w.rest('GET', '/tickets?assignee=me', { key: token })).status).toBe(200);
  });
});
