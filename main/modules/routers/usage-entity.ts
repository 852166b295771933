import { EntitySchema } from 'typeorm';

/** One router × PPP username × office month of counted traffic (migration 1765400000300-PppUsage). */
export interface PppUsageRow {
  id: number;
  routerId: number;
  username: string;
  /** Office month, YYYY-MM. */
  month: string;
  /** UTC instants of the office month's first midnight and the next month's. */
  monthStart: string;
  monthEnd: string;
  /** Bytes from the customer (upload). */
  rx: number;
  /** Bytes to the customer (download). */
  tx: number;
  samples: number;
  /** The sampler's cursor: JSON of SessionCursors by session key, as of lastSampleAt. */
  sessions: string;
  firstSampleAt: string;
  lastSampleAt: string;
}

export const PppUsageEntity = new EntitySchema<PppUsageRow>({
  name: 'PppUsage',
  tableName: 'ppp_usage',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    routerId: { type: 'integer', name: 'router_id' },
    username: { type: 'text' },
    month: { type: 'text' },
    monthStart: { type: 'text', name: 'month_start' },
    monthEnd: { type: 'text', name: 'month_end' },
    rx: { type: 'integer', default: 0 },
    tx: { type: 'integer', default: 0 },
    samples: { type: 'integer', default: 0 },
    sessions: { type: 'text', default: '{}' },
    firstSampleAt: { type: 'text', name: 'first_sample_at' },
    lastSampleAt: { type: 'text', name: 'last_sample_at' },
  },
});
