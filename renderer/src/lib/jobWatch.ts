import type { JobRunDto } from '../../../shared/contract';
import { call, subscribe } from '../api/client';

/**
 * Resolves when a job run has finished: whichever comes first of the `jobs.run` push event and a poll of
 * the history (the event can arrive before the runNow answer, or not at all when the stream is down).
 */
export function waitForRun(run: JobRunDto, { intervalMs = 1500, timeoutMs = 10 * 60_000 } = {}): { done: Promise<JobRunDto>; cancel: () => void } {
  let cancel = () => {};
  const done = new Promise<JobRunDto>((resolve, reject) => {
    let finished = false;
    const finish = (r: JobRunDto) => {
      if (finished) return;
      finished = true;
      cancel();
      resolve(r);
    };
    const off = subscribe('jobs.run', (r) => {
      if (r.id === run.id && r.status !== 'running') finish(r);
    });
    const poll = async () => {
      try {
        const page = await call('jobs.history', { job: run.job, page: 1, pageSize: 20 });
        const r = page.items.find((x) => x.id === run.id);
        if (r && r.status !== 'running') finish(r);
      } catch {
        // Try again at the next tick.
      }
    };
    const timer = setInterval(() => void poll(), intervalMs);
    const limit = setTimeout(() => {
      cancel();
      reject(new Error('timeout'));
    }, timeoutMs);
    cancel = () => {
      finished = true;
      off();
      clearInterval(timer);
      clearTimeout(limit);
    };
    void poll();
  });
  return { done, cancel: () => cancel() };
}
