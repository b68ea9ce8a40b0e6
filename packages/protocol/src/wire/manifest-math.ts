// Piece arithmetic the engine and the codec share.
import type { Manifest } from './manifest.ts';

/** Pieces that cover `totalSize` bytes: ceil(totalSize / pieceSize), 0 for an empty share. */
export function pieceCount(totalSize: number, pieceSize: number): number {
  return Math.ceil(totalSize / pieceSize);
}

/** Bytes of all files together. O(files): cache it when calling in a loop. */
export function totalSize(manifest: Manifest): number {
  let total = 0;
  for (const file of manifest.files) total += file.size;
  return total;
}

/**
 * Bytes in piece `index` of a share of `totalSize` bytes: pieceSize, except the last.
 * Throws RangeError for an index outside the share (a bug in the caller).
 */
export function pieceLengthFor(totalSize: number, pieceSize: number, index: number): number {
  const count = pieceCount(totalSize, pieceSize);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`piece ${index} is outside a share of ${count} pieces`);
  }
  return Math.min(pieceSize, totalSize - index * pieceSize);
}

/** Bytes in piece `index` of the manifest. O(files); see pieceLengthFor for hot loops. */
export function pieceLength(manifest: Manifest, index: number): number {
  return pieceLengthFor(totalSize(manifest), manifest.pieceSize, index);
}
