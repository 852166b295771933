import { EntitySchema } from 'typeorm';

export interface SettingRow {
  key: string;
  /** JSON text of the group's value. */
  value: string;
  updatedAt: string;
  updatedBy: number | null;
}

export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: { type: 'text', primary: true },
    value: { type: 'text' },
    updatedAt: { type: 'text', name: 'updated_at' },
    updatedBy: { type: 'integer', name: 'updated_by', nullable: true },
  },
});
