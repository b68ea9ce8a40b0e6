import { describe, expect, it } from 'vitest';
import {
  choosePieceSize,
  COMFORTABLE_PIECE_SIZE,
  PREFERRED_PIECES,
  TARGET_MAX_PIECES,
} from './piece-size.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

describe('choosePieceSize', () => {
  it('uses 256 KiB for shares of up to 256 such pieces', () => {
    expect(choosePieceSize(0)).toBe(256 * KiB);
    expect(choosePieceSize(1)).toBe(256 * KiB);
    expect(choosePieceSize(PREFERRED_PIECES * 256 * KiB)).toBe(256 * KiB);
  });

  it('doubles pieces to stay at 256 or fewer until they reach 4 MiB', () => {
    expect(choosePieceSize(PREFERRED_PIECES * 256 * KiB + 1)).toBe(512 * KiB);
    expect(choosePieceSize(256 * MiB)).toBe(1 * MiB);
    expect(choosePieceSize(1 * GiB)).toBe(COMFORTABLE_PIECE_SIZE);
  });

  it('keeps 4 MiB pieces while the share has at most 2,000 of them', () => {
    expect(choosePieceSize(2 * GiB)).toBe(4 * MiB);
    expect(choosePieceSize(TARGET_MAX_PIECES * 4 * MiB)).toBe(4 * MiB);
    expect(choosePieceSize(TARGET_MAX_PIECES * 4 * MiB + 1)).toBe(8 * MiB);
    for (const size of [10 * GiB, 31 * GiB]) {
      const piece = choosePieceSize(size);
      expect(Math.ceil(size / piece)).toBeLessThanOrEqual(TARGET_MAX_PIECES);
      expect(Math.ceil(size / (piece / 2))).toBeGreaterThan(TARGET_MAX_PIECES);
    }
  });

  it('caps at 16 MiB for very large shares', () => {
    expect(choosePieceSize(100 * GiB)).toBe(16 * MiB);
  });
});
