import type { DomainHandlers } from '../../core/context';
import type { DomainModule } from '../../core/module';
import { JobRunEntity } from './entities';
import type { Scheduler } from './scheduler';

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
        return { items: rows.map((r) => ({ ...r })), total, page: input.page, pageSize: input.pageSize };
      },
      async 'jobs.runNow'(input, ctx) {
        const run = await scheduler.begin(ctx.em, input.name, 'manual', ctx.user!.username);
        ctx.audit(`Started job ${input.name} by hand`, { runId: run.id });
        return run;
      },
    },
  };
}
