// Public entry of the settings module: the only file other modules and the composition root import.

/** Handlers for the settings screens. */
export { createSettingsModule } from './module';
/** Cached settings groups; implements core's ModuleSettings (the scheduler reads cron times from it). */
export { SettingsService } from './service';
/** A group's stored value as a transaction sees it (billing's desired state reads its isolation settings). */
export { storedGroup } from './service';
/** Table schema, listed by the composition root. */
export { SettingEntity } from './entity';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['settings'];
