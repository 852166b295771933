import { create } from 'zustand';

/**
 * Hash routing (`#/settings/backups`): the same build runs over http://, file:// and app://, where only
 * the fragment is ours to change.
 */
export const ROUTES = ['home', 'customers', 'plans', 'invoices', 'payments', 'collect', 'online', 'whatsapp', 'tickets', 'reports', 'vouchers', 'routers', 'users', 'settings', 'audit', 'jobs', 'about', 'password'] as const;
export type RouteName = (typeof ROUTES)[number];

export interface Route {
  name: RouteName | 'not-found';
  /** Second segment, e.g. the settings tab. */
  sub: string | null;
}

export function parseHash(hash: string): Route {
  const [first, second] = hash.replace(/^#\/?/, '').split('/');
  const name = first || 'home';
  return { name: (ROUTES as readonly string[]).includes(name) ? (name as RouteName) : 'not-found', sub: second || null };
}

export const useRoute = create<Route>()(() => parseHash(window.location.hash));

window.addEventListener('hashchange', () => useRoute.setState(parseHash(window.location.hash), true));

export function navigate(path: string): void {
  const next = `#/${path.replace(/^\/+/, '')}`;
  if (window.location.hash !== next) window.location.hash = next;
}

export const hrefOf = (path: string): string => `#/${path}`;
