// Offline support, from the first visit: at install the service worker precaches the whole
// built app (the build writes the list below: shell, hashed scripts and styles, the simulation
// worker, every preset). Requests go to the network first, so an online user gets the newest
// build; a network that fails, or does not answer within NETWORK_TIMEOUT_MS, is answered from
// the cache. Only same-origin GET requests are handled, and only successful, same-origin
// responses of the type their file name promises are cached.
const BUILD = /*PRECACHE*/{ "version": "dev", "files": [] }/*PRECACHE*/;
const PREFIX = 'cxl-playground-';
const CACHE = PREFIX + BUILD.version;
const NETWORK_TIMEOUT_MS = 3000;

/** Content types by file extension; anything else is never cached. */
const TYPES = {
  html: /^text\/html/,
  js: /^(text|application)\/javascript/,
  css: /^text\/css/,
  json: /^application\/json/,
  svg: /^image\/svg\+xml/,
  png: /^image\/png/,
};

const scope = () => new URL('./', self.registration.scope);

/** The cache key of a request: the scope itself for the app page, else the URL without query. */
function keyOf(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  const root = scope().href;
  if (request.mode === 'navigate') return url.href === root || url.href === root + 'index.html' ? root : null;
  return url.href;
}

function expectedType(key) {
  if (key === scope().href) return TYPES.html;
  const m = /\.([a-z0-9]+)$/.exec(new URL(key).pathname);
  return m ? TYPES[m[1]] : undefined;
}

function cacheable(key, response) {
  if (!key || !response.ok || response.type !== 'basic' || response.redirected) return false;
  if (new URL(response.url).origin !== self.location.origin) return false;
  const type = expectedType(key);
  return type !== undefined && type.test(response.headers.get('content-type') || '');
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const urls = [scope().href, ...BUILD.files.map((f) => new URL(f, scope()).href)];
    // All or nothing: an install that cannot cache the app fails and is retried on the next visit.
    await Promise.all(urls.map(async (url) => {
      const response = await fetch(url, { cache: 'reload' });
      if (!cacheable(url, response)) throw new Error(`cannot precache ${url} (HTTP ${response.status})`);
      await cache.put(url, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(event, request));
});

async function networkFirst(event, request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request);
  const network = fetch(request).then(async (response) => {
    if (cacheable(key, response)) await cache.put(key, response.clone());
    return response;
  });
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, NETWORK_TIMEOUT_MS, null); });
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
    // The network is slow: the cached copy now; the network's answer still refreshes the cache.
    const hit = key && await cache.match(key);
    if (hit) {
      event.waitUntil(network.catch(() => {}));
      return hit;
    }
    return await network;
  } catch (err) {
    const hit = key && await cache.match(key);
    if (hit) return hit;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
