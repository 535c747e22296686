// The verifier's service worker. The build writes BUILD (a hash of every
// file of the page) and FILES (their names) into this file, so each build's
// worker differs, the browser installs it, and its cache is its own.
// - Installing fetches and keeps the page and all its code (the camera's
//   QR reader too), so the page works offline from the first visit.
// - The page itself (and config.json) is fetched network-first: a new
//   build reaches a phone on its next online visit; the kept copy serves
//   it offline. The built files, named by their content, come from the cache.
// - The signed lists pass through untouched: the page checks each list's
//   signature and edition before it keeps it (never an older edition), and
//   keeps it itself, so a replayed old list never replaces a newer one.
const BUILD = '__BUILD__';
const FILES = __FILES__;
const CACHE = `suket-verifier-${BUILD}`;
const LISTS = ['trust-list.jws', 'revocations.jws'];
const FRESH = ['', 'index.html', 'config.json'];

self.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(['./', ...FILES]);
      // The office's roots, when the site has them (suket verifier build writes them).
      await cache.add('config.json').catch(() => undefined);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('suket-verifier-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

const scope = () => new URL(self.registration.scope);

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(scope().pathname)) return;
  const name = url.pathname.slice(scope().pathname.length);
  if (LISTS.includes(name)) return; // to the network, as the page asked
  if (e.request.mode === 'navigate' || FRESH.includes(name)) e.respondWith(networkFirst(e.request, e.request.mode === 'navigate' ? './' : name));
  else e.respondWith(cacheFirst(e.request));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch {
    return (await cache.match(key, { ignoreSearch: true })) ?? new Response('', { status: 504, statusText: 'offline' });
  }
}
