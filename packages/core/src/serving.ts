// What we serve: which requests are in range, and where a piece's bytes come from.
import type { Manifest } from '@shoal/protocol';
import { BLOCK_BYTES, type BlockRequest } from './blocks.ts';
import { constantTimeEqual } from './bytes.ts';
import type { Sha256 } from './interfaces.ts';
import type { ShareLayout } from './layout.ts';
import { readPieceFromSources } from './piece-reader.ts';
import type { SharePieces } from './share-state.ts';

/**
 * What is wrong with a request, or undefined for one we would serve: it must
 * name one whole block of a piece in the share, on the block grid (begin a
 * multiple of BLOCK_BYTES, length BLOCK_BYTES or, at a piece's end, what is
 * left). Honest peers ask for nothing else; anything else is a protocol error,
 * and tiny requests would make us load a whole piece for a byte.
 */
export function requestProblem(
  layout: ShareLayout,
  { index, begin, length }: BlockRequest,
): string | undefined {
  const pieceLength = layout.pieceLength(index);
  if (pieceLength === 0) return `no piece ${index} in a share of ${layout.pieceCount}`;
  if (!Number.isInteger(begin) || begin < 0 || begin % BLOCK_BYTES !== 0) {
    return `block at ${begin} is not on the ${BLOCK_BYTES}-byte block grid`;
  }
  if (begin >= pieceLength) return `block at ${begin} is past the end of piece ${index}`;
  const whole = Math.min(BLOCK_BYTES, pieceLength - begin);
  if (length !== whole) {
    return `block at ${begin} of piece ${index} is ${length} bytes, not the whole block (${whole})`;
  }
  return undefined;
}

/**
 * Loads a whole piece for serving. From files, a file edited after its
 * manifest was built must not be served as the original: a source that fails
 * its reads once its file changed (a browser File) is trusted as read; from
 * any other, the piece is hashed first. From the store, pieces were verified
 * before they were put.
 */
export function pieceLoader(options: {
  manifest: Manifest;
  layout: ShareLayout;
  pieces: SharePieces;
  sha256: Sha256;
  onSourceChanged: (index: number) => void;
}): (index: number) => Promise<Uint8Array | undefined> {
  const { manifest, layout, pieces, sha256, onSourceChanged } = options;
  if ('store' in pieces) return (index) => pieces.store.get(index);
  const sources = pieces.files;
  const checkedByReads = sources.every((source) => source.failsWhenChanged === true);
  return async (index) => {
    let piece: Uint8Array;
    try {
      piece = await readPieceFromSources(sources, layout, index);
    } catch {
      // Changed, moved or deleted since it was shared: this piece cannot be served.
      onSourceChanged(index);
      return undefined;
    }
    if (checkedByReads) return piece;
    const expected = manifest.pieceHashes[index];
    if (expected !== undefined && constantTimeEqual(await sha256(piece), expected)) return piece;
    onSourceChanged(index);
    return undefined;
  };
}
