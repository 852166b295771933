import type { JobRunDto } from './contract/dto';
import type { SettingsGroup } from './settings';
import type { Permission } from './permissions';
import type { VoucherBatchStatus } from './contract/vouchers';

/** Push events from main to the UI (IPC `webContents.send` in desktop, Server-Sent Events in server mode). */
export interface ServerEvents {
  'jobs.run': JobRunDto;
  'settings.changed': { group: SettingsGroup };
  'session.ended': { reason: 'logout' | 'expired' | 'disabled' };
  /** Outbox counts of a router after the worker applied a batch. */
  'routers.outbox': { routerId: number; pending: number; failed: number; done: number; applying?: { done: number; total: number } };
  /** An invoice run in progress: subscriptions handled of those due when it started. */
  'billing.progress': { task: 'invoices'; done: number; total: number; created: number };
  /** A voucher batch being pushed to its router. */
  'vouchers.progress': { batchId: number; pushed: number; total: number; status: VoucherBatchStatus; error: string | null };
}
export type EventName = keyof ServerEvents;
export const EVENT_NAMES: EventName[] = ['jobs.run', 'settings.changed', 'session.ended', 'routers.outbox', 'billing.progress', 'vouchers.progress'];

/** Permission a session needs to receive an event (null: every logged-in session). Checked by every transport. */
export const EVENT_PERMISSION: Record<EventName, Permission | null> = {
  'jobs.run': 'jobs.read',
  'settings.changed': null,
  'session.ended': null,
  'routers.outbox': 'routers.read',
  'billing.progress': 'billing.read',
  'vouchers.progress': 'vouchers.read',
};
