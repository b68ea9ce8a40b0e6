import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { buildManifest } from './manifest-builder.ts';
import { connectSwarms } from './memory/connect.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { MemoryPieceStore } from './memory/memory-store.ts';
import { SimulatedClock } from './memory/simulated-clock.ts';
import { Swarm } from './swarm.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const salt = (n: number) => new Uint8Array(n).fill(7);

async function share(sources: MemoryFileSource[]) {
  return buildManifest(sources, { sha256, randomBytes: salt });
}

async function readAll(store: MemoryPieceStore, count: number): Promise<Uint8Array> {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push((await store.get(i))!);
  return Buffer.concat(parts);
}

describe('Swarm', () => {
  it('one sharer and one downloader end with equal bytes', async () => {
    const clock = new SimulatedClock();
    const file = MemoryFileSource.generated('a.bin', 3 * 256 * 1024 + 12345, 1);
    const built = await share([file]);
    const seeder = new Swarm({
      shareId: built.shareId,
      manifestBytes: built.manifestBytes,
      sources: [file],
      store: new MemoryPieceStore(),
      sha256,
      clock,
    });
    const store = new MemoryPieceStore();
    const leecher = new Swarm({ shareId: built.shareId, store, sha256, clock });
    await seeder.start();
    await leecher.start();
    connectSwarms(
      { swarm: seeder, id: 'seed' },
      { swarm: leecher, id: 'leech' },
      { clock, bandwidth: 1_000_000, latency: 20 },
    );
    const t = await clock.runUntil(() => leecher.state === 'seeding');
    const bytes = await readAll(store, built.manifest.pieceHashes.length);
    expect(Buffer.compare(bytes, await file.read(0, file.size))).toBe(0);
    console.log('done at', t);
  });
});
