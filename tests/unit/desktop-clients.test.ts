import { describe, expect, it } from 'vitest';
import { ClientSessions } from '../../main/desktop/clients';
import { deferred } from '../support/poll';

const lookupFrom = (table: Record<string, number>) => {
  const calls: string[] = [];
  const lookup = async (token: string) => {
    calls.push(token);
    return table[token] ?? null;
  };
  return { lookup, calls };
};

describe('ClientSessions (IPC tokens kept in main per webContents)', () => {
  it('binds IPC calls without an IP and keeps the token per window', () => {
    const c = new ClientSessions();
    expect(c.binding(1)).toMatchObject({ transport: 'ipc', ip: null, token: null });
    c.binding(1).setToken('t1');
    expect(c.binding(1).token).toBe('t1');
    expect(c.binding(2).token).toBeNull();
    c.binding(1).setToken(null);
    expect(c.token(1)).toBeNull();
  });

  it('a stale call cannot log out a newer login', () => {
    const c = new ClientSessions();
    c.set(1, 'old');
    const stale = c.binding(1);
    c.binding(1).setToken('new');
    stale.setToken(null);
    expect(c.token(1)).toBe('new');
  });

  it('forgets everything when the window is destroyed', () => {
    const c = new ClientSessions();
    c.set(7, 't');
    c.forget(7);
    expect(c.token(7)).toBeNull();
  });

  it('delivers untargeted events to logged-in windows only', async () => {
    const c = new ClientSessions();
    const { lookup } = lookupFrom({});
    c.set(1, 't1');
    expect(await c.accepts(1, {}, lookup)).toBe(true);
    expect(await c.accepts(2, {}, lookup)).toBe(false);
  });

  it('delivers targeted events to the matching session, caching the lookup', async () => {
    const c = new ClientSessions();
    const { lookup, calls } = lookupFrom({ t1: 10, t2: 20 });
    c.set(1, 't1');
    c.set(2, 't2');
    expect(await c.accepts(1, { sessionId: 10 }, lookup)).toBe(true);
    expect(await c.accepts(2, { sessionId: 10 }, lookup)).toBe(false);
    expect(await c.accepts(1, { sessionId: 10 }, lookup)).toBe(true);
    expect(calls).toEqual(['t1', 't2']);
  });

  it('still reaches a window whose session was just deleted (cached id), but not after a new login', async () => {
    const c = new ClientSessions();
    const table: Record<string, number> = { t1: 10 };
    const { lookup } = lookupFrom(table);
    c.set(1, 't1');
    await c.sessionIdOf(1, lookup);
    delete table.t1;
    expect(await c.accepts(1, { sessionId: 10 }, lookup)).toBe(true);
    c.binding(1).setToken('t2');
    table.t2 = 11;
    expect(await c.accepts(1, { sessionId: 10 }, lookup)).toBe(false);
    expect(await c.accepts(1, { sessionId: 11 }, lookup)).toBe(true);
  });

  it('runs queued deliveries in order per window, even when one fails', async () => {
    const c = new ClientSessions();
    const seen: number[] = [];
    // The first delivery is held until the others are queued: a queue that did not wait would run 3 first.
    const gate = deferred();
    const first = c.enqueue(1, async () => {
      await gate.promise;
      seen.push(1);
    });
    void c.enqueue(1, async () => {
      throw new Error('boom');
    });
    const last = c.enqueue(1, async () => {
      seen.push(3);
    });
    gate.resolve();
    await Promise.all([first, last]);
    expect(seen).toEqual([1, 3]);
  });
});
