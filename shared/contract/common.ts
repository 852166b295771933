import { z } from 'zod';
import { ROLES } from '../permissions';

export const empty = z.object({}).strict();
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, { message: 'Use 3–32 letters, digits, dot, dash or underscore' });
export const passwordSchema = z.string().min(8).max(128);
export const fullNameSchema = z.string().trim().min(2).max(100);
export const roleSchema = z.enum(ROLES);
export const idSchema = z.number().int().positive();
export const pageSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export const isoDateSchema = z.iso.datetime({ offset: true });
