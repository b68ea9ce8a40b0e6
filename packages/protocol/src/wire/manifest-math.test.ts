import { describe, expect, it } from 'vitest';
import { pieceCount, pieceLength, pieceLengthFor, totalSize } from './manifest-math.ts';
import { sampleManifest, SMALL_PIECE } from './sample-manifests.ts';

describe('piece arithmetic', () => {
  it('counts the pieces that cover a share, none for an empty one', () => {
    expect(pieceCount(0, SMALL_PIECE)).toBe(0);
    expect(pieceCount(1, SMALL_PIECE)).toBe(1);
    expect(pieceCount(SMALL_PIECE, SMALL_PIECE)).toBe(1);
    expect(pieceCount(SMALL_PIECE + 1, SMALL_PIECE)).toBe(2);
    expect(pieceCount(Number.MAX_SAFE_INTEGER, 2 ** 24)).toBe(2 ** 29);
  });

  it('sums file sizes, so pieces run across file boundaries', () => {
    const manifest = sampleManifest([{ size: 10 }, { size: 0 }, { size: SMALL_PIECE }]);
    expect(totalSize(manifest)).toBe(SMALL_PIECE + 10);
    expect(pieceLength(manifest, 0)).toBe(SMALL_PIECE);
    expect(pieceLength(manifest, 1)).toBe(10);
  });

  it('gives every piece pieceSize bytes except a shorter last one', () => {
    expect(pieceLengthFor(3 * SMALL_PIECE, SMALL_PIECE, 2)).toBe(SMALL_PIECE);
    expect(pieceLengthFor(2 * SMALL_PIECE + 5, SMALL_PIECE, 2)).toBe(5);
  });

  it('throws for a piece index outside the share', () => {
    expect(() => pieceLengthFor(10, SMALL_PIECE, 1)).toThrow(RangeError);
    expect(() => pieceLengthFor(10, SMALL_PIECE, -1)).toThrow(RangeError);
    expect(() => pieceLengthFor(0, SMALL_PIECE, 0)).toThrow(RangeError);
  });
});
