/// <reference lib="webworker" />
// Keeps the app itself in the service worker's cache, so Shoal opens with no
// network (its stored shares can then be saved) and is installable. Pages come
// from the network when it answers, so a new version shows on the next visit;
// the built assets have content hashes in their names, so a cached one is
// never stale and is served from the cache first.

/** One cache per shell version: a new worker fills its own, then drops the old ones. */
export const SHELL_CACHE = 'shoal-shell-v1';

/** Where the page is; what every navigation falls back to offline. */
const SHELL_PAGE = '/';

/** Files the shell needs besides what index.html names. */
const SHELL_EXTRAS = ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];

/** Built assets: hashed names, never changed in place. */
const ASSET_PATH = /^\/assets\//;

/** The /assets/ files an index.html refers to (script src, link href). */
export function assetsOf(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"?#]+)"/g)) found.add(match[1]!);
  return [...found];
}

/** Fills the shell cache: the page, what it loads, the manifest and icons. */
export async function cacheShell(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const page = await fetch(SHELL_PAGE, { cache: 'no-store' });
  if (!page.ok) throw new Error(`the app page answered ${page.status}`);
  const html = await page.clone().text();
  await cache.addAll([...assetsOf(html), ...SHELL_EXTRAS]);
  await cache.put(SHELL_PAGE, page);
}

/** Drops the caches of earlier shell versions. */
export async function dropOldShells(): Promise<void> {
  for (const name of await caches.keys()) {
    if (name.startsWith('shoal-shell-') && name !== SHELL_CACHE) await caches.delete(name);
  }
}

/** The shell's answer to `request`, or null when the shell does not handle it. */
export function shellResponse(request: Request, url: URL): Promise<Response> | null {
  if (request.method !== 'GET') return null;
  if (request.mode === 'navigate' && url.pathname === SHELL_PAGE) return networkFirst(request);
  if (ASSET_PATH.test(url.pathname) || SHELL_EXTRAS.includes(url.pathname)) {
    return cacheFirst(request);
  }
  return null;
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      void caches.open(SHELL_CACHE).then((cache) => cache.put(SHELL_PAGE, copy));
    }
    return response;
  } catch (offline) {
    const cached = await caches.match(SHELL_PAGE, { cacheName: SHELL_CACHE });
    if (cached) return cached;
    throw offline;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    void caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
