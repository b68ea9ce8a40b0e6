import { createHash } from 'node:crypto';
import { decodeFrame, requestsIn } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { MemoryPieceStore } from './memory/memory-store.ts';
import { Scenario } from './memory/scenario.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const KiB = 1024;
/** Byte equality without Vitest's element-by-element diff, which takes seconds on megabytes. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
const MiB = 1024 * KiB;
/** 1 MB/s links with 20 ms one-way latency: a plausible home connection. */
const LINK = { bandwidth: 1_000_000, latency: 20 };

let world: Scenario;
afterEach(() => world?.destroyAll());

describe('Swarm transfers', () => {
  it('one sharer and one downloader end with equal bytes', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('a.bin', 3 * 256 * KiB + 12345, 1)]);
    await world.sharer('seed');
    await world.downloader('d1');
    world.connect('seed', 'd1', LINK);
    const t = await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
    // 798 KB over a 1 MB/s link: the link, not the engine, sets the pace.
    expect(t).toBeLessThan(1500);
  });

  it("the sharer's progress events report when a peer comes to have everything", async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('a.bin', 4 * 256 * KiB, 2)]);
    const seed = await world.sharer('seed');
    await world.downloader('d1');
    const seen: number[] = [];
    seed.swarm.on('progress', (progress) => seen.push(progress.peers[0]?.pieces ?? -1));
    world.connect('seed', 'd1', LINK);
    await world.untilSeeding('d1');
    await world.clock.advance(2_000);
    // The last event tells the sharer's UI that d1 holds all four pieces.
    expect(seen.at(-1)).toBe(4);
  });

  it('the sharer sees who has finished, who is still downloading, and how many whole copies exist', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('h.bin', 8 * 256 * KiB, 9)]);
    const seed = await world.sharer('seed');
    await world.downloader('d1');
    world.connect('seed', 'd1', LINK);
    await world.untilSeeding('d1');
    await world.clock.advance(1_000);
    expect(seed.swarm.progress()).toMatchObject({
      peersComplete: 1,
      peersDownloading: 0,
      distributedCopies: 2,
    });

    await world.downloader('d2');
    world.connect('seed', 'd2', { bandwidth: 100_000, latency: 20 });
    await world.clock.runUntil(() => seed.swarm.progress().peersDownloading === 1);
    expect(seed.swarm.progress().peersComplete).toBe(1);
    await world.untilSeeding('d2');
    await world.clock.advance(1_000);
    expect(seed.swarm.progress()).toMatchObject({ peersComplete: 2, distributedCopies: 3 });
  });

  it('downloaders that join at different times all finish with the right bytes', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('v.bin', 2 * MiB + 777, 2)]);
    await world.sharer('seed');
    const ids = ['d1', 'd2', 'd3'];
    for (const [n, id] of ids.entries()) {
      await world.downloader(id);
      world.connect('seed', id, LINK);
      for (const earlier of ids.slice(0, n)) world.connect(earlier, id, LINK);
      await world.clock.advance(700);
    }
    await world.untilSeeding(...ids);
    const expected = await world.expectedBytes();
    for (const id of ids) expect(same(await world.bytesOf(id), expected)).toBe(true);
    // Late joiners took pieces from earlier downloaders, not only from the sharer.
    const fromPeers = world.nodes.get('d1')!.swarm.progress().uploadedBytes;
    expect(fromPeers).toBeGreaterThan(0);
  });

  it('when the sharer leaves after one downloader is done, the others finish from it', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('v.bin', 2 * MiB, 3)]);
    await world.sharer('seed');
    await world.downloader('fast');
    world.connect('seed', 'fast', { bandwidth: 4_000_000, latency: 10 });
    await world.downloader('late1');
    await world.downloader('late2');
    world.connect('seed', 'late1', { bandwidth: 100_000, latency: 50 });
    world.connect('fast', 'late1', LINK);
    world.connect('fast', 'late2', LINK);
    world.connect('late1', 'late2', LINK);
    await world.untilSeeding('fast');
    const late1 = world.nodes.get('late1')!.swarm;
    expect(late1.state).toBe('downloading');
    world.nodes.get('seed')!.swarm.destroy();
    await world.untilSeeding('late1', 'late2');
    const expected = await world.expectedBytes();
    expect(same(await world.bytesOf('late1'), expected)).toBe(true);
    expect(same(await world.bytesOf('late2'), expected)).toBe(true);
  });

  it('six downloaders finish long before the sharer alone could upload six copies', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('v.bin', 4 * MiB, 6)]);
    await world.sharer('seed', { uploadRateLimit: 200_000 });
    const ids = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
    for (const [n, id] of ids.entries()) {
      await world.downloader(id);
      world.connect('seed', id, LINK);
      for (const other of ids.slice(0, n)) world.connect(other, id, LINK);
    }
    const t = await world.untilSeeding(...ids);
    const seedUploaded = world.nodes.get('seed')!.swarm.progress().uploadedBytes;
    console.log(
      `6 downloaders, sharer capped at 200 kB/s: done in ${(t / 1000).toFixed(1)} s; ` +
        `sharer uploaded ${(seedUploaded / MiB).toFixed(1)} MiB of the 24 MiB delivered`,
    );
    // Six copies from the sharer alone would take 6 × 4 MiB / 200 kB/s = 126 s.
    expect(t).toBeLessThan(40_000);
    expect(seedUploaded).toBeLessThan(2 * 4 * MiB);
    const expected = await world.expectedBytes();
    for (const id of ids) expect(same(await world.bytesOf(id), expected)).toBe(true);
  });

  it('handles zero-byte files, a size that is not a multiple of the piece size, and many small files', async () => {
    world = new Scenario(sha256);
    const files = [
      MemoryFileSource.fromBytes('empty-first', new Uint8Array(0)),
      MemoryFileSource.generated('dir/a.bin', 256 * KiB + 1, 4),
      MemoryFileSource.fromBytes('dir/empty', new Uint8Array(0)),
    ];
    for (let i = 0; i < 300; i++) {
      files.push(MemoryFileSource.generated(`many/${i}.txt`, (i * 997) % 3000, 100 + i));
    }
    files.push(MemoryFileSource.fromBytes('empty-last', new Uint8Array(0)));
    const built = await world.createShare(files);
    expect(built.manifest.files).toHaveLength(304);
    await world.sharer('seed');
    await world.downloader('d1');
    world.connect('seed', 'd1', LINK);
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  });

  it("a piece's bytes stay as they were until the store has them, while later pieces arrive", async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('b.bin', 12 * 256 * KiB, 6)]);
    const clock = world.clock;
    const changedWhileStoring: number[] = [];
    // A slow store that keeps what it is given: later pieces arrive while it writes.
    class SlowStore extends MemoryPieceStore {
      override async put(index: number, data: Uint8Array): Promise<void> {
        const given = data.slice();
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 400));
        if (!same(given, data)) changedWhileStoring.push(index);
        return super.put(index, data);
      }
    }
    await world.sharer('seed');
    await world.downloader('d1', { store: new SlowStore() });
    world.connect('seed', 'd1', { bandwidth: 10_000_000, latency: 5 });
    await world.untilSeeding('d1');
    expect(changedWhileStoring).toEqual([]);
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  });

  it('a share of only zero-byte files is complete at once', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.fromBytes('e', new Uint8Array(0))]);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    world.connect('seed', 'd1', LINK);
    await world.untilSeeding('d1');
    expect(d1.swarm.manifest?.files).toEqual([{ path: 'e', size: 0, mimeType: '' }]);
  });

  it('on resume, pieces already in the store are not requested again', async () => {
    world = new Scenario(sha256);
    const built = await world.createShare([MemoryFileSource.generated('r.bin', 8 * 256 * KiB, 5)]);
    // A first session got pieces 0..4 before the tab closed.
    const store = new MemoryPieceStore();
    const first = new Scenario(sha256);
    first.share = built;
    first.sources = world.sources;
    await first.sharer('seed');
    await first.downloader('d1');
    first.connect('seed', 'd1', LINK);
    await first.untilSeeding('d1');
    for (let i = 0; i < 5; i++) await store.put(i, (await first.nodes.get('d1')!.store.get(i))!);
    first.destroyAll();
    store.putLog.length = 0;

    const seed = await world.sharer('seed');
    const d1 = await world.downloader('d1', { store });
    const requested = new Set<number>();
    const link = world.connect('seed', 'd1', LINK);
    link.b.filter = (bytes) => {
      const frame = decodeFrame(bytes);
      if (frame.ok) for (const { index } of requestsIn(frame.value)) requested.add(index);
      return bytes;
    };
    await world.untilSeeding('d1');
    expect(d1.swarm.progress().verifiedPieces).toBe(8);
    expect([...requested].sort()).toEqual([5, 6, 7]);
    expect([...store.putLog].sort()).toEqual([5, 6, 7]);
    expect(seed.swarm.progress().uploadedBytes).toBe(3 * 256 * KiB);
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  });
});
