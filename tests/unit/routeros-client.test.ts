/**
 * The RouterClient (main/modules/routers/client) against the in-repo RouterOS simulator: typed errors,
 * `!empty`, timeouts with /cancel, !fatal, keepalive, reconnect with backoff, TLS, close().
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import {
  RouterError,
  type RouterClientState,
} from '../../main/modules/routers/client/index';
import type { RouterSim } from '../peers/routeros-sim/index';
import { useRouterFixture } from '../support/router-fixture';
import { elapse, waitFor } from '../support/poll';

const { sim, client, cleanups, escaped, untrack } = useRouterFixture();

async function until(check: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  await waitFor(check, { timeout: timeoutMs, interval: 5, message: what });
}

async function rejection(p: Promise<unknown>): Promise<RouterError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RouterError);
    return err as RouterError;
  }
  throw new Error('expected a rejection');
}

/** The .tag the client gave the first sentence with this command word. */
function tagOf(s: RouterSim, command: string): string {
  const sentence = s.sentencesSeen().find((w) => w[0] === command);
  const tag = sentence?.find((w) => w.startsWith('.tag='))?.slice(5);
  if (!tag) throw new Error(`no tagged ${command} seen`);
  return tag;
}

describe('RouterClient: replies', () => {
  it('connects lazily on the first command and reuses one connection', async () => {
    const s = await sim();
    const c = client(s);
    expect(c.state).toBe('idle');
    await elapse(20); // the subject is time passing with no command: nothing connects on its own
    expect(s.connections()).toBe(0);
    await c.run({ path: '/ip/hotspot/user/add', words: ['=name=a', '=password=a'] });
    await c.print('/ip/hotspot/user');
    await Promise.all([c.print('/ppp/secret'), c.print('/system/identity'), c.print('/queue/simple')]);
    expect(c.state).toBe('connected');
    expect(s.connections()).toBe(1);
    expect(s.commandsSeen().filter((w) => w === '/login')).toHaveLength(1);
  });

  it('gives empty rows for !empty (RouterOS 7.18) and for 7.17, without crashing', async () => {
    for (const version of ['7.18.2', '7.17']) {
      const s = await sim({ version });
      const c = client(s);
      expect(await c.print('/ip/hotspot/user')).toEqual([]);
      expect(await c.print('/ppp/secret', { query: ['?name=nobody'], proplist: ['.id', 'name'] })).toEqual([]);
      expect(await c.run({ path: '/ip/hotspot/user/print', words: ['=count-only='] })).toEqual({ rows: [], ret: '0' });
      const { ret } = await c.run({ path: '/ppp/secret/add', words: ['=name=cust001', '=password=p'] });
      expect(ret).toBe('*1');
      expect(await c.print('ppp secret', { query: ['?name=cust001'], proplist: ['.id', 'name', 'profile'] })).toEqual([
        { '.id': '*1', name: 'cust001', profile: 'default' },
      ]);
    }
  });

  it('reports !trap as kind trap with category and message; the connection stays up', async () => {
    const s = await sim();
    const c = client(s);
    const err = await rejection(c.run({ path: '/ip/address/add', words: ['=address=10.0.0.1/24'] }));
    expect(err.kind).toBe('trap');
    s.faults.trapCommand('/ppp/secret/add', 'failure: boom', 4);
    const trapped = await rejection(c.run({ path: '/ppp/secret/add', words: ['=name=x'] }));
    expect(trapped).toMatchObject({ kind: 'trap', category: 4, message: 'failure: boom' });
    expect(trapped.transient).toBe(false);
    await c.run({ path: '/ip/hotspot/user/add', words: ['=name=dup'] });
    expect(await rejection(c.run({ path: '/ip/hotspot/user/add', words: ['=name=dup'] }))).toMatchObject({
      kind: 'trap',
      message: 'failure: already have user with this name for this server',
    });
    expect(await c.print('/system/identity')).toEqual([{ name: 'MikroTik' }]);
    expect(s.connections()).toBe(1);
  });

  it('keeps UTF-8 text intact by default and speaks win1252 when configured', async () => {
    const s = await sim();
    const c = client(s);
    await c.run({ path: '/ip/hotspot/user/add', words: ['=name=u1', '=comment=Pak Budi — café ☕ 你好'] });
    expect(s.state.menu('/ip/hotspot/user').find({ name: 'u1' })?.comment).toBe('Pak Budi — café ☕ 你好');
    expect((await c.print('/ip/hotspot/user', { proplist: ['comment'] }))[0]?.comment).toBe('Pak Budi — café ☕ 你好');

    const latin = await sim({ encoding: 'latin1' });
    const w = client(latin, { encoding: 'win1252' });
    await w.run({ path: '/ip/hotspot/user/add', words: ['=name=u2', '=comment=café'] });
    expect(latin.state.menu('/ip/hotspot/user').find({ name: 'u2' })?.comment).toBe('café');
    expect((await w.print('/ip/hotspot/user', { proplist: ['comment'] }))[0]?.comment).toBe('café');
  });

  it('rejects an unknown reply word for its command as protocol, and survives a control byte', async () => {
    const s = await sim();
    const c = client(s);
    await c.print('/system/identity');
    s.faults.silence('/ppp/active/print');
    const pending = rejection(c.print('/ppp/active'));
    await until(() => s.commandsSeen().includes('/ppp/active/print'));
    s.faults.injectSentence(['!surprise', '=x=1', `.tag=${tagOf(s, '/ppp/active/print')}`]);
    s.faults.injectSentence(['!done', '.tag=nobody']); // a reply for a tag nobody owns: dropped
    expect((await pending).kind).toBe('protocol');
    expect(await c.print('/system/identity')).toHaveLength(1);

    s.faults.injectBytes(Buffer.from([0xf8, 0x01]));
    await until(() => c.state !== 'connected', 2000, 'the connection to end');
    expect(c.lastError).toBeInstanceOf(RouterError);
    expect(await c.print('/system/identity')).toHaveLength(1); // reconnected
  });
});

