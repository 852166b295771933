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
  /** Kasir: takes payments at the counter and sells vouchers. */
  cashier: ['customers.read', 'billing.read', 'payments.collect', 'vouchers.read', 'vouchers.sell'],
  /** Teknisi: installs and maintains routers and customer connections. */
  technician: ['customers.read', 'routers.read', 'routers.manage', 'vouchers.read'],
  /** Kolektor: visits customers and collects payments in the field. */
  collector: ['customers.read', 'billing.read', 'payments.collect'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
