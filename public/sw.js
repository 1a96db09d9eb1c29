// Offline support: network first (so an online user always gets the newest build), falling
// back to what this browser fetched before. The presets are cached at install so every one
// opens offline, not only those already viewed. Same-origin GET requests only.
const CACHE = 'cxl-playground-v1';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      const index = await fetch('presets/index.json');
      const list = await index.clone().json();
      await cache.put('presets/index.json', index);
      await Promise.all(list.map((p) => cache.add(`presets/${p.file}`)));
    } catch {
      // Offline at install time: the runtime cache below still fills as pages are used.
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok) await cache.put(req, res.clone());
      return res;
    } catch (err) {
      const hit = await cache.match(req, { ignoreSearch: true });
      if (hit) return hit;
      throw err;
    }
  })());
});