describe('RouterClient: typed connection errors', () => {
  it('wrong password → auth, no background retries', async () => {
    const s = await sim();
    const c = client(s, { password: 'wrong' });
    const err = await rejection(c.print('/system/identity'));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('invalid user name or password');
    expect(c.state).toBe('backoff');
    expect(c.lastError?.kind).toBe('auth');
    await elapse(400); // the subject is time passing: longer than a reconnect backoff, and still no retry
    expect(s.commandsSeen().filter((w) => w === '/login')).toHaveLength(1);
  });

  it('legacy challenge login (< 6.43) works, and a wrong password is still auth', async () => {
    const s = await sim({ version: '6.40.9' });
    expect(await client(s).print('/system/identity')).toHaveLength(1);
    expect(s.commandsSeen().filter((w) => w === '/login')).toHaveLength(2);
    expect((await rejection(client(s, { password: 'nope' }).print('/system/identity'))).kind).toBe('auth');
  });

  it('refused connection → connect, nothing unhandled; reset connections too', async () => {
    const s = await sim();
    await s.faults.refuseConnections(true);
    const c = client(s);
    const err = await rejection(c.run({ path: '/system/identity/print' }));
    expect(err).toMatchObject({ kind: 'connect', code: 'ECONNREFUSED' });
    expect(err.transient).toBe(true);
    expect(c.state).toBe('backoff');
    // While backing off, a caller waits for the next attempt when it is due soon, and gets 'connect' again.
    expect((await rejection(c.print('/system/identity'))).kind).toBe('connect');

    await s.faults.refuseConnections(true, 'reset');
    expect((await rejection(client(s).print('/system/identity'))).kind).toBe('connect');
    // The subject is time passing: a reset socket's late error events and the backoff's retries have had a
    // moment to escape as unhandled (none may).
    await elapse(50);
    expect(escaped()).toEqual([]);
  });

  it('a router that accepts TCP but never answers the login → connect within the connect timeout', async () => {
    let accepted = 0;
    const silent = net.createServer((socket) => {
      accepted++;
      socket.on('error', () => undefined).resume(); // reads, never answers
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => silent.close(() => r())));
    const port = (silent.address() as net.AddressInfo).port;
    const c = client({ host: '127.0.0.1', port }, { connectTimeoutMs: 300 });
    const t0 = Date.now();
    const err = await rejection(c.print('/system/identity'));
    expect(err.kind).toBe('connect');
    expect(Date.now() - t0).toBeLessThan(1500);
    // close() while a connect is in progress settles it at once.
    const c2 = client({ host: '127.0.0.1', port }, { connectTimeoutMs: 5000 });
    const seen = accepted;
    const pending = rejection(c2.print('/system/identity'));
    await waitFor(() => accepted > seen, { message: 'the second client to reach the silent router' });
    const t1 = Date.now();
    await c2.close();
    expect((await pending).kind).toBe('closed');
    expect(Date.now() - t1).toBeLessThan(500);
  });
});

