/**
 * Roles and permissions. A contract method names the permission it needs; main enforces it for every
 * transport. Permissions for domains that later issues add are declared here already so that a role's
 * meaning stays stable as the product grows.
 */
export const PERMISSIONS = [
  'users.read',
  'users.manage',
  'settings.read',
  'settings.manage',
  'audit.read',
  'jobs.read',
  'jobs.run',
  'backups.manage',
  'customers.read',
  'customers.manage',
  'billing.read',
  'billing.manage',
  'payments.collect',
  'payments.reverse',
  'vouchers.read',
  'vouchers.sell',
  'vouchers.manage',
  'routers.read',
  'routers.manage',
  'reports.read',
  /** Trouble tickets: see them; open one for a customer; assign, note and move them (technicians). */
  'tickets.read',
  'tickets.open',
  'tickets.manage',
  /** Kolektor: their own route of customers in arrears, field payments and handing the cash over (issue 14). */
  'collections.collect',
  /** Confirms at the office that a collector handed the cash over; sees every collector's outstanding (issue 14). */
  'collections.receive',
  /** Webhooks and API keys: what other systems may hear and call (owner and admin; issue 15). */
  'api.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'admin', 'cashier', 'technician', 'collector'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Permission[] = PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  /** The ISP owner: everything, including managing other owners. */
  owner: ALL,
  /** Office manager: everything; cannot create, change or disable owner accounts (enforced in the users service). */
  admin: ALL,
  /** Kasir: takes payments at the counter, sells vouchers, receives the collectors' cash; opens a trouble ticket for a customer at the counter. */
  cashier: ['customers.read', 'billing.read', 'payments.collect', 'vouchers.read', 'vouchers.sell', 'tickets.read', 'tickets.open', 'collections.receive'],
  /** Teknisi: installs and maintains routers and customer connections; handles trouble tickets. */
  technician: ['customers.read', 'routers.read', 'routers.manage', 'vouchers.read', 'tickets.read', 'tickets.open', 'tickets.manage'],
  /** Kolektor: visits customers and collects payments in the field; hands the cash over at the office. */
  collector: ['customers.read', 'billing.read', 'payments.collect', 'collections.collect'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
