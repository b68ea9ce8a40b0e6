import { describe, expect, it } from 'vitest';
import { ShareLayout } from './layout.ts';
import { requestInRange } from './serving.ts';

describe('requestInRange', () => {
  const layout = new ShareLayout([{ size: 2 * 256 * 1024 + 100 }], 256 * 1024);

  it('accepts blocks inside a piece, up to the short last piece', () => {
    expect(requestInRange(layout, { index: 0, begin: 0, length: 32_768 })).toBe(true);
    expect(requestInRange(layout, { index: 1, begin: 256 * 1024 - 10, length: 10 })).toBe(true);
    expect(requestInRange(layout, { index: 2, begin: 0, length: 100 })).toBe(true);
  });

  it('refuses pieces past the end, blocks past a piece, empty and oversized blocks', () => {
    for (const request of [
      { index: 3, begin: 0, length: 1 },
      { index: -1, begin: 0, length: 1 },
      { index: 2, begin: 0, length: 101 },
      { index: 2, begin: 100, length: 1 },
      { index: 0, begin: 256 * 1024 - 10, length: 11 },
      { index: 0, begin: 0, length: 0 },
      { index: 0, begin: 0, length: 65_521 },
      { index: 0, begin: -1, length: 1 },
      { index: 0.5, begin: 0, length: 1 },
    ]) {
      expect(requestInRange(layout, request), JSON.stringify(request)).toBe(false);
    }
  });
});
