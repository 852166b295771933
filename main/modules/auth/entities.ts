import { EntitySchema } from 'typeorm';
import type { User } from '../../core/user';

/** The users row type is declared once, in core (the caller every call carries). */
export type { User };

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    username: { type: 'text', unique: true },
    fullName: { type: 'text', name: 'full_name' },
    role: { type: 'text' },
    status: { type: 'text', default: 'active' },
    passwordHash: { type: 'text', name: 'password_hash' },
    mustChangePassword: { type: 'boolean', name: 'must_change_password', default: false },
    language: { type: 'text', nullable: true },
    failedLogins: { type: 'integer', name: 'failed_logins', default: 0 },
    lockedUntil: { type: 'text', name: 'locked_until', nullable: true },
    lastLoginAt: { type: 'text', name: 'last_login_at', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
});

export interface Session {
  id: number;
  /** sha256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  userId: number;
  csrfToken: string;
  transport: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export const SessionEntity = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    tokenHash: { type: 'text', name: 'token_hash', unique: true },
    userId: { type: 'integer', name: 'user_id' },
    csrfToken: { type: 'text', name: 'csrf_token' },
    transport: { type: 'text' },
    ip: { type: 'text', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    lastSeenAt: { type: 'text', name: 'last_seen_at' },
    expiresAt: { type: 'text', name: 'expires_at' },
  },
  indices: [{ name: 'idx_sessions_user', columns: ['userId'] }],
});
