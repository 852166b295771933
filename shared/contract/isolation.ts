import { z } from 'zod';
import { idSchema } from './common';
import { op } from './op';

/** One change the isolation set-up needs on a router, with the RouterOS API sentence that makes it. */
export interface IsolationChange {
  action: 'add' | 'set' | 'remove';
  /** /ppp/profile, /ip/firewall/address-list, /ip/firewall/nat or /ip/firewall/filter. */
  menu: string;
  /** How the object is found: a profile by name, a walled-garden entry by list + address, a rule by its comment. */
  key: Record<string, string>;
  /** add: every field; set: the fields that differ (router's value, desired value); remove: none. */
  fields: { field: string; router: string | null; desired: string }[];
  /** e.g. `/ip/firewall/filter/add =comment=mb:isolation:drop =chain=forward …` */
  command: string;
}

/** Why the set-up cannot be sent yet (Settings → Isolation). */
export const ISOLATION_PROBLEMS = ['no_address', 'listener_off'] as const;
export type IsolationProblem = (typeof ISOLATION_PROBLEMS)[number];

export interface IsolationPreview {
  routerId: number;
  routerName: string;
  checkedAt: string;
  /** Whether isolation.apply was ever run for this router (then drift checks include the set-up). */
  applied: boolean;
  /** no_address blocks applying; listener_off is a warning (the redirect would reach a closed port). */
  problems: IsolationProblem[];
  /** What the set-up is made of (for the office to read): list names, the redirect target, the walled garden. */
  summary: { profile: string; list: string; allowList: string; redirectTo: string; allowHosts: string[] };
  /** Our forward rules were out of order: they are removed and added again in order. */
  reorder: boolean;
  /** Empty: the router already has everything as it should. */
  changes: IsolationChange[];
  /** Pass back to isolation.apply: it refuses (conflict) if the router needs something else by then. */
  fingerprint: string;
  /** Isolation changes already queued for this router and not done yet. */
  pending: number;
}

export interface IsolationStatus {
  enabled: boolean;
  /** The listener's address when it runs (http://0.0.0.0:8099 → shown with the configured address). */
  listening: string | null;
  port: number;
  address: string;
  routers: { id: number; name: string; applied: boolean }[];
}

export const isolationContract = {
  /** The listener and which routers have the set-up. */
  'isolation.status': op<IsolationStatus>()({ input: z.object({}), access: 'routers.read', mutates: false }),
  /** Reads the router and lists the changes the isolation set-up needs there (nothing is changed). */
  'isolation.preview': op<IsolationPreview>()({ input: z.object({ routerId: idSchema }), access: 'routers.read', mutates: false }),
  /** Queues the previewed changes through the router's outbox; refused if the router now needs other changes. */
  'isolation.apply': op<{ queued: number }>()({
    input: z.object({ routerId: idSchema, fingerprint: z.string().regex(/^[0-9a-f]{32}$/) }),
    access: 'routers.manage',
    mutates: true,
  }),
};
