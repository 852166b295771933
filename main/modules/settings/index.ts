// Public entry of the settings module: the only file other modules and the composition root import.

/** Handlers for the settings screens. */
export { createSettingsModule } from './module';
/** Cached settings groups; implements core's ModuleSettings (the scheduler reads cron times from it). */
export { SettingsService } from './service';
/** Table schema, listed by the composition root. */
export { SettingEntity } from './entity';
