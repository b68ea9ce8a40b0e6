// Reads one piece from a share's files, one range per file: never a whole file.
import type { FileSource } from './interfaces.ts';
import type { ShareLayout } from './layout.ts';

/** Reads piece `index` from `sources` (in manifest order), one range per file it spans. */
export async function readPieceFromSources(
  sources: readonly FileSource[],
  layout: ShareLayout,
  index: number,
): Promise<Uint8Array> {
  const [piece] = await readPiecesFromSources(sources, layout, index, index + 1);
  return piece!;
}

/**
 * Reads pieces [first, last) with one read per file they touch, and returns a
 * view per piece. Fewer, larger reads: a browser pays a round trip per read.
 */
export async function readPiecesFromSources(
  sources: readonly FileSource[],
  layout: ShareLayout,
  first: number,
  last: number,
): Promise<Uint8Array[]> {
  const start = first * layout.pieceSize;
  const end = Math.min(layout.totalSize, last * layout.pieceSize);
  const spans = layout.spansOfRange(start, end);
  const reads = spans.map((span) => sources[span.fileIndex]!.read(span.start, span.end));
  let bytes: Uint8Array;
  if (reads.length === 1) {
    bytes = await reads[0]!;
  } else {
    bytes = new Uint8Array(end - start);
    let offset = 0;
    for (const [i, read] of reads.entries()) {
      const part = await read;
      const length = spans[i]!.end - spans[i]!.start;
      bytes.set(part.subarray(0, length), offset);
      offset += length;
    }
  }
  const pieces: Uint8Array[] = [];
  for (let index = first; index < last; index++) {
    const at = (index - first) * layout.pieceSize;
    pieces.push(bytes.subarray(at, at + layout.pieceLength(index)));
  }
  return pieces;
}
