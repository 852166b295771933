import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/app/app';
import { startRouterSim, type RouterSim } from '../peers/routeros-sim';
import { setupOffice, startCore } from '../support/core';

let core: Core | null = null;
const sims: RouterSim[] = [];
afterEach(async () => {
  await core?.close();
  core = null;
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const SECRET = 'r0uter-secret';
const sim = async (identity: string) => {
  // The second router would accept the stored password: a leak would show up as a successful login.
  const s = await startRouterSim({ user: 'billing', password: SECRET, version: '7.18.2', identity });
  sims.push(s);
  return s;
};
/** Every sentence a simulator received that carries the stored password. */
const sawSecret = (s: RouterSim) => s.sentencesSeen().filter((words) => words.some((w) => w.includes(SECRET)));
const BASE = { name: 'Tower RT05', host: '127.0.0.1', tls: false, username: 'billing', notes: '' };

describe('a stored router password goes only to the address it was saved for', () => {
  it('an update that changes host, port or TLS without a new password is refused; the new address never hears the secret', async () => {
    const a = await sim('Router-A');
    const b = await sim('Router-B');
    core = await startCore();
    const owner = await setupOffice(core);
    const r = await owner.call('routers.create', { ...BASE, port: a.port, password: SECRET });
    expect((await owner.call('routers.status', {}))[0]).toMatchObject({ reachable: true, identity: 'Router-A' });

    const moved = { ...BASE, id: r.id, port: b.port };
    const err = await owner.fail('routers.update', moved);
    expect(err.code).toBe('routers.password_required');
    expect(err.details?.field).toBe('password');
    for (const change of [{ host: '192.0.2.77' }, { tls: true }, { port: b.port }]) {
      expect((await owner.fail('routers.update', { ...BASE, id: r.id, port: a.port, ...change })).code).toBe('routers.password_required');
    }
    // Nothing was saved: the router still points at A, and its status still reads A.
    expect(await core.routers.get(r.id)).toMatchObject({ port: a.port, host: '127.0.0.1', tls: false });
    expect((await owner.call('routers.status', {}))[0]).toMatchObject({ reachable: true, identity: 'Router-A' });
    expect(b.sentencesSeen()).toEqual([]);

    // Other changes keep the stored password (same address).
    await owner.call('routers.update', { ...BASE, id: r.id, port: a.port, name: 'Tower A', notes: 'roof' });
    expect((await owner.call('routers.status', {}))[0]).toMatchObject({ reachable: true, identity: 'Router-A' });

    // With the password typed again the move is saved, and the pooled client follows it to B.
    const seenByA = a.sentencesSeen().length;
    await owner.call('routers.update', { ...moved, name: 'Tower A', password: SECRET });
    expect((await owner.call('routers.status', {}))[0]).toMatchObject({ reachable: true, identity: 'Router-B' });
    expect(a.sentencesSeen().length).toBe(seenByA);
    expect(sawSecret(b)).toHaveLength(1); // the one login with the password typed for B
  });

  it('a router without a stored password may move freely (there is no secret to leak)', async () => {
    core = await startCore();
    const owner = await setupOffice(core);
    const r = await owner.call('routers.create', { ...BASE, port: 8728, password: '' });
    const after = await owner.call('routers.update', { ...BASE, id: r.id, host: '192.0.2.5', port: 8729, tls: true });
    expect(after).toMatchObject({ host: '192.0.2.5', port: 8729, tls: true, hasPassword: false });
  });
});

describe('routers.test with an id and draft values', () => {
  it('tests the draft values, not the saved router', async () => {
    const a = await sim('Router-A');
    core = await startCore();
    const owner = await setupOffice(core);
    const r = await owner.call('routers.create', { ...BASE, port: a.port, password: SECRET });
    // Same address, the stored password, but the form's user name: the form is what gets tested.
    const wrongUser = await owner.call('routers.test', { id: r.id, draft: { ...BASE, port: a.port, username: 'nobody' } });
    expect(wrongUser).toMatchObject({ reachable: false, error: { kind: 'auth' } });
    expect(a.sentencesSeen().some((words) => words.includes('=name=nobody'))).toBe(true);
    // Same address, nothing changed: the stored password is used.
    expect(await owner.call('routers.test', { id: r.id, draft: { ...BASE, port: a.port } })).toMatchObject({ reachable: true, identity: 'Router-A' });
    // A password typed in the form wins over the stored one.
    expect(await owner.call('routers.test', { id: r.id, draft: { ...BASE, port: a.port, password: 'typed-wrong' } })).toMatchObject({ error: { kind: 'auth' } });
  });

  it('never sends the stored password to another address: a password must be typed', async () => {
    const a = await sim('Router-A');
    const b = await sim('Router-B');
    core = await startCore();
    const owner = await setupOffice(core);
    const r = await owner.call('routers.create', { ...BASE, port: a.port, password: SECRET });
    const err = await owner.fail('routers.test', { id: r.id, draft: { ...BASE, port: b.port } });
    expect(err).toMatchObject({ code: 'routers.password_required', details: { field: 'password' } });
    expect((await owner.fail('routers.test', { id: r.id, draft: { ...BASE, port: a.port, tls: true } })).code).toBe('routers.password_required');
    expect(b.sentencesSeen()).toEqual([]);
    // Typed for the new address: B is tested with what was typed.
    expect(await owner.call('routers.test', { id: r.id, draft: { ...BASE, port: b.port, password: SECRET } })).toMatchObject({ reachable: true, identity: 'Router-B' });
  });
});
