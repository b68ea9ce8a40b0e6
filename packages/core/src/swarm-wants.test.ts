import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileFromStore } from './file-reader.ts';
import type { Sha256 } from './interfaces.ts';
import { ShareLayout } from './layout.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { Scenario } from './memory/scenario.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const KiB = 1024;
const PIECE = 256 * KiB;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
/** 1 MB/s, 20 ms: a home connection. */
const LINK = { bandwidth: 1_000_000, latency: 20 };

let world: Scenario;
afterEach(() => world?.destroyAll());

async function fileBytes(world: Scenario, id: string, fileIndex: number): Promise<Uint8Array> {
  const { manifest } = world.share;
  const chunks: Uint8Array[] = [];
  for await (const chunk of readFileFromStore(world.nodes.get(id)!.store, manifest, fileIndex)) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A sharer of a.bin and b.bin (`pieces` pieces each), and d1, which chose a.bin and has it. */
async function firstFileDownloaded(pieces: [number, number]) {
  world = new Scenario(sha256);
  const a = MemoryFileSource.generated('a.bin', pieces[0] * PIECE, 3);
  const b = MemoryFileSource.generated('b.bin', pieces[1] * PIECE, 4);
  await world.createShare([a, b], PIECE);
  await world.sharer('seed');
  const d1 = await world.downloader('d1');
  d1.swarm.on('manifest', () => d1.swarm.selectFiles([0]));
  world.connect('seed', 'd1', LINK);
  await world.untilSeeding('d1');
  return d1;
}

describe('Swarm with chosen files', () => {
  it('fetches and stores only the pieces the chosen file needs, then says it is complete', async () => {
    world = new Scenario(sha256);
    // a.bin ends inside piece 3, which b.bin starts: that piece is shared.
    const a = MemoryFileSource.generated('a.bin', 3 * PIECE + 1000, 1);
    const b = MemoryFileSource.generated('b.bin', 4 * PIECE, 2);
    await world.createShare([a, b], PIECE);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    let completes = 0;
    d1.swarm.on('complete', () => completes++);
    d1.swarm.on('manifest', () => d1.swarm.selectFiles([1]));
    world.connect('seed', 'd1', LINK);
    await world.untilSeeding('d1');

    const stored = (await d1.store.list()).sort((x, y) => x - y);
    expect(stored).toEqual([3, 4, 5, 6, 7]);
    expect(completes).toBe(1);
    expect(d1.swarm.selectedFiles).toEqual([1]);
    const progress = d1.swarm.progress();
    expect(progress.wantedBytes).toBe(progress.verifiedWantedBytes);
    expect(progress.wantedBytes).toBe(ShareLayout.of(world.share.manifest).totalSize - 3 * PIECE);
    expect(same(await fileBytes(world, 'd1', 1), await b.read(0, b.size))).toBe(true);
  });

  it('choosing another file once done downloads again, and completes with every byte', async () => {
    const d1 = await firstFileDownloaded([2, 2]);
    expect((await d1.store.list()).sort()).toEqual([0, 1]);

    d1.swarm.selectFiles(null);
    expect(d1.swarm.state).toBe('downloading');
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  });

  it('refuses to choose files before the manifest, or a file it does not have', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('a.bin', PIECE, 5)], PIECE);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    expect(() => d1.swarm.selectFiles([0])).toThrow(/before the manifest/);
    world.connect('seed', 'd1', LINK);
    await world.clock.runUntil(() => d1.swarm.manifest !== null);
    expect(() => d1.swarm.selectFiles([1])).toThrow(RangeError);
  });
});

describe('Swarm with a reader', () => {
  it('a reader that jumps to 80 % gets the pieces there first, while the rest still arrives', async () => {
    world = new Scenario(sha256);
    const video = MemoryFileSource.generated('v.webm', 40 * PIECE, 6);
    await world.createShare([video], PIECE);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    const order: number[] = [];
    d1.swarm.on('piece', (index) => order.push(index));
    d1.swarm.on('manifest', () => d1.swarm.focus(0, 0.8 * video.size));
    world.connect('seed', 'd1', LINK);
    await world.clock.runUntil(() => order.length >= 4);
    // The four pieces from 80 % on (piece 32) come first, in reading order.
    expect(order.slice(0, 4)).toEqual([32, 33, 34, 35]);

    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  });

  it('a reader in a file not chosen keeps the download going until its window is in', async () => {
    const d1 = await firstFileDownloaded([2, 8]);

    d1.swarm.focus(1, 4 * PIECE);
    expect(d1.swarm.state).toBe('downloading');
    await world.untilSeeding('d1');
    const stored = new Set(await d1.store.list());
    // The window: from piece 2 + 4 to the end of b.bin (it is shorter than STREAM_WINDOW_BYTES).
    for (const index of [6, 7, 8, 9]) expect(stored.has(index)).toBe(true);
    expect(stored.has(2)).toBe(false);
  });
});
