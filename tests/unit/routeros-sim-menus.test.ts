import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo, startRouterSim, type RouterSim, type SimOptions } from '../peers/routeros-sim/index';
import { attrs, RawClient } from '../peers/routeros-sim/raw-client';

let sim: RouterSim;
let c: RawClient;
async function start(opts: SimOptions = {}): Promise<void> {
  sim = await startRouterSim(opts);
  c = await RawClient.login(sim.port);
}
afterEach(async () => {
  c?.close();
  await sim?.close();
});
const run = (...words: string[]): Promise<string[][]> => c.command(words);
const trap = (message: string, category?: number): string[][] =>
  [['!trap', ...(category === undefined ? [] : [`=category=${category}`]), `=message=${message}`], ['!done']];
const rows = async (...words: string[]): Promise<Array<Record<string, string>>> =>
  (await run(...words)).filter((s) => s[0] === '!re').map(attrs);

describe('ids and writes', () => {
  beforeEach(() => start());

  it('allocates hex ids like RouterOS: *9 then *A', async () => {
    const ids = [];
    for (let i = 1; i <= 11; i++) ids.push(attrs((await run('/ip/hotspot/user/add', `=name=u${i}`))[0]!).ret);
    expect(ids.slice(7)).toEqual(['*8', '*9', '*A', '*B']);
    await run('/ip/hotspot/user/remove', '=.id=*B');
    expect((await run('/ip/hotspot/user/add', '=name=again'))[0]).toEqual(['!done', '=ret=*C']); // ids are not reused
  });

  it('set/remove/enable/disable by .id lists and =numbers=; a missing id fails the whole command', async () => {
    for (const n of ['a', 'b', 'c']) await run('/ppp/secret/add', `=name=${n}`);
    expect(await run('/ppp/secret/disable', '=.id=*1,*3')).toEqual([['!done']]);
    expect((await rows('/ppp/secret/print', '?disabled=true')).map((r) => r.name)).toEqual(['a', 'c']);
    expect(await run('/ppp/secret/enable', '=numbers=*3')).toEqual([['!done']]);
    expect(await run('/ppp/secret/set', '=numbers=*1,*2', '=comment=bulk')).toEqual([['!done']]);
    expect(await run('/ppp/secret/remove', '=.id=*1,*99')).toEqual(trap('no such item', 0));
    expect(sim.state.menu('/ppp/secret').count()).toBe(3);
    expect(await run('/ppp/secret/remove', '=.id=*1,*2')).toEqual([['!done']]);
    expect(sim.state.menu('/ppp/secret').all().map((r) => r.name)).toEqual(['c']);
    expect(await run('/ppp/secret/set', '=comment=x')).toEqual(trap('missing value(s) of argument(s) numbers', 1));
  });

  it('duplicate names trap on add and on set', async () => {
    await run('/ppp/secret/add', '=name=a');
    await run('/ppp/secret/add', '=name=b');
    expect(await run('/ppp/secret/set', '=.id=*2', '=name=a')).toEqual(trap('failure: already have such name'));
    expect(await run('/ppp/secret/set', '=.id=*1', '=name=a', '=comment=same')).toEqual([['!done']]); // itself is fine
    await run('/ip/hotspot/user/add', '=name=v', '=server=hotspot1');
    expect(await run('/ip/hotspot/user/add', '=name=v', '=server=all')).toEqual(
      trap('failure: already have user with this name for this server'));
    expect(await run('/ip/hotspot/user/add', '=name=v', '=server=nope')).toEqual(trap('input does not match any value of server', 1));
    await run('/ip/firewall/address-list/add', '=list=ISOLIR', '=address=10.0.0.5');
    expect(await run('/ip/firewall/address-list/add', '=list=ISOLIR', '=address=10.0.0.5')).toEqual(trap('failure: already have such entry'));
  });

  it('is strict about commands, parameters and values', async () => {
    expect(await run('/ip/hotspot/usr/print')).toEqual(trap('no such command prefix'));
    expect(await run('/ppp/secret/frobnicate')).toEqual(trap('no such command'));
    expect(await run('/ppp/active/add', '=name=x')).toEqual(trap('no such command'));
    expect(await run('/ppp/secret/add', '=name=x', '=uptime=1d')).toEqual(trap('unknown parameter uptime', 1)); // read-only
    expect(await run('/ppp/secret/add', '=name=x', '=service=telnet')).toEqual(trap('input does not match any value of service', 1));
    expect(await run('/ppp/secret/add', '=name=x', '=disabled=maybe')).toEqual(trap('input does not match any value of disabled', 1));
    expect(await run('/ppp/secret/add', '=password=x')).toEqual(trap('missing value(s) of argument(s) name', 1));
    expect(await run('/ppp/secret/remove', '=.id=*1', '=name=x')).toEqual(trap('unknown parameter name', 1));
    expect(await run('/ppp/secret/add', 'name=x')).toEqual(trap('unknown parameter name=x', 1));
    expect(sim.state.menu('/ppp/secret').count()).toBe(0);
  });

  it('booleans: yes/no accepted, true/false returned; unset restores the default', async () => {
    await run('/ip/hotspot/user/add', '=name=u', '=disabled=yes', '=limit-uptime=1h');
    expect((await rows('/ip/hotspot/user/print'))[0]).toMatchObject({ disabled: 'true', server: 'all', profile: 'default', uptime: '0s', 'bytes-in': '0' });
    await run('/ip/hotspot/user/set', '=.id=*1', '=disabled=no');
    expect(sim.state.menu('/ip/hotspot/user').get('*1')?.disabled).toBe('false');
    await run('/ip/hotspot/user/unset', '=.id=*1', '=value-name=limit-uptime');
    expect(sim.state.menu('/ip/hotspot/user').get('*1')).not.toHaveProperty('limit-uptime');
  });

  it('a read-only account cannot write', async () => {
    await sim.close();
    await start({ users: [{ name: 'viewer', password: 'v', group: 'read' }] });
    const viewer = await RawClient.login(sim.port, 'viewer', 'v');
    expect(await viewer.command(['/ppp/secret/add', '=name=x'])).toEqual(trap('not enough permissions (9)'));
    expect(await viewer.command(['/ppp/secret/print'])).toEqual([['!empty'], ['!done']]);
    viewer.close();
  });
});

