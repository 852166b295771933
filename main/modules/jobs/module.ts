import type { DomainHandlers } from '../../core/context';
import type { DomainModule } from '../../core/module';
import { JobRunEntity } from './entities';
import { toJobRunDto, type Scheduler } from './scheduler';
import { summary } from '../../../shared/summaries';

export function createJobsModule(scheduler: Scheduler): DomainModule<DomainHandlers<'jobs'>> {
  return {
    handlers: {
      async 'jobs.list'() {
        return scheduler.list();
      },
      async 'jobs.history'(input, ctx) {
        const [rows, total] = await ctx.em.getRepository(JobRunEntity).findAndCount({
          where: input.job ? { job: input.job } : {},
          order: { id: 'DESC' },
          skip: (input.page - 1) * input.pageSize,
          take: input.pageSize,
        });
        return { items: rows.map(toJobRunDto), total, page: input.page, pageSize: input.pageSize };
      },
      async 'jobs.runNow'(input, ctx) {
        const run = await scheduler.begin(ctx.em, input.name, 'manual', ctx.user!.username);
        ctx.audit(summary('jobs.startedByHand', { job: input.name }), { runId: run.id });
        return run;
      },
    },
  };
}
