/**
 * The simulator against an independent client: node-routeros 1.6.9 exactly as published (installed as the
 * `node-routeros-upstream` alias, so the app's patched copy of node-routeros does not leak in). 1.6.9 throws
 * on `!empty`, so empty results are exercised against a 7.17 router; the 7.18 crash is shown in a child process.
 */
import { execFile } from 'node:child_process';
import { RouterOSAPI } from 'node-routeros-upstream';
import { afterEach, describe, expect, it } from 'vitest';
import { startRouterSim, type RouterSim, type SimOptions } from '../peers/routeros-sim/index';

let sim: RouterSim;
const apis: RouterOSAPI[] = [];

async function start(opts: SimOptions = {}): Promise<RouterSim> {
  sim = await startRouterSim({ version: '7.17', password: 'secret', ...opts });
  return sim;
}

async function client(over: { user?: string; password?: string } = {}): Promise<RouterOSAPI> {
  const api = new RouterOSAPI({ host: '127.0.0.1', port: sim.port, user: over.user ?? 'admin',
    password: over.password ?? 'secret', timeout: 5 });
  api.on('error', () => undefined); // node-routeros re-emits socket errors; without a listener Node throws
  apis.push(api);
  await api.connect();
  return api;
}

afterEach(async () => {
  for (const api of apis.splice(0)) if (api.connected) await api.close().catch(() => undefined);
  await sim?.close();
});

describe('node-routeros 1.6.9 against the simulator: login', () => {
  it('logs in with the plain (>= 6.43) method', async () => {
    await start();
    const api = await client();
    expect(api.connected).toBe(true);
    expect(sim.sentencesSeen()[0]?.slice(0, 3)).toEqual(['/login', '=name=admin', '=password=secret']);
  });

  it('rejects wrong credentials with CANTLOGIN (it recognises the router message)', async () => {
    await start();
    await expect(client({ password: 'nope' })).rejects.toMatchObject({ errno: 'CANTLOGIN' });
  });

  it('logs in with the legacy challenge/response method', async () => {
    await start({ version: '6.40.9' });
    await client();
    const logins = sim.sentencesSeen().filter((s) => s[0] === '/login');
    expect(logins).toHaveLength(2);
    expect(logins[1]!.find((w) => w.startsWith('=response='))).toMatch(/^=response=00[0-9a-f]{32}$/);
    await expect(client({ password: 'wrong' })).rejects.toMatchObject({ errno: 'CANTLOGIN' });
  });
});

