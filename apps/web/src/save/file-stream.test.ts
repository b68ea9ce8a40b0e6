import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildManifest, readPieceFromSources, ShareLayout, type Sha256 } from '@shoal/core';
import { MemoryFileSource, MemoryPieceStore } from '@shoal/core/testing';
import { fileStream } from './file-stream.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

describe('fileStream', () => {
  it('streams each file of stored pieces exactly, across piece boundaries', async () => {
    const files = [
      MemoryFileSource.generated('a', 300_000, 1),
      MemoryFileSource.generated('b', 500_000, 2),
    ];
    const { manifest, pieces } = await storedShare(files);
    for (const [i, file] of files.entries()) {
      expect(
        Buffer.compare(
          await readAll(fileStream(manifest, i, pieces)),
          await file.read(0, file.size),
        ),
      ).toBe(0);
    }
  });

  it('errors with store-failed when a piece is missing', async () => {
    const files = [MemoryFileSource.generated('a', 300_000, 1)];
    const { manifest } = await storedShare(files);
    await expect(
      readAll(fileStream(manifest, 0, { get: async () => undefined })),
    ).rejects.toMatchObject({
      code: 'store-failed',
    });
  });
});

/** A share whose every piece is in a memory store, as a finished download leaves it. */
async function storedShare(files: MemoryFileSource[]) {
  // Small pieces, so each file spans several and a piece holds the end of one file and the start of the next.
  const { manifest } = await buildManifest(files, { sha256, pieceSize: 256 * 1024 });
  const layout = ShareLayout.of(manifest);
  const pieces = new MemoryPieceStore();
  for (let index = 0; index < layout.pieceCount; index++) {
    await pieces.put(index, await readPieceFromSources(files, layout, index));
  }
  return { manifest, pieces };
}
