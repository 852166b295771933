import type { Method } from './contract';
import type { EventName } from './events';

/** Name under which the preload exposes the bridge on `window`. */
export const BRIDGE_KEY = 'mikrotikBilling';
/** One IPC channel per contract method (never a generic forwarder). */
export const rpcChannel = (m: Method): string => `rpc:${m}`;
export const eventChannel = (e: EventName): string => `event:${e}`;
/** Desktop-only channels (printing, app updates) that are not part of the shared contract. */
export const DESKTOP_CHANNELS = {
  print: 'desktop:print',
  printToPdf: 'desktop:print-to-pdf',
  applyUpdate: 'desktop:apply-update',
  updateStatus: 'desktop:update-status',
} as const;
