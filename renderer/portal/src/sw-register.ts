/**
 * The service worker (offline page, installable app) only where browsers run one: over HTTPS (the office's
 * tunnel). On the plain-HTTP LAN address `navigator.serviceWorker` is missing or refuses, so nothing is tried.
 * localhost counts as secure to browsers but is skipped too: it is where staff and tests look at the portal.
 */
export function registerServiceWorker(): void {
  if (location.protocol !== 'https:' || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/portal/sw.js', { scope: '/portal/' }).catch(() => undefined);
  });
}
