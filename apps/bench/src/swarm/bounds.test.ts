import { describe, expect, it } from 'vitest';
import { clientServerTime, p2pLowerBound } from './bounds.ts';

const MiB = 1024 * 1024;

describe('the distribution bounds', () => {
  it('is the sharer sending one copy when downloaders add as much upload as they take', () => {
    const c = { fileBytes: 16 * MiB, downloaders: 1000, sharerUpload: MiB, downloaderUpload: MiB };
    // max(16, 1000 * 16 / 1001) = 16 s.
    expect(p2pLowerBound(c)).toBe(16);
    expect(clientServerTime(c)).toBe(16_000);
  });

  it('is the sum of uplinks when downloaders upload slowly', () => {
    const c = { fileBytes: 10 * MiB, downloaders: 9, sharerUpload: 10 * MiB, downloaderUpload: 0 };
    // max(1, 9 * 10 / 10) = 9 s: no better than client-server.
    expect(p2pLowerBound(c)).toBe(9);
    expect(clientServerTime(c)).toBe(9);
  });

  it('counts the sharer in the sum of uplinks', () => {
    const c = { fileBytes: 12, downloaders: 3, sharerUpload: 2, downloaderUpload: 2 };
    // max(12 / 2, 3 * 12 / (2 + 6)) = max(6, 4.5).
    expect(p2pLowerBound(c)).toBe(6);
    const slowSharer = { ...c, sharerUpload: 1, downloaderUpload: 4 };
    // max(12, 36 / 13).
    expect(p2pLowerBound(slowSharer)).toBe(12);
  });
});
