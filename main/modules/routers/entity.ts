import { EntitySchema } from 'typeorm';

export interface RouterRow {
  id: number;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  /** Sealed by the SecretBox (core/secrets.ts); never sent to the UI. */
  passwordSealed: string;
  notes: string;
  isolationProfile: string;
  hotspotDns: string;
  createdAt: string;
  updatedAt: string;
}

export const RouterEntity = new EntitySchema<RouterRow>({
  name: 'Router',
  tableName: 'routers',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'text', unique: true },
    host: { type: 'text' },
    port: { type: 'integer' },
    tls: { type: 'boolean', default: false },
    username: { type: 'text' },
    passwordSealed: { type: 'text', name: 'password_sealed' },
    notes: { type: 'text', default: '' },
    isolationProfile: { type: 'text', name: 'isolation_profile', default: 'isolir' },
    hotspotDns: { type: 'text', name: 'hotspot_dns', default: '' },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});
