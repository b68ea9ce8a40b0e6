// Reads one file of a share back out of the piece store, piece by piece, so the
// app can stream it to disk or a Blob without holding the whole file.
import type { Manifest } from '@shoal/protocol';
import { ShoalError } from './errors.ts';
import type { PieceStore } from './interfaces.ts';
import { ShareLayout } from './layout.ts';

/**
 * Yields the bytes of `manifest.files[fileIndex]` in order, one piece's worth
 * at a time. Throws ShoalError 'store-failed' if a needed piece is missing.
 */
export async function* readFileFromStore(
  store: Pick<PieceStore, 'get'>,
  manifest: Manifest,
  fileIndex: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const layout = ShareLayout.of(manifest);
  for (const { index, start, end } of layout.filePieces(fileIndex)) {
    if (signal?.aborted) throw new ShoalError('aborted', 'Reading the file was aborted');
    const piece = await store.get(index);
    if (piece === undefined) {
      throw new ShoalError('store-failed', `Piece ${index} is not in the store`);
    }
    yield piece.subarray(start, end);
  }
}
