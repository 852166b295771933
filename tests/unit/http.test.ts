import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { startCore } from '../support/core';
import { elapse } from '../support/poll';

let core: Core;
afterEach(async () => core?.close());

/** A tiny cookie-keeping HTTP client, as a browser would behave. */
class Browser {
  cookie = '';
  csrf: string | null = null;
  constructor(private readonly base: string) {}
  async rpc(method: string, body: unknown, opts: { csrf?: string | null; contentType?: string; raw?: string; origin?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (opts.origin) headers.origin = opts.origin;
    const res = await fetch(`${this.base}/api/rpc/${method}`, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = /mb_session=;/.test(set) ? '' : set.split(';')[0]!;
    const json = (await res.json()) as { result?: { csrfToken?: string; session?: { csrfToken: string } }; error?: { code: string } };
    if (json.result?.csrfToken) this.csrf = json.result.csrfToken;
    return { status: res.status, json, setCookie: set };
  }
}

async function owner(core: Core): Promise<Browser> {
  const b = new Browser(core.url!);
  const r = await b.rpc('setup.complete', { office: { name: 'RT05 Net' }, locale: {}, owner: { fullName: 'Budi Santoso', username: 'budi', password: 'rahasia-123' } });
  expect(r.status).toBe(200);
  return b;
}

describe('HTTP transport (server mode)', () => {
  it('binds to loopback by default and sets an httpOnly SameSite=Strict session cookie', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    expect(core.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const b = new Browser(core.url!);
    const r = await b.rpc('setup.complete', { office: { name: 'RT05 Net' }, locale: {}, owner: { fullName: 'Budi Santoso', username: 'budi', password: 'rahasia-123' } });
    expect(r.setCookie).toMatch(/mb_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    expect(JSON.stringify(r.json)).not.toContain(b.cookie.split('=')[1]!);
  });

  it('keeps an idle connection open past Node\'s 5 s default, so a clerk pausing does not meet a reset POST', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.request(`${core.url}/api/rpc/auth.state`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end('{}');
      });
    expect(await post()).toEqual({ status: 200, reused: false });
    await elapse(7_000); // the idle time is the scenario, not a wait for something to happen
    expect(await post()).toEqual({ status: 200, reused: true });
    agent.destroy();
  }, 15_000);

  it('requires the CSRF token on calls made with the session cookie', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const b = await owner(core);
    expect((await b.rpc('users.list', {}, { csrf: null })).json.error?.code).toBe('csrf');
    expect((await b.rpc('users.list', {}, { csrf: 'forged' })).status).toBe(403);
    expect((await b.rpc('users.list', {})).status).toBe(200);
    // auth.state hands the token to a freshly loaded page.
    const state = await b.rpc('auth.state', {}, { csrf: null });
    expect(state.json.result?.session?.csrfToken).toBe(b.csrf);
  });

  it('refuses cross-site and non-JSON requests, answers JSON errors with HTTP statuses', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const b = await owner(core);
    expect((await b.rpc('users.list', {}, { origin: 'http://evil.example' })).json.error?.code).toBe('csrf');
    expect((await b.rpc('users.list', {}, { contentType: 'text/plain' })).status).toBe(400);
    expect((await b.rpc('users.list', null, { raw: '{not json' })).json.error?.code).toBe('validation');
    expect((await b.rpc('nope.nothing', {})).status).toBe(404);
    const bad = await b.rpc('users.create', { username: '!', fullName: '', role: 'x', password: '1' });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.code).toBe('validation');
    expect((await new Browser(core.url!).rpc('users.list', {})).status).toBe(401);
  });

  it('a cashier calling users.list directly gets 403 forbidden', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const o = await owner(core);
    await o.rpc('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'temp-pass-1' });
    const k = new Browser(core.url!);
    expect((await k.rpc('auth.login', { username: 'kasir1', password: 'temp-pass-1' })).status).toBe(200);
    expect((await k.rpc('auth.changePassword', { currentPassword: 'temp-pass-1', newPassword: 'kasir-pass-2' })).status).toBe(200);
    const r = await k.rpc('users.list', {});
    expect(r.status).toBe(403);
    expect(r.json.error?.code).toBe('forbidden');
  });

  it('streams push events to a logged-in session over SSE', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const b = await owner(core);
    const anon = await fetch(`${core.url}/api/events`);
    expect(anon.status).toBe(401);
    const ctrl = new AbortController();
    const res = await fetch(`${core.url}/api/events`, { headers: { cookie: b.cookie }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await b.rpc('jobs.runNow', { name: 'backup.nightly' });
    let text = '';
    while (!/"status":"succeeded"/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: jobs.run');
    ctrl.abort();
  });

  it('does not push job events to a session without jobs.read', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const o = await owner(core);
    await o.rpc('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'temp-pass-1' });
    const k = new Browser(core.url!);
    await k.rpc('auth.login', { username: 'kasir1', password: 'temp-pass-1' });
    const ctrl = new AbortController();
    const res = await fetch(`${core.url}/api/events`, { headers: { cookie: k.cookie }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    await o.rpc('settings.update', { group: 'backup', value: { keep: 3, hour: 1 } });
    await o.rpc('jobs.runNow', { name: 'backup.nightly' });
    await core.scheduler.idle();
    await o.rpc('settings.update', { group: 'backup', value: { keep: 4, hour: 1 } });
    let text = '';
    while ((text.match(/settings\.changed/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).not.toContain('jobs.run');
    ctrl.abort();
  });

  it('ends an event stream when its session ends, and follows a role downgrade', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const o = await owner(core);
    await o.rpc('users.create', { username: 'adm1', fullName: 'Admin Satu', role: 'admin', password: 'temp-pass-1' });
    const a = new Browser(core.url!);
    await a.rpc('auth.login', { username: 'adm1', password: 'temp-pass-1' });
    const read = async (res: Response) => {
      const reader = res.body!.getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += new TextDecoder().decode(value);
      }
    };
    // Logged out: the open stream ends at the next event instead of going on receiving.
    const res = await fetch(`${core.url}/api/events`, { headers: { cookie: a.cookie } });
    const ended = read(res);
    await a.rpc('auth.logout', {});
    await o.rpc('settings.update', { group: 'backup', value: { keep: 5, hour: 1 } });
    const text = await ended;
    expect(text).not.toContain('settings.changed');
    // Downgraded to cashier: job events stop reaching the stream (the role is read per event).
    const b = new Browser(core.url!);
    await b.rpc('auth.login', { username: 'adm1', password: 'temp-pass-1' });
    const ctrl = new AbortController();
    const res2 = await fetch(`${core.url}/api/events`, { headers: { cookie: b.cookie }, signal: ctrl.signal });
    const reader = res2.body!.getReader();
    const users = (await o.rpc('users.list', {})).json as { result: { id: number; username: string }[] };
    const id = users.result.find((u) => u.username === 'adm1')!.id;
    await o.rpc('users.update', { id, fullName: 'Admin Satu', role: 'cashier' });
    await o.rpc('jobs.runNow', { name: 'backup.nightly' });
    await core.scheduler.idle();
    await o.rpc('settings.update', { group: 'backup', value: { keep: 6, hour: 1 } });
    let got = '';
    while (!/settings\.changed/.test(got)) got += new TextDecoder().decode((await reader.read()).value);
    expect(got).not.toContain('jobs.run');
    ctrl.abort();
  });

  it('limits failed logins per address with 429 and Retry-After; a right password still gets through before the limit', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    await owner(core);
    const attacker = new Browser(core.url!);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await attacker.rpc('auth.login', { username: `tebak${i}`, password: 'salah' })).status);
    // 10 wrong answers (401), then held back (429) before any password is checked.
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    const res = await fetch(`${core.url}/api/rpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'budi', password: 'x' }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('serves only the hosts this office uses: a rebinding page naming another host is refused before routing', async () => {
    core = await startCore({ http: { enabled: true, port: 0 } });
    const o = await owner(core);
    const port = new URL(core.url!).port;
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: Number(port), path: '/api/rpc/auth.state', method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
    expect(await get(`127.0.0.1:${port}`)).toBe(200);
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`evil.example:${port}`)).toBe(403);
    expect(await get('billing.rt05.net')).toBe(403);
    await o.rpc('settings.update', { group: 'server', value: { bind: 'loopback', port: 8090, allowedHosts: ['billing.rt05.net'] } });
    expect(await get('billing.rt05.net')).toBe(200);
    expect(await get('Billing.RT05.net:443')).toBe(200);
  });

  it('behind a TLS tunnel on this PC: the client address comes from X-Forwarded-For and the session cookie is Secure', async () => {
    const dataDir = (await import('../support/core')).tempDir();
    const first = await startCore({ dataDir, http: { enabled: true, port: 0 } });
    const o = await owner(first);
    await o.rpc('settings.update', { group: 'server', value: { bind: 'loopback', port: 8090, behindProxy: true, allowedHosts: [] } });
    await first.close();
    core = await startCore({ dataDir, http: { enabled: true, port: 0 } });
    const login = (proto: string, ip: string) =>
      fetch(`${core.url}/api/rpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': proto, 'x-forwarded-for': ip },
        body: JSON.stringify({ username: 'budi', password: 'rahasia-123' }),
      });
    expect((await login('https', '203.0.113.9')).headers.get('set-cookie')).toMatch(/; Secure/i);
    expect((await login('http', '203.0.113.9')).headers.get('set-cookie')).not.toMatch(/; Secure/i);
    // Failed logins are counted for the forwarded client, not for the tunnel.
    for (let i = 0; i < 10; i++) await fetch(`${core.url}/api/rpc/auth.login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' }, body: JSON.stringify({ username: 'x', password: 'y' }) });
    expect((await login('https', '198.51.100.7')).status).toBe(429);
    expect((await login('https', '203.0.113.10')).status).toBe(200);
  });
});
