import { describe, expect, it } from 'vitest';
import { choosePieceSize, TARGET_MAX_PIECES } from './piece-size.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

describe('choosePieceSize', () => {
  it('uses 256 KiB for anything up to 2,000 such pieces', () => {
    expect(choosePieceSize(0)).toBe(256 * KiB);
    expect(choosePieceSize(1)).toBe(256 * KiB);
    expect(choosePieceSize(2000 * 256 * KiB)).toBe(256 * KiB);
  });

  it('doubles as needed to stay at or under 2,000 pieces', () => {
    expect(choosePieceSize(2000 * 256 * KiB + 1)).toBe(512 * KiB);
    for (const size of [1 * GiB, 3 * GiB, 10 * GiB, 31 * GiB]) {
      const piece = choosePieceSize(size);
      expect(Math.ceil(size / piece)).toBeLessThanOrEqual(TARGET_MAX_PIECES);
      expect(Math.ceil(size / (piece / 2))).toBeGreaterThan(TARGET_MAX_PIECES);
    }
  });

  it('caps at 16 MiB for very large shares', () => {
    expect(choosePieceSize(100 * GiB)).toBe(16 * MiB);
  });
});
