import { afterEach, describe, expect, it } from 'vitest';
import { legacyResponse, startRouterSim, type RouterSim, type SimOptions } from '../peers/routeros-sim/index';
import { attrs, RawClient } from '../peers/routeros-sim/raw-client';
import { waitFor } from '../support/poll';

let sim: RouterSim;
const clients: RawClient[] = [];
async function start(opts: SimOptions = {}): Promise<RouterSim> {
  sim = await startRouterSim(opts);
  return sim;
}
async function login(user = 'admin', password = ''): Promise<RawClient> {
  const c = await RawClient.login(sim.port, user, password);
  clients.push(c);
  return c;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
});

describe('login', () => {
  it('plain login: !done on success, trap (6) on bad credentials, connection stays usable', async () => {
    await start({ user: 'budi', password: 'rahasia' });
    const c = await RawClient.connect(sim.port);
    clients.push(c);
    expect(await c.command(['/login', '=name=budi', '=password=salah'])).toEqual([
      ['!trap', '=message=invalid user name or password (6)'], ['!done']]);
    expect(await c.command(['/login', '=name=siapa', '=password=rahasia'])).toEqual([
      ['!trap', '=message=invalid user name or password (6)'], ['!done']]);
    expect(await c.command(['/login', '=name=budi', '=password=rahasia'])).toEqual([['!done']]);
    expect(await c.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });

  it('traps commands sent before login (category 5, "not logged in"), /cancel included', async () => {
    await start();
    const c = await RawClient.connect(sim.port);
    clients.push(c);
    expect(await c.call('1', ['/ppp/secret/print'])).toEqual([['!trap', '=category=5', '=message=not logged in'], ['!done']]);
    expect(await c.call('2', ['/cancel'])).toEqual([['!trap', '=category=5', '=message=not logged in'], ['!done']]);
    expect(sim.state.menu('/ppp/secret').count()).toBe(0);
  });

  it('legacy challenge/response matches the go-routeros test vector', async () => {
    expect(legacyResponse('passTest', Buffer.from('abc123', 'hex'))).toBe('0021277bff9ac7caf06aa608e46616d47f');
    await start({ legacyLogin: true, user: 'userTest', password: 'passTest', challenge: 'abc123' });
    const c = await RawClient.connect(sim.port);
    clients.push(c);
    expect(await c.command(['/login'])).toEqual([['!done', '=ret=abc123']]);
    expect(await c.command(['/login', '=name=userTest', '=response=0021277bff9ac7caf06aa608e46616d47f'])).toEqual([['!done']]);
    expect(await c.command(['/system/identity/print'])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });

  it('legacy login: a wrong response traps; a response without a fresh challenge traps', async () => {
    await start({ legacyLogin: true, password: 'x' });
    const c = await RawClient.connect(sim.port);
    clients.push(c);
    const [[, ret]] = (await c.command(['/login', '=name=admin', '=password=x'])) as [[string, string]];
    expect(ret).toMatch(/^=ret=[0-9a-f]{32}$/); // 16 random bytes; name/password ignored like pre-6.43
    const bad = legacyResponse('y', Buffer.from(ret.slice(5), 'hex'));
    expect((await c.command(['/login', '=name=admin', `=response=${bad}`]))[0]).toEqual(['!trap', '=message=invalid user name or password (6)']);
    const stale = legacyResponse('x', Buffer.from(ret.slice(5), 'hex'));
    expect((await c.command(['/login', '=name=admin', `=response=${stale}`]))[0]?.[0]).toBe('!trap');
  });

  it('plain mode refuses a challenge response', async () => {
    await start({ version: '7.18.2' });
    const c = await RawClient.connect(sim.port);
    clients.push(c);
    expect((await c.command(['/login', '=name=admin', `=response=00${'0'.repeat(32)}`]))[0]?.[0]).toBe('!trap');
  });
});

describe('!empty', () => {
  it('7.18 sends !empty (tagged) before !done for empty prints, and only then', async () => {
    await start({ version: '7.18' });
    const c = await login();
    expect(await c.call('e', ['/ppp/secret/print'])).toEqual([['!empty'], ['!done']]);
    expect(c.received.slice(-2).map((r) => r.words)).toEqual([['!empty', '.tag=e'], ['!done', '.tag=e']]);
    expect(await c.call('q', ['/ppp/profile/print', '?name=nope'])).toEqual([['!empty'], ['!done']]);
    expect(await c.call('n', ['/ppp/secret/print', '=count-only='])).toEqual([['!done', '=ret=0']]);
    expect(await c.call('a', ['/ppp/secret/add', '=name=x'])).toEqual([['!done', '=ret=*1']]);
    expect(await c.call('s', ['/ppp/secret/set', '=.id=*1', '=comment=c'])).toEqual([['!done']]);
    expect((await c.call('p', ['/ppp/secret/print', '=.proplist=name'])).map((s) => s[0])).toEqual(['!re', '!done']);
  });

  it('7.17 never sends !empty', async () => {
    await start({ version: '7.17.2' });
    const c = await login();
    expect(await c.call('e', ['/ppp/secret/print'])).toEqual([['!done']]);
    expect(await c.command(['/ip/hotspot/active/print'])).toEqual([['!done']]);
    expect(c.received.some((r) => r.words[0] === '!empty')).toBe(false);
  });
});

describe('tags', () => {
  it('echoes .tag on every reply sentence, none when absent or empty', async () => {
    await start();
    const c = await login();
    sim.state.menu('/ppp/secret').add({ name: 'a' });
    sim.state.menu('/ppp/secret').add({ name: 'b' });
    c.send(['/ppp/secret/print', '=.proplist=name', '.tag=t1']);
    c.send(['/ppp/secret/add', '=name=a', '.tag=t2']);
    c.send(['/ppp/secret/print', '?name=zzz', '.tag=t3']);
    await c.waitFor((rx) => rx.filter((r) => r.words[0] === '!done').length === 4); // + login
    const words = c.received.slice(1).map((r) => r.words);
    expect(words).toEqual([
      ['!re', '=name=a', '.tag=t1'], ['!re', '=name=b', '.tag=t1'], ['!done', '.tag=t1'],
      ['!trap', '=message=failure: already have such name', '.tag=t2'], ['!done', '.tag=t2'],
      ['!empty', '.tag=t3'], ['!done', '.tag=t3'],
    ]);
    expect(await c.command(['/system/identity/print', '.tag='])).toEqual([['!re', '=name=MikroTik'], ['!done']]);
  });

  it('interleaves replies of concurrent commands under latency instead of serialising them', async () => {
    await start({ latencyMs: 25 });
    const c = await login();
    for (let i = 0; i < 5; i++) {
      sim.state.menu('/ppp/secret').add({ name: `s${i}` });
      sim.state.menu('/ip/hotspot/user').add({ name: `h${i}` });
    }
    const t0 = performance.now();
    c.send(['/ppp/secret/print', '=.proplist=name', '.tag=A']);
    c.send(['/ip/hotspot/user/print', '=.proplist=name', '.tag=B']);
    const [a, b] = await Promise.all([c.reply('A'), c.reply('B')]);
    const elapsed = performance.now() - t0;
    expect(a.map((s) => s[0])).toEqual(['!re', '!re', '!re', '!re', '!re', '!done']);
    expect(b).toHaveLength(6);
    const order = c.received.slice(1).map((r) => `${r.words[0]}${r.words.at(-1)}`);
    // B's rows arrive while A is still streaming: the first four sentences are two of each
    expect(order.slice(0, 4).sort()).toEqual(['!re.tag=A', '!re.tag=A', '!re.tag=B', '!re.tag=B']);
    expect(order.indexOf('!re.tag=B')).toBeLessThan(order.indexOf('!done.tag=A'));
    expect(elapsed).toBeLessThan(12 * 25 * 0.9); // ~6 × 25 ms interleaved; 12 sentences serialised take >= 300 ms
  });

  it('answers 200 pipelined tagged adds, each with its own id', async () => {
    await start({ latencyMs: 1 });
    const c = await login();
    for (let i = 0; i < 200; i++) c.send(['/ip/hotspot/user/add', `=name=u${i}`, `.tag=${i}`]);
    await c.waitFor((rx) => rx.filter((r) => r.words[0] === '!done').length === 201);
    for (let i = 0; i < 200; i++) {
      const [done] = c.tagged(String(i));
      expect(sim.state.menu('/ip/hotspot/user').get(attrs(done!).ret!)?.name).toBe(`u${i}`);
    }
  });
});

describe('/cancel', () => {
  it('cancels one tagged command: trap interrupted, !done for /cancel, then !done for the command', async () => {
    await start({ latencyMs: 25 });
    const c = await login();
    for (let i = 0; i < 10; i++) sim.state.menu('/ppp/secret').add({ name: `s${i}` });
    c.send(['/ppp/secret/print', '=.proplist=name', '.tag=2']);
    await c.waitFor(() => c.tagged('2').length >= 1);
    c.send(['/cancel', '=tag=2', '.tag=7']);
    await c.reply('2');
    await c.waitFor((rx) => rx.some((r) => r.words[0] === '!done' && r.words.includes('.tag=7')));
    const tail = c.received.slice(1).map((r) => r.words).filter((w) => w[0] !== '!re');
    expect(tail).toEqual([
      ['!trap', '=category=2', '=message=interrupted', '.tag=2'], ['!done', '.tag=7'], ['!done', '.tag=2']]);
    expect(c.tagged('2').filter((s) => s[0] === '!re').length).toBeLessThan(10);
    expect(c.received.findLastIndex((r) => r.words[0] === '!re')).toBeLessThan(c.received.findIndex((r) => r.words[0] === '!trap'));
  });

  it('without =tag= cancels every command in flight (tagged and untagged), never itself', async () => {
    await start();
    const c = await login();
    sim.faults.silence('/system/script/print');
    c.send(['/system/script/print', '.tag=x']);
    c.send(['/system/script/print', '.tag=y']);
    c.send(['/system/script/print']);
    await waitFor(() => sim.commandsSeen().filter((w) => w === '/system/script/print').length === 3, { message: 'the three commands to reach the simulator' });
    expect(c.received).toHaveLength(1);
    expect(await c.call('c', ['/cancel'])).toEqual([['!done']]);
    expect(c.received.slice(1).map((r) => r.words)).toEqual([
      ['!trap', '=category=2', '=message=interrupted', '.tag=x'],
      ['!trap', '=category=2', '=message=interrupted', '.tag=y'],
      ['!trap', '=category=2', '=message=interrupted'],
      ['!done', '.tag=c'], ['!done', '.tag=x'], ['!done', '.tag=y'], ['!done'],
    ]);
  });

  it('cancelling a tag that is not running just answers !done', async () => {
    await start();
    const c = await login();
    expect(await c.call('c', ['/cancel', '=tag=nothing'])).toEqual([['!done']]);
  });
});

describe('other session commands', () => {
  it('/quit answers !fatal and closes', async () => {
    await start();
    const c = await login();
    c.send(['/quit']);
    await c.whenClosed();
    expect(c.received.at(-1)?.words).toEqual(['!fatal', 'session terminated on request']);
  });
});
