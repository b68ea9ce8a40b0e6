// The sharer's first phase (neighbours/super-seeder.ts): each downloader is
// shown a few pieces at a time, the ones with no copy yet, so the sharer's
// upload goes to pieces nobody has and the crowd trades the rest.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { Scenario } from './memory/scenario.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const PIECE = 256 * 1024;
const PIECES = 64;

let world: Scenario;
afterEach(() => world?.destroyAll());

/**
 * One sharer on slow links and six downloaders on fast links to each other,
 * all arriving at once: the sharer's upload is what limits the crowd. Returns
 * the copies the sharer uploaded and the simulated time to finish.
 */
async function crowd(superSeed: boolean) {
  world = new Scenario(sha256);
  await world.createShare([MemoryFileSource.generated('f.bin', PIECES * PIECE, 9)], PIECE);
  const seed = await world.sharer('seed', { superSeed });
  const ids = Array.from({ length: 6 }, (_, i) => `d${i}`);
  for (const id of ids) await world.downloader(id);
  for (const id of ids) world.connect('seed', id, { bandwidth: 400_000, latency: 20 });
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      world.connect(ids[i]!, ids[j]!, { bandwidth: 4_000_000, latency: 20 });
    }
  }
  const ms = await world.untilSeeding(...ids);
  const expected = await world.expectedBytes();
  for (const id of ids) expect(Buffer.compare(await world.bytesOf(id), expected)).toBe(0);
  return { copies: seed.swarm.progress().uploadedBytes / (PIECES * PIECE), ms };
}

describe('Swarm super-seeding', () => {
  it('makes a slow sharer upload barely more than one copy to a crowd that trades, and the crowd finish sooner', async () => {
    const showingAll = await crowd(false);
    const superSeeding = await crowd(true);
    console.log('sharer copies', showingAll, superSeeding);
    expect(superSeeding.copies).toBeLessThan(1.4);
    expect(superSeeding.copies).toBeLessThan(showingAll.copies);
    expect(superSeeding.ms).toBeLessThan(showingAll.ms);
  });

  it('shows a lone downloader everything at once', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 8 * PIECE, 10)], PIECE);
    await world.sharer('seed');
    const d = await world.downloader('d');
    world.connect('seed', 'd', { bandwidth: 4_000_000, latency: 20 });
    await world.clock.runUntil(() => d.swarm.progress().verifiedPieces >= 1);
    expect(d.swarm.progress().peers[0]?.pieces).toBe(8);
  });
});
