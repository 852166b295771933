import { EntitySchema } from 'typeorm';

export interface AuditRow {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  method: string;
  summary: string;
  summaryKey: string | null;
  /** JSON text of the summary's parameters. */
  summaryParams: string | null;
  /** JSON text: the call's input with secrets redacted, plus what the handler chose to add. */
  details: string | null;
  transport: string;
  ip: string | null;
}

export const AuditEntity = new EntitySchema<AuditRow>({
  name: 'Audit',
  tableName: 'audit_log',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    at: { type: 'text' },
    userId: { type: 'integer', name: 'user_id', nullable: true },
    username: { type: 'text', nullable: true },
    method: { type: 'text' },
    summary: { type: 'text' },
    summaryKey: { type: 'text', name: 'summary_key', nullable: true },
    summaryParams: { type: 'text', name: 'summary_params', nullable: true },
    details: { type: 'text', nullable: true },
    transport: { type: 'text' },
    ip: { type: 'text', nullable: true },
  },
});