describe('node-routeros 1.6.9 against the simulator: menus', () => {
  it('adds, prints, sets and removes PPP secrets', async () => {
    await start();
    const api = await client();
    expect(await api.write('/ppp/secret/add', ['=name=cust001', '=password=p1', '=service=pppoe'])).toEqual([{ ret: '*1' }]);
    expect(await api.write('/ppp/secret/add', ['=name=cust002', '=password=p2'])).toEqual([{ ret: '*2' }]);
    expect(await api.write('/ppp/secret/print', ['?name=cust001', '=.proplist=.id,name,profile,disabled'])).toEqual(
      [{ '.id': '*1', name: 'cust001', profile: 'default', disabled: 'false' }]);
    await api.write('/ppp/profile/add', ['=name=ISOLIR', '=rate-limit=128k/128k']);
    expect(await api.write('/ppp/secret/set', ['=.id=*1', '=profile=ISOLIR', '=disabled=yes'])).toEqual([]);
    expect(sim.state.menu('/ppp/secret').get('*1')).toMatchObject({ profile: 'ISOLIR', disabled: 'true' });
    await api.write('/ppp/secret/remove', ['=.id=*1,*2']);
    expect(await api.write('/ppp/secret/print')).toEqual([]); // 7.17: no !empty
  });

  it('traps duplicates and missing items like the router', async () => {
    await start();
    const api = await client();
    await api.write('/ppp/secret/add', ['=name=cust001']);
    await expect(api.write('/ppp/secret/add', ['=name=cust001'])).rejects.toThrow('failure: already have such name');
    await expect(api.write('/ppp/secret/remove', ['=.id=*9'])).rejects.toThrow('no such item');
    await expect(api.write('/ppp/secret/set', ['=numbers=*9', '=comment=x'])).rejects.toThrow('no such item');
    await expect(api.write('/ppp/secret/add', ['=name=x', '=profile=missing'])).rejects.toThrow(
      'input does not match any value of profile');
    await api.write('/ip/hotspot/user/add', ['=name=K7P2Q', '=password=K7P2Q']);
    await expect(api.write('/ip/hotspot/user/add', ['=name=K7P2Q'])).rejects.toThrow(
      'failure: already have user with this name for this server');
    await expect(api.write('/ip/hotspot/user/add', ['=name=X', '=colour=red'])).rejects.toThrow('unknown parameter colour');
    await expect(api.write('/ip/hotspot/nonsense/print')).rejects.toThrow('no such command prefix');
    // the connection survives every trap
    expect(await api.write('/system/identity/print')).toEqual([{ name: 'MikroTik' }]);
  });

  it('manages hotspot users: add with profile, queries, count-only, enable/disable, remove', async () => {
    await start();
    const api = await client();
    await api.write('/ip/hotspot/user/profile/add', ['=name=1Hari', '=rate-limit=1M/2M', '=shared-users=1']);
    for (const [name, comment] of [['A1', 'vc-042-05.12.25'], ['A2', 'vc-042-05.12.25'], ['B1', '']]) {
      await api.write('/ip/hotspot/user/add', [`=name=${name}`, `=password=${name}`, '=profile=1Hari',
        '=limit-uptime=1d', `=comment=${comment}`]);
    }
    const vc = await api.write('/ip/hotspot/user/print', ['?comment=vc-042-05.12.25', '=.proplist=name,limit-uptime']);
    expect(vc).toEqual([{ name: 'A1', 'limit-uptime': '1d' }, { name: 'A2', 'limit-uptime': '1d' }]);
    expect(await api.write('/ip/hotspot/user/print', ['=count-only='])).toEqual([{ ret: '3' }]);
    expect(await api.write('/ip/hotspot/user/print', ['?>comment=', '=count-only='])).toEqual([{ ret: '2' }]);
    const either = await api.write('/ip/hotspot/user/print', ['?name=A1', '?name=B1', '?#|', '=.proplist=name']);
    expect(either).toEqual([{ name: 'A1' }, { name: 'B1' }]);
    await api.write('/ip/hotspot/user/disable', ['=.id=*2']);
    expect(await api.write('/ip/hotspot/user/print', ['?disabled=true', '=.proplist=.id'])).toEqual([{ '.id': '*2' }]);
    await api.write('/ip/hotspot/user/remove', ['=.id=*1']);
    expect((await api.write('/ip/hotspot/user/print', ['=.proplist=name'])).map((r) => r.name)).toEqual(['A2', 'B1']);
    expect(await api.write('/ip/hotspot/user/print', ['?name=nobody'])).toEqual([]);
  });

  it('routes many concurrent tagged writes on one connection to the right callers', async () => {
    await start({ latencyMs: 2 });
    const api = await client();
    const names = Array.from({ length: 60 }, (_, i) => `v${String(i).padStart(3, '0')}`);
    const rets = await Promise.all(names.map((n) => api.write('/ip/hotspot/user/add', [`=name=${n}`, `=password=${n}`])));
    const menu = sim.state.menu('/ip/hotspot/user');
    expect(menu.count()).toBe(60);
    rets.forEach((r, i) => expect(menu.get(r[0]!.ret!)?.name).toBe(names[i]));
    expect(new Set(sim.sentencesSeen().slice(1).map((s) => s.find((w) => w.startsWith('.tag='))))).toHaveProperty('size', 60);
  });

  it('works against 7.18 when results are not empty', async () => {
    await start({ version: '7.18.2' });
    const api = await client();
    expect(await api.write('/ppp/profile/print', ['=.proplist=name'])).toEqual([{ name: 'default' }, { name: 'default-encryption' }]);
  });
});

describe('node-routeros 1.6.9 and !empty (RouterOS 7.18+)', () => {
  const probe = `
    const { RouterOSAPI } = require('node-routeros-upstream');
    const api = new RouterOSAPI({ host: '127.0.0.1', port: Number(process.env.SIM_PORT), user: 'admin', password: 'secret', timeout: 5 });
    api.on('error', (e) => console.log('error-event ' + e.message));
    api.connect()
      .then(() => api.write('/ppp/secret/print'))
      .then((r) => { console.log('resolved ' + JSON.stringify(r)); process.exit(0); },
            (e) => { console.log('rejected ' + e.message); process.exit(0); });
    setTimeout(() => { console.log('hung'); process.exit(3); }, 4000);`;

  const runProbe = (port: number): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, ['-e', probe], { cwd: process.cwd(), env: { ...process.env, SIM_PORT: String(port) }, timeout: 8000 },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
    });

  it('an empty print on 7.18 crashes the unpatched client with UNKNOWNREPLY; on 7.17 it resolves []', async () => {
    await start({ version: '7.18.2' });
    const crashed = await runProbe(sim.port);
    expect(crashed.code).toBe(1);
    expect(crashed.stderr).toContain('Tried to process unknown reply: !empty');
    expect(crashed.stdout).not.toContain('resolved');
    await sim.close();

    await start({ version: '7.17' });
    const fine = await runProbe(sim.port);
    expect(fine).toMatchObject({ code: 0, stdout: 'resolved []\n' });
  });
});
