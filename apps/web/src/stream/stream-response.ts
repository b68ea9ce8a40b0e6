// The service worker's answer to a player's request for a file that may still
// be arriving: the requested range, read piece by piece from the store, and
// where a piece is missing, a wait for it (the page fetches it first, see
// PieceArrivals) instead of a failure. The player sees a slow server, which it
// knows how to handle: it buffers, shows a spinner, and plays on.
import { ShareLayout } from '@shoal/core';
import type { Manifest } from '@shoal/protocol';
import { releaseAtEnd } from '../save/release-at-end.ts';
import { parseRange } from './byte-range.ts';
import { mediaTypeOf } from './media-kind.ts';

export interface StreamPieces {
  get(index: number): Promise<Uint8Array | undefined>;
}

export interface StreamRequest {
  manifest: Manifest;
  fileIndex: number;
  /** The request's Range header, or null. */
  range: string | null;
  pieces: StreamPieces;
  /**
   * Resolves when piece `index` may have arrived (the caller looks again), after
   * telling the page that a reader waits at byte `offset` of the file.
   */
  waitForPiece(index: number, offset: number, signal: AbortSignal): Promise<void>;
  /**
   * Aborts when the store can no longer be read (a delete of the share closed
   * it): the body then fails at once rather than wait for a piece that will not come.
   */
  gone?: AbortSignal;
  /** Nothing will read the store for this response any more: its body ended, failed or was cancelled. */
  done?(): void;
}

/**
 * Headers every streamed file carries. The bytes are a stranger's: the browser
 * must not sniff them into a type that runs (nosniff), and if the URL is ever
 * opened as a page, it runs nothing (sandbox, no sources).
 */
const SAFETY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "sandbox; default-src 'none'",
  'cache-control': 'no-store',
};

export function streamResponse(request: StreamRequest): Response {
  const { manifest, fileIndex } = request;
  const file = manifest.files[fileIndex];
  if (file === undefined) {
    request.done?.();
    return new Response('No such file in this share.', { status: 404, headers: SAFETY_HEADERS });
  }
  const range = parseRange(request.range, file.size);
  if (range === 'unsatisfiable') {
    request.done?.();
    return new Response(null, {
      status: 416,
      headers: { ...SAFETY_HEADERS, 'content-range': `bytes */${file.size}` },
    });
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  const headers: Record<string, string> = {
    ...SAFETY_HEADERS,
    'content-type': mediaTypeOf(file) || 'application/octet-stream',
    'accept-ranges': 'bytes',
    'content-length': String(end - start + 1),
  };
  if (range !== null) headers['content-range'] = `bytes ${start}-${end}/${file.size}`;
  const done = () => request.done?.();
  if (file.size === 0) done();
  const body = file.size === 0 ? null : releaseAtEnd(rangeStream(request, start, end), done);
  return new Response(body, { status: range === null ? 200 : 206, headers });
}

/** Bytes [start, end] of the file, one piece's worth per pull, waiting for pieces not stored yet. */
function rangeStream(
  request: StreamRequest,
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  const layout = ShareLayout.of(request.manifest);
  const fileStart = layout.fileOffset(request.fileIndex)!;
  const cancelled = new AbortController();
  let position = start;
  const gone = request.gone;
  /** A wait for a piece ends when the player cancels or the store goes. */
  const stopWaiting = gone ? AbortSignal.any([cancelled.signal, gone]) : cancelled.signal;
  const read = async (index: number) => {
    if (gone?.aborted) throw new StoreGoneError();
    return request.pieces.get(index);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const at = fileStart + position;
        const index = Math.floor(at / layout.pieceSize);
        let piece = await read(index);
        while (piece === undefined) {
          await request.waitForPiece(index, position, stopWaiting);
          if (cancelled.signal.aborted) return;
          piece = await read(index);
        }
        const pieceStart = index * layout.pieceSize;
        const from = at - pieceStart;
        const to = Math.min(piece.length, fileStart + end + 1 - pieceStart);
        controller.enqueue(piece.subarray(from, to));
        position += to - from;
        if (position > end) controller.close();
      },
      cancel() {
        cancelled.abort();
      },
    },
    // One piece read ahead of the player at most: the player's own buffer is the queue.
    { highWaterMark: 0 },
  );
}

/** The store closed under a stream (its share was deleted): the rest of the file will not come. */
export class StoreGoneError extends Error {
  constructor() {
    super('This share is no longer stored in this browser.');
    this.name = 'StoreGoneError';
  }
}
