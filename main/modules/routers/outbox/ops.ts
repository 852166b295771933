import { z } from 'zod';

/**
 * A router change, as stored in the outbox. Every op names a menu and the key that identifies its object
 * (a name, or list + address), so applying it is idempotent: the worker looks the object up first.
 * Objects the app does not manage are never touched: ops only ever address the keys they carry.
 */
export const MENUS = [
  '/ip/hotspot/user',
  '/ip/hotspot/user/profile',
  '/ppp/secret',
  '/ppp/profile',
  '/ip/firewall/address-list',
  // The isolation redirect and walled garden (main/modules/isolation), rules keyed by the comment the app owns.
  '/ip/firewall/nat',
  '/ip/firewall/filter',
  '/ppp/active',
  '/ip/hotspot/active',
  '/system/scheduler',
] as const;
export type Menu = (typeof MENUS)[number];

const word = z.string().max(4096).regex(/^[^\0\n]*$/);
const fieldName = z.string().regex(/^[a-z][a-z0-9-]*$/);
const keySchema = z.record(fieldName, word).refine((k) => Object.keys(k).length > 0, { message: 'empty key' });

export const routerOpSchema = z.discriminatedUnion('kind', [
  /** Create the object, or set its fields when it exists. */
  z.object({ kind: z.literal('upsert'), menu: z.enum(MENUS), key: keySchema, fields: z.record(fieldName, word) }),
  /** Remove the object if it exists. */
  z.object({ kind: z.literal('remove'), menu: z.enum(MENUS), key: keySchema }),
  /** End active sessions matching the key (/ppp/active by name, /ip/hotspot/active by user). */
  z.object({ kind: z.literal('kick'), menu: z.enum(['/ppp/active', '/ip/hotspot/active']), key: keySchema }),
]);
export type RouterOp = z.infer<typeof routerOpSchema>;

/** One object per target: jobs for the same target apply strictly in order. */
export function targetOf(op: RouterOp): string {
  const key = Object.entries(op.key)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${op.menu}?${key}`;
}

export const ops = {
  hotspotUser: (name: string, fields: Record<string, string>): RouterOp => ({ kind: 'upsert', menu: '/ip/hotspot/user', key: { name }, fields }),
  removeHotspotUser: (name: string): RouterOp => ({ kind: 'remove', menu: '/ip/hotspot/user', key: { name } }),
  hotspotProfile: (name: string, fields: Record<string, string>): RouterOp => ({ kind: 'upsert', menu: '/ip/hotspot/user/profile', key: { name }, fields }),
  pppSecret: (name: string, fields: Record<string, string>): RouterOp => ({ kind: 'upsert', menu: '/ppp/secret', key: { name }, fields }),
  removePppSecret: (name: string): RouterOp => ({ kind: 'remove', menu: '/ppp/secret', key: { name } }),
  pppProfile: (name: string, fields: Record<string, string>): RouterOp => ({ kind: 'upsert', menu: '/ppp/profile', key: { name }, fields }),
  kickPpp: (name: string): RouterOp => ({ kind: 'kick', menu: '/ppp/active', key: { name } }),
  kickHotspot: (user: string): RouterOp => ({ kind: 'kick', menu: '/ip/hotspot/active', key: { user } }),
  addressListAdd: (list: string, address: string, comment = ''): RouterOp => ({
    kind: 'upsert',
    menu: '/ip/firewall/address-list',
    key: { list, address },
    fields: comment ? { comment } : {},
  }),
  addressListRemove: (list: string, address: string): RouterOp => ({ kind: 'remove', menu: '/ip/firewall/address-list', key: { list, address } }),
};
