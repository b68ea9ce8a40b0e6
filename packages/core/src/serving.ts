// What we serve: which requests are in range, and where a piece's bytes come from.
import { MAX_BLOCK_BYTES, type Manifest } from '@shoal/protocol';
import type { BlockRequest } from './blocks.ts';
import { constantTimeEqual } from './bytes.ts';
import type { FileSource, PieceStore, Sha256 } from './interfaces.ts';
import type { ShareLayout } from './layout.ts';
import { readPieceFromSources } from './piece-reader.ts';

/** True when the request names bytes that exist in the share and fit one block. */
export function requestInRange(layout: ShareLayout, { index, begin, length }: BlockRequest) {
  const pieceLength = layout.pieceLength(index);
  return (
    pieceLength > 0 &&
    Number.isInteger(begin) &&
    Number.isInteger(length) &&
    begin >= 0 &&
    length >= 1 &&
    length <= MAX_BLOCK_BYTES &&
    begin + length <= pieceLength
  );
}

/**
 * Loads a whole piece for serving. From files, the piece is hashed first: a
 * file edited after its manifest was built must not be served as the original.
 * From the store, pieces were verified before they were put.
 */
export function pieceLoader(options: {
  manifest: Manifest;
  layout: ShareLayout;
  store: PieceStore;
  sources: readonly FileSource[] | undefined;
  sha256: Sha256;
  onSourceChanged: (index: number) => void;
}): (index: number) => Promise<Uint8Array | undefined> {
  const { manifest, layout, store, sources, sha256 } = options;
  if (sources === undefined) return (index) => store.get(index);
  return async (index) => {
    const piece = await readPieceFromSources(sources, layout, index);
    const expected = manifest.pieceHashes[index];
    if (expected !== undefined && constantTimeEqual(await sha256(piece), expected)) return piece;
    options.onSourceChanged(index);
    return undefined;
  };
}
