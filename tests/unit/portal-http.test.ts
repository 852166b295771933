// The customer portal's server (issue 14): sign-in by a WhatsApp code (read from the outbox) or the PPPoE login,
// its limits, its own sessions (never mixed with staff ones), a customer seeing only their own records on every
// call and file, bad input refused with 4xx, and the portal UI's files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_COOKIE, PORTAL_METHODS, type PortalMethod } from '../../shared/contract/portal';
import type { PortalConnectionPort, PortalDeps, PortalLimits } from '../../main/modules/portal';
import { createPortalHandlers } from '../../main/modules/portal/service';
import { tempDir } from '../support/core';
import { waWorld, type WaWorld } from '../support/wa-world';

/** A 1×1 PNG. */
const PHOTO = { mime: 'image/png' as const, base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=' };

interface Reply {
  status: number;
  body: { result?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } };
  headers: Headers;
}

/** A phone's browser on the portal: its own cookie jar (the portal cookie only). */
class Phone {
  cookie: string | null = null;
  constructor(readonly url: string) {}

  async raw(method: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(`${this.url}/portal/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-portal': '1', ...(this.cookie ? { cookie: `${PORTAL_COOKIE}=${this.cookie}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const m = new RegExp(`^${PORTAL_COOKIE}=([^;]*)`).exec(c);
      if (m) this.cookie = m[1] ? decodeURIComponent(m[1]) : null;
    }
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Reply['body']) : {}, headers: res.headers };
  }

  async call<T = unknown>(method: PortalMethod, input: unknown = {}): Promise<T> {
    const r = await this.raw(method, input);
    if (r.status !== 200) throw new Error(`${method}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.result as T;
  }

  async get(p: string): Promise<Response> {
    return fetch(`${this.url}${p}`, { headers: this.cookie ? { cookie: `${PORTAL_COOKIE}=${this.cookie}` } : {} });
  }
}

interface Customer {
  id: number;
  number: string;
  phone: string;
  username: string;
  password: string;
  invoiceId: number;
  paymentId: number;
}

async function world(limits: PortalLimits = { callsPerMinute: 10_000, codesPerAddress: 1000, codesPerLogin: 1000, verifyFailuresPerAddress: 1000, passwordFailuresPerAddress: 1000, resendSeconds: 0 }): Promise<WaWorld> {
  return waWorld({}, { core: { portalLimits: limits, httpLimits: { routesPerMinute: 100_000 } } });
}

let seq = 0;
async function customer(x: WaWorld, name: string): Promise<Customer> {
  seq++;
  const phone = `0812${String(1000000 + seq * 7919).slice(-7)}`;
  const c = await x.owner.call('customers.create', { name, phone, whatsapp: phone });
  const username = `${name.toLowerCase().replace(/\W/g, '')}${seq}`;
  const password = `pw-${seq}-rahasia`;
  await x.owner.call('subscriptions.create', { customerId: c.id, planId: x.w.planId, routerId: x.w.routerId, username, password, installDate: '2026-11-01', dueDays: 10, graceDays: 3 });
  const [inv] = (await x.w.core.db.manager.query("SELECT id, total FROM invoices WHERE customer_id = ? AND status <> 'void' ORDER BY id", [c.id])) as { id: number; total: number }[];
  const pay = await x.owner.call('payments.create', { customerId: c.id, amount: 50_000, method: 'cash' });
  return { id: c.id, number: c.number, phone, username, password, invoiceId: inv!.id, paymentId: pay.id };
}

/** The newest sign-in code WhatsApp was asked to send to a number (digits), straight from the outbox. */
async function codeSentTo(x: WaWorld, digits: string): Promise<string | null> {
  const [m] = (await x.w.core.db.manager.query("SELECT body FROM wa_messages WHERE kind = 'login_code' AND to_number = ? ORDER BY id DESC LIMIT 1", [digits])) as { body: string }[];
  return m ? (/\b(\d{6})\b/.exec(m.body)?.[1] ?? null) : null;
}
const digitsOf = (phone: string) => `62${phone.replace(/\D/g, '').slice(1)}`;

async function signInByCode(x: WaWorld, c: Customer): Promise<Phone> {
  const p = new Phone(x.w.url);
  await p.call('portal.requestCode', { login: c.number });
  const code = await codeSentTo(x, digitsOf(c.phone));
  expect(code).toMatch(/^\d{6}$/);
  await p.call('portal.verifyCode', { login: c.number, code });
  return p;
}

describe('portal: sign-in, sessions and isolation between customers', () => {
  let x: WaWorld;
  let a: Customer;
  let b: Customer;
  let bTicket: number;

  beforeAll(async () => {
    x = await world();
    // These tests sign the same customers in many times: the per-customer cap of codes is raised.
    const s = await x.owner.call('settings.get', {});
    await x.owner.call('settings.update', { group: 'portal', value: { ...s.portal, codesPer15Min: 50 } });
    a = await customer(x, 'Andi');
    b = await customer(x, 'Budi');
    const pb = await signInByCode(x, b);
    bTicket = (await pb.call<{ id: number }>('portal.openTicket', { category: 'slow', text: 'Lambat sejak pagi', photo: PHOTO })).id;
  }, 60_000);
  afterAll(async () => x?.w.close());

  it('signs in with a code sent over WhatsApp to the number on file (phone typed any way)', async () => {
    const p = new Phone(x.w.url);
    const sent = await p.call<{ to: string | null; expiresInSeconds: number }>('portal.requestCode', { login: `+62 ${a.phone.slice(1, 4)} ${a.phone.slice(4)}` });
    expect(sent.to).toMatch(/^\+62 812-\*\*\*\*-\d{3}$/);
    expect(sent.expiresInSeconds).toBe(300);
    const [row] = (await x.w.core.db.manager.query("SELECT customer_id, state FROM wa_messages WHERE kind = 'login_code' ORDER BY id DESC LIMIT 1")) as { customer_id: number; state: string }[];
    expect(row).toEqual({ customer_id: a.id, state: 'queued' });
    const code = (await codeSentTo(x, digitsOf(a.phone)))!;
    // Only a hash of the code is kept.
    const stored = JSON.stringify(await x.w.core.db.manager.query('SELECT * FROM portal_codes'));
    expect(stored).not.toContain(code);
    const r = await p.raw('portal.verifyCode', { login: a.phone, code });
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ customerId: a.id, number: a.number, language: 'id' });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith(`${PORTAL_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/portal/);
    expect(cookie).not.toMatch(/Secure/);
    expect(await p.call('portal.me')).toMatchObject({ customerId: a.id });
    const home = await p.call<{ me: { customerId: number }; services: { username: string; speed: string }[]; owed: number }>('portal.home');
    expect(home.me.customerId).toBe(a.id);
    expect(home.services.map((s) => [s.username, s.speed])).toEqual([[a.username, '10M/10M']]);
    // A used code does not work twice.
    expect((await new Phone(x.w.url).raw('portal.verifyCode', { login: a.phone, code })).status).toBe(401);
  });

  it('answers a login that names nobody exactly like one that does, and sends nothing', async () => {
    const before = ((await x.w.core.db.manager.query('SELECT count(*) AS n FROM wa_messages')) as { n: number }[])[0]!.n;
    const p = new Phone(x.w.url);
    expect(await p.call('portal.requestCode', { login: 'PLG-999999' })).toEqual({ to: null, expiresInSeconds: 300, resendInSeconds: 60 });
    expect(await p.call('portal.requestCode', { login: a.number })).toEqual({ to: null, expiresInSeconds: 300, resendInSeconds: 60 });
    const after = ((await x.w.core.db.manager.query('SELECT count(*) AS n FROM wa_messages')) as { n: number }[])[0]!.n;
    expect(after).toBe(before + 1);
    const r = await p.raw('portal.verifyCode', { login: 'PLG-999999', code: '123456' });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'auth.invalid_credentials', details: { reason: 'code_invalid' } });
  });

  it('kills a code after 5 wrong tries', async () => {
    const p = new Phone(x.w.url);
    await p.call('portal.requestCode', { login: b.number });
    const code = (await codeSentTo(x, digitsOf(b.phone)))!;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await p.raw('portal.verifyCode', { login: b.number, code: wrong });
      expect(r.status).toBe(401);
      expect(r.body.error?.code).toBe('auth.invalid_credentials');
    }
    const [row] = (await x.w.core.db.manager.query('SELECT attempts FROM portal_codes WHERE customer_id = ? ORDER BY id DESC LIMIT 1', [b.id])) as { attempts: number }[];
    expect(row!.attempts).toBe(5);
    expect((await p.raw('portal.verifyCode', { login: b.number, code })).status).toBe(401);
    expect(p.cookie).toBeNull();
  });

  it('expires a code after 5 minutes (office clock)', async () => {
    const p = new Phone(x.w.url);
    await p.call('portal.requestCode', { login: a.number });
    const code = (await codeSentTo(x, digitsOf(a.phone)))!;
    x.w.clock.advance(5 * 60_000 + 1000);
    expect((await p.raw('portal.verifyCode', { login: a.number, code })).status).toBe(401);
    // A new code works.
    await p.call('portal.requestCode', { login: a.number });
    await p.call('portal.verifyCode', { login: a.number, code: (await codeSentTo(x, digitsOf(a.phone)))! });
    expect(await p.call('portal.me')).toMatchObject({ customerId: a.id });
  });

  it('signs in with the PPPoE username and password; a wrong one is refused', async () => {
    const p = new Phone(x.w.url);
    const bad = await p.raw('portal.loginPassword', { username: a.username, password: `${a.password}x` });
    expect(bad.status).toBe(401);
    expect(bad.body.error?.code).toBe('auth.invalid_credentials');
    expect((await p.raw('portal.loginPassword', { username: 'nobody', password: 'x' })).status).toBe(401);
    expect(await p.call('portal.loginPassword', { username: a.username, password: a.password })).toMatchObject({ customerId: a.id });
    expect((await p.call<{ me: { customerId: number } }>('portal.home')).me.customerId).toBe(a.id);
  });

  it('keeps portal and staff sessions apart', async () => {
    const p = await signInByCode(x, a);
    const staff = x.owner.token!;
    // A staff cookie on the portal: not signed in (under either cookie name).
    for (const cookie of [`mb_session=${staff}`, `${PORTAL_COOKIE}=${staff}`]) {
      const r = await fetch(`${x.w.url}/portal/api/portal.home`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-portal': '1', cookie }, body: '{}' });
      expect(r.status).toBe(401);
      expect(((await r.json()) as Reply['body']).error?.code).toBe('unauthenticated');
    }
    // A portal session on the staff API: unauthenticated (under either cookie name).
    for (const cookie of [`mb_session=${p.cookie}`, `${PORTAL_COOKIE}=${p.cookie}`]) {
      const r = await fetch(`${x.w.url}/api/rpc/customers.list`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
      expect(r.status).toBe(401);
      expect(((await r.json()) as Reply['body']).error?.code).toBe('unauthenticated');
    }
    expect((await x.w.core.invoke('customers.list', {}, { transport: 'http', ip: null, token: p.cookie, setToken: () => undefined })).ok).toBe(false);
  });

  it('refuses cross-site and header-less calls, and non-JSON bodies', async () => {
    const p = await signInByCode(x, a);
    expect((await p.raw('portal.home', {}, { 'x-portal': '' })).body.error?.code).toBe('csrf');
    const cross = await p.raw('portal.home', {}, { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.body.error?.code).toBe('csrf');
    expect((await p.raw('portal.home', {}, { origin: x.w.url })).status).toBe(200);
    expect((await p.raw('portal.home', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
    expect((await p.raw('portal.home', '{not json')).status).toBe(400);
    expect((await p.raw('portal.nope' as PortalMethod, {})).status).toBe(404);
    const big = await p.raw('portal.updateProfile', { language: 'id', pad: 'x'.repeat(40_000) });
    expect(big.status).toBe(413);
    expect(big.body.error?.code).toBe('too_large');
  });

  it("gives every customer method and file route only the signed-in customer's own records", async () => {
    const p = await signInByCode(x, a);
    // Calls that name a record: another customer's id is "not found".
    const named: [PortalMethod, unknown][] = [
      ['portal.invoice', { id: b.invoiceId }],
      ['portal.payLink', { invoiceId: b.invoiceId }],
      ['portal.ticket', { id: bTicket }],
    ];
    for (const [method, input] of named) {
      const r = await p.raw(method, input);
      expect([method, r.status, r.body.error?.code]).toEqual([method, 404, 'not_found']);
    }
    for (const file of [`/portal/files/invoice/${b.invoiceId}.pdf`, `/portal/files/receipt/${b.paymentId}.pdf`, `/portal/files/ticket/${bTicket}`]) {
      const r = await p.get(file);
      expect([file, r.status]).toEqual([file, 404]);
      expect(((await r.json()) as Reply['body']).error?.code).toBe('not_found');
    }
    // Calls that list: nothing of the other customer's.
    const home = await p.call<{ me: { customerId: number }; recentPayments: { id: number }[]; nextDue: { invoiceId: number } | null; services: { username: string }[] }>('portal.home');
    expect(home.me.customerId).toBe(a.id);
    expect(home.recentPayments.map((r) => r.id)).toEqual([a.paymentId]);
    expect(home.nextDue?.invoiceId).toBe(a.invoiceId);
    expect(home.services.map((s) => s.username)).toEqual([a.username]);
    expect((await p.call<{ items: { id: number }[] }>('portal.invoices', {})).items.map((i) => i.id)).toEqual([a.invoiceId]);
    expect((await p.call<{ items: { id: number }[] }>('portal.payments', {})).items.map((i) => i.id)).toEqual([a.paymentId]);
    expect((await p.call<{ username: string }[]>('portal.connection')).map((c) => c.username)).toEqual([a.username]);
    expect(await p.call('portal.tickets')).toEqual([]);
    expect(await p.call('portal.profile')).toMatchObject({ number: a.number });
    // The own records are there.
    expect(await p.call('portal.invoice', { id: a.invoiceId })).toMatchObject({ id: a.invoiceId });
    const inv = await p.get(`/portal/files/invoice/${a.invoiceId}.pdf`);
    expect(inv.status).toBe(200);
    expect(inv.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await inv.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await p.get(`/portal/files/receipt/${a.paymentId}.pdf`)).status).toBe(200);
    // Not signed in: no files at all.
    expect((await new Phone(x.w.url).get(`/portal/files/invoice/${a.invoiceId}.pdf`)).status).toBe(401);
    // The table covers every method that takes an id of a record.
    const takesId = PORTAL_METHODS.filter((m) => ['portal.invoice', 'portal.payLink', 'portal.ticket'].includes(m));
    expect(takesId.sort()).toEqual(named.map(([m]) => m).sort());
  });

  it('refuses bad input on every method with a 4xx error and changes nothing', async () => {
    const p = await signInByCode(x, a);
    const before = JSON.stringify(await x.w.core.db.manager.query('SELECT id, whatsapp, wa_opt_in FROM customers ORDER BY id'));
    for (const method of PORTAL_METHODS) {
      if (method === 'portal.logout') continue;
      for (const bad of [{ unexpected: true }, [], 'x', 42]) {
        const r = await p.raw(method, JSON.stringify(bad));
        expect([method, r.status >= 400 && r.status < 500, r.body.error?.code]).toEqual([method, true, 'validation']);
      }
    }
    const specific: [PortalMethod, unknown][] = [
      ['portal.requestCode', { login: '' }],
      ['portal.verifyCode', { login: a.number, code: '12ab56' }],
      ['portal.loginPassword', { username: '', password: 'x' }],
      ['portal.invoices', { limit: 0 }],
      ['portal.invoice', { id: -1 }],
      ['portal.payments', { cursor: 'x' }],
      ['portal.payLink', { invoiceId: 1.5 }],
      ['portal.ticket', { id: 0 }],
      ['portal.openTicket', { category: 'nope', text: 'abc' }],
      ['portal.openTicket', { category: 'slow', text: 'abc', photo: { mime: 'image/gif', base64: 'AAAA' } }],
      ['portal.updateProfile', { language: 'fr' }],
      ['portal.requestWhatsAppChange', { whatsapp: '12' }],
      ['portal.confirmWhatsAppChange', { code: '1' }],
    ];
    for (const [method, input] of specific) {
      const r = await p.raw(method, input);
      expect([method, r.status, r.body.error?.code]).toEqual([method, 400, 'validation']);
    }
    const notPhone = await p.raw('portal.requestWhatsAppChange', { whatsapp: 'abcdefghij' });
    expect(notPhone.status).toBe(409);
    expect(notPhone.body.error?.code).toBe('customers.phone_invalid');
    // A logout with a body it does not take is refused too, and leaves the session.
    expect((await p.raw('portal.logout', { unexpected: true })).status).toBe(400);
    expect((await p.raw('portal.home', {})).status).toBe(200);
    expect(JSON.stringify(await x.w.core.db.manager.query('SELECT id, whatsapp, wa_opt_in FROM customers ORDER BY id'))).toBe(before);
  });

  it('makes a pay link for an own open invoice or for everything owed', async () => {
    const p = await signInByCode(x, a);
    const one = await p.call<{ url: string }>('portal.payLink', { invoiceId: a.invoiceId });
    expect(one.url).toMatch(/^https:\/\/billing\.example\.net\/p\//);
    expect((await p.call<{ url: string }>('portal.payLink', {})).url).toMatch(/\/p\//);
    expect((await p.call<{ canPayOnline: boolean }>('portal.home')).canPayOnline).toBe(true);
  });

  it('declares its reads honestly: a non-mutating method writes nothing', async () => {
    const p = await signInByCode(x, a);
    const changes = async () => ((await x.w.core.db.manager.query('SELECT total_changes() AS n')) as { n: number }[])[0]!.n;
    const reads: [PortalMethod, unknown][] = [
      ['portal.config', {}],
      ['portal.me', {}],
      ['portal.home', {}],
      ['portal.invoices', {}],
      ['portal.invoice', { id: a.invoiceId }],
      ['portal.payments', {}],
      ['portal.connection', {}],
      ['portal.tickets', {}],
      ['portal.profile', {}],
      ['portal.ticket', { id: bTicket }],
    ];
    const { portalContract } = await import('../../shared/contract/portal');
    expect(PORTAL_METHODS.filter((m) => !portalContract[m].mutates).sort()).toEqual(reads.map(([m]) => m).sort());
    for (const [method, input] of reads) {
      const before = await changes();
      expect((await p.raw(method, input)).status).toBeLessThan(500);
      expect([method, (await changes()) - before]).toEqual([method, 0]);
    }
  });

  it('opens a ticket with a photo and serves the photo to its customer only', async () => {
    const p = await signInByCode(x, b);
    const t = await p.call<{ id: number; hasPhoto: boolean; state: string }>('portal.openTicket', { category: 'no_internet', text: 'Mati total', photo: PHOTO });
    expect(t).toMatchObject({ hasPhoto: true, state: 'open' });
    expect((await p.call<{ id: number }[]>('portal.tickets')).map((r) => r.id)).toContain(t.id);
    const photo = await p.get(`/portal/files/ticket/${t.id}`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).toString('base64')).toBe(PHOTO.base64);
  });

  it('shows the connection from the router: online, address and bytes', async () => {
    x.w.sim.state.pppConnect(a.username, { address: '10.10.0.42', uptime: '1h', rx: 1000, tx: 5000 });
    // Routers are asked at most every few seconds (office clock): the earlier tests' answer is out of date.
    x.w.clock.advance(20_000);
    const p = await signInByCode(x, a);
    const [c] = await p.call<{ online: boolean; ip: string; uptimeSeconds: number; session: { rx: number; tx: number } | null; error: string | null }[]>('portal.connection');
    expect(c).toMatchObject({ online: true, ip: '10.10.0.42', uptimeSeconds: 3600, session: { rx: 1000, tx: 5000 }, error: null });
  });

  it('says when a router cannot be asked, and adds this office month\'s traffic', async () => {
    const core = x.w.core;
    const asked: string[] = [];
    const call = { em: core.db.manager, now: x.w.clock.now(), ip: null, userAgent: '', session: { id: 0, customerId: a.id, expiresAt: '', lastSeenAt: '' }, setToken: () => undefined };
    const deps = (liveSessions: PortalConnectionPort['liveSessions']): PortalDeps => ({
      portalDir: null,
      sendLoginCode: async () => false,
      payLink: async () => null,
      canPayOnline: async () => false,
      shopUrl: async () => null,
      tickets: null,
      pdfs: null,
      connection: {
        liveSessions,
        monthUsage: async (_em, routerId, username, from) => {
          asked.push(`${routerId}:${username}:${from}`);
          return { rx: 7, tx: 9 };
        },
      },
    });
    const down = createPortalHandlers(core.settings, deps(async () => Promise.reject(new Error('timeout'))));
    expect(await down['portal.connection']({}, call)).toEqual([
      expect.objectContaining({ username: a.username, online: null, ip: null, session: null, month: { rx: 7, tx: 9 }, error: 'router_unreachable' }),
    ]);
    // The office month in Jakarta starts at 17:00 UTC the day before.
    expect(asked[0]).toMatch(new RegExp(`^${x.w.routerId}:${a.username}:\\d{4}-\\d{2}-(28|29|30|31)T17:00:00.000Z$`));
    const noCounters = createPortalHandlers(core.settings, deps(async () => new Map([[a.username, { ip: '10.1.1.1', uptimeSeconds: 5, rx: 0, tx: 0, counters: null }]])));
    expect(await noCounters['portal.connection']({}, call)).toEqual([expect.objectContaining({ online: true, ip: '10.1.1.1', uptimeSeconds: 5, session: null, error: null })]);
  });

  it('changes the WhatsApp number only with the code sent to the new number; language and opt-in', async () => {
    const p = await signInByCode(x, b);
    const sent = await p.call<{ to: string }>('portal.requestWhatsAppChange', { whatsapp: '0813 9999 0001' });
    expect(sent.to).toBe('+62 813-****-001');
    const code = (await codeSentTo(x, '6281399990001'))!;
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await p.raw('portal.confirmWhatsAppChange', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect((await p.call<{ whatsapp: string }>('portal.profile')).whatsapp).toBe(`+${digitsOf(b.phone)}`);
    expect(await p.call('portal.confirmWhatsAppChange', { code })).toMatchObject({ whatsapp: '+6281399990001' });
    expect(await p.call('portal.updateProfile', { language: 'en', optIn: true })).toMatchObject({ language: 'en', optIn: true });
    expect(await p.call('portal.me')).toMatchObject({ language: 'en' });
  });

  it('logs out: the session ends and its cookie is cleared', async () => {
    const p = await signInByCode(x, a);
    const token = p.cookie;
    expect((await p.raw('portal.logout', {})).status).toBe(200);
    expect(p.cookie).toBeNull();
    p.cookie = token;
    const r = await p.raw('portal.home', {});
    expect(r.status).toBe(401);
    expect(await p.call('portal.me')).toBeNull();
  });

  it('ends a session unused for the configured days, and follows the portal settings', async () => {
    const p = await signInByCode(x, a);
    x.w.clock.advance(29 * 86_400_000);
    expect((await p.raw('portal.home', {})).status).toBe(200);
    // Used on day 29: it slides another 30 days.
    x.w.clock.advance(29 * 86_400_000);
    expect((await p.raw('portal.home', {})).status).toBe(200);
    x.w.clock.advance(31 * 86_400_000);
    const r = await p.raw('portal.home', {});
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('auth.session_expired');
    // A month later, a new sign-in clears the long-expired session away.
    const old = ((await x.w.core.db.manager.query('SELECT id FROM portal_sessions ORDER BY expires_at LIMIT 1')) as { id: number }[])[0]!.id;
    x.w.clock.advance(31 * 86_400_000);
    await signInByCode(x, a);
    expect(await x.w.core.db.manager.query('SELECT id FROM portal_sessions WHERE id = ?', [old])).toEqual([]);
    await x.relogin();
    const s = await x.owner.call('settings.get', {});
    await x.owner.call('settings.update', { group: 'portal', value: { ...s.portal, passwordLogin: false } });
    const off = await new Phone(x.w.url).raw('portal.loginPassword', { username: a.username, password: a.password });
    expect(off.status).toBe(403);
    expect(off.body.error?.details).toMatchObject({ reason: 'method_off' });
    expect(await new Phone(x.w.url).call('portal.config')).toMatchObject({ enabled: true, methods: { code: true, password: false } });
    await x.owner.call('settings.update', { group: 'portal', value: { ...s.portal, enabled: false } });
    expect((await new Phone(x.w.url).raw('portal.requestCode', { login: a.number })).body.error?.details).toMatchObject({ reason: 'portal_off' });
    await x.owner.call('settings.update', { group: 'portal', value: s.portal });
  });
});

describe('portal: limits', () => {
  let x: WaWorld;
  let a: Customer;
  beforeAll(async () => {
    x = await world({ callsPerMinute: 10_000, codesPerAddress: 3, verifyFailuresPerAddress: 3, passwordFailuresPerAddress: 3 });
    a = await customer(x, 'Citra');
  }, 60_000);
  afterAll(async () => x?.w.close());

  const expect429 = (r: Reply) => {
    expect(r.status).toBe(429);
    expect(r.body.error?.code).toBe('rate_limited');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  it('asks again for the same login only after a minute', async () => {
    const p = new Phone(x.w.url);
    expect((await p.raw('portal.requestCode', { login: a.number })).status).toBe(200);
    expect429(await p.raw('portal.requestCode', { login: a.number.toLowerCase() }));
  });

  it('sends a few codes per address in 15 minutes', async () => {
    const p = new Phone(x.w.url);
    // The test above asked twice from this address (3 allowed): one more, then no more, whatever the login.
    expect((await p.raw('portal.requestCode', { login: 'PLG-900001' })).status).toBe(200);
    expect429(await p.raw('portal.requestCode', { login: 'PLG-900002' }));
    expect429(await p.raw('portal.requestCode', { login: a.phone }));
  });

  it('limits wrong codes and wrong passwords per address; right ones do not count', async () => {
    const p = new Phone(x.w.url);
    expect((await p.raw('portal.loginPassword', { username: a.username, password: a.password })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await p.raw('portal.loginPassword', { username: a.username, password: 'salah' })).status).toBe(401);
    expect429(await p.raw('portal.loginPassword', { username: a.username, password: a.password }));
    for (let i = 0; i < 3; i++) expect((await p.raw('portal.verifyCode', { login: a.number, code: '000001' })).status).toBe(401);
    expect429(await p.raw('portal.verifyCode', { login: a.number, code: '000001' }));
  });
});

describe('portal: the UI files', () => {
  it('serves dist/portal with an SPA fallback, long-cached hashed assets and a never-cached index.html', async () => {
    const dir = tempDir('mb-portal-ui-');
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Portal</title><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-B4x9Qz1k.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"Portal"}');
    const x = await waWorld({}, { core: { portalDir: dir } });
    try {
      const get = (p: string) => fetch(`${x.w.url}${p}`, { redirect: 'manual' });
      const root = await get('/portal');
      expect([root.status, root.headers.get('location')]).toEqual([301, '/portal/']);
      for (const p of ['/portal/', '/portal/invoices', '/portal/invoice/12']) {
        const r = await get(p);
        expect([p, r.status, r.headers.get('cache-control')]).toEqual([p, 200, 'no-store']);
        expect(await r.text()).toContain('id="root"');
      }
      const asset = await get('/portal/assets/index-B4x9Qz1k.js');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await get('/portal/manifest.webmanifest')).headers.get('cache-control')).toBe('no-cache');
      const api = await get('/portal/api/portal.config');
      expect(api.status).toBe(404);
      expect(((await api.json()) as Reply['body']).error?.code).toBe('not_found');
    } finally {
      await x.w.close();
    }
  }, 60_000);

  it('says the portal is not built when dist/portal is missing', async () => {
    const x = await waWorld({}, { core: { portalDir: path.join(tempDir(), 'missing') } });
    try {
      const r = await fetch(`${x.w.url}/portal/`);
      expect(r.status).toBe(404);
      expect(await r.text()).toContain('not built');
    } finally {
      await x.w.close();
    }
  }, 60_000);
});
