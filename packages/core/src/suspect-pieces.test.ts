import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES } from './blocks.ts';
import type { Sha256 } from './interfaces.ts';
import { MAX_SUSPECT_PIECES, SuspectPieces } from './suspect-pieces.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();

/** Three blocks, the last one short. */
const good = Uint8Array.from({ length: 2 * BLOCK_BYTES + 100 }, (_, i) => i % 251);

describe('SuspectPieces', () => {
  it('names the senders whose blocks differ from the piece that verified, and no one else', async () => {
    const suspects = new SuspectPieces(sha256);
    const spoiled = good.slice();
    spoiled[BLOCK_BYTES + 5]! ^= 1;
    suspects.failed(7, spoiled, ['honest', 'liar', 'honest']);
    expect(await suspects.verified(7, good)).toEqual(['liar']);
    // Said once: the record is gone.
    expect(await suspects.verified(7, good)).toEqual([]);
  });

  it('compares every failed copy of a piece', async () => {
    const suspects = new SuspectPieces(sha256);
    const first = good.slice();
    first[0]! ^= 1;
    const second = good.slice();
    second[2 * BLOCK_BYTES]! ^= 1;
    suspects.failed(1, first, ['a', 'b', 'c']);
    suspects.failed(1, second, ['d', 'e', 'f']);
    expect((await suspects.verified(1, good)).sort()).toEqual(['a', 'f']);
  });

  it('forgets the oldest pieces beyond MAX_SUSPECT_PIECES', async () => {
    const suspects = new SuspectPieces(sha256);
    const spoiled = good.slice();
    spoiled[0]! ^= 1;
    for (let index = 0; index <= MAX_SUSPECT_PIECES; index++) {
      suspects.failed(index, spoiled, ['liar', 'x', 'x']);
    }
    expect(await suspects.verified(0, good)).toEqual([]);
    expect(await suspects.verified(MAX_SUSPECT_PIECES, good)).toEqual(['liar']);
  });
});
