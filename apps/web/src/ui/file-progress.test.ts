import type { Manifest } from '@shoal/protocol';
import { describe, expect, it } from 'vitest';
import { fileProgress } from './file-progress.ts';

/** Pieces of 10 bytes over a.bin (15), empty (0), c.bin (10): piece 1 holds the end of a and the start of c. */
const manifest: Manifest = {
  salt: new Uint8Array(16),
  pieceSize: 10,
  files: [
    { path: 'a.bin', size: 15, mimeType: '' },
    { path: 'empty', size: 0, mimeType: '' },
    { path: 'c.bin', size: 10, mimeType: '' },
  ],
  pieceHashes: [new Uint8Array(32), new Uint8Array(32), new Uint8Array(32)],
};

/** A bitfield of three pieces with `indices` set (MSB first). */
const bits = (...indices: number[]) =>
  Uint8Array.of(indices.reduce((byte, i) => byte | (0x80 >> i), 0));

describe('fileProgress', () => {
  it('counts the bytes of each file in stored pieces', () => {
    expect(fileProgress(manifest, bits(1))).toEqual([
      { storedBytes: 5, done: false },
      { storedBytes: 0, done: true },
      { storedBytes: 5, done: false },
    ]);
  });

  it('calls a file done only when every piece it spans is stored', () => {
    const progress = fileProgress(manifest, bits(0, 1));
    expect(progress[0]).toEqual({ storedBytes: 15, done: true });
    expect(progress[2]!.done).toBe(false);
    expect(fileProgress(manifest, bits(0, 1, 2)).every((f) => f.done)).toBe(true);
  });
});
