// Hash routing under /portal/ (#/bills, #/invoice/12): works with or without the server's SPA fallback and
// keeps the service worker's cache to one page.
import { useSyncExternalStore } from 'react';

const subscribe = (fn: () => void) => {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
};
const read = () => location.hash.replace(/^#\/?/, '');

/** The route's segments: '' → [], 'invoice/12' → ['invoice', '12']. */
export function useRoute(): string[] {
  const path = useSyncExternalStore(subscribe, read);
  return path.split('?')[0]!.split('/').filter(Boolean);
}

export function navigate(path: string): void {
  location.hash = `#/${path}`;
  window.scrollTo(0, 0);
}

export const href = (path: string) => `#/${path}`;
