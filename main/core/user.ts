import type { Language } from '../../shared/settings';
import type { Role } from '../../shared/permissions';
import type { UserStatus } from '../../shared/contract/dto';

/**
 * A staff account as stored in the users table: the caller the dispatcher authenticates and every call
 * carries (CallContext.user). Declared in core because the kernel checks roles and password changes;
 * the auth module owns the table (UserEntity) and re-exports this type.
 */
export interface User {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  status: UserStatus;
  passwordHash: string;
  mustChangePassword: boolean;
  language: Language | null;
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}
