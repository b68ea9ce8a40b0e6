import { describe, expect, it } from 'vitest';
import { ShareLayout } from './layout.ts';

describe('ShareLayout', () => {
  const layout = new ShareLayout(
    [{ size: 0 }, { size: 5 }, { size: 0 }, { size: 7 }, { size: 0 }],
    4,
  );

  it('counts pieces over the concatenation, with a short last piece', () => {
    expect(layout.totalSize).toBe(12);
    expect(layout.pieceCount).toBe(3);
    expect([0, 1, 2, 3].map((i) => layout.pieceLength(i))).toEqual([4, 4, 4, 0]);
    expect(new ShareLayout([{ size: 13 }], 4).pieceLength(3)).toBe(1);
  });

  it('maps pieces to file spans, skipping zero-byte files', () => {
    expect(layout.spans(0)).toEqual([{ fileIndex: 1, start: 0, end: 4 }]);
    expect(layout.spans(1)).toEqual([
      { fileIndex: 1, start: 4, end: 5 },
      { fileIndex: 3, start: 0, end: 3 },
    ]);
    expect(layout.spans(2)).toEqual([{ fileIndex: 3, start: 3, end: 7 }]);
  });

  it('maps a file back to the piece ranges holding it', () => {
    expect(layout.filePieces(3)).toEqual([
      { index: 1, start: 1, end: 4 },
      { index: 2, start: 0, end: 4 },
    ]);
    expect(layout.filePieces(0)).toEqual([]);
  });

  it('has no pieces when every file is empty', () => {
    expect(new ShareLayout([{ size: 0 }], 4).pieceCount).toBe(0);
  });
});
