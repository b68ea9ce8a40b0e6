import { describe, expect, it } from 'vitest';
import { p2pLowerBoundSeconds } from './crowd-bound.ts';

describe('p2pLowerBoundSeconds', () => {
  it('is the sharer sending one copy when the crowd can carry the rest', () => {
    expect(
      p2pLowerBoundSeconds({
        fileBytes: 12,
        sharerUpload: 1,
        downloaderUploads: [1, 1, 1, 1, 1, 1],
      }),
    ).toBe(12);
  });

  it('is every copy over everyone’s upload when the crowd is many and slow', () => {
    expect(
      p2pLowerBoundSeconds({
        fileBytes: 10,
        sharerUpload: 4,
        downloaderUploads: Array(100).fill(1),
      }),
    ).toBeCloseTo((100 * 10) / 104);
  });
});