describe('menus a fresh router has', () => {
  it('default profiles exist and cannot be removed', async () => {
    await start();
    expect(await rows('/ppp/profile/print', '=.proplist=.id,name,default')).toEqual([
      { '.id': '*0', name: 'default', default: 'true' }, { '.id': '*FFFFFFFE', name: 'default-encryption', default: 'true' }]);
    expect(await rows('/ip/hotspot/user/profile/print', '=.proplist=.id,name,shared-users')).toEqual([
      { '.id': '*0', name: 'default', 'shared-users': '1' }]);
    expect(await run('/ppp/profile/remove', '=.id=*0')).toEqual(trap('failure: cannot remove default profile'));
    expect((await run('/ppp/profile/add', '=name=10M', '=rate-limit=5M/10M'))[0]).toEqual(['!done', '=ret=*1']);
  });

  it('identity, resource and clock (7.10+ date style)', async () => {
    await start({ identity: 'RT05', version: '7.18.2' });
    sim.state.setClock(new Date('2023-07-14T05:06:07Z'), { frozen: true });
    expect(await run('/system/identity/print')).toEqual([['!re', '=name=RT05'], ['!done']]);
    expect(await run('/system/identity/set', '=name=Core')).toEqual([['!done']]);
    expect(sim.state.identity).toBe('Core');
    const [res] = await rows('/system/resource/print');
    expect(res).toMatchObject({ version: '7.18.2 (stable)', 'board-name': 'RB4011iGS+', 'cpu-count': '4', 'architecture-name': 'arm' });
    expect(Object.keys(res!)).toEqual(expect.arrayContaining(['uptime', 'cpu-load', 'free-memory', 'total-memory', 'free-hdd-space']));
    expect(res).not.toHaveProperty('.id');
    expect((await rows('/system/clock/print'))[0]).toMatchObject({ date: '2023-07-14', time: '12:06:07', 'time-zone-name': 'Asia/Jakarta', 'gmt-offset': '+07:00' });
    sim.state.menu('/system/resource').patch({ 'cpu-load': 87 });
    expect((await rows('/system/resource/print', '=.proplist=cpu-load'))[0]).toEqual({ 'cpu-load': '87' });
    expect(await run('/system/resource/set', '=cpu-load=1')).toEqual(trap('no such command'));
  });

  it('clock before 7.10 uses the jul/14/2023 style', async () => {
    await start({ version: '6.49.10' });
    sim.state.setClock(new Date('2023-07-14T05:06:07Z'), { frozen: true });
    expect((await rows('/system/clock/print'))[0]).toMatchObject({ date: 'jul/14/2023', time: '12:06:07' });
    expect((await rows('/system/resource/print'))[0]?.version).toBe('6.49.10 (stable)');
  });
});

