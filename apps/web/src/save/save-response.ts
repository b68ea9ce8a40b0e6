// The service worker's answer to /save/<ticket>, once the ticket is taken: one
// file of a share, or files of it as one ZIP, read from the share's piece store.
// The store is closed as soon as nothing will read it any more, since an open
// connection holds up a Delete of the share until the browser stops the worker.
import type { Manifest } from '@shoal/protocol';
import { shareTitle } from '../ui/share-title.ts';
import { attachmentDisposition } from './content-disposition.ts';
import { fileBlob } from './file-blob.ts';
import { fileStream } from './file-stream.ts';
import { releaseAtEnd } from './release-at-end.ts';
import { safeFileName, savedFileName } from './safe-file-name.ts';
import type { SaveRequest } from './save-request.ts';
import { shareZip, type ZipPieceSource } from './share-zip.ts';

export const GONE = 'This share is no longer stored in this browser.';

/** What a save reads: IdbPieceStore, or an in-memory store in tests. */
export interface SaveStore extends ZipPieceSource {
  /** Closes the store's connection to its database. */
  close(): Promise<void>;
}

export interface SaveAnswer {
  manifest: Manifest;
  request: SaveRequest;
  pieces: SaveStore;
  /** Keeps the worker running while a ZIP is read (KeepAlive.hold). */
  hold<T>(stream: ReadableStream<T>): ReadableStream<T>;
  /** The date the ZIP's entries carry. */
  now: Date;
}

/**
 * The response to a save. The store is closed at once for a file answered as a
 * Blob of its stored pieces (the browser reads those from IndexedDB's own
 * files, not through this connection) and for a failure; for a body read from
 * the store (a ZIP, or pieces an older version stored as bytes), when that body
 * has been read to its end, has failed, or has been cancelled.
 */
export async function saveResponse(answer: SaveAnswer): Promise<Response> {
  const { manifest, request, pieces } = answer;
  const close = () => void pieces.close().catch(() => undefined);
  try {
    if ('fileIndices' in request) {
      const { fileIndices } = request;
      if (!fileIndices.every((index) => manifest.files[index])) {
        close();
        return failure(404, GONE);
      }
      const zip = shareZip(manifest, fileIndices, pieces, answer.now);
      const title = request.title ?? shareTitle(manifest.files.map((f) => f.path));
      const body = answer.hold(releaseAtEnd(zip.stream, close));
      return attachment(body, zip.length, 'application/zip', safeFileName(`${title}.zip`));
    }
    const file = manifest.files[request.fileIndex];
    if (!file) {
      close();
      return failure(404, GONE);
    }
    const blob = await fileBlob(manifest, request.fileIndex, pieces);
    if (blob) close();
    const body = blob ?? releaseAtEnd(fileStream(manifest, request.fileIndex, pieces), close);
    return attachment(body, file.size, 'application/octet-stream', savedFileName(file.path));
  } catch (error) {
    close();
    throw error;
  }
}

function attachment(
  body: BodyInit,
  length: number | bigint,
  type: string,
  fileName: string,
): Response {
  return new Response(body, {
    headers: {
      'content-type': type,
      'content-length': String(length),
      'content-disposition': attachmentDisposition(fileName),
      'cache-control': 'no-store',
    },
  });
}

export function failure(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
