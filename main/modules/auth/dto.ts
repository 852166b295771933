import type { UserDto } from '../../../shared/contract';
import type { User } from './entities';

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    role: u.role,
    status: u.status,
    language: u.language,
    mustChangePassword: !!u.mustChangePassword,
    lockedUntil: u.lockedUntil,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  };
}
