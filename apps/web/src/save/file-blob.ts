// One file of a share as a Blob made of its stored pieces' Blobs: the browser
// reads them from IndexedDB's own files as the download manager writes, and
// no byte of the file passes through JavaScript. Reading the pieces' bytes
// instead (file-stream.ts) leaves every piece read in the service worker's
// memory until its next garbage collection: saving 1 GiB that way grew the
// downloader by ~150 MiB at ~60 MiB/s; as one Blob, by ~25 MiB (4 GiB: ~45 MiB)
// at ~200 MiB/s.
import { ShareLayout } from '@shoal/core';
import type { Manifest } from '@shoal/protocol';

export interface StoredBlobReader {
  /** The Blobs of pieces `first` to `last`; undefined if any is missing or stored as bytes. */
  storedBlobs(first: number, last: number): Promise<Blob[] | undefined>;
}

/**
 * File `fileIndex` as one Blob, if every piece it spans is stored as a Blob;
 * else (a piece missing, or stored as bytes by an older version) undefined.
 */
export async function fileBlob(
  manifest: Manifest,
  fileIndex: number,
  pieces: StoredBlobReader,
): Promise<Blob | undefined> {
  const spans = ShareLayout.of(manifest).filePieces(fileIndex);
  if (spans.length === 0) return new Blob([]);
  const blobs = await pieces.storedBlobs(spans[0]!.index, spans.at(-1)!.index);
  if (!blobs) return undefined;
  return new Blob(
    spans.map(({ start, end }, i) => {
      const piece = blobs[i]!;
      // A slice is one more Blob for the browser to track: only where a file begins or ends.
      return start === 0 && end === piece.size ? piece : piece.slice(start, end);
    }),
  );
}
