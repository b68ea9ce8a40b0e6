import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readFileFromStore } from './file-reader.ts';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { Scenario } from './memory/scenario.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();

describe('readFileFromStore', () => {
  it('gives back each downloaded file exactly, across piece boundaries', async () => {
    const world = new Scenario(sha256);
    const files = [
      MemoryFileSource.generated('a', 300_000, 1),
      MemoryFileSource.fromBytes('empty', new Uint8Array(0)),
      MemoryFileSource.generated('b', 500_000, 2),
    ];
    const { manifest } = await world.createShare(files);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    world.connect('seed', 'd1', { bandwidth: 5_000_000, latency: 5 });
    await world.untilSeeding('d1');
    for (const [i, file] of files.entries()) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of readFileFromStore(d1.store, manifest, i)) chunks.push(chunk);
      expect(Buffer.compare(Buffer.concat(chunks), await file.read(0, file.size))).toBe(0);
    }
    world.destroyAll();
  });

  it('fails with store-failed when a piece is missing', async () => {
    const world = new Scenario(sha256);
    const { manifest } = await world.createShare([MemoryFileSource.generated('a', 10, 1)]);
    const d1 = await world.downloader('d1');
    const read = readFileFromStore(d1.store, manifest, 0).next();
    await expect(read).rejects.toMatchObject({ code: 'store-failed' });
  });
});
