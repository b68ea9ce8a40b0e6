import { createHash } from 'node:crypto';
import { MAX_BLOCK_BYTES, MAX_MANIFEST_BYTES } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { MANIFEST_TIMEOUT_MS } from './manifest-fetcher.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { connectRawPeer } from './memory/raw-peer.ts';
import { Scenario } from './memory/scenario.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const LINK = { bandwidth: 1_000_000, latency: 20 };

let world: Scenario;
afterEach(() => world?.destroyAll());

describe('getting the manifest', () => {
  it('turns to a peer that sent a bitfield when the one asked has no manifest either', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 300_000, 1)]);
    const other = await world.downloader('other'); // has no manifest and no sharer
    const d1 = await world.downloader('d1');
    world.connect('other', 'd1', LINK);
    await world.clock.advance(500);
    await world.sharer('seed');
    world.connect('seed', 'd1', LINK);
    const t = await world.clock.runUntil(() => d1.swarm.manifest !== null);
    expect(t).toBeLessThan(1_500); // no timeout needed
    await world.untilSeeding('d1');
    // And the peer that asked d1 first gets the manifest from d1 once d1 has it.
    await world.untilSeeding('other');
    expect(other.swarm.manifest).not.toBeNull();
  });

  it('asks someone else when the peer asked never answers', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 300_000, 2)]);
    const d1 = await world.downloader('d1');
    const mute = await connectRawPeer(d1.swarm, 'mute', { ...world, shareId: world.share.shareId });
    const pieceCount = world.share.manifest.pieceHashes.length;
    mute.send({ type: 'bitfield', pieceCount, bits: Uint8Array.of(0b1100_0000) });
    await world.clock.advance(100);
    await world.sharer('seed');
    world.connect('seed', 'd1', LINK);
    const t = await world.clock.runUntil(() => d1.swarm.manifest !== null);
    expect(t).toBeGreaterThanOrEqual(MANIFEST_TIMEOUT_MS);
    expect(t).toBeLessThan(MANIFEST_TIMEOUT_MS + 1_000);
    expect(mute.received.filter((f) => f.type === 'manifest-request')).toHaveLength(1);
    expect(d1.swarm.isBanned('mute')).toBe(false);
  });

  it('keeps only the bytes that arrived, not the total a first slice announces', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 300_000, 3)]);
    const d1 = await world.downloader('d1');
    const liar = await connectRawPeer(d1.swarm, 'liar', { ...world, shareId: world.share.shareId });
    await world.clock.runUntil(() => liar.received.some((f) => f.type === 'manifest-request'));
    const before = process.memoryUsage().arrayBuffers;
    liar.send({
      type: 'manifest',
      totalBytes: MAX_MANIFEST_BYTES,
      offset: 0,
      data: new Uint8Array(MAX_BLOCK_BYTES),
    });
    await world.clock.advance(100);
    // One 64 KiB slice in flight and held; a 16 MiB buffer would be 256 times that.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MAX_MANIFEST_BYTES / 4);
    expect(liar.closed).toBe(false);
  });

  it('gives up on a peer that trickles the manifest after MANIFEST_TIMEOUT_MS, however many slices it sends', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 300_000, 4)]);
    const d1 = await world.downloader('d1');
    const slow = await connectRawPeer(d1.swarm, 'slow', { ...world, shareId: world.share.shareId });
    const pieceCount = world.share.manifest.pieceHashes.length;
    slow.send({ type: 'bitfield', pieceCount, bits: Uint8Array.of(0b1100_0000) });
    await world.clock.runUntil(() => slow.received.some((f) => f.type === 'manifest-request'));
    const asked = world.clock.now();
    // A slice of a 10 MiB manifest every second: always making progress, never done.
    let offset = 0;
    const trickle = () => {
      if (slow.closed || d1.swarm.manifest !== null) return;
      slow.send({
        type: 'manifest',
        totalBytes: 10 * 1024 * 1024,
        offset,
        data: new Uint8Array(MAX_BLOCK_BYTES),
      });
      offset += MAX_BLOCK_BYTES;
      world.clock.setTimeout(trickle, 1_000);
    };
    trickle();
    await world.sharer('seed');
    world.connect('seed', 'd1', LINK);
    const t = await world.clock.runUntil(() => d1.swarm.manifest !== null);
    expect(t - asked).toBeLessThan(MANIFEST_TIMEOUT_MS + 1_000);
  });
});
