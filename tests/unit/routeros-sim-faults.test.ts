import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRouterSim, type RouterSim, type SimOptions } from '../peers/routeros-sim/index';
import { RawClient } from '../peers/routeros-sim/raw-client';
import { elapse, waitFor } from '../support/poll';

let sim: RouterSim;
const clients: RawClient[] = [];
async function start(opts: SimOptions = {}): Promise<RouterSim> {
  sim = await startRouterSim(opts);
  return sim;
}
async function login(): Promise<RawClient> {
  const c = await RawClient.login(sim.port);
  clients.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
});
const connectError = (port: number): Promise<string> => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  s.once('connect', () => s.once('close', () => resolve('closed-by-peer')));
});

describe('dropAfterSentences', () => {
  it('the n-th sentence is applied but never answered, then every connection drops', async () => {
    await start();
    const c = await login();
    const other = await login();
    sim.faults.dropAfterSentences(3);
    for (let i = 1; i <= 5; i++) c.send(['/ip/hotspot/user/add', `=name=u${i}`, `.tag=${i}`]);
    await c.whenClosed();
    await other.whenClosed();
    expect(sim.state.menu('/ip/hotspot/user').all().map((r) => r.name)).toEqual(['u1', 'u2', 'u3']);
    expect(c.tagged('1')).toEqual([['!done', '=ret=*1']]);
    expect(c.tagged('2')).toEqual([['!done', '=ret=*2']]);
    expect(c.tagged('3')).toEqual([]); // applied, reply lost
    await waitFor(() => sim.connections() === 0, { message: 'the simulator to drop every connection' });
    // the router "comes back": new connections work and the fault is spent
    const again = await login();
    expect(await again.command(['/ip/hotspot/user/print', '=count-only='])).toEqual([['!done', '=ret=3']]);
  });

  it('applyLast: false drops before executing the n-th; pending delayed replies are lost too', async () => {
    await start({ latencyMs: 40 });
    const c = await login();
    sim.faults.dropAfterSentences(2, { applyLast: false });
    c.send(['/ppp/secret/add', '=name=a', '.tag=1']);
    c.send(['/ppp/secret/add', '=name=b', '.tag=2']);
    await c.whenClosed();
    expect(sim.state.menu('/ppp/secret').all().map((r) => r.name)).toEqual(['a']);
    expect(c.received).toHaveLength(1); // only the login reply: the delayed !done of "a" never left
  });
});

