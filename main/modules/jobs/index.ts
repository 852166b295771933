// Public entry of the jobs module: the only file other modules and the composition root import.

/** Handlers for the scheduled-jobs screen. */
export { createJobsModule } from './module';
/** Runs every module's JobDefinition on its cron, window by window (billing triggers runs through it). */
export { Scheduler } from './scheduler';
/** Table schemas, listed by the composition root. */
export { JobRunEntity, JobStateEntity } from './entities';
/** A recorded run of a job (billing reads the outcome of the invoice run it triggered). */
export { jobRunById } from './queries';
/** The tables this module owns. Other modules read them only through the exports above; a migration touching them declares this module (tests/unit/table-ownership). */
export const TABLES: readonly string[] = ['job_runs', 'job_state'];
