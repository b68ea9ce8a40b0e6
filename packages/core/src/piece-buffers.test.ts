import { describe, expect, it } from 'vitest';
import { PieceBuffers, SPARE_PIECE_BUFFERS } from './piece-buffers.ts';

describe('PieceBuffers', () => {
  it('hands a returned buffer out again for a piece of the same length', () => {
    const buffers = new PieceBuffers();
    const first = buffers.take(1024);
    buffers.give(first);
    expect(buffers.take(1024)).toBe(first);
  });

  it('makes a new buffer when no spare one has the length asked for', () => {
    const buffers = new PieceBuffers();
    const long = buffers.take(1024);
    buffers.give(long);
    const short = buffers.take(100);
    expect(short).not.toBe(long);
    expect(short.length).toBe(100);
    expect(buffers.take(1024)).toBe(long);
  });

  it(`keeps at most ${SPARE_PIECE_BUFFERS} spares, so a burst of stored pieces does not stay in memory`, () => {
    const buffers = new PieceBuffers();
    const given = Array.from({ length: SPARE_PIECE_BUFFERS + 2 }, () => buffers.take(8));
    for (const buffer of given) buffers.give(buffer);
    const again = new Set(Array.from({ length: SPARE_PIECE_BUFFERS + 2 }, () => buffers.take(8)));
    expect(given.filter((buffer) => again.has(buffer))).toHaveLength(SPARE_PIECE_BUFFERS);
  });
});
