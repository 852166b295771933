import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { paths } from '../../main/core/config';
import { keyFileSecretBox } from '../../main/core/secrets';
import { setupOffice, startCore, tempDir } from '../support/core';

let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

const ROUTER = { name: 'Tower RT05', host: '192.0.2.10', port: 8728, tls: false, username: 'billing', password: 'r0uter-secret', notes: '' };

describe('routers', () => {
  it('stores the password sealed, never returns it, and keeps it when an edit leaves it empty', async () => {
    const dir = tempDir();
    core = await startCore({ dataDir: dir });
    const owner = await setupOffice(core);
    const created = await owner.call('routers.create', ROUTER);
    expect(created).toMatchObject({ name: 'Tower RT05', host: '192.0.2.10', hasPassword: true });
    expect(JSON.stringify(created)).not.toContain('r0uter-secret');
    const rows: { password_sealed: string }[] = await core.db.manager.query('SELECT password_sealed FROM routers');
    expect(rows[0]!.password_sealed).toMatch(/^v1:aesgcm:/);
    expect(rows[0]!.password_sealed).not.toContain('r0uter-secret');
    expect(fs.statSync(paths(dir).secretKey).mode & 0o077).toBe(0);
    expect(core.routers.endpointOf(await core.routers.get(created.id)).password).toBe('r0uter-secret');

    const { password: _p, ...withoutPassword } = ROUTER;
    await owner.call('routers.update', { id: created.id, ...withoutPassword, notes: 'roof' });
    expect(core.routers.endpointOf(await core.routers.get(created.id))).toMatchObject({ port: 8728, password: 'r0uter-secret' });
    // A new port or TLS setting needs the password typed again: the stored one goes only to its own address.
    expect((await owner.fail('routers.update', { id: created.id, ...withoutPassword, port: 8729, tls: true })).code).toBe('routers.password_required');
    await owner.call('routers.update', { id: created.id, ...ROUTER, notes: 'roof', port: 8729, tls: true });
    const after = await core.routers.get(created.id);
    expect(core.routers.endpointOf(after)).toMatchObject({ port: 8729, tls: true, password: 'r0uter-secret' });
    const audit = await owner.call('audit.list', { method: 'routers.' });
    expect(audit.items.map((a) => a.summary)).toEqual(['Changed router Tower RT05', 'Changed router Tower RT05', 'Added router Tower RT05 (192.0.2.10:8728)']);
    expect(JSON.stringify(audit.items)).not.toContain('r0uter-secret');
    expect(audit.items[1]!.details?.changed).toEqual(['notes']);
    expect(audit.items[0]!.details?.changed).toEqual(['port', 'tls', 'password']);
  });

  it('refuses duplicate names and bad hosts; technicians manage routers, cashiers cannot see them', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    await owner.call('routers.create', ROUTER);
    expect((await owner.fail('routers.create', ROUTER)).code).toBe('conflict');
    expect((await owner.fail('routers.create', { ...ROUTER, name: 'X', host: 'bad host; rm -rf' })).code).toBe('validation');
    expect((await owner.fail('routers.create', { ...ROUTER, name: 'Y', port: 70000 })).code).toBe('validation');
    await owner.call('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'temp-pass-1' });
    const { Caller } = await import('../support/core');
    const kasir = new Caller(core);
    await kasir.call('auth.login', { username: 'kasir1', password: 'temp-pass-1' });
    await kasir.call('auth.changePassword', { currentPassword: 'temp-pass-1', newPassword: 'kasir-pass-2' });
    expect((await kasir.fail('routers.list', {})).code).toBe('forbidden');
  });

  it('testing unsaved form values seals nothing (no key file appears for a probe)', async () => {
    const dir = tempDir();
    core = await startCore({ dataDir: dir });
    const owner = await setupOffice(core);
    const probe = await owner.call('routers.test', { draft: { ...ROUTER, host: '127.0.0.1', port: 1 } });
    expect(probe.error?.kind).toBe('connect');
    expect(fs.existsSync(paths(dir).secretKey)).toBe(false);
  });

  it('a sealed value from another key cannot be opened and says so', () => {
    const a = keyFileSecretBox(`${tempDir()}/a.key`);
    const b = keyFileSecretBox(`${tempDir()}/b.key`);
    const sealed = a.seal('hello');
    expect(a.open(sealed)).toBe('hello');
    expect(() => b.open(sealed)).toThrow(/cannot be decrypted/);
    expect(() => b.open('v1:safe:AAAA')).toThrow(/another key store/);
  });
});

describe('router status against the simulator', () => {
  it('reads identity, version, resources and active counts; reports auth and connect failures as statuses', async () => {
    const { startRouterSim } = await import('../peers/routeros-sim');
    const sim = await startRouterSim({ user: 'billing', password: 'rahasia', version: '7.18.2', identity: 'RT05-Tower' });
    try {
      core = await startCore();
      const owner = await setupOffice(core);
      sim.state.login('/ppp/active', { name: 'cust001', address: '10.0.0.2', 'caller-id': 'AA:BB:CC:00:00:01' });
      const good = await owner.call('routers.create', { ...ROUTER, host: '127.0.0.1', port: sim.port, password: 'rahasia' });
      const bad = await owner.call('routers.create', { ...ROUTER, name: 'Wrong pass', host: '127.0.0.1', port: sim.port, password: 'salah' });
      const [g, b] = await owner.call('routers.status', {}); // by name: Tower RT05, Wrong pass
      expect(g).toMatchObject({ routerId: good.id, reachable: true, identity: 'RT05-Tower', version: expect.stringMatching(/^7\.18/), pppActive: 1, hotspotActive: 0, error: null });
      expect(g!.totalMemory).toBeGreaterThan(0);
      expect(b).toMatchObject({ routerId: bad.id, reachable: false, error: { kind: 'auth' } });
      // The form's test: unsaved values, reusing the stored password when left empty.
      const { password: _p, ...draft } = { ...ROUTER, host: '127.0.0.1', port: sim.port, password: '' };
      expect((await owner.call('routers.test', { id: good.id, draft })).reachable).toBe(true);
      expect((await owner.call('routers.test', { draft: { ...draft, password: 'nope' } })).error?.kind).toBe('auth');
      await sim.faults.refuseConnections(true);
      expect((await owner.call('routers.test', { draft: { ...draft, password: 'rahasia' } })).error?.kind).toBe('connect');
    } finally {
      await core?.close();
      core = null;
      await sim.close();
    }
  });
});
