// Serves the built web app: files under `root`, index.html for client-side routes,
// never anything outside `root`.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Vite names built assets `name-<hash>.ext`; their content never changes under that name. */
const HASHED_ASSET = /^\/assets\/.+[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Where the web app's service worker streams saved files from IndexedDB. */
const SAVE_PATH_PREFIX = '/save/';
const SAVE_WITHOUT_WORKER_MESSAGE =
  "Saving is done inside your browser by Shoal's service worker, which was not active. Go back, reload the page normally and press Save again.\n";

/** Everything else (index.html above all) must be revalidated so a deploy shows up at once. */
const REVALIDATE = 'no-cache';

export const NOT_BUILT_MESSAGE =
  'Shoal: the web app is not built yet. Run `npm run build` (or `npm start`) and reload.\n';

async function fileSize(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    .end(body);
}

function pipeFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  size: number,
  cache: string,
): void {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/** Answers a GET or HEAD for the web app. `pathname` is the raw, still-encoded URL path. */
export async function serveStatic(
  root: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    send(res, 400, 'bad request\n');
    return;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) {
    send(res, 400, 'bad request\n');
    return;
  }
  const base = resolve(root);
  const indexPath = join(base, 'index.html');
  const indexSize = await fileSize(indexPath);
  if (indexSize === undefined) {
    send(res, 503, NOT_BUILT_MESSAGE);
    return;
  }
  const target = resolve(base, `.${decoded}`);
  if (target !== base && !target.startsWith(base + sep)) {
    send(res, 404, 'not found\n');
    return;
  }
  const size = target === base ? undefined : await fileSize(target);
  if (size !== undefined) {
    pipeFile(req, res, target, size, HASHED_ASSET.test(decoded) ? IMMUTABLE : REVALIDATE);
    return;
  }
  // A save link reaches the server only when the page's service worker is not in
  // control (a hard reload bypasses it); it names a random ticket, nothing else.
  if (decoded.startsWith(SAVE_PATH_PREFIX)) {
    send(res, 404, SAVE_WITHOUT_WORKER_MESSAGE);
    return;
  }
  // Unknown paths that look like files are missing assets, not app routes.
  if (extname(decoded) !== '' || decoded.startsWith('/assets/')) {
    send(res, 404, 'not found\n');
    return;
  }
  pipeFile(req, res, indexPath, indexSize, REVALIDATE);
}
