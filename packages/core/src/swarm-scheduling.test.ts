import { createHash } from 'node:crypto';
import { decodeFrame, requestsIn, type BlockRange, type Frame } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from './download.ts';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import type { MemoryTransport } from './memory/memory-transport.ts';
import { Scenario } from './memory/scenario.ts';
import {
  MAX_UPLOAD_HIGH_WATER_MARK,
  MIN_UPLOAD_HIGH_WATER_MARK,
  TRANSPORT_LOW_WATER_MARK,
} from './uploader.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const KiB = 1024;
const MiB = 1024 * KiB;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

let world: Scenario;
afterEach(() => world?.destroyAll());

/** Frames one end sends, decoded, without changing them. */
function tap(transport: MemoryTransport): Frame[] {
  const frames: Frame[] = [];
  transport.filter = (bytes) => {
    const frame = decodeFrame(bytes);
    if (frame.ok) frames.push(frame.value);
    return bytes;
  };
  return frames;
}

/** Time for d1 to fetch a 4 MiB share from `sharers` sharers, each capped at 200 kB/s. */
async function timeWithSharers(sharers: number): Promise<number> {
  world = new Scenario(sha256);
  await world.createShare([MemoryFileSource.generated('f.bin', 4 * MiB, 20)]);
  await world.downloader('d1');
  for (let i = 0; i < sharers; i++) {
    await world.sharer(`s${i}`, { uploadRateLimit: 200_000 });
    world.connect(`s${i}`, 'd1', { bandwidth: 10_000_000, latency: 30 });
  }
  const t = await world.untilSeeding('d1');
  expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  world.destroyAll();
  return t;
}

/** First byte of a piece frame. */
const PIECE_TYPE = 0x09;

/** Like tap, with the simulated time each frame was sent. */
function tapTimed(transport: MemoryTransport, w: Scenario) {
  const frames: { at: number; frame: Frame }[] = [];
  transport.filter = (bytes) => {
    const frame = decodeFrame(bytes);
    if (frame.ok) frames.push({ at: w.clock.now(), frame: frame.value });
    return bytes;
  };
  return frames;
}

const sameBlock = (a: Frame | BlockRange, b: BlockRange) =>
  'begin' in a && a.index === b.index && a.begin === b.begin;

/**
 * d1 fetching 8 pieces of 256 KiB from a peer that authenticates, says it has
 * everything and never sends a block (connected first), and from an honest
 * seed at `seedBandwidth`; with the frames d1 sends each, timed.
 */
async function silentAndSeed(seed: number, seedBandwidth: number) {
  world = new Scenario(sha256);
  await world.createShare([MemoryFileSource.generated('f.bin', 8 * 256 * KiB, seed)], 256 * KiB);
  await world.sharer('silent');
  await world.sharer('seed');
  const d1 = await world.downloader('d1');
  const silentLink = world.connect('silent', 'd1', { bandwidth: 10_000_000, latency: 10 });
  silentLink.a.filter = (bytes) => (bytes[0] === PIECE_TYPE ? null : bytes);
  const toSilent = tapTimed(silentLink.b, world);
  const toSeed = tapTimed(
    world.connect('seed', 'd1', { bandwidth: seedBandwidth, latency: 10 }).b,
    world,
  );
  return { d1, toSilent, toSeed };
}

