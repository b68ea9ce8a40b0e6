// Streams one file of a share out of its stored pieces, one piece at a time, so
// saving a multi-GiB file never holds more than one piece in memory. Only for
// pieces stored as bytes (by versions before pieces were Blobs, see file-blob.ts):
// every piece read this way stays in memory until the service worker's next
// garbage collection, which let a 1 GiB save grow the worker's renderer by ~150 MiB.
import { ShareLayout } from '@shoal/core';
import type { Manifest } from '@shoal/protocol';

export interface PieceReader {
  get(index: number): Promise<Uint8Array | undefined>;
}

export class MissingPieceError extends Error {
  constructor(readonly index: number) {
    super(`Piece ${index} is not stored yet`);
    this.name = 'MissingPieceError';
  }
}

/** A ReadableStream of file `fileIndex`'s bytes; errors if a piece is missing. */
export function fileStream(
  manifest: Manifest,
  fileIndex: number,
  pieces: PieceReader,
): ReadableStream<Uint8Array> {
  const spans = ShareLayout.of(manifest).filePieces(fileIndex);
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const span = spans[next++];
        if (!span) return controller.close();
        const piece = await pieces.get(span.index);
        if (!piece) throw new MissingPieceError(span.index);
        controller.enqueue(piece.subarray(span.start, span.end));
      },
    },
    // One piece ahead at most: the disk writer sets the pace.
    { highWaterMark: 1 },
  );
}
