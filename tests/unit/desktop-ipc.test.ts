import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../main/app/app';
import { METHODS } from '../../shared/contract';
import { DESKTOP_CHANNELS, eventChannel, rpcChannel } from '../../shared/ipc';
import { OWNER, setupOffice, startCore } from '../support/core';
import { waitFor } from '../support/poll';

// electron cannot be installed here: a minimal ipcMain stand-in is enough to drive ipc.ts.
const handlers = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, payload?: unknown) => Promise<unknown>) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  BrowserWindow: { getAllWindows: () => [] },
  shell: {},
  app: {},
}));

const { registerIpc } = await import('../../main/desktop/ipc');

class FakeContents {
  destroyed = false;
  sent: [string, unknown][] = [];
  private onDestroyed: (() => void) | null = null;
  constructor(
    readonly id: number,
    public url = 'app://renderer/index.html#/',
  ) {}
  get mainFrame() {
    return { url: this.url, isDestroyed: () => this.destroyed };
  }
  isDestroyed = () => this.destroyed;
  once(event: string, cb: () => void) {
    if (event === 'destroyed') this.onDestroyed = cb;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  destroy() {
    this.destroyed = true;
    this.onDestroyed?.();
  }
}

const invoke = (channel: string, contents: FakeContents, payload?: unknown) => {
  const fn = handlers.get(channel);
  if (!fn) throw new Error(`no handler for ${channel}`);
  return fn({ sender: contents, senderFrame: contents.mainFrame }, payload) as Promise<{ ok: boolean; result?: unknown; error?: { code: string } }>;
};

let core: Core;
let dispose: () => void;
const printing = { print: vi.fn(async () => ({ ok: true as const, result: { printed: true } })), printToPdf: vi.fn(async () => ({ ok: true as const, result: { pdfBase64: '' } })) };
const updater = { apply: vi.fn(() => ({ ok: true as const, result: { ok: true as const } })), status: () => ({ state: 'idle' as const }), reconfigure: () => undefined, stop: () => undefined };

beforeEach(async () => {
  core = await startCore();
  dispose = registerIpc({ core, printing, updater: () => updater });
});
afterEach(async () => {
  dispose();
  await core.close();
  vi.clearAllMocks();
});

describe('registerIpc', () => {
  it('registers exactly one channel per contract method plus the desktop channels, and removes them', () => {
    expect(handlers.size).toBe(METHODS.length + 3);
    for (const m of METHODS) expect(handlers.has(rpcChannel(m))).toBe(true);
    dispose();
    expect(handlers.size).toBe(0);
    dispose = () => undefined;
  });

  it('refuses senders that are not the app page', async () => {
    const evil = new FakeContents(1, 'https://evil.example/');
    expect(await invoke(rpcChannel('auth.state'), evil, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(DESKTOP_CHANNELS.print, evil, { html: 'x', pageSize: 'A4' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps the session token in main, per window, and parses input in the dispatcher', async () => {
    await setupOffice(core);
    const a = new FakeContents(1);
    const b = new FakeContents(2);
    const login = await invoke(rpcChannel('auth.login'), a, { username: OWNER.username, password: OWNER.password });
    expect(login.ok).toBe(true);
    expect(JSON.stringify(login)).not.toMatch(/"token"/);
    expect((await invoke(rpcChannel('system.about'), a, {})).ok).toBe(true);
    expect(await invoke(rpcChannel('system.about'), b, {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await invoke(rpcChannel('users.create'), a, { username: 42 })).toMatchObject({ ok: false, error: { code: 'validation' } });
    a.destroy();
    const a2 = new FakeContents(1);
    expect(await invoke(rpcChannel('system.about'), a2, {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('pushes events to logged-in windows only', async () => {
    await setupOffice(core);
    const a = new FakeContents(1);
    const b = new FakeContents(2);
    await invoke(rpcChannel('auth.login'), a, { username: OWNER.username, password: OWNER.password });
    await invoke(rpcChannel('auth.state'), b, {});
    const settings = (await invoke(rpcChannel('settings.get'), a, {})).result as { backup: Record<string, unknown> };
    expect((await invoke(rpcChannel('settings.update'), a, { group: 'backup', value: { ...settings.backup, keep: 7 } })).ok).toBe(true);
    await waitFor(() => a.sent.length > 0, { message: "settings.changed to reach window a" });
    expect(a.sent).toContainEqual([eventChannel('settings.changed'), { group: 'backup' }]);
    expect(b.sent).toEqual([]);
    // Targeted at one session: only that session's window gets it (a's login is the newest session).
    const [newest] = (await core.db.manager.getRepository('Session').find({ order: { id: 'DESC' }, take: 1 })) as { id: number }[];
    const id = newest!.id;
    core.events.emit('settings.changed', { group: 'office' }, { sessionId: id - 1 });
    core.events.emit('settings.changed', { group: 'locale' }, { sessionId: id });
    // Deliveries run in order per window: once the last event arrived, the one before was decided too.
    const groupsSent = () => a.sent.map(([, p]) => (p as { group: string }).group);
    await waitFor(() => groupsSent().includes('locale'), { message: 'the targeted settings.changed to reach window a' });
    const groups = groupsSent();
    expect(groups).toEqual(['backup', 'locale']);
  });

  it('does not push job events to a window whose user lacks jobs.read', async () => {
    const owner = await setupOffice(core);
    await owner.call('users.create', { username: 'kasir1', fullName: 'Siti Kasir', role: 'cashier', password: 'temp-pass-1' });
    const o = new FakeContents(1);
    const k = new FakeContents(2);
    await invoke(rpcChannel('auth.login'), o, { username: OWNER.username, password: OWNER.password });
    await invoke(rpcChannel('auth.login'), k, { username: 'kasir1', password: 'temp-pass-1' });
    expect((await invoke(rpcChannel('jobs.runNow'), o, { name: 'backup.nightly' })).ok).toBe(true);
    await core.scheduler.idle();
    const runEvents = () => o.sent.filter(([c]) => c === eventChannel('jobs.run')).length;
    await waitFor(() => runEvents() >= 2, { message: () => `two jobs.run events for the owner's window (got ${runEvents()})` });
    expect(runEvents()).toBe(2);
    expect(k.sent).toEqual([]);
  });

  it('guards the desktop channels: session, payload, permission', async () => {
    await setupOffice(core);
    const a = new FakeContents(1);
    expect(await invoke(DESKTOP_CHANNELS.print, a, { html: 'x', pageSize: 'A4' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await invoke(rpcChannel('auth.login'), a, { username: OWNER.username, password: OWNER.password });
    expect(await invoke(DESKTOP_CHANNELS.print, a, { html: 'x', pageSize: 'A3' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await invoke(DESKTOP_CHANNELS.print, a, { html: '<p>x</p>', pageSize: '58mm' })).toEqual({ ok: true, result: { printed: true } });
    expect(printing.print).toHaveBeenCalledWith({ html: '<p>x</p>', pageSize: '58mm' });
    expect((await invoke(DESKTOP_CHANNELS.printToPdf, a, { html: '<p>x</p>', pageSize: 'A4' })).ok).toBe(true);
    expect(await invoke(DESKTOP_CHANNELS.applyUpdate, a)).toEqual({ ok: true, result: { ok: true } });
    expect(updater.apply).toHaveBeenCalledOnce();
  });
});
