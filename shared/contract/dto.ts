import type { Permission, Role } from '../permissions';
import type { Language } from '../settings';
import type { SummaryParams } from '../summaries';

/** All timestamps are ISO-8601 strings in UTC; the UI shows them in the office time zone. */
export type IsoDate = string;

/* Row enums: one declaration for the entity rows, the DTOs and zod (checked against the schema by tests/unit/shared-enums.test.ts). */
/** A disabled user cannot log in; users are never deleted. */
export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed', 'interrupted'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];
export const JOB_TRIGGERS = ['schedule', 'catch-up', 'manual'] as const;
export type JobTrigger = (typeof JOB_TRIGGERS)[number];

export interface UserDto {
  id: number;
  username: string;
  fullName: string;
  role: Role;
  status: UserStatus;
  language: Language | null;
  mustChangePassword: boolean;
  lockedUntil: IsoDate | null;
  lastLoginAt: IsoDate | null;
  createdAt: IsoDate;
}

export interface OfficePublic {
  name: string;
  /** Printed on receipts and invoices by every role (cashiers cannot read the settings). */
  address: string;
  phone: string;
  /** The office's tax number (NPWP), printed on invoices when set. */
  npwp: string;
  logo: string | null;
  language: Language;
  timezone: string;
}

export interface SessionInfo {
  user: UserDto;
  permissions: Permission[];
  /** Sent back in the X-CSRF-Token header by the HTTP client; null over IPC. */
  csrfToken: string | null;
  expiresAt: IsoDate;
}

export interface AuthState {
  /** The core's clock: the UI's "today" follows it, not the PC's. */
  now: IsoDate;
  needsSetup: boolean;
  office: OfficePublic | null;
  session: SessionInfo | null;
}

export interface AuditEntryDto {
  id: number;
  at: IsoDate;
  userId: number | null;
  username: string | null;
  method: string;
  /** English text; the UI prefers summaryKey + summaryParams (see shared/summaries.ts). */
  summary: string;
  summaryKey: string | null;
  summaryParams: SummaryParams | null;
  details: Record<string, unknown> | null;
  transport: string;
  ip: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface JobRunDto {
  id: number;
  job: string;
  trigger: JobTrigger;
  windowStart: IsoDate;
  windowEnd: IsoDate;
  startedAt: IsoDate;
  finishedAt: IsoDate | null;
  status: JobRunStatus;
  error: string | null;
  summary: string | null;
  summaryKey: string | null;
  summaryParams: SummaryParams | null;
  startedBy: string | null;
}

export interface JobInfoDto {
  name: string;
  /** Cron expression in the office time zone. */
  schedule: string;
  timezone: string;
  running: boolean;
  nextRunAt: IsoDate | null;
  lastRun: JobRunDto | null;
}

export interface BackupFileDto {
  file: string;
  kind: 'nightly' | 'manual' | 'pre-migration';
  sizeBytes: number;
  createdAt: IsoDate;
}

export interface AboutDto {
  productName: string;
  version: string;
  mode: 'desktop' | 'server';
  dataDir: string;
  databaseFile: string;
  databaseSizeBytes: number;
  node: string;
  electron: string | null;
  platform: string;
  startedAt: IsoDate;
  listenUrl: string | null;
  schemaVersion: string | null;
}
