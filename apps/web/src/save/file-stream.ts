// Streams one file of a share out of its stored pieces, one piece at a time, so
// saving a multi-GiB file never holds more than one piece in memory. Only for
// pieces stored as bytes (by versions before pieces were Blobs, see file-blob.ts):
// every piece read this way stays in memory until the service worker's next
// garbage collection, which let a 1 GiB save grow the worker's renderer by ~150 MiB.
import { readFileFromStore, type PieceStore } from '@shoal/core';
import type { Manifest } from '@shoal/protocol';

/** What the stream reads pieces from: a store's get, nothing more. */
export type PieceReader = Pick<PieceStore, 'get'>;

/**
 * core's readFileFromStore as a ReadableStream of file `fileIndex`'s bytes; it
 * errors (ShoalError store-failed) if a piece is missing.
 */
export function fileStream(
  manifest: Manifest,
  fileIndex: number,
  pieces: PieceReader,
): ReadableStream<Uint8Array> {
  const bytes = readFileFromStore(pieces, manifest, fileIndex);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await bytes.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel() {
        await bytes.return(undefined);
      },
    },
    // One piece ahead at most: the disk writer sets the pace.
    { highWaterMark: 1 },
  );
}
