import { EntitySchema } from 'typeorm';

// The portal's tables (migrations/1765400000000-Portal.ts). The module reads and writes them with SQL; the schemas
// are listed by the composition root like every module's.

export interface PortalSessionRow {
  id: number;
  tokenHash: string;
  customerId: number;
  via: 'code' | 'password';
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  endedAt: string | null;
  ip: string | null;
  userAgent: string;
}

export const PortalSessionEntity = new EntitySchema<PortalSessionRow>({
  name: 'PortalSession',
  tableName: 'portal_sessions',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    tokenHash: { type: 'text', name: 'token_hash', unique: true },
    customerId: { type: 'integer', name: 'customer_id' },
    via: { type: 'text' },
    createdAt: { type: 'text', name: 'created_at' },
    lastSeenAt: { type: 'text', name: 'last_seen_at' },
    expiresAt: { type: 'text', name: 'expires_at' },
    endedAt: { type: 'text', name: 'ended_at', nullable: true },
    ip: { type: 'text', nullable: true },
    userAgent: { type: 'text', name: 'user_agent', default: '' },
  },
});

export interface PortalCodeRow {
  id: number;
  customerId: number;
  purpose: 'login' | 'change_number';
  target: string;
  codeHash: string;
  salt: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
  ip: string | null;
}

export const PortalCodeEntity = new EntitySchema<PortalCodeRow>({
  name: 'PortalCode',
  tableName: 'portal_codes',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    customerId: { type: 'integer', name: 'customer_id' },
    purpose: { type: 'text' },
    target: { type: 'text' },
    codeHash: { type: 'text', name: 'code_hash' },
    salt: { type: 'text' },
    createdAt: { type: 'text', name: 'created_at' },
    expiresAt: { type: 'text', name: 'expires_at' },
    attempts: { type: 'integer', default: 0 },
    usedAt: { type: 'text', name: 'used_at', nullable: true },
    ip: { type: 'text', nullable: true },
  },
});

export interface PortalPrefRow {
  customerId: number;
  language: 'id' | 'en';
  updatedAt: string;
}

export const PortalPrefEntity = new EntitySchema<PortalPrefRow>({
  name: 'PortalPref',
  tableName: 'portal_prefs',
  columns: {
    customerId: { type: 'integer', name: 'customer_id', primary: true },
    language: { type: 'text' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});
