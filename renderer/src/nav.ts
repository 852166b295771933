import { IconWalk, IconBrandWhatsapp, IconLifebuoy, IconTicket, IconCash, IconCreditCard, IconChartBar, IconFileInvoice, IconPackage, IconUserCircle, IconChecklist, IconClockPlay, IconHome, IconInfoCircle, IconRouter, IconSettings, IconUsers, type Icon } from '@tabler/icons-react';
import type { Permission } from '../../shared/permissions';
import type { RouteName } from './store/route';

export interface NavItem {
  route: RouteName;
  icon: Icon;
  /** Needed to see the item and open the screen; null = every logged-in user. */
  permission: Permission | null;
}

export const NAV: NavItem[] = [
  { route: 'home', icon: IconHome, permission: null },
  { route: 'customers', icon: IconUserCircle, permission: 'customers.read' },
  { route: 'invoices', icon: IconFileInvoice, permission: 'billing.read' },
  { route: 'payments', icon: IconCash, permission: 'billing.read' },
  // Collectors' route and cash, and the office receiving it: every role that takes payments (the screen shows what each may do).
  { route: 'collect', icon: IconWalk, permission: 'payments.collect' },
  { route: 'online', icon: IconCreditCard, permission: 'billing.read' },
  { route: 'whatsapp', icon: IconBrandWhatsapp, permission: 'customers.read' },
  { route: 'tickets', icon: IconLifebuoy, permission: 'tickets.read' },
  { route: 'reports', icon: IconChartBar, permission: 'billing.read' },
  { route: 'plans', icon: IconPackage, permission: 'customers.read' },
  { route: 'vouchers', icon: IconTicket, permission: 'vouchers.read' },
  { route: 'routers', icon: IconRouter, permission: 'routers.read' },
  { route: 'users', icon: IconUsers, permission: 'users.read' },
  { route: 'settings', icon: IconSettings, permission: 'settings.read' },
  { route: 'audit', icon: IconChecklist, permission: 'audit.read' },
  { route: 'jobs', icon: IconClockPlay, permission: 'jobs.read' },
  { route: 'about', icon: IconInfoCircle, permission: null },
];

export const permissionOf = (route: RouteName): Permission | null => NAV.find((n) => n.route === route)?.permission ?? null;