describe('refuseConnections', () => {
  it('refuse: new connects get ECONNREFUSED, open ones keep working, then it listens again on the same port', async () => {
    await start();
    const c = await login();
    const port = sim.port;
    await sim.faults.refuseConnections(true);
    expect(await connectError(port)).toBe('ECONNREFUSED');
    expect(await c.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
    await sim.faults.refuseConnections(false);
    expect(sim.port).toBe(port);
    const d = await login();
    expect(await d.command(['/system/identity/print'])).toHaveLength(2);
  });

  it('reset: connections are accepted and immediately reset', async () => {
    await start();
    await sim.faults.refuseConnections(true, 'reset');
    expect(['ECONNRESET', 'closed-by-peer']).toContain(await connectError(sim.port));
    expect(sim.connections()).toBe(0);
    await sim.faults.refuseConnections(false);
    await login();
    expect(sim.connections()).toBe(1);
  });
});

describe('trapCommand', () => {
  it('traps a path with message and category, optionally only some items or a few times', async () => {
    await start();
    const c = await login();
    sim.faults.trapCommand('/ppp/secret/add', 'failure: router busy', 4);
    expect(await c.call('1', ['/ppp/secret/add', '=name=a'])).toEqual([['!trap', '=category=4', '=message=failure: router busy'], ['!done']]);
    expect(sim.state.menu('/ppp/secret').count()).toBe(0);
    expect((await c.call('2', ['/ppp/secret/print']))[0]).toEqual(['!empty']); // other commands unaffected
    sim.faults.clearTraps();
    sim.faults.trapCommand('/ip/hotspot/user', 'failure: u2 is cursed', undefined, { when: (a) => a.name === 'u2' });
    sim.faults.trapCommand('/system/identity/print', 'once', 0, { times: 1 });
    for (const n of ['u1', 'u2', 'u3']) c.send(['/ip/hotspot/user/add', `=name=${n}`, `.tag=${n}`]);
    expect(await c.reply('u2')).toEqual([['!trap', '=message=failure: u2 is cursed'], ['!done']]);
    expect(await c.reply('u3')).toEqual([['!done', '=ret=*2']]);
    expect((await c.call('i1', ['/system/identity/print']))[0]).toEqual(['!trap', '=category=0', '=message=once']);
    expect((await c.call('i2', ['/system/identity/print']))[0]).toEqual(['!re', '=name=MikroTik']);
  });
});

describe('fatal, silence, latency, raw injections', () => {
  it('fatal sends !fatal with the reason to every connection and closes them', async () => {
    await start();
    const [a, b] = [await login(), await login()];
    expect(sim.connections()).toBe(2);
    await sim.faults.fatal('too many commands before login');
    await Promise.all([a.whenClosed(), b.whenClosed()]);
    expect(a.received.at(-1)?.words).toEqual(['!fatal', 'too many commands before login']);
    expect(b.received.at(-1)?.words).toEqual(['!fatal', 'too many commands before login']);
    expect(sim.connections()).toBe(0);
  });

  it('silence: the command never answers (a client timeout), others do, /cancel still ends it', async () => {
    await start();
    const c = await login();
    sim.faults.silence('/ppp/active/print');
    c.send(['/ppp/active/print', '.tag=s']);
    expect(await c.call('o', ['/system/identity/print'])).toHaveLength(2);
    await elapse(150); // the subject is time passing: a silenced command stays unanswered
    expect(c.tagged('s')).toEqual([]);
    expect(await c.call('c', ['/cancel', '=tag=s'])).toEqual([['!done']]);
    expect(c.tagged('s')).toEqual([['!trap', '=category=2', '=message=interrupted'], ['!done']]);
    sim.faults.unsilence();
    expect(await c.call('s2', ['/ppp/active/print'])).toEqual([['!empty'], ['!done']]);
  });

  it('latency applies per reply sentence and can change at run time', async () => {
    await start({ latencyMs: 30 });
    const c = await login();
    for (let i = 0; i < 3; i++) sim.state.menu('/ppp/profile').add({ name: `p${i}` });
    let t = performance.now();
    await c.call('slow', ['/ppp/profile/print']); // 5 rows + !done
    expect(performance.now() - t).toBeGreaterThanOrEqual(6 * 30 - 5);
    sim.faults.streamGapMs = 0; // latency before the first sentence only
    t = performance.now();
    expect(await c.call('gap', ['/ppp/profile/print'])).toHaveLength(6);
    expect(performance.now() - t).toBeGreaterThanOrEqual(25);
    expect(performance.now() - t).toBeLessThan(2 * 30 + 25);
    sim.faults.latencyMs = 0;
    t = performance.now();
    await c.call('fast', ['/ppp/profile/print']);
    expect(performance.now() - t).toBeLessThan(40);
  });

  it('injects unknown reply words and control bytes; records what clients sent', async () => {
    await start();
    const c = await login();
    sim.faults.injectSentence(['!weird', '=x=1', '.tag=9']);
    await c.waitFor((rx) => rx.some((r) => r.words[0] === '!weird'));
    const d = await RawClient.connect(sim.port);
    clients.push(d);
    sim.faults.injectBytes(Buffer.from([0xf8]));
    await d.whenClosed();
    expect(d.protocolError?.message).toBe('control byte 0xf8');
    expect(sim.commandsSeen()).toEqual(['/login']);
    expect(sim.sentencesSeen()).toEqual([['/login', '=name=admin', '=password=']]);
  });
});
