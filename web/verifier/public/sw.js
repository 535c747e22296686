// The verifier works offline after its first visit: every file of the page
// is kept in the cache when first fetched; the lists are fetched fresh when
// the network is there and taken from the cache when it is not.
const CACHE = 'suket-verifier-v1';
const LISTS = ['config.json', 'trust-list.jws', 'revocations.jws'];

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const isList = LISTS.some((name) => url.pathname.endsWith(`/${name}`));
  e.respondWith(isList ? networkFirst(e.request) : cacheFirst(e.request));
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch {
    return (await cache.match(request, { ignoreSearch: true })) ?? new Response('', { status: 504 });
  }
}
