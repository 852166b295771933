import { EntitySchema } from 'typeorm';
import type { Paper } from '../../../shared/contract/voucher-templates';

export interface VoucherTemplateRow {
  id: number;
  name: string;
  paper: Paper;
  columns: number;
  rows: number;
  html: string;
  css: string;
  createdAt: string;
  updatedAt: string;
}

export const VoucherTemplateEntity = new EntitySchema<VoucherTemplateRow>({
  name: 'VoucherTemplate',
  tableName: 'voucher_templates',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'text', unique: true },
    paper: { type: 'text' },
    columns: { type: 'integer' },
    rows: { type: 'integer', name: 'rows_per_page', default: 8 },
    html: { type: 'text' },
    css: { type: 'text', default: '' },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});
