import { z } from 'zod';
import { op } from './op';
import { fullNameSchema, idSchema, passwordSchema, roleSchema, usernameSchema } from './common';
import type { UserDto } from './dto';
import { USER_STATUSES } from './dto';

export const usersContract = {
  'users.list': op<UserDto[]>()({
    input: z.object({
      search: z.string().trim().max(100).optional(),
      role: roleSchema.optional(),
      status: z.enum(USER_STATUSES).optional(),
    }),
    access: 'users.read',
    mutates: false,
  }),
  'users.create': op<UserDto>()({
    input: z.object({ username: usernameSchema, fullName: fullNameSchema, role: roleSchema, password: passwordSchema }),
    access: 'users.manage',
    mutates: true,
  }),
  'users.update': op<UserDto>()({
    input: z.object({ id: idSchema, fullName: fullNameSchema, role: roleSchema }),
    access: 'users.manage',
    mutates: true,
  }),
  'users.setStatus': op<UserDto>()({
    input: z.object({ id: idSchema, status: z.enum(USER_STATUSES) }),
    access: 'users.manage',
    mutates: true,
  }),
  /** Sets a temporary password; the user must change it at the next login. Also clears a lockout. */
  'users.resetPassword': op<UserDto>()({
    input: z.object({ id: idSchema, newPassword: passwordSchema }),
    access: 'users.manage',
    mutates: true,
  }),
  'users.unlock': op<UserDto>()({ input: z.object({ id: idSchema }), access: 'users.manage', mutates: true }),
};
