import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { contract, METHODS, type Method } from '../../shared/contract';
import { ROLES, roleHas, type Role } from '../../shared/permissions';
import { Caller, setupOffice, startCore } from '../support/core';

let core: Core;
afterEach(async () => core?.close());

async function userWithRole(core: Core, owner: Caller, role: Role): Promise<Caller> {
  const username = `u-${role}`;
  await owner.call('users.create', { username, fullName: `User ${role}`, role, password: 'temp-pass-1' });
  const c = new Caller(core);
  await c.call('auth.login', { username, password: 'temp-pass-1' });
  await c.call('auth.changePassword', { currentPassword: 'temp-pass-1', newPassword: 'real-pass-1' });
  return c;
}

describe('every contract method enforces its access rule in main', () => {
  it('refuses non-public methods without a session', async () => {
    core = await startCore();
    await setupOffice(core);
    const anon = new Caller(core);
    for (const m of METHODS) {
      const access = contract[m].access;
      const r = await anon.try(m, {} as never);
      if (access === 'public') expect(r.ok || r.error.code !== 'unauthenticated', m).toBe(true);
      else expect(r.ok ? 'ok' : r.error.code, m).toBe('unauthenticated');
    }
  });

  it('refuses every permission-guarded method to each role that lacks the permission', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    let checked = 0;
    for (const role of ROLES.filter((r) => r !== 'owner')) {
      const c = await userWithRole(core, owner, role);
      for (const m of METHODS) {
        const access = contract[m].access;
        if (access === 'public' || access === 'authenticated') continue;
        const r = await c.try(m as Method, {} as never);
        if (roleHas(role, access)) expect(r.ok || r.error.code !== 'forbidden', `${role} ${m}`).toBe(true);
        else {
          expect(r.ok ? 'ok' : r.error.code, `${role} ${m}`).toBe('forbidden');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('a cashier cannot manage users or read the audit log', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const kasir = await userWithRole(core, owner, 'cashier');
    expect((await kasir.fail('users.list', {})).code).toBe('forbidden');
    expect((await kasir.fail('users.create', { username: 'x1x', fullName: 'X X', role: 'owner', password: 'whatever1' })).code).toBe('forbidden');
    expect((await kasir.fail('audit.list', {})).code).toBe('forbidden');
    expect((await kasir.call('system.about', {})).version).toBe('0.0.0-test');
  });
});
