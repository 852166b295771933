import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { Caller, OWNER, setupOffice, startCore, TestClock } from '../support/core';

let core: Core;
afterEach(async () => core?.close());

describe('first run and login', () => {
  it('sets up the office once, then refuses a second setup', async () => {
    core = await startCore();
    const anon = new Caller(core);
    expect((await anon.call('auth.state', {})).needsSetup).toBe(true);
    expect((await anon.fail('auth.login', { username: 'x', password: 'y' })).code).toBe('setup.required');
    const owner = await setupOffice(core);
    const state = await owner.call('auth.state', {});
    expect(state).toMatchObject({ needsSetup: false, office: { name: 'RT05 Net', timezone: 'Asia/Jakarta', language: 'id' }, session: { user: { username: 'budi', role: 'owner' } } });
    const again = await new Caller(core).fail('setup.complete', {
      office: { name: 'Evil' },
      locale: {},
      owner: { fullName: 'Evil', username: 'evil', password: 'password1' },
    });
    expect(again.code).toBe('setup.already_done');
    expect((await owner.call('settings.get', {})).office.name).toBe('RT05 Net');
  });

  it('stores passwords as argon2id hashes, never in clear', async () => {
    core = await startCore();
    await setupOffice(core);
    const rows: { password_hash: string }[] = await core.db.manager.query('SELECT password_hash FROM users');
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.password_hash).not.toContain(OWNER.password);
  });

  it('locks the account for a while after 5 wrong passwords', async () => {
    const clock = new TestClock();
    core = await startCore({ now: clock.now });
    await setupOffice(core);
    const c = new Caller(core);
    const unknown = await c.fail('auth.login', { username: 'nobody', password: 'wrong' });
    for (let i = 1; i <= 4; i++) {
      const e = await c.fail('auth.login', { username: 'budi', password: 'wrong' });
      // The same answer as for a user that does not exist: nothing tells an outsider the account is there.
      expect(e).toEqual(unknown);
    }
    expect(await c.fail('auth.login', { username: 'budi', password: 'wrong' })).toEqual(unknown);
    // Even the right password is refused while held, with the same answer (the password is not checked).
    expect(await c.fail('auth.login', { username: 'budi', password: OWNER.password })).toEqual(unknown);
    clock.advance(14 * 60_000);
    expect(await c.fail('auth.login', { username: 'budi', password: OWNER.password })).toEqual(unknown);
    clock.advance(2 * 60_000);
    expect((await c.call('auth.login', { username: 'budi', password: OWNER.password })).user.username).toBe('budi');
    // Failed attempts are audited even though the call failed.
    const owner = c;
    const audit = await owner.call('audit.list', { method: 'auth.login' });
    expect(audit.items.filter((a) => a.details?.failed).length).toBe(8); // 1 unknown user, 4 wrong, 1 wrong + lock, 2 refused while locked
    expect(audit.items.some((a) => /locked until/.test(a.summary))).toBe(true);
  });

  it('expires idle sessions and slides on use', async () => {
    const clock = new TestClock();
    core = await startCore({ now: clock.now });
    const owner = await setupOffice(core);
    clock.advance(7 * 3600_000);
    await owner.call('users.list', {});
    clock.advance(7 * 3600_000); // 14 h after login, 7 h after last use: still inside the 8 h idle window
    await owner.call('users.list', {});
    clock.advance(8 * 3600_000 + 1000);
    expect((await owner.fail('users.list', {})).code).toBe('auth.session_expired');
    expect(owner.token).toBeNull();
    expect((await owner.fail('users.list', {})).code).toBe('unauthenticated');
  });

  it('logout ends the session', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const token = owner.token;
    await owner.call('auth.logout', {});
    expect(owner.token).toBeNull();
    owner.token = token;
    expect((await owner.fail('users.list', {})).code).toBe('unauthenticated');
  });

  it('a user with a temporary password must change it before anything else', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    await owner.call('users.create', { username: 'siti', fullName: 'Siti Aminah', role: 'admin', password: 'sementara1' });
    const siti = new Caller(core);
    const s = await siti.call('auth.login', { username: 'siti', password: 'sementara1' });
    expect(s.user.mustChangePassword).toBe(true);
    expect((await siti.fail('users.list', {})).details?.mustChangePassword).toBe(true);
    expect((await siti.fail('auth.changePassword', { currentPassword: 'nope', newPassword: 'baru-12345' })).code).toBe('auth.wrong_password');
    await siti.call('auth.changePassword', { currentPassword: 'sementara1', newPassword: 'baru-12345' });
    expect((await siti.call('users.list', {})).length).toBe(2);
  });

  it('rejects bad input with field issues and changes nothing', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const e = await owner.fail('users.create', { username: 'A B', fullName: '', role: 'boss' as never, password: '123' });
    expect(e.code).toBe('validation');
    expect(e.details?.issues?.map((i) => i.path.join('.')).sort()).toEqual(['fullName', 'password', 'role', 'username']);
    expect((await owner.call('users.list', {})).length).toBe(1);
  });
});

describe('a login storm', () => {
  it('never holds the write queue while passwords are hashed: an owner\'s save goes through while 24 bogus logins are checked', async () => {
    core = await startCore({ argon2: { memoryCost: 65536, timeCost: 3 } });
    const owner = await setupOffice(core);
    let done = 0;
    const storm = Array.from({ length: 24 }, (_, i) => new Caller(core!).try('auth.login', { username: i % 2 ? 'budi' : `nobody${i}`, password: `wrong-${i}` }).then(() => done++));
    // Sent after the storm: before, it queued behind every login's hashing; now only behind short writes.
    await owner.call('settings.update', { group: 'backup', value: { keep: 7, hour: 3 } });
    const when = done;
    await Promise.all(storm);
    expect(when).toBeLessThan(24);
    expect(done).toBe(24);
  });
});

describe('lockout per account and address', () => {
  it('an outsider\'s wrong passwords lock only the outsider\'s address; the owner\'s PC still logs in, and an unlock clears it', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const outsider = new Caller(core, 'http', '192.168.88.77');
    for (let i = 0; i < 5; i++) await outsider.try('auth.login', { username: 'budi', password: `tebakan-${i}` });
    expect((await outsider.fail('auth.login', { username: 'budi', password: OWNER.password })).code).toBe('auth.invalid_credentials');
    // The office PC, another address: not locked.
    const office = new Caller(core, 'http', '192.168.88.10');
    expect((await office.call('auth.login', { username: 'budi', password: OWNER.password })).user.username).toBe('budi');
    expect((await owner.call('users.list', {}))[0]!.lockedUntil).not.toBeNull();
    await owner.call('users.unlock', { id: 1 });
    expect((await outsider.call('auth.login', { username: 'budi', password: OWNER.password })).user.username).toBe('budi');
  });
});
