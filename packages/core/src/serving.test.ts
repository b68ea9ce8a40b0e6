import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES } from './blocks.ts';
import { ShareLayout } from './layout.ts';
import { requestProblem } from './serving.ts';

describe('requestProblem', () => {
  const PIECE = 256 * 1024;
  // Two whole pieces and a last piece of BLOCK_BYTES + 100 bytes.
  const layout = new ShareLayout([{ size: 2 * PIECE + BLOCK_BYTES + 100 }], PIECE);

  it('accepts whole blocks on the block grid, and the short last block of the last piece', () => {
    for (const request of [
      { index: 0, begin: 0, length: BLOCK_BYTES },
      { index: 1, begin: PIECE - BLOCK_BYTES, length: BLOCK_BYTES },
      { index: 2, begin: 0, length: BLOCK_BYTES },
      { index: 2, begin: BLOCK_BYTES, length: 100 },
    ]) {
      expect(requestProblem(layout, request), JSON.stringify(request)).toBeUndefined();
    }
  });

  it.each([
    ['a piece past the last', { index: 3, begin: 0, length: BLOCK_BYTES }, /no piece 3/],
    ['a negative piece', { index: -1, begin: 0, length: BLOCK_BYTES }, /no piece -1/],
    ['a fractional piece', { index: 0.5, begin: 0, length: BLOCK_BYTES }, /no piece/],
    ['a block past the end of a piece', { index: 0, begin: PIECE, length: BLOCK_BYTES }, /past/],
    ['a block off the grid', { index: 0, begin: 1, length: BLOCK_BYTES }, /grid/],
    ['a negative begin', { index: 0, begin: -BLOCK_BYTES, length: BLOCK_BYTES }, /grid/],
    ['one byte', { index: 0, begin: 0, length: 1 }, /whole block/],
    ['a block and a byte', { index: 0, begin: 0, length: BLOCK_BYTES + 1 }, /whole block/],
    ['an empty block', { index: 0, begin: 0, length: 0 }, /whole block/],
    ['a short last block cut shorter', { index: 2, begin: BLOCK_BYTES, length: 99 }, /whole block/],
    ['a last block made longer', { index: 2, begin: BLOCK_BYTES, length: 101 }, /whole block/],
  ])('refuses %s', (_what, request, reason) => {
    expect(requestProblem(layout, request)).toMatch(reason);
  });
});
