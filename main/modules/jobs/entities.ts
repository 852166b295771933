import { EntitySchema } from 'typeorm';
import type { JobRunStatus, JobTrigger } from '../../../shared/contract/dto';

export interface JobRun {
  id: number;
  job: string;
  trigger: JobTrigger;
  windowStart: string;
  windowEnd: string;
  startedAt: string;
  finishedAt: string | null;
  status: JobRunStatus;
  error: string | null;
  summary: string | null;
  summaryKey: string | null;
  summaryParams: string | null;
  startedBy: string | null;
}

export const JobRunEntity = new EntitySchema<JobRun>({
  name: 'JobRun',
  tableName: 'job_runs',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    job: { type: 'text' },
    trigger: { type: 'text' },
    windowStart: { type: 'text', name: 'window_start' },
    windowEnd: { type: 'text', name: 'window_end' },
    startedAt: { type: 'text', name: 'started_at' },
    finishedAt: { type: 'text', name: 'finished_at', nullable: true },
    status: { type: 'text' },
    error: { type: 'text', nullable: true },
    summary: { type: 'text', nullable: true },
    summaryKey: { type: 'text', name: 'summary_key', nullable: true },
    summaryParams: { type: 'text', name: 'summary_params', nullable: true },
    startedBy: { type: 'text', name: 'started_by', nullable: true },
  },
});

/** When the app first knew a job: the start of its first window. */
export interface JobState {
  job: string;
  firstSeenAt: string;
}

export const JobStateEntity = new EntitySchema<JobState>({
  name: 'JobState',
  tableName: 'job_state',
  columns: {
    job: { type: 'text', primary: true },
    firstSeenAt: { type: 'text', name: 'first_seen_at' },
  },
});
