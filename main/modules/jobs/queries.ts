import type { EntityManager } from 'typeorm';
import { type JobRun, JobRunEntity } from './entities';

/** One recorded job run (a module that triggered its job reads the outcome); throws when there is none. */
export function jobRunById(em: EntityManager, id: number): Promise<JobRun> {
  return em.getRepository(JobRunEntity).findOneByOrFail({ id });
}
