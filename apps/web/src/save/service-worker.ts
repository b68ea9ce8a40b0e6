/// <reference lib="webworker" />
// Saves a downloaded file to disk by answering /save/<ticket> with the file
// made of its pieces' Blobs in IndexedDB (or, for pieces an older version
// stored as bytes, a stream read piece by piece). The browser's download
// manager writes it out, so no file is ever held in memory whole.
import { IdbPieceStore } from '../storage/idb-piece-store.ts';
import { getShare } from '../storage/share-registry.ts';
import { attachmentDisposition } from './content-disposition.ts';
import { fileBlob } from './file-blob.ts';
import { fileStream } from './file-stream.ts';
import { savedFileName } from './safe-file-name.ts';
import { SAVE_PATH_PREFIX, takeSaveTicket } from './save-tickets.ts';

declare const self: ServiceWorkerGlobalScope;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(SAVE_PATH_PREFIX)) return;
  event.respondWith(save(url.pathname.slice(SAVE_PATH_PREFIX.length)));
});

async function save(ticket: string): Promise<Response> {
  const taken = await takeSaveTicket(ticket);
  if (!taken) return failure(404, 'This save link has expired. Press Save again.');
  const share = await getShare(taken.shareKey);
  const file = share?.manifest.files[taken.fileIndex];
  if (!share || !file) return failure(404, 'This share is no longer stored in this browser.');
  const pieces = new IdbPieceStore(taken.shareKey);
  const body =
    (await fileBlob(share.manifest, taken.fileIndex, pieces)) ??
    fileStream(share.manifest, taken.fileIndex, pieces);
  return new Response(body, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(file.size),
      'content-disposition': attachmentDisposition(savedFileName(file.path)),
      'cache-control': 'no-store',
    },
  });
}

function failure(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
