import { describe, expect, it } from 'vitest';
import { CheckedStore, PieceOracle } from './checked-store.ts';

describe('CheckedStore', () => {
  it('keeps a correct piece as the one shared copy and notes when it first arrived', async () => {
    let now = 5;
    const piece = new Uint8Array([1, 2, 3]);
    const oracle = new PieceOracle([piece], () => now);
    const store = new CheckedStore(oracle);
    await store.put(0, new Uint8Array([1, 2, 3]));
    now = 9;
    await new CheckedStore(oracle).put(0, new Uint8Array([1, 2, 3]));
    expect(await store.get(0)).toBe(piece);
    expect(oracle.wrongPieces).toBe(0);
    expect(oracle.firstStoredAt[0]).toBe(5);
  });

  it('counts a piece that differs from the file, and keeps it as it came', async () => {
    const oracle = new PieceOracle([new Uint8Array([1, 2, 3])], () => 0);
    const store = new CheckedStore(oracle);
    await store.put(0, new Uint8Array([1, 2, 4]));
    await store.put(1, new Uint8Array([9]));
    expect(oracle.wrongPieces).toBe(2);
    expect([...(await store.get(0))!]).toEqual([1, 2, 4]);
    expect(Number.isNaN(oracle.firstStoredAt[0]!)).toBe(true);
  });
});
