import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES } from './blocks.ts';
import type { Sha256 } from './interfaces.ts';
import { MemoryPieceStore } from './memory/memory-store.ts';
import { PieceVerifier } from './piece-verifier.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();

/** Two pieces of two blocks each, and the manifest's hashes of them. */
const pieces = [0, 1].map((n) =>
  Uint8Array.from({ length: 2 * BLOCK_BYTES }, (_, i) => (i * (n + 3)) % 251),
);
const pieceHashes = pieces.map(
  (piece) => new Uint8Array(createHash('sha256').update(piece).digest()),
);

function spoiled(index: number, at: number): Uint8Array {
  const copy = pieces[index]!.slice();
  copy[at]! ^= 1;
  return copy;
}

function verifier(options: { store?: MemoryPieceStore; hasher?: Sha256 } = {}) {
  const store = options.store ?? new MemoryPieceStore();
  const check = new PieceVerifier({ pieceHashes, store, sha256: options.hasher ?? sha256 });
  return { store, check };
}

describe('PieceVerifier', () => {
  it('stores a piece whose SHA-256 is the manifest hash, byte for byte', async () => {
    const { store, check } = verifier();
    expect(await check.verifyAndStore(1, pieces[1]!)).toEqual({ kind: 'stored' });
    expect(await store.get(1)).toEqual(pieces[1]);
  });

  it('never stores a piece with one bit changed', async () => {
    const { store, check } = verifier();
    expect(await check.verifyAndStore(0, spoiled(0, 12_345))).toEqual({ kind: 'corrupt' });
    expect(store.putLog).toEqual([]);
  });

  it("never stores one piece's bytes under another piece's index", async () => {
    const { store, check } = verifier();
    expect(await check.verifyAndStore(0, pieces[1]!)).toEqual({ kind: 'corrupt' });
    expect(await check.verifyAndStore(2, pieces[1]!)).toEqual({ kind: 'corrupt' });
    expect(store.putLog).toEqual([]);
  });

  it('calls a piece unhashed, not corrupt, when the hasher fails, and stores nothing', async () => {
    const { store, check } = verifier({
      hasher: () => Promise.reject(new Error('worker crashed')),
    });
    expect(await check.verifyAndStore(0, pieces[0]!)).toEqual({ kind: 'unhashed' });
    expect(store.putLog).toEqual([]);
  });

  it("reports the store's refusal of a verified piece with its error", async () => {
    const { check } = verifier({ store: new MemoryPieceStore({ quota: BLOCK_BYTES }) });
    const verdict = await check.verifyAndStore(0, pieces[0]!);
    expect(verdict.kind).toBe('store-failed');
    expect(verdict.kind === 'store-failed' && verdict.error).toMatchObject({
      code: 'quota-exceeded',
    });
  });

  it('names, once the piece verifies, the peer whose block of an earlier corrupt copy differs', async () => {
    const { check } = verifier();
    const corrupt = spoiled(1, BLOCK_BYTES + 7);
    expect(await check.verifyAndStore(1, corrupt)).toEqual({ kind: 'corrupt' });
    check.suspect(1, corrupt, ['honest', 'liar']);
    expect(await check.verifyAndStore(1, pieces[1]!)).toEqual({ kind: 'stored' });
    expect(await check.liars(1, pieces[1]!)).toEqual(['liar']);
  });
});