describe('RouterClient: timeouts, !fatal, keepalive', () => {
  it('a command the router never answers → timeout within the configured time, and its tag is cancelled', async () => {
    const s = await sim();
    const c = client(s, { commandTimeoutMs: 300 });
    await c.print('/system/identity');
    s.faults.silence('/ip/hotspot/user/print');
    const t0 = Date.now();
    const err = await rejection(c.print('/ip/hotspot/user'));
    const took = Date.now() - t0;
    expect(err.kind).toBe('timeout');
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1000);
    const tag = tagOf(s, '/ip/hotspot/user/print');
    await until(() => s.sentencesSeen().some((w) => w[0] === '/cancel' && w.includes(`=tag=${tag}`)), 1000, '/cancel');
    // The connection is still good, and the late `interrupted` trap + !done for the cancelled tag did no harm.
    s.faults.unsilence();
    expect(await c.print('/system/identity')).toHaveLength(1);
    expect(s.connections()).toBe(1);
    expect(c.state).toBe('connected');
  });

  it('!fatal → fatal for what was in flight, then the client reconnects by itself', async () => {
    const s = await sim();
    const c = client(s, {}, { backoff: { initialMs: 20, maxMs: 100 } });
    await c.print('/system/identity');
    s.faults.silence('/ppp/secret/print');
    const pending = rejection(c.print('/ppp/secret'));
    await until(() => s.commandsSeen().includes('/ppp/secret/print'));
    await s.faults.fatal('too many commands before login');
    const err = await pending;
    expect(err.kind).toBe('fatal');
    expect(err.message).toContain('too many commands');
    s.faults.unsilence();
    await until(() => c.state === 'connected', 3000, 'reconnect');
    expect(await c.print('/ppp/secret')).toEqual([]);
  });

  it('keepalive notices a router that stopped answering and reconnects', async () => {
    const s = await sim();
    const c = client(s, { commandTimeoutMs: 150 }, { keepaliveMs: 60, backoff: { initialMs: 20, maxMs: 100 } });
    const states: RouterClientState[] = [];
    c.onStateChange((state) => states.push(state));
    await c.print('/system/identity');
    s.faults.silence('/system/identity/print');
    await until(() => states.includes('backoff'), 3000, 'keepalive to give up on the connection');
    s.faults.unsilence();
    await until(() => c.state === 'connected' && s.commandsSeen().filter((w) => w === '/login').length >= 2, 3000, 'reconnect');
    expect(c.lastError).toBeNull();
    expect(await c.print('/system/identity')).toHaveLength(1);
  });
});

