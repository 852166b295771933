/* global self, caches */
/*
 * The portal's service worker (registered only over HTTPS, see src/sw-register.ts). It keeps one thing: the
 * offline page, shown when a page of the portal cannot be loaded at all. Data (bills, connection) is never
 * cached: a customer must not see a stale "unpaid" or pay twice from an old page.
 * Pattern: Google's Apache-2.0 offline-page sample.
 */
const CACHE = 'portal-offline-v1';
const OFFLINE = '/portal/offline.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([new Request(OFFLINE, { cache: 'reload' }), new Request('/portal/icon-192.png', { cache: 'reload' })]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  if (event.request.mode !== 'navigate') return;
  event.respondWith(
    (async () => {
      try {
        const preloaded = await event.preloadResponse;
        if (preloaded) return preloaded;
        return await fetch(event.request);
      } catch {
        const cache = await caches.open(CACHE);
        return (await cache.match(OFFLINE)) ?? Response.error();
      }
    })(),
  );
});
