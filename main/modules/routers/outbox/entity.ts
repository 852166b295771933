import { EntitySchema } from 'typeorm';
import type { RouterJobStatus } from '../../../../shared/contract/routers';

// Declared once in shared/contract/routers.ts; re-exported for main's modules.
export type { RouterJobStatus };

export interface RouterJobRow {
  id: number;
  routerId: number;
  /** menu?key — jobs for one target apply in id order. */
  target: string;
  /** JSON of a RouterOp (ops.ts); parsed again when read back. */
  op: string;
  status: RouterJobStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  /** What caused it (the contract method or job name), for the UI. */
  source: string;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
}

export const RouterJobEntity = new EntitySchema<RouterJobRow>({
  name: 'RouterJob',
  tableName: 'router_jobs',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    routerId: { type: 'integer', name: 'router_id' },
    target: { type: 'text' },
    op: { type: 'text' },
    status: { type: 'text' },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: { type: 'text', name: 'next_attempt_at' },
    lastError: { type: 'text', name: 'last_error', nullable: true },
    source: { type: 'text' },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
    doneAt: { type: 'text', name: 'done_at', nullable: true },
  },
});
