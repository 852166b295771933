import type { JobRunDto } from './contract/dto';
import type { SettingsGroup } from './settings';

/** Push events from main to the UI (IPC `webContents.send` in desktop, Server-Sent Events in server mode). */
export interface ServerEvents {
  'jobs.run': JobRunDto;
  'settings.changed': { group: SettingsGroup };
  'session.ended': { reason: 'logout' | 'expired' | 'disabled' };
}
export type EventName = keyof ServerEvents;
export const EVENT_NAMES: EventName[] = ['jobs.run', 'settings.changed', 'session.ended'];
