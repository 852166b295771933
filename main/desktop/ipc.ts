import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ErrorPayload, RpcResult } from '../../shared/errors';
import { METHODS, type Method } from '../../shared/contract';
import { roleHas, type Permission } from '../../shared/permissions';
import { DESKTOP_CHANNELS, eventChannel, rpcChannel } from '../../shared/ipc';
import { EVENT_PERMISSION, type EventName } from '../../shared/events';
import { UserEntity } from '../modules/auth';
import type { Core } from '../app/app';
import { ClientSessions, type SessionLookup } from './clients';
import { printRequestSchema } from './print-options';
import type { Printing } from './printing';
import { isTrustedSender } from './security';
import type { Updater } from './updater';

export interface IpcDeps {
  core: Core;
  printing: Printing;
  updater: () => Updater | null;
}

const refuse = (code: ErrorPayload['code'], message: string): RpcResult<never> => ({ ok: false, error: { code, message } });
const FORBIDDEN = refuse('forbidden', 'This window may not call the app');

/**
 * The contract over IPC: one ipcMain.handle per method (channel rpcChannel(m)), each checking the
 * sender frame first, then handing the raw payload to the dispatcher, which parses it. Session tokens
 * stay here, per webContents. Returns a function that removes every handler and subscription.
 */
export function registerIpc(deps: IpcDeps): () => void {
  const { core } = deps;
  const clients = new ClientSessions();
  const tracked = new Map<number, WebContents>();
  const lookup: SessionLookup = async (token) => (await core.sessions.findByToken(token))?.id ?? null;
  /** Whether the client's user may receive an event that needs a permission (read fresh: roles change). */
  const mayReceive = async (id: number, name: EventName): Promise<boolean> => {
    const needs = EVENT_PERMISSION[name];
    if (!needs) return true;
    const token = clients.token(id);
    const session = token ? await core.sessions.findByToken(token) : null;
    const user = session ? await core.db.manager.getRepository(UserEntity).findOneBy({ id: session.userId }) : null;
    return !!user && roleHas(user.role, needs);
  };

  const track = (contents: WebContents): number => {
    const id = contents.id;
    if (!tracked.has(id)) {
      tracked.set(id, contents);
      contents.once('destroyed', () => {
        tracked.delete(id);
        clients.forget(id);
      });
    }
    return id;
  };

  const handleRpc = (method: Method) => async (event: IpcMainInvokeEvent, payload: unknown): Promise<RpcResult<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) return FORBIDDEN;
    return core.invoke(method, payload, clients.binding(track(event.sender)));
  };
  for (const method of METHODS) ipcMain.handle(rpcChannel(method), handleRpc(method));

  /** Desktop-only channels need a live session (and, for some, a permission). */
  const authorize = async (event: IpcMainInvokeEvent, need: Permission | 'authenticated'): Promise<RpcResult<never> | null> => {
    if (!isTrustedSender(event.senderFrame)) return FORBIDDEN;
    const token = clients.token(track(event.sender));
    const session = token ? await core.sessions.resolve(token, new Date()) : null;
    if (!session || session === 'expired') return refuse('unauthenticated', 'Please log in');
    if (need !== 'authenticated' && !roleHas(session.user.role, need)) return refuse('forbidden', `Your role (${session.user.role}) may not do this (${need})`);
    return null;
  };

  const parsePrint = (payload: unknown) => {
    const parsed = printRequestSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  };

  ipcMain.handle(DESKTOP_CHANNELS.print, async (event, payload: unknown) => {
    const denied = await authorize(event, 'authenticated');
    if (denied) return denied;
    const req = parsePrint(payload);
    return req ? deps.printing.print(req) : refuse('validation', 'Invalid print request');
  });
  ipcMain.handle(DESKTOP_CHANNELS.printToPdf, async (event, payload: unknown) => {
    const denied = await authorize(event, 'authenticated');
    if (denied) return denied;
    const req = parsePrint(payload);
    return req ? deps.printing.printToPdf(req) : refuse('validation', 'Invalid print request');
  });
  ipcMain.handle(DESKTOP_CHANNELS.applyUpdate, async (event, payload: unknown) => {
    const denied = await authorize(event, 'settings.manage');
    if (denied) return denied;
    if (payload !== undefined && payload !== null && !(typeof payload === 'object' && Object.keys(payload).length === 0)) {
      return refuse('validation', 'applyUpdate takes no arguments');
    }
    return deps.updater()?.apply() ?? refuse('conflict', 'Updates are not active');
  });

  // Push events: to logged-in windows, narrowed to one session when the event targets it; in order per window.
  const unsubscribe = core.events.subscribe((name, payload, target) => {
    for (const [id, contents] of tracked) {
      void clients.enqueue(id, async () => {
        try {
          if (contents.isDestroyed() || !isTrustedSender(contents.mainFrame)) return;
          if ((await clients.accepts(id, target, lookup)) && (await mayReceive(id, name))) contents.send(eventChannel(name), payload);
        } catch (err) {
          core.logger.warn({ err, event: name }, 'push event not delivered');
        }
      });
    }
  });

  return () => {
    unsubscribe();
    for (const method of METHODS) ipcMain.removeHandler(rpcChannel(method));
    for (const channel of [DESKTOP_CHANNELS.print, DESKTOP_CHANNELS.printToPdf, DESKTOP_CHANNELS.applyUpdate]) ipcMain.removeHandler(channel);
  };
}

/** Update status to every app window (the only renderer that listens for it). */
export function broadcastToAppWindows(channel: string, payload: unknown): void {
  for (const win of BrowserWindow.getAllWindows()) {
    const contents = win.webContents;
    if (!contents.isDestroyed() && isTrustedSender(contents.mainFrame)) contents.send(channel, payload);
  }
}
