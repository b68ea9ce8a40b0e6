import { describe, expect, it } from 'vitest';
import { buildManifest } from './manifest-builder.ts';
import { connectSwarms } from './memory/connect.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { MemoryPieceStore } from './memory/memory-store.ts';
import { realClock } from './real-clock.ts';
import { Swarm } from './swarm.ts';

describe('Swarm on the real clock', () => {
  it('transfers with WebCrypto hashing and wall-clock timers, nothing simulated', async () => {
    const file = MemoryFileSource.generated('f.bin', 3 * 256 * 1024 + 5, 77);
    const built = await buildManifest([file]);
    const seed = new Swarm({
      shareId: built.shareId,
      manifestBytes: built.manifestBytes,
      sources: [file],
    });
    const store = new MemoryPieceStore();
    const d1 = new Swarm({ shareId: built.shareId, store });
    await seed.start();
    await d1.start();
    const done = new Promise<void>((resolve) => d1.on('complete', resolve));
    connectSwarms({ swarm: seed, id: 'seed' }, { swarm: d1, id: 'd1' }, { clock: realClock });
    await done;
    const pieces = await Promise.all([0, 1, 2, 3].map((i) => store.get(i)));
    const bytes = Buffer.concat(pieces.map((p) => p!));
    expect(Buffer.compare(bytes, await file.read(0, file.size))).toBe(0);
    seed.destroy();
    d1.destroy();
  });
});
