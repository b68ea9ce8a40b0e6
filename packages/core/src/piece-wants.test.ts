import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import { ShareLayout } from './layout.ts';
import { PieceWants, STREAM_WINDOW_BYTES, STREAM_WINDOW_MIN_PIECES } from './piece-wants.ts';

const MiB = 1024 * 1024;

/** Pieces of 1 MiB over files of 2.5, 0, 1 and 4.5 MiB: piece 2 holds a.bin's end and c.bin. */
function layout() {
  return new ShareLayout(
    [{ size: 2.5 * MiB }, { size: 0 }, { size: 1 * MiB }, { size: 4.5 * MiB }],
    MiB,
  );
}

const wantedOf = (wants: PieceWants) => [...wants.wanted.indices()];

describe('PieceWants', () => {
  it('wants every piece until files are chosen', () => {
    const wants = new PieceWants(layout());
    expect(wants.files).toBeNull();
    expect(wantedOf(wants)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('wants the pieces of the chosen files, including a piece one of them shares with an unchosen file', () => {
    const wants = new PieceWants(layout());
    wants.selectFiles([2]);
    // c.bin is bytes [2.5, 3.5) MiB: pieces 2 and 3, which it shares with a.bin and d.bin.
    expect(wantedOf(wants)).toEqual([2, 3]);
    expect(wants.wants(0)).toBe(false);
    wants.selectFiles([0, 1]);
    expect(wantedOf(wants)).toEqual([0, 1, 2]);
  });

  it('choosing every file is the same as choosing none in particular', () => {
    const wants = new PieceWants(layout());
    wants.selectFiles([3, 2, 1, 0, 0]);
    expect(wants.files).toBeNull();
    wants.selectFiles([3, 0]);
    expect(wants.files).toEqual([0, 3]);
  });

  it('refuses a file the manifest does not have, and keeps the choice it had', () => {
    const wants = new PieceWants(layout());
    wants.selectFiles([0]);
    expect(() => wants.selectFiles([4])).toThrow(RangeError);
    expect(() => wants.selectFiles([-1])).toThrow(RangeError);
    expect(() => wants.selectFiles([0.5])).toThrow(RangeError);
    expect(wants.files).toEqual([0]);
  });

  it('is satisfied once every wanted piece is in, and counts what is missing', () => {
    const wants = new PieceWants(layout());
    wants.selectFiles([2]);
    const have = new Bitfield(8);
    expect(wants.missing(have)).toBe(2);
    have.set(2);
    expect(wants.satisfiedBy(have)).toBe(false);
    have.set(3);
    expect(wants.satisfiedBy(have)).toBe(true);
    expect(wants.missing(have)).toBe(0);
  });

  it("focus puts the pieces from the reader's offset first, in order, and stops at the file's end", () => {
    const wants = new PieceWants(layout());
    // d.bin starts at 3.5 MiB; its byte 1 MiB is share byte 4.5 MiB, in piece 4.
    wants.focus(3, 1 * MiB);
    const span = Math.max(STREAM_WINDOW_MIN_PIECES, STREAM_WINDOW_BYTES / MiB);
    expect(wants.ahead).toEqual([4, 5, 6, 7].slice(0, span));
    wants.focus(3, 4 * MiB);
    expect(wants.ahead).toEqual([7]);
    // An offset past the end reads the last byte's piece; a negative one the first.
    wants.focus(3, 99 * MiB);
    expect(wants.ahead).toEqual([7]);
    wants.focus(0, -5);
    expect(wants.ahead[0]).toBe(0);
  });

  it('wants the window even outside the chosen files, and is not satisfied until it is in', () => {
    const wants = new PieceWants(layout());
    wants.selectFiles([0]);
    const have = new Bitfield(8);
    for (const i of [0, 1, 2]) have.set(i);
    expect(wants.satisfiedBy(have)).toBe(true);
    wants.focus(3, 4 * MiB);
    expect(wants.wants(7)).toBe(true);
    expect(wants.satisfiedBy(have)).toBe(false);
    wants.unfocus();
    expect(wants.wants(7)).toBe(false);
    expect(wants.satisfiedBy(have)).toBe(true);
  });

  it('a zero-byte file needs no piece and makes no window', () => {
    const wants = new PieceWants(layout());
    wants.selectFiles([1]);
    expect(wantedOf(wants)).toEqual([]);
    expect(wants.satisfiedBy(new Bitfield(8))).toBe(true);
    wants.focus(1, 0);
    expect(wants.ahead).toEqual([]);
  });
});