describe('sessions, scheduler, scripts, queues', () => {
  beforeEach(() => start());

  it('removing an active PPP session really disconnects it and stamps the secret', async () => {
    sim.state.setClock(new Date('2025-12-05T02:00:00Z'), { frozen: true });
    sim.state.menu('/ppp/secret').add({ name: 'cust001', 'remote-address': '10.10.0.9' });
    const id = sim.state.login('/ppp/active', { name: 'cust001', uptime: '1h' });
    expect(await rows('/ppp/active/print', '?name=cust001', '=.proplist=.id,address,service')).toEqual([{ '.id': id, address: '10.10.0.9', service: 'pppoe' }]);
    expect(await run('/ppp/active/remove', `=.id=${id}`)).toEqual([['!done']]);
    expect(sim.state.menu('/ppp/active').count()).toBe(0);
    expect(sim.state.menu('/ppp/secret').find({ name: 'cust001' })?.['last-logged-out']).toBe('2025-12-05 09:00:00');
    expect(await run('/ppp/active/remove', `=.id=${id}`)).toEqual(trap('no such item', 0));
  });

  it('removing an active hotspot session really kicks it', async () => {
    sim.state.login('/ip/hotspot/active', { user: 'K7P2Q' });
    const [row] = await rows('/ip/hotspot/active/print');
    expect(row).toMatchObject({ user: 'K7P2Q', server: 'hotspot1', 'login-by': 'http-chap', address: '10.5.50.2' });
    await run('/ip/hotspot/active/remove', `=.id=${row!['.id']}`);
    expect(await rows('/ip/hotspot/active/print')).toEqual([]);
  });

  it('scheduler next-run = start + interval (what Mikhmon reads), scripts run, queues get names', async () => {
    sim.state.setClock(new Date('2024-01-01T06:00:00Z'), { frozen: true }); // 13:00 local
    await run('/system/scheduler/add', '=name=K7P2Q', '=interval=1d');
    expect((await rows('/system/scheduler/print', '?name=K7P2Q'))[0]).toMatchObject({
      'start-date': '2024-01-01', 'start-time': '13:00:00', 'next-run': '2024-01-02 13:00:00', 'run-count': '0' });
    await run('/system/script/add', '=name=rec', '=source=:log info x', '=comment=mikhmon');
    await run('/system/script/run', '=.id=*1');
    expect(sim.state.menu('/system/script').get('*1')).toMatchObject({ 'run-count': '1', 'last-started': '2024-01-01 13:00:00' });
    await run('/queue/simple/add', '=target=10.0.0.5/32', '=max-limit=5M/10M');
    expect(sim.state.menu('/queue/simple').all()[0]).toMatchObject({ name: 'queue1', target: '10.0.0.5/32', dynamic: 'false' });
  });
});

describe('state API for tests', () => {
  it('seeds, finds, updates and clears; seeding duplicates throws', async () => {
    await start();
    const users = sim.state.menu('/ip/hotspot/user');
    const id = users.add({ name: 'A', password: 'A', disabled: true, 'bytes-in': 10 });
    expect(users.get(id)).toMatchObject({ '.id': '*1', name: 'A', disabled: 'true', 'bytes-in': '10', profile: 'default' });
    expect(() => users.add({ name: 'A' })).toThrow('already have user with this name');
    users.update(id, { comment: 'vc-1', disabled: 'no' });
    expect(users.find({ comment: 'vc-1' })?.disabled).toBe('false');
    expect(users.filter((r) => r.name?.startsWith('A') ?? false)).toHaveLength(1);
    users.clear();
    expect(users.count()).toBe(0);
    sim.state.menu('/ppp/profile').clear();
    expect(sim.state.menu('/ppp/profile').count()).toBe(2); // built-in defaults stay
    expect(() => sim.state.menu('/ip/route')).toThrow('no menu /ip/route');
  });

  it('seedDemo gives the UI something to show', async () => {
    await start();
    seedDemo(sim.state);
    expect(sim.state.menu('/ppp/secret').count()).toBe(5);
    expect(sim.state.menu('/ppp/active').count()).toBe(2);
    expect((await rows('/ip/hotspot/user/print', '?profile=1Hari', '=.proplist=name'))).toHaveLength(4);
  });
});
