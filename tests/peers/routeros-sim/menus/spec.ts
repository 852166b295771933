/** Declarative description of one RouterOS menu as the simulator models it. */
import type { ClockFormat, Row } from '../values';

/** What a menu spec may read from the router state (kept narrow to avoid import cycles). */
export interface RouterView {
  now(): Date;
  readonly startedAt: Date;
  readonly version: string;
  readonly clockFormat: ClockFormat;
  readonly gmtOffsetMin: number;
  /** Rows of another menu (stored values), for reference checks and hooks. */
  rows(path: string): Row[];
  patchRow(path: string, id: string, patch: Row): void;
  /** A `/ppp/active` row was removed: its dynamic interface and queue go with it (ppp-live.ts). */
  sessionEnded?(row: Row): void;
}

export interface MenuSpec {
  path: string;
  /** Menus such as /system/identity: one row, no `.id`, print and (maybe) set only. */
  singleton?: boolean;
  /** Verbs besides print/getall, e.g. add, set, remove, enable, disable, unset, reset-counters. */
  verbs: string[];
  /** Fields the API may write (add/set/unset), in print order. */
  writable: string[];
  /** Read-only fields (stored or computed), printed after the writable ones. */
  readOnly?: string[];
  bools?: string[];
  /** Durations: what the API writes is printed back in the router's own form (`7200s` → `2h`, `24h` → `1d`). */
  durations?: string[];
  /** MAC addresses: printed back in upper case. */
  macs?: string[];
  enums?: Record<string, readonly string[]>;
  /** Fields an API `add` must carry. */
  required?: string[];
  /** Values a new row starts with (API add and seeding). */
  defaults?: (r: RouterView) => Row;
  /** Rows a fresh router already has (with explicit `.id`). */
  builtin?: Row[];
  /**
   * Duplicate rule. `byName`: a conflict needs equal names (every sameName-based rule), so only rows with
   * the same name are compared — an index keeps a large menu's add from scanning every row.
   */
  unique?: { conflicts: (a: Row, b: Row) => boolean; message: string; byName?: boolean };
  /** Field → menu whose `name` it must match (plus extra allowed literals). */
  refs?: Record<string, { menu: string; allow?: string[] }>;
  /** Read-time fields; stored values win over computed ones. */
  compute?: (row: Row, r: RouterView) => Row;
  /** Give a name like `queue1` when add has none. */
  autoName?: string;
  /** Side effect after a row is removed (API or seeding). */
  onRemove?: (row: Row, r: RouterView) => void;
  /** Builtin rows marked `default=true` cannot be removed. */
  protectDefault?: string;
}

export const LIST_VERBS = ['add', 'set', 'remove', 'enable', 'disable', 'unset'];
export const PROFILE_VERBS = ['add', 'set', 'remove', 'unset'];
export const POLICY = 'ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon';
export const sameName = (a: Row, b: Row): boolean => a.name !== undefined && a.name === b.name;
