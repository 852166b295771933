import http from 'node:http';
import type { Core } from '../../main/app/app';
import type { AppConfig } from '../../main/app/app';
import type { Input } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { Caller, setupOffice, startCore, TestClock } from '../support/core';

/** An office with the listener on a free loopback port, a simulated router, two plans and a customer; REST helpers. */
export interface RestWorld {
  core: Core;
  owner: Caller;
  clock: TestClock;
  sim: RouterSim;
  base: string;
  routerId: number;
  planId: number;
  customerId: number;
  /** A new API key (the token) made by `by` (default: the owner). */
  key(input: Partial<Input<'apiKeys.create'>>, by?: Caller): Promise<{ id: number; token: string }>;
  /** A staff user of a role, logged in (over the HTTP transport, as a browser would be). */
  user(role: 'admin' | 'cashier' | 'technician' | 'collector', username: string): Promise<Caller>;
  rest(verb: string, path: string, opts?: RestCall): Promise<RestAnswer>;
  close(): Promise<void>;
}

export interface RestCall {
  key?: string | null;
  body?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RestAnswer {
  status: number;
  json: { data?: unknown; nextCursor?: string | null; total?: number; error?: ErrorPayload } & Record<string, unknown>;
  headers: Headers;
}

export async function restWorld(over: Partial<AppConfig> = {}): Promise<RestWorld> {
  const clock = new TestClock(new Date('2026-11-25T03:00:00.000Z'));
  const sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2' });
  const core = await startCore({ http: { enabled: true, port: 0, host: '127.0.0.1' }, now: clock.now, outboxPollMs: 60_000, ...over });
  const owner = await setupOffice(core);
  const routerId = (await owner.call('routers.create', { name: 'Tower', host: '127.0.0.1', port: sim.port, tls: false, username: 'billing', password: 'rahasia' })).id;
  const planId = (await owner.call('plans.create', { name: 'Paket 10M', price: 150_000, profileName: 'pk-10M', rateLimit: '10M/10M' })).id;
  const customerId = (await owner.call('customers.create', { name: 'Siti Aminah', phone: '081234567890', area: 'RT05' })).id;
  const base = `${core.url}/api/v1`;
  const w: RestWorld = {
    core,
    owner,
    clock,
    sim,
    base,
    routerId,
    planId,
    customerId,
    async key(input, by = owner) {
      const r = await by.call('apiKeys.create', { name: 'Integrasi', scopes: ['customers.read'], ...input } as Input<'apiKeys.create'>);
      return { id: r.key.id, token: r.token };
    },
    async user(role, username) {
      await owner.call('users.create', { username, fullName: `User ${username}`, role, password: 'sementara-1' } as Input<'users.create'>);
      const c = new Caller(core, 'http', '127.0.0.1');
      await c.call('auth.login', { username, password: 'sementara-1' });
      await c.call('auth.changePassword', { currentPassword: 'sementara-1', newPassword: 'rahasia-456' } as Input<'auth.changePassword'>);
      return c;
    },
    async rest(verb, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body: string | Buffer | undefined;
      if (opts.raw !== undefined) body = opts.raw;
      else if (opts.body !== undefined) body = JSON.stringify(opts.body);
      if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
      // fetch sends no body with a GET: those go through node:http.
      const res =
        (verb === 'GET' || verb === 'HEAD') && body !== undefined
          ? await new Promise<{ status: number; headers: Headers; text: () => Promise<string> }>((resolve, reject) => {
              const req = http.request(`${base}${path}`, { method: verb, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (r) => {
                const chunks: Buffer[] = [];
                r.on('data', (c: Buffer) => chunks.push(c));
                r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: new Headers(r.headers as Record<string, string>), text: async () => Buffer.concat(chunks).toString('utf8') }));
              });
              req.on('error', reject);
              req.end(body);
            })
          : await fetch(`${base}${path}`, { method: verb, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let json: RestAnswer['json'];
      try {
        json = JSON.parse(text) as RestAnswer['json'];
      } catch {
        json = { raw: text };
      }
      return { status: res.status, json, headers: res.headers };
    },
    async close() {
      await core.close();
      await sim.close();
    },
  };
  return w;
}
