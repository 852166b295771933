import { z } from 'zod';
import { op } from './op';
import { empty, isoDateSchema, pageSchema } from './common';
import type { AboutDto, AuditEntryDto, BackupFileDto, JobInfoDto, JobRunDto, Page } from './dto';
import { settingsUpdateSchema, type Settings } from '../settings';

export const settingsContract = {
  'settings.get': op<Settings>()({ input: empty, access: 'settings.read', mutates: false }),
  'settings.update': op<Settings>()({ input: settingsUpdateSchema, access: 'settings.manage', mutates: true }),
};

export const auditContract = {
  'audit.list': op<Page<AuditEntryDto>>()({
    input: pageSchema.extend({
      userId: z.number().int().positive().optional(),
      /** Entries about one customer (their `details.customerId`). */
      customerId: z.number().int().positive().optional(),
      /** Exact method (`users.create`) or a domain prefix (`users.`). */
      method: z.string().trim().max(64).optional(),
      search: z.string().trim().max(100).optional(),
      from: isoDateSchema.optional(),
      to: isoDateSchema.optional(),
    }),
    access: 'audit.read',
    mutates: false,
  }),
  /** Distinct methods seen in the log, for the filter dropdown. */
  'audit.methods': op<string[]>()({ input: empty, access: 'audit.read', mutates: false }),
};

export const jobsContract = {
  'jobs.list': op<JobInfoDto[]>()({ input: empty, access: 'jobs.read', mutates: false }),
  'jobs.history': op<Page<JobRunDto>>()({
    input: pageSchema.extend({ job: z.string().max(64).optional() }),
    access: 'jobs.read',
    mutates: false,
  }),
  'jobs.runNow': op<JobRunDto>()({ input: z.object({ name: z.string().min(1).max(64) }), access: 'jobs.run', mutates: true }),
};

export const backupsContract = {
  'backups.list': op<BackupFileDto[]>()({ input: empty, access: 'settings.read', mutates: false }),
};

export const systemContract = {
  'system.about': op<AboutDto>()({ input: empty, access: 'authenticated', mutates: false }),
};
