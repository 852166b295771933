import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHODS, type Method } from '../shared/contract';
import { EVENT_NAMES, type EventName, type ServerEvents } from '../shared/events';
import { BRIDGE_KEY, DESKTOP_CHANNELS, eventChannel, rpcChannel } from '../shared/ipc';
import type { Bridge, UpdateStatus } from './bridge-types';

/**
 * The whole surface the UI gets: one function per contract method (derived from METHODS, so only
 * known channels exist), typed push events, and the desktop extras. No raw ipcRenderer, no event
 * objects: main validates the sender and parses every payload.
 */
function buildRpc(): Bridge['rpc'] {
  const rpc: Partial<Record<Method, (input: unknown) => Promise<unknown>>> = {};
  for (const method of METHODS) {
    const channel = rpcChannel(method);
    rpc[method] = (input: unknown) => ipcRenderer.invoke(channel, input ?? {});
  }
  return rpc as Bridge['rpc'];
}

function listen<T>(channel: string, handler: (payload: T) => void): () => void {
  const listener = (_event: IpcRendererEvent, payload: T) => handler(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const bridge = {
  rpc: buildRpc(),
  on<E extends EventName>(event: E, handler: (payload: ServerEvents[E]) => void): () => void {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event: ${String(event)}`);
    return listen(eventChannel(event), handler);
  },
  desktop: {
    print: (req) => ipcRenderer.invoke(DESKTOP_CHANNELS.print, req),
    printToPdf: (req) => ipcRenderer.invoke(DESKTOP_CHANNELS.printToPdf, req),
    applyUpdate: () => ipcRenderer.invoke(DESKTOP_CHANNELS.applyUpdate),
    onUpdateStatus: (handler) => listen<UpdateStatus>(DESKTOP_CHANNELS.updateStatus, handler),
  },
} satisfies Bridge;

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