describe('RouterClient: reconnect and close', () => {
  it('reconnects with growing, capped backoff after the simulator restarts on the same port', async () => {
    const first = await sim();
    const port = first.port;
    const c = client(first, {}, { backoff: { initialMs: 40, maxMs: 320 }, random: () => 1 });
    const attempts: number[] = [];
    const states: RouterClientState[] = [];
    c.onStateChange((state) => {
      states.push(state);
      if (state === 'connecting') attempts.push(Date.now());
    });
    await c.print('/system/identity');
    attempts.length = 0; // only the reconnect attempts count
    await first.close();
    untrack(first);
    await until(() => attempts.length >= 5, 5000, 'several failed reconnect attempts');
    const second = await sim({ port });
    await until(() => c.state === 'connected', 5000, 'reconnect to the restarted simulator');
    expect(await c.print('/system/identity')).toEqual([{ name: 'MikroTik' }]);
    expect(second.commandsSeen()).toContain('/login');
    expect(states).toContain('backoff');
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    // First retry 40 ms after the drop, then 80, 160, 320 (cap), 320 … (random = 1 → the whole step; a refused
    // connect takes a moment and timers may run late, hence the slack).
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    [80, 160, 320, 320].forEach((expected, i) => {
      expect(gaps[i]!).toBeGreaterThanOrEqual(expected - 5);
      expect(gaps[i]!).toBeLessThan(expected + 120);
    });
  });

  it('close() rejects pending commands with closed and leaves no timers or sockets behind', async () => {
    const s = await sim();
    const count = (type: string): number => process.getActiveResourcesInfo().filter((r) => r === type).length;
    const baseline = { timeouts: count('Timeout'), sockets: count('TCPSocketWrap') };
    const c = client(s, { commandTimeoutMs: 5000 }, { keepaliveMs: 1000 });
    await c.print('/system/identity');
    s.faults.silence('/ppp/active/print');
    const pending = [rejection(c.print('/ppp/active')), rejection(c.print('/ppp/active', { query: ['?name=x'] }))];
    await until(() => s.commandsSeen().filter((w) => w === '/ppp/active/print').length === 2);
    await c.close();
    for (const p of pending) expect((await p).kind).toBe('closed');
    expect(c.state).toBe('closed');
    expect((await rejection(c.print('/system/identity'))).kind).toBe('closed');
    await c.close(); // idempotent
    await until(() => s.connections() === 0, 1000, 'the simulator to see the close');
    expect(count('Timeout')).toBeLessThanOrEqual(baseline.timeouts);
    // Socket handles are released on the next turns of the event loop.
    await until(() => count('TCPSocketWrap') <= baseline.sockets, 1000, 'sockets to be released');
  });
});

// ---- TLS (api-ssl): a TLS terminator with a self-signed certificate in front of the simulator ---------------
function selfSigned(): { key: string; cert: string } | null {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout',
      path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=router.invalid'], { stdio: 'ignore' });
    const out = { key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'c.pem'), 'utf8') };
    fs.rmSync(dir, { recursive: true, force: true });
    return out;
  } catch {
    return null;
  }
}

const pair = selfSigned();

describe.skipIf(!pair)('RouterClient: TLS (8729)', () => {
  async function tlsFront(target: RouterSim): Promise<number> {
    const server = tls.createServer({ key: pair!.key, cert: pair!.cert }, (front) => {
      const back = net.connect(target.port, target.host);
      front.on('error', () => back.destroy());
      back.on('error', () => front.destroy());
      front.pipe(back).pipe(front);
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    return (server.address() as net.AddressInfo).port;
  }

  it('connects over TLS to a self-signed certificate, and pins it when tlsCa is given', async () => {
    const s = await sim();
    const port = await tlsFront(s);
    expect(await client({ host: '127.0.0.1', port }, { tls: true }).print('/system/identity')).toHaveLength(1);
    expect(await client({ host: '127.0.0.1', port }, { tls: true, tlsCa: pair!.cert }).print('/system/identity')).toHaveLength(1);
    const other = selfSigned()!;
    const err = await rejection(client({ host: '127.0.0.1', port }, { tls: true, tlsCa: other.cert }).print('/system/identity'));
    expect(err.kind).toBe('connect');
    // Plain API against the TLS port is not RouterOS-shaped: a clean error, no crash.
    const plain = await rejection(client({ host: '127.0.0.1', port }, { connectTimeoutMs: 500 }).print('/system/identity'));
    expect(['connect', 'protocol']).toContain(plain.kind);
  });
});
