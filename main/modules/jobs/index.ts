// Public entry of the jobs module: the only file other modules and the composition root import.

/** Handlers for the scheduled-jobs screen. */
export { createJobsModule } from './module';
/** Runs every module's JobDefinition on its cron, window by window (billing triggers runs through it). */
export { Scheduler } from './scheduler';
/** Table schemas (billing reads past runs of its job). */
export { JobRunEntity, JobStateEntity } from './entities';
