import { describe, expect, it } from 'vitest';
import type { Manifest } from '@shoal/protocol';
import { fileBlob } from './file-blob.ts';

/** Files "abcde", "" and "fghijkl" over pieces of 4 bytes: piece 1 holds the end of one and the start of the other. */
const manifest: Manifest = {
  salt: new Uint8Array(32),
  pieceSize: 4,
  files: [
    { path: 'one.txt', size: 5, mimeType: 'text/plain' },
    { path: 'empty.txt', size: 0, mimeType: 'text/plain' },
    { path: 'two.txt', size: 7, mimeType: 'text/plain' },
  ],
  pieceHashes: [new Uint8Array(32), new Uint8Array(32), new Uint8Array(32)],
};
const bytes = new TextEncoder().encode('abcdefghijkl');
const piece = (index: number) => new Blob([bytes.slice(index * 4, index * 4 + 4)]);

/** A store holding `stored` (index → Blob, or undefined for missing or stored as bytes). */
function store(stored: (index: number) => Blob | undefined) {
  return {
    async storedBlobs(first: number, last: number) {
      const blobs = [];
      for (let i = first; i <= last; i++) blobs.push(stored(i));
      return blobs.every((b) => b !== undefined) ? blobs : undefined;
    },
  };
}

const text = async (blob: Blob | undefined) => blob && (await blob.text());

describe('fileBlob', () => {
  it('makes each file of the Blobs of the pieces it spans, cut at the file boundaries', async () => {
    const pieces = store(piece);
    expect(await text(await fileBlob(manifest, 0, pieces))).toBe('abcde');
    expect(await text(await fileBlob(manifest, 2, pieces))).toBe('fghijkl');
  });

  it('makes an empty file an empty Blob without reading a piece', async () => {
    const pieces = store(() => {
      throw new Error('read a piece');
    });
    expect(await text(await fileBlob(manifest, 1, pieces))).toBe('');
  });

  it('gives up when a piece is missing or stored as bytes, so the caller streams', async () => {
    const pieces = store((index) => (index === 2 ? undefined : piece(index)));
    expect(await fileBlob(manifest, 2, pieces)).toBeUndefined();
    expect(await text(await fileBlob(manifest, 0, pieces))).toBe('abcde');
  });
});
