import { z } from 'zod';
import { op } from './op';
import { empty, fullNameSchema, passwordSchema, usernameSchema } from './common';
import type { AuthState, SessionInfo } from './dto';
import { languageSchema, officeSettingsSchema, localeSettingsSchema } from '../settings';

export const setupContract = {
  /** First run: creates the office profile and the owner account, then logs the owner in. */
  'setup.complete': op<SessionInfo>()({
    input: z.object({
      office: officeSettingsSchema,
      locale: localeSettingsSchema,
      owner: z.object({ fullName: fullNameSchema, username: usernameSchema, password: passwordSchema }),
    }),
    access: 'public',
    mutates: true,
  }),
};

export const authContract = {
  /** Who is logged in on this transport (if anyone), and whether first-run setup is still needed. */
  'auth.state': op<AuthState>()({ input: empty, access: 'public', mutates: false }),
  'auth.login': op<SessionInfo>()({
    input: z.object({ username: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(128) }),
    access: 'public',
    // Staged: the password is checked before the transaction, outside the single write queue (argon2 is slow
    // on purpose); the session, the failure counters and the audit entry are written in the call's
    // transaction, and a refused login keeps its record (main/modules/auth/module.ts).
    mutates: true,
  }),
  'auth.logout': op<{ ok: true }>()({ input: empty, access: 'authenticated', mutates: true }),
  'auth.changePassword': op<{ ok: true }>()({
    input: z.object({ currentPassword: z.string().min(1).max(128), newPassword: passwordSchema }),
    access: 'authenticated',
    mutates: true,
  }),
  'auth.setLanguage': op<{ ok: true }>()({
    input: z.object({ language: languageSchema }),
    access: 'authenticated',
    mutates: true,
  }),
};
