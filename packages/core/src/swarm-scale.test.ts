import { createHash } from 'node:crypto';
import { MAX_BLOCK_BYTES } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { Scenario } from './memory/scenario.ts';

const KiB = 1024;
/**
 * A stand-in for SHA-256 on big inputs: hashes 4 KiB of each piece (every
 * generated piece begins with a unique stamp) and all of anything under 1 MiB,
 * such as the manifest. Real SHA-256 over 2.5 GiB would take most of a minute.
 */
const sampling: Sha256 = async (data) =>
  createHash('sha256')
    .update(data.length > 1024 * KiB ? data.subarray(0, 4 * KiB) : data)
    .digest();

let world: Scenario;
afterEach(() => world?.destroyAll());

describe('Swarm at scale', () => {
  it('fetches a 10,000-piece manifest over several slices and downloads from it', async () => {
    world = new Scenario(sampling);
    const file = MemoryFileSource.generated('huge.bin', 10_000 * 256 * KiB, 40);
    const built = await world.createShare([file], 256 * KiB);
    // 10,000 hashes: a manifest of 320 kB, five manifest frames.
    expect(Math.ceil(built.manifestBytes.length / MAX_BLOCK_BYTES)).toBe(5);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    world.connect('seed', 'd1', { bandwidth: 10_000_000, latency: 20 });
    await world.clock.runUntil(() => d1.swarm.progress().verifiedPieces >= 40);
    const progress = d1.swarm.progress();
    expect(progress.pieceCount).toBe(10_000);
    expect(progress.totalBytes).toBe(10_000 * 256 * KiB);
    expect(progress.stored).toHaveLength(1250);
    const stored = await d1.store.list();
    expect(stored.length).toBeGreaterThanOrEqual(40);
    for (const index of stored.slice(0, 5)) {
      const piece = (await d1.store.get(index))!;
      expect(
        Buffer.compare(piece, await file.read(index * 256 * KiB, (index + 1) * 256 * KiB)),
      ).toBe(0);
    }
  });
});