describe('Swarm scheduling', () => {
  it('three sharers capped at the same upload rate deliver about three times faster than one', async () => {
    const one = await timeWithSharers(1);
    const three = await timeWithSharers(3);
    console.log(
      `4 MiB at 200 kB/s per sharer: 1 sharer ${one} ms, 3 sharers ${three} ms, ratio ${(one / three).toFixed(2)}`,
    );
    expect(one / three).toBeGreaterThanOrEqual(2.5);
  });

  it("moves a silent peer's requests to another peer after the request timeout", async () => {
    // The honest seed is slow (2 MiB at 100 kB/s is 21 s), so end-game alone would wait.
    const { d1, toSilent, toSeed } = await silentAndSeed(21, 100_000);
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
    const firstRequests = toSilent.flatMap((e) => (e.at < 1_000 ? requestsIn(e.frame) : []));
    expect(firstRequests.length).toBeGreaterThan(0);
    // Withdrawn from the silent peer once they were REQUEST_TIMEOUT_MS old (checked every second)...
    for (const request of firstRequests) {
      const cancel = toSilent.find((e) => e.frame.type === 'cancel' && sameBlock(e.frame, request));
      expect(cancel?.at).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
      expect(cancel?.at).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
      // ...and then asked of the seed, once it finished the pieces it had started (within a
      // few seconds at 100 kB/s), not only in end-game at the very end.
      const moved = toSeed.find((e) => requestsIn(e.frame).some((r) => sameBlock(r, request)));
      expect(moved?.at).toBeGreaterThanOrEqual(cancel!.at);
      expect(moved!.at - cancel!.at).toBeLessThan(6_000);
    }
    expect(d1.swarm.peerIds).toContain('silent');
  });

  it('after a resume, hands the most urgent block to a healthy peer before one that let requests time out', async () => {
    const pieceSize = 256 * KiB;
    // The silent peer is connected first, so the swarm lists it first: only the
    // order fillAll gives snubbed peers keeps it from the first pick.
    const { d1, toSilent, toSeed } = await silentAndSeed(22, 20_000);
    await world.clock.runUntil(() => d1.swarm.progress().peers.some((p) => p.snubbed));
    expect(d1.swarm.progress().peers.find((p) => p.peerId === 'silent')?.snubbed).toBe(true);
    expect(d1.swarm.progress().verifiedBytes).toBeLessThan(7 * pieceSize);

    // A reader jumps to the last piece while paused; on resume every pipeline is empty.
    d1.swarm.pause();
    d1.swarm.focus(0, 7 * pieceSize);
    const resumedAt = toSilent.length;
    const seedResumedAt = toSeed.length;
    d1.swarm.resume();

    const lastPiece = (frames: typeof toSeed, from: number) =>
      frames.slice(from).flatMap((e) => requestsIn(e.frame).filter((r) => r.index === 7));
    const isUrgent = (r: BlockRange) => r.begin === 0;
    expect(lastPiece(toSeed, seedResumedAt).some(isUrgent)).toBe(true);
    expect(lastPiece(toSilent, resumedAt).some(isUrgent)).toBe(false);
    // The snubbed peer still gets its one request: it may have recovered.
    expect(toSilent.slice(resumedAt).flatMap((e) => requestsIn(e.frame))).toHaveLength(1);
  });

  it('at full speed asks for blocks in batches, several per message, and still gets every byte', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 8 * MiB, 23)]);
    await world.sharer('seed');
    await world.downloader('d1');
    const toSeed = tap(world.connect('seed', 'd1', { bandwidth: 10_000_000, latency: 20 }).b);
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
    const carrying = toSeed.filter((f) => requestsIn(f).length > 0);
    const blocks = carrying.flatMap(requestsIn).length;
    expect(blocks).toBeGreaterThanOrEqual((8 * MiB) / (32 * KiB));
    // One message per block would be a ratio of 1; a full pipeline refills 8 at a time.
    expect(blocks / carrying.length).toBeGreaterThan(4);
  });

  it('downloads at full speed from the moment Download is pressed, however long the peer was connected before', async () => {
    const elapsed: number[] = [];
    for (const idleMs of [0, 20_000]) {
      world = new Scenario(sha256);
      await world.createShare([MemoryFileSource.generated('f.bin', 4 * MiB, 25)]);
      await world.sharer('seed');
      const d1 = await world.downloader('d1');
      d1.swarm.pause(); // waiting for the user, as the app does once the manifest is in
      world.connect('seed', 'd1', { bandwidth: 10_000_000, latency: 50 });
      await world.clock.advance(1_000 + idleMs);
      const pressed = world.clock.now();
      d1.swarm.resume();
      elapsed.push((await world.untilSeeding('d1')) - pressed);
      world.destroyAll();
    }
    // A peer's rate is measured from its first byte, not from when it connected:
    // an idle wait must not leave the pipeline shallow while the meter catches up.
    expect(elapsed[1]).toBeLessThan(elapsed[0]! * 1.1);
  });

  it('in end-game asks a second peer for the last blocks and cancels the duplicate when one arrives', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 4 * 256 * KiB, 22)]);
    await world.sharer('fast');
    await world.sharer('slow');
    const d1 = await world.downloader('d1');
    const toFast = tap(world.connect('fast', 'd1', { bandwidth: 2_000_000, latency: 20 }).b);
    const toSlow = tap(world.connect('slow', 'd1', { bandwidth: 60_000, latency: 20 }).b);
    await world.untilSeeding('d1');
    const cancels = [...toFast, ...toSlow].filter((f) => f.type === 'cancel');
    expect(cancels.length).toBeGreaterThan(0);
    // Every cancel withdraws a block that was also requested from the other peer.
    const key = (f: { index: number; begin: number }) => `${f.index}:${f.begin}`;
    const requestedFrom = (frames: Frame[]) =>
      new Set(frames.flatMap((f) => requestsIn(f).map(key)));
    const fastReqs = requestedFrom(toFast);
    const slowReqs = requestedFrom(toSlow);
    for (const c of cancels) {
      if (c.type !== 'cancel') continue;
      expect(fastReqs.has(key(c)) && slowReqs.has(key(c))).toBe(true);
    }
    // Duplicates cost little: at most a few blocks beyond the share's size arrived.
    const { downloadedBytes, totalBytes } = d1.swarm.progress();
    expect(downloadedBytes - totalBytes).toBeLessThanOrEqual(4 * 32 * KiB);
  });

  it.each([0, TRANSPORT_LOW_WATER_MARK])(
    'never lets bufferedAmount pass the high-water mark, and keeps the link busy (lowWaterMark %i)',
    async (lowWaterMark) => {
      world = new Scenario(sha256);
      await world.createShare([MemoryFileSource.generated('f.bin', 16 * MiB, 23)]);
      await world.sharer('seed');
      await world.downloader('d1');
      // At 2 MB/s the pipeline grows to the maximum, 2 MiB outstanding: twice the mark.
      const link = world.connect('seed', 'd1', { bandwidth: 2_000_000, latency: 10, lowWaterMark });
      const t = await world.untilSeeding('d1');
      // Half a second at 2 MB/s is under the minimum: the queue stays at 1 MiB.
      expect(link.a.maxBufferedAmount).toBeLessThanOrEqual(MIN_UPLOAD_HIGH_WATER_MARK);
      expect(link.a.maxBufferedAmount).toBeGreaterThan(MIN_UPLOAD_HIGH_WATER_MARK / 2);
      // Backpressure costs no throughput: within 10% of 16 MiB at 2 MB/s (8.4 s).
      expect(t).toBeLessThan((16 * MiB * 1000 * 1.1) / 2_000_000);
    },
  );

  it('lets half a second of a fast peer queue, up to the most, and moves the low-water mark with it', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 64 * MiB, 29)]);
    await world.sharer('seed');
    await world.downloader('d1');
    // 40 MB/s: half a second is 20 MB, over the most we queue.
    const link = world.connect('seed', 'd1', { bandwidth: 40_000_000, latency: 10 });
    const t = await world.untilSeeding('d1');
    expect(link.a.maxBufferedAmount).toBeGreaterThan(MIN_UPLOAD_HIGH_WATER_MARK);
    expect(link.a.maxBufferedAmount).toBeLessThanOrEqual(MAX_UPLOAD_HIGH_WATER_MARK);
    expect(link.a.lowWaterMark).toBeGreaterThan(TRANSPORT_LOW_WATER_MARK);
    expect(t).toBeLessThan((64 * MiB * 1000 * 1.15) / 40_000_000);
  });

  it('holds the upload rate limit, and a new limit set at runtime', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 6 * MiB, 24)]);
    const seed = await world.sharer('seed', { uploadRateLimit: 100_000 });
    await world.downloader('d1');
    await world.downloader('d2');
    world.connect('seed', 'd1', { bandwidth: 10_000_000, latency: 10 });
    world.connect('seed', 'd2', { bandwidth: 10_000_000, latency: 10 });
    const uploaded = () => seed.swarm.progress().uploadedBytes;
    await world.clock.advance(1_000); // handshakes and the first burst
    let before = uploaded();
    await world.clock.advance(10_000);
    const slowRate = (uploaded() - before) / 10;
    seed.swarm.setUploadRateLimit(400_000);
    await world.clock.advance(1_000);
    before = uploaded();
    await world.clock.advance(5_000);
    const fastRate = (uploaded() - before) / 5;
    console.log(
      `upload rate at 100 kB/s limit: ${slowRate.toFixed(0)} B/s; at 400 kB/s: ${fastRate.toFixed(0)} B/s`,
    );
    expect(slowRate).toBeLessThanOrEqual(100_000 * 1.05);
    expect(slowRate).toBeGreaterThan(100_000 * 0.9);
    expect(fastRate).toBeLessThanOrEqual(400_000 * 1.05);
    expect(fastRate).toBeGreaterThan(400_000 * 0.9);
  });

  it('emits progress at most every 250 ms of simulated time', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 2 * MiB, 25)]);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    const times: number[] = [];
    d1.swarm.on('progress', () => times.push(world.clock.now()));
    world.connect('seed', 'd1', { bandwidth: 1_000_000, latency: 20 });
    await world.untilSeeding('d1');
    await world.clock.advance(1_000);
    expect(times.length).toBeGreaterThan(5);
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(250);
    }
    expect(d1.swarm.progress()).toMatchObject({ verifiedBytes: 2 * MiB, totalBytes: 2 * MiB });
  });
});
