// "Save all": files of a share as one ZIP archive, streamed. Each entry's bytes
// are read from the stored pieces only when the archive reaches it (file-blob.ts,
// or file-stream.ts for pieces stored as bytes), so the archive is never held in
// memory whole. client-zip writes it: entries stored as they are (client-zip does
// not compress, and a compressed archive's length could not be known in advance),
// Zip64 fields wherever a file or an offset passes 4 GiB, and a length known
// before the first byte, so the download manager is told the size and shows progress.
import { makeZip, predictLength } from 'client-zip';
import type { Manifest } from '@shoal/protocol';
import { fileBlob, type StoredBlobReader } from './file-blob.ts';
import { fileStream, type PieceReader } from './file-stream.ts';
import { zipEntryNames } from './zip-entry-names.ts';

/** Where the archive's bytes come from: IdbPieceStore, or an in-memory store in tests. */
export type ZipPieceSource = StoredBlobReader & PieceReader;

export interface ShareZip {
  /** The archive's bytes, produced as they are read. */
  stream: ReadableStream<Uint8Array>;
  /** The archive's exact length in bytes. */
  length: bigint;
}

/**
 * Files `fileIndices` of a share (in that order) as a ZIP archive. Each entry is
 * named by its manifest path made safe (zipEntryNames) and dated `modified`: the
 * manifest carries no modification times. Throws a RangeError for an index the
 * manifest does not have, and for an index given twice.
 */
export function shareZip(
  manifest: Manifest,
  fileIndices: readonly number[],
  pieces: ZipPieceSource,
  modified: Date,
): ShareZip {
  if (new Set(fileIndices).size !== fileIndices.length)
    throw new RangeError('a file appears twice in the archive');
  const files = fileIndices.map((index) => {
    const file = manifest.files[index];
    if (!file) throw new RangeError(`the share has no file ${index}`);
    return { index, size: file.size, path: file.path };
  });
  const names = zipEntryNames(files.map((file) => file.path));
  // A zero size still says "file" here: an entry with neither size nor input is a folder.
  const length = predictLength(files.map(({ size }, i) => ({ name: names[i]!, size })));
  async function* entries() {
    for (const [i, { index, size }] of files.entries()) {
      const input =
        (await fileBlob(manifest, index, pieces)) ?? fileStream(manifest, index, pieces);
      yield { name: names[i]!, input, size, lastModified: modified };
    }
  }
  return { stream: makeZip(entries()), length };
}
