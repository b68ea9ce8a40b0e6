// Reads one piece from a share's files, one range per file: never a whole file.
import type { FileSource } from './interfaces.ts';
import type { ShareLayout } from './layout.ts';

/** Reads piece `index` by concatenating its spans from `sources` (in manifest order). */
export async function readPieceFromSources(
  sources: readonly FileSource[],
  layout: ShareLayout,
  index: number,
): Promise<Uint8Array> {
  const spans = layout.spans(index);
  if (spans.length === 1) {
    const span = spans[0]!;
    return sources[span.fileIndex]!.read(span.start, span.end);
  }
  const piece = new Uint8Array(layout.pieceLength(index));
  let offset = 0;
  for (const span of spans) {
    const bytes = await sources[span.fileIndex]!.read(span.start, span.end);
    piece.set(bytes.subarray(0, span.end - span.start), offset);
    offset += span.end - span.start;
  }
  return piece;
}
