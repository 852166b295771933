import { z } from 'zod';
import { op } from './op';
import { empty, idSchema, pageSchema } from './common';
import type { IsoDate, Page } from './dto';

export interface RouterDto {
  id: number;
  name: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  /** Passwords never leave main; the UI only learns whether one is stored. */
  hasPassword: boolean;
  notes: string;
  /** The /ppp/profile that isolated customers are moved to. */
  isolationProfile: string;
  /** The hotspot's DNS name (e.g. hotspot.rt05.net), printed on vouchers and used for their QR login link. */
  hotspotDns: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/** What the router says about itself; null fields when it did not say. */
export interface RouterLiveStatus {
  routerId: number;
  reachable: boolean;
  checkedAt: IsoDate;
  /** When unreachable: the error kind (connect, auth, timeout, …) and the router's message. */
  error: { kind: string; message: string } | null;
  identity: string | null;
  version: string | null;
  boardName: string | null;
  uptime: string | null;
  cpuLoad: number | null;
  freeMemory: number | null;
  totalMemory: number | null;
  hotspotActive: number | null;
  pppActive: number | null;
}

/** A router job's state in the outbox (router_jobs.status; checked against the schema by tests/unit/shared-enums.test.ts). */
export const ROUTER_JOB_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type RouterJobStatus = (typeof ROUTER_JOB_STATUSES)[number];

/** A change waiting for (or applied to) a router. */
export interface RouterJobDto {
  id: number;
  routerId: number;
  kind: 'upsert' | 'remove' | 'kick';
  menu: string;
  /** The object it addresses, e.g. { name: 'cust001' }. */
  key: Record<string, string>;
  status: RouterJobStatus;
  attempts: number;
  nextAttemptAt: IsoDate;
  lastError: string | null;
  source: string;
  createdAt: IsoDate;
  doneAt: IsoDate | null;
}

export interface RouterJobCounts {
  routerId: number;
  pending: number;
  failed: number;
  done: number;
  /** While a batch is being applied: commands done of the batch's total (pushed live, not stored). */
  applying?: { done: number; total: number };
}

/** One difference between what the app wants on a router and what the router has. */
export interface DriftItem {
  /** Stable id of the object (menu?key). */
  target: string;
  menu: string;
  key: Record<string, string>;
  /** missing: the router lacks it; extra: the app removed it but the router still has it; different: fields differ. */
  kind: 'missing' | 'extra' | 'different';
  fields: { field: string; router: string | null; desired: string }[];
}

export interface DriftReport {
  routerId: number;
  checkedAt: IsoDate;
  /** How many objects the app manages on this router (compared). */
  managed: number;
  items: DriftItem[];
}

const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, { message: 'Use an IP address or a host name' });

export const routerInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  host: hostSchema,
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  username: z.string().trim().min(1).max(64),
  notes: z.string().trim().max(500).default(''),
  isolationProfile: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,60}$/, { message: 'Use letters, digits, dot, dash or underscore' })
    .default('isolir'),
  hotspotDns: z
    .string()
    .trim()
    .max(253)
    .regex(/^[A-Za-z0-9.-]*$/, { message: 'Use a host name such as hotspot.example.net' })
    .default(''),
});

export const routersContract = {
  'routers.list': op<RouterDto[]>()({ input: empty, access: 'routers.read', mutates: false }),
  'routers.create': op<RouterDto>()({
    input: routerInputSchema.extend({ password: z.string().max(128) }),
    access: 'routers.manage',
    mutates: true,
  }),
  /** password: omitted = keep the stored one (refused with routers.password_required when host, port or TLS change). */
  'routers.update': op<RouterDto>()({
    input: routerInputSchema.extend({ id: idSchema, password: z.string().max(128).optional() }),
    access: 'routers.manage',
    mutates: true,
  }),
  'routers.remove': op<{ ok: true }>()({ input: z.object({ id: idSchema }), access: 'routers.manage', mutates: true }),
  /**
   * Connects and reads identity/resources. Either a saved router (`id`) or unsaved form values
   * (`draft`, with `id` to reuse the stored password when the form leaves it empty — only when the draft's
   * host, port and TLS are the saved ones, else routers.password_required). With a draft, the draft is tested.
   */
  'routers.test': op<RouterLiveStatus>()({
    // The draft form first: `{ id, draft }` must not parse as `{ id }` with the draft stripped.
    input: z.union([
      z.object({ draft: routerInputSchema.extend({ password: z.string().max(128).optional() }), id: idSchema.optional() }),
      z.object({ id: idSchema }),
    ]),
    access: 'routers.manage',
    mutates: false,
  }),
  /** Live status of every router (asked in parallel, a few seconds at most). */
  'routers.status': op<RouterLiveStatus[]>()({ input: empty, access: 'routers.read', mutates: false }),
  /** Outbox counts (pending, failed, done) per router. */
  'routers.jobCounts': op<RouterJobCounts[]>()({ input: empty, access: 'routers.read', mutates: false }),
  'routers.jobs': op<Page<RouterJobDto>>()({
    input: pageSchema.extend({ routerId: idSchema, status: z.enum(ROUTER_JOB_STATUSES).optional() }),
    access: 'routers.read',
    mutates: false,
  }),
  /** Compare what the app wants on the router with what it has (objects the app does not manage are ignored). */
  'routers.drift': op<DriftReport>()({ input: z.object({ routerId: idSchema }), access: 'routers.read', mutates: false }),
  /**
   * Queue the changes that remove the drift: for the given targets, or (none given) for what a fresh drift
   * check finds wrong right now (objects that match are not touched). Without targets the router must answer
   * (routers.unreachable otherwise).
   */
  'routers.repair': op<{ queued: number }>()({
    input: z.object({ routerId: idSchema, targets: z.array(z.string().max(600)).max(100_000).optional() }),
    access: 'routers.manage',
    mutates: true,
  }),
  /** Put failed (or waiting) jobs back in line now; all of the router's, or the given ids. */
  'routers.retryJobs': op<{ retried: number }>()({
    input: z.object({ routerId: idSchema, ids: z.array(idSchema).max(1000).optional() }),
    access: 'routers.manage',
    mutates: true,
  }),
};
