import { describe, expect, it } from 'vitest';
import { PIECE_CACHE_BYTES, PieceCache } from './piece-cache.ts';

describe('PieceCache', () => {
  it('loads a piece once for all its blocks, and once for concurrent readers', async () => {
    const loads: number[] = [];
    const cache = new PieceCache(async (i) => (loads.push(i), new Uint8Array(4)), 256 * 1024);
    await Promise.all([cache.get(1), cache.get(1), cache.get(2)]);
    await cache.get(1);
    expect(loads).toEqual([1, 2]);
  });

  it('keeps about PIECE_CACHE_BYTES of pieces, least recently used out first', async () => {
    const pieceSize = PIECE_CACHE_BYTES / 4;
    const loads: number[] = [];
    const cache = new PieceCache(async (i) => (loads.push(i), new Uint8Array(1)), pieceSize);
    for (const i of [0, 1, 2, 3, 0, 4, 0, 1]) await cache.get(i);
    // 0..3 fill it; 0 is touched again, so 4 evicts 1, which then loads again.
    expect(loads).toEqual([0, 1, 2, 3, 4, 1]);
  });

  it('does not keep failures', async () => {
    let calls = 0;
    const cache = new PieceCache(async () => (++calls === 1 ? undefined : new Uint8Array(1)), 1024);
    expect(await cache.get(0)).toBeUndefined();
    expect(await cache.get(0)).toEqual(new Uint8Array(1));
  });
});
