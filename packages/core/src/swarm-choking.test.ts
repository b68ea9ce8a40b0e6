// How a peer with many requesters shares its upload: a bounded number served
// at a time (see neighbours/choker.ts), rotated, and nothing for the choked.
import { createHash } from 'node:crypto';
import { decodeFrame, type Frame } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_BYTES } from './blocks.ts';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { connectRawPeer, type RawPeer } from './memory/raw-peer.ts';
import { Scenario } from './memory/scenario.ts';
import { CHOKE_ROUND_MS, UPLOAD_SLOTS } from './neighbours/choker.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const KiB = 1024;
const PIECE = 256 * KiB;

let world: Scenario;
afterEach(() => world?.destroyAll());

/** Decodes what one end of a link sends, after the handshake; undefined for what does not decode. */
const frameOf = (bytes: Uint8Array): Frame | undefined => {
  const decoded = decodeFrame(bytes);
  return decoded.ok ? decoded.value : undefined;
};

describe('Swarm choking', () => {
  it('uploads to at most the slots plus one optimistic peer at a time, rotates them, and every downloader finishes with the right bytes', async () => {
    world = new Scenario(sha256);
    const file = MemoryFileSource.generated('f.bin', 48 * PIECE, 5);
    await world.createShare([file], PIECE);
    await world.sharer('seed');
    const ids = Array.from({ length: 12 }, (_, i) => `d${i}`);
    // What the sharer has said to each link: a link is served once a piece or
    // unchoke went down it, and choked from a choke frame until the next unchoke.
    const served = new Set<string>();
    const choked = new Set<string>();
    let most = 0;
    let piecesWhileChoked = 0;
    const servedAtSomePoint = new Set<string>();
    for (const id of ids) {
      await world.downloader(id);
      // 1 MB/s per link: the transfer lasts several choke rounds.
      const link = world.connect('seed', id, { bandwidth: 1_000_000, latency: 20 });
      link.a.filter = (bytes) => {
        const frame = frameOf(bytes);
        if (frame?.type === 'choke') {
          served.delete(id);
          choked.add(id);
        }
        if (frame?.type === 'unchoke') choked.delete(id);
        if (frame?.type === 'piece') {
          if (choked.has(id)) piecesWhileChoked++;
          served.add(id);
          servedAtSomePoint.add(id);
          const downloading = ids.filter(
            (d) => served.has(d) && world.nodes.get(d)!.swarm.state !== 'seeding',
          );
          most = Math.max(most, downloading.length);
        }
        return bytes;
      };
    }
    const elapsed = await world.untilSeeding(...ids);
    expect(elapsed).toBeGreaterThan(3 * CHOKE_ROUND_MS);
    expect(piecesWhileChoked).toBe(0);
    expect(most).toBeLessThanOrEqual(UPLOAD_SLOTS + 1);
    expect(servedAtSomePoint.size).toBe(ids.length);
    const expected = await world.expectedBytes();
    for (const id of ids) expect(Buffer.compare(await world.bytesOf(id), expected)).toBe(0);
  });

  it('drops the requests of a choked peer without reading a piece for it', async () => {
    world = new Scenario(sha256);
    const file = MemoryFileSource.generated('f.bin', 64 * PIECE, 6);
    await world.createShare([file], PIECE);
    const seed = await world.sharer('seed');
    // Fill every slot with slow downloaders, so the next peer is choked.
    for (let i = 0; i < UPLOAD_SLOTS + 1; i++) {
      await world.downloader(`d${i}`);
      world.connect('seed', `d${i}`, { bandwidth: 100_000, latency: 20 });
    }
    await world.clock.advance(500);
    const raw = await connectRawPeer(seed.swarm, 'prober', {
      ...world,
      shareId: world.share.shareId,
      bandwidth: 100 * 1024 * KiB,
    });
    raw.send({ type: 'bitfield', pieceCount: 64, bits: new Uint8Array(8) });
    await world.clock.advance(100);
    expect(raw.received.some((f) => f.type === 'choke')).toBe(true);
    const before = file.bytesRead;
    const at = raw.received.length;
    raw.send({
      type: 'requests',
      requests: Array.from({ length: 64 }, (_, i) => ({ index: i, begin: 0, length: BLOCK_BYTES })),
    });
    await world.clock.advance(1000);
    expect(raw.received.slice(at).filter((f) => f.type === 'piece')).toEqual([]);
    // 64 requests served would read 64 pieces; what was read was for the slow downloaders.
    expect(file.bytesRead - before).toBeLessThan(8 * PIECE);
    expect(raw.closed).toBe(false);
  });
});

describe('Swarm choking between rounds', () => {
  it('gives the slot of a holder that got everything elsewhere to a waiting peer at once, not at the next round', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 8 * PIECE, 8)], PIECE);
    // One regular slot and the optimistic one; every piece shown, so the haves below are news.
    const seed = await world.sharer('seed', { uploadSlots: 1, superSeed: false });
    const raw = [];
    for (const id of ['r1', 'r2', 'r3']) {
      const peer = await connectRawPeer(seed.swarm, id, { ...world, shareId: world.share.shareId });
      peer.send({ type: 'bitfield', pieceCount: 8, bits: new Uint8Array(1) });
      await world.clock.advance(50);
      raw.push(peer);
    }
    const [r1, , r3] = raw as [RawPeer, RawPeer, RawPeer];
    const lastChoke = (peer: RawPeer) =>
      peer.received.filter((f) => f.type === 'choke' || f.type === 'unchoke').at(-1)?.type;
    expect(lastChoke(r3)).toBe('choke');
    // r1 got every piece from someone else: it wants nothing of the seed any more.
    for (let index = 0; index < 8; index++) r1.send({ type: 'have', index });
    await world.clock.advance(200);
    expect(world.clock.now()).toBeLessThan(CHOKE_ROUND_MS);
    expect(lastChoke(r3)).toBe('unchoke');
  });
});

describe('Swarm.neighbourStates', () => {
  it('says which side needs the other, and that two seeds need nothing of each other', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 8 * PIECE, 7)], PIECE);
    const seed = await world.sharer('seed');
    const d = await world.downloader('d');
    world.connect('seed', 'd', { bandwidth: 1_000_000, latency: 20 });
    await world.clock.runUntil(() => d.swarm.progress().verifiedPieces >= 1);
    expect(seed.swarm.neighbourStates()).toEqual([{ id: 'd', weNeed: false, theyNeed: true }]);
    expect(d.swarm.neighbourStates()).toEqual([{ id: 'seed', weNeed: true, theyNeed: false }]);
    await world.untilSeeding('d');
    await world.clock.advance(100);
    expect(seed.swarm.neighbourStates()).toEqual([{ id: 'd', weNeed: false, theyNeed: false }]);
  });
});
