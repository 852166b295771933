import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { Caller, setupOffice, startCore } from '../support/core';

let core: Core;
afterEach(async () => core?.close());

async function loginAs(core: Core, username: string, password: string, newPassword = `${password}-new`): Promise<Caller> {
  const c = new Caller(core);
  const s = await c.call('auth.login', { username, password });
  if (s.user.mustChangePassword) await c.call('auth.changePassword', { currentPassword: password, newPassword });
  return c;
}

describe('user management', () => {
  it('owner and admin manage users; only an owner touches owners', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const admin0 = await owner.call('users.create', { username: 'andi', fullName: 'Andi Admin', role: 'admin', password: 'andi-pass1' });
    expect(admin0.mustChangePassword).toBe(true);
    const admin = await loginAs(core, 'andi', 'andi-pass1');
    const kasir = await admin.call('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'kasir-pass1' });
    expect((await admin.fail('users.create', { username: 'boss2', fullName: 'Boss Two', role: 'owner', password: 'boss-pass1' })).code).toBe('users.owner_only');
    expect((await admin.fail('users.setStatus', { id: 1, status: 'disabled' })).code).toBe('users.owner_only');
    expect((await admin.fail('users.update', { id: kasir.id, fullName: 'Siti', role: 'owner' })).code).toBe('users.owner_only');
    const changed = await admin.call('users.update', { id: kasir.id, fullName: 'Siti Rahma', role: 'collector' });
    expect(changed).toMatchObject({ fullName: 'Siti Rahma', role: 'collector' });
    expect((await admin.fail('users.create', { username: 'KASIR1', fullName: 'Dup', role: 'cashier', password: 'kasir-pass1' })).code).toBe('users.username_taken');
  });

  it('keeps at least one active owner and refuses self-disable', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    expect((await owner.fail('users.update', { id: 1, fullName: 'Budi', role: 'admin' })).code).toBe('users.last_owner');
    expect((await owner.fail('users.setStatus', { id: 1, status: 'disabled' })).code).toBe('users.self');
  });

  it('disabling a user ends their sessions; reset password forces a change and unlocks', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const u = await owner.call('users.create', { username: 'tek', fullName: 'Teknisi Satu', role: 'technician', password: 'tek-pass-1' });
    const tek = await loginAs(core, 'tek', 'tek-pass-1');
    const tekSession = (await core.sessions.findByToken(tek.token!))!.id;
    const ended: unknown[] = [];
    core.events.subscribe((name, payload, target) => name === 'session.ended' && ended.push({ payload, target }));
    await owner.call('users.setStatus', { id: u.id, status: 'disabled' });
    expect(ended).toEqual([{ payload: { reason: 'disabled' }, target: { sessionId: tekSession } }]);
    expect((await tek.fail('system.about', {})).code).toBe('unauthenticated');
    // A disabled account answers like a wrong password, right password or not.
    const wrong = await new Caller(core).fail('auth.login', { username: 'tek', password: 'tek-pass-1-wrong' });
    expect(await new Caller(core).fail('auth.login', { username: 'tek', password: 'tek-pass-1' })).toEqual(wrong);
    expect(wrong.code).toBe('auth.invalid_credentials');
    await owner.call('users.setStatus', { id: u.id, status: 'active' });
    const anon = new Caller(core);
    for (let i = 0; i < 5; i++) await anon.try('auth.login', { username: 'tek', password: 'bad' });
    expect((await owner.call('users.list', { search: 'tek' }))[0]!.lockedUntil).not.toBeNull();
    const reset = await owner.call('users.resetPassword', { id: u.id, newPassword: 'temp-pass-9' });
    expect(reset).toMatchObject({ mustChangePassword: true, lockedUntil: null });
    const again = await anon.call('auth.login', { username: 'tek', password: 'temp-pass-9' });
    expect(again.user.mustChangePassword).toBe(true);
  });

  it('unlock clears a lockout', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const u = await owner.call('users.create', { username: 'kol', fullName: 'Kolektor', role: 'collector', password: 'kol-pass-1' });
    const anon = new Caller(core);
    for (let i = 0; i < 5; i++) await anon.try('auth.login', { username: 'kol', password: 'bad' });
    // Held: even the right password gets the same answer as a wrong one.
    expect((await anon.fail('auth.login', { username: 'kol', password: 'kol-pass-1' })).code).toBe('auth.invalid_credentials');
    await owner.call('users.unlock', { id: u.id });
    expect((await anon.call('auth.login', { username: 'kol', password: 'kol-pass-1' })).user.role).toBe('collector');
  });
});
