/// <reference lib="webworker" />
// Saves downloaded files to disk by answering /save/<ticket>: one file made of
// its pieces' Blobs in IndexedDB (or, for pieces an older version stored as
// bytes, a stream read piece by piece), or, for "Save all", a ZIP archive of
// the share's files streamed the same way (share-zip.ts). The browser's
// download manager writes it out, so nothing is ever held in memory whole.
// It also answers a player's /stream/<ticket> with a file that may still be
// arriving (../stream/stream-route.ts), and keeps the app itself for offline
// use (app-shell.ts).
import { IdbPieceStore } from '../storage/idb-piece-store.ts';
import { getShare } from '../storage/share-registry.ts';
import { KEEP_ALIVE_MESSAGE, KeepAlive } from './keep-alive.ts';
import { failure, GONE, saveResponse } from './save-response.ts';
import { SAVE_PATH_PREFIX, takeSaveTicket } from './save-tickets.ts';
import { answerStream, isStreamPath } from '../stream/stream-route.ts';
import { cacheShell, dropOldShells, shellResponse } from './app-shell.ts';
import { receiveSharedFiles, SHARE_TARGET_PATH } from './shared-files.ts';

declare const self: ServiceWorkerGlobalScope;

/** While a ZIP is being read, asks the pages for messages, so that Firefox does not stop this worker. */
const keepAlive = new KeepAlive(() => void askPages());

async function askPages(): Promise<void> {
  for (const client of await self.clients.matchAll({ type: 'window' }))
    client.postMessage(KEEP_ALIVE_MESSAGE);
}

self.addEventListener('install', (event) => {
  void self.skipWaiting();
  // Offline is a bonus: a shell that fails to cache must not stop saving from working.
  event.waitUntil(cacheShell().catch(() => undefined));
});
self.addEventListener('activate', (event) =>
  event.waitUntil(Promise.all([self.clients.claim(), dropOldShells()])),
);

self.addEventListener('message', () => {
  // A page answering askPages: the event itself is what keeps this worker running.
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (isStreamPath(url)) return event.respondWith(answerStream(event.request).then(held));
  if (url.pathname === SHARE_TARGET_PATH && event.request.method === 'POST') {
    return event.respondWith(receiveSharedFiles(event.request));
  }
  const shell = shellResponse(event.request, url);
  if (shell) return event.respondWith(shell);
  if (!url.pathname.startsWith(SAVE_PATH_PREFIX)) return;
  event.respondWith(save(url.pathname.slice(SAVE_PATH_PREFIX.length)));
});

/**
 * A player's stream, kept alive like a ZIP: it is written here as pieces
 * arrive, and may wait for one longer than a browser lets an idle worker run.
 */
function held(response: Response): Response {
  if (response.body === null) return response;
  const { status, statusText, headers } = response;
  return new Response(keepAlive.hold(response.body), { status, statusText, headers });
}

async function save(ticket: string): Promise<Response> {
  const taken = await takeSaveTicket(ticket);
  if (!taken) return failure(404, 'This save link has expired. Press Save again.');
  const share = await getShare(taken.shareKey);
  if (!share) return failure(404, GONE);
  return saveResponse({
    manifest: share.manifest,
    request: taken,
    pieces: new IdbPieceStore(taken.shareKey),
    hold: (stream) => keepAlive.hold(stream),
    now: new Date(),
  });
}
