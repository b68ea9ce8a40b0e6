import { describe, expect, it } from 'vitest';
import { describeStore } from './webtorrent-store.ts';

const SIZE = 32 * 1024 * 1024;

describe('describeStore', () => {
  it('names fsa-chunk-store when the torrent sits whole in the Origin Private File System', () => {
    const store = describeStore({ fileSystemAccess: true, opfsFiles: 1024, opfsBytes: SIZE }, SIZE);
    expect(store).toMatch(/^fsa-chunk-store/);
    expect(store).toContain('1024 files');
  });

  it('names memory-chunk-store when the browser has no file-system store and nothing was written', () => {
    const store = describeStore({ fileSystemAccess: false, opfsFiles: null, opfsBytes: 0 }, SIZE);
    expect(store).toMatch(/^memory-chunk-store/);
  });

  it('says unknown rather than guess when the file system holds part of the torrent', () => {
    const store = describeStore({ fileSystemAccess: true, opfsFiles: 3, opfsBytes: 3 }, SIZE);
    expect(store).toMatch(/^unknown/);
  });
});
