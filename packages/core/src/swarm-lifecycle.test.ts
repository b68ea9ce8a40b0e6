import { createHash } from 'node:crypto';
import { GoodbyeCode } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShoalError } from './errors.ts';
import type { Sha256 } from './interfaces.ts';
import { MAX_UNSTORED_BYTES } from './download.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { MemoryPieceStore } from './memory/memory-store.ts';
import { createTransportPair } from './memory/memory-transport.ts';
import { Scenario } from './memory/scenario.ts';
import type { SwarmState } from './progress.ts';
import { Swarm } from './swarm.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const KiB = 1024;
const PIECE = 256 * KiB;
const LINK = { bandwidth: 1_000_000, latency: 20 };
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

let world: Scenario;
afterEach(() => world?.destroyAll());

describe('Swarm lifecycle', () => {
  it('pauses with quota-exceeded when the store is full, keeps what it stored, and finishes after resume', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 8 * PIECE, 30)]);
    await world.sharer('seed');
    const store = new MemoryPieceStore({ quota: 3 * PIECE });
    const d1 = await world.downloader('d1', { store });
    const errors: ShoalError[] = [];
    const states: SwarmState[] = [];
    d1.swarm.on('error', (error) => errors.push(error));
    d1.swarm.on('state', (state) => states.push(state));
    world.connect('seed', 'd1', LINK);
    await world.clock.runUntil(() => d1.swarm.state === 'paused');
    await world.clock.advance(5_000);
    expect(errors.map((e) => e.code)).toEqual(['quota-exceeded']);
    expect(d1.swarm.progress()).toMatchObject({ state: 'paused', pausedBy: 'quota-exceeded' });
    // Nothing is requested while paused, and the three stored pieces are intact.
    expect(d1.swarm.progress().peers[0]!.outstanding).toBe(0);
    const stored = (await store.list()).sort();
    expect(stored).toHaveLength(3);
    const expected = await world.expectedBytes();
    for (const i of stored) {
      expect(same((await store.get(i))!, expected.subarray(i * PIECE, (i + 1) * PIECE))).toBe(true);
    }
    expect(d1.swarm.progress().verifiedPieces).toBe(3);

    store.quota = null;
    d1.swarm.resume();
    await world.untilSeeding('d1');
    expect(states).toEqual(['downloading', 'paused', 'downloading', 'seeding']);
    expect(same(await world.bytesOf('d1'), expected)).toBe(true);
  });

  it('a swarm paused before or as the manifest arrives fetches nothing until resumed', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 4 * PIECE, 35)]);
    const seed = await world.sharer('seed');
    const early = await world.downloader('early');
    const onManifest = await world.downloader('on-manifest');
    early.swarm.pause();
    onManifest.swarm.on('manifest', () => onManifest.swarm.pause());
    world.connect('seed', 'early', LINK);
    world.connect('seed', 'on-manifest', LINK);
    await world.clock.advance(5_000);
    for (const node of [early, onManifest]) {
      expect(node.swarm.manifest).not.toBeNull();
      expect(node.swarm.state).toBe('paused');
      expect(node.store.putLog).toEqual([]);
    }
    expect(seed.swarm.progress().uploadedBytes).toBe(0);
    early.swarm.resume();
    onManifest.swarm.resume();
    await world.untilSeeding('early', 'on-manifest');
    expect(same(await world.bytesOf('early'), await world.expectedBytes())).toBe(true);
  });

  it('completes, not stays paused, when the last piece verifies after pause()', async () => {
    // Hashing takes 100 ms of simulated time, so pause() can land while it runs.
    let slow = false;
    const slowHash: Sha256 = async (data) => {
      if (slow) await new Promise((resolve) => world.clock.setTimeout(() => resolve(0), 100));
      return sha256(data);
    };
    world = new Scenario(slowHash);
    await world.createShare([MemoryFileSource.generated('f.bin', PIECE, 36)]);
    await world.sharer('seed');
    const d1 = await world.downloader('d1');
    let completed = false;
    d1.swarm.on('complete', () => (completed = true));
    slow = true;
    world.connect('seed', 'd1', LINK);
    await world.clock.runUntil(() => d1.swarm.progress().inFlight[0]?.receivedBytes === PIECE);
    d1.swarm.pause();
    expect(d1.swarm.state).toBe('paused');
    await world.clock.advance(1_000);
    expect(d1.swarm.state).toBe('seeding');
    expect(completed).toBe(true);
  });

  it('destroy() says goodbye, closes every transport and leaves no timer behind', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 8 * PIECE, 31)]);
    const seed = await world.sharer('seed', { uploadRateLimit: 50_000 });
    const d1 = await world.downloader('d1');
    const d2 = await world.downloader('d2');
    const a = world.connect('seed', 'd1', LINK);
    const b = world.connect('seed', 'd2', LINK);
    const c = world.connect('d1', 'd2', LINK);
    const closedAtD1: number[] = [];
    d1.swarm.on('peer-closed', (e) => closedAtD1.push(e.code ?? -1));
    await world.clock.advance(3_000);
    expect(d1.swarm.state).toBe('downloading');
    seed.swarm.destroy();
    d1.swarm.destroy();
    d2.swarm.destroy();
    await world.clock.advance(1_000);
    for (const t of [a.a, a.b, b.a, b.b, c.a, c.b]) expect(t.closed).toBe(true);
    expect(world.clock.pendingTimers).toBe(0);
    expect(d1.swarm.state).toBe('destroyed');
    expect(closedAtD1).toContain(GoodbyeCode.Normal);
  });

  it.each([
    ['a downloader', false],
    ['a sharer', true],
  ])('stays destroyed when %s is destroyed while it starts', async (_name, sharing) => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 2 * PIECE, 33)]);
    const swarm = new Swarm({
      shareId: world.share.shareId,
      sha256,
      clock: world.clock,
      ...(sharing
        ? { manifestBytes: world.share.manifestBytes, sources: world.sources }
        : { store: new MemoryPieceStore() }),
    });
    const started = swarm.start();
    swarm.destroy();
    await started;
    expect(swarm.state).toBe('destroyed');
    expect(swarm.peersWanted).toBe(0);
    const [transport] = createTransportPair({ clock: world.clock });
    expect(swarm.addPeer(transport, 'late')).toBe('destroyed');
  });

  it('aborting the signal destroys the swarm', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 2 * PIECE, 32)]);
    await world.sharer('seed');
    const controller = new AbortController();
    const d1 = await world.downloader('d1', { signal: controller.signal });
    const link = world.connect('seed', 'd1', LINK);
    await world.clock.advance(100);
    controller.abort();
    await world.clock.advance(100);
    expect(d1.swarm.state).toBe('destroyed');
    expect(link.b.closed).toBe(true);
    expect(d1.swarm.addPeer(link.b, 'again')).toBe('destroyed');
  });

  it('wants peers up to maxPeers while downloading and none once complete', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', PIECE, 33)]);
    const seed = await world.sharer('seed');
    const d1 = await world.downloader('d1', { maxPeers: 3 });
    expect(d1.swarm.peersWanted).toBe(3);
    world.connect('seed', 'd1', LINK);
    expect(d1.swarm.peersWanted).toBe(2);
    await world.untilSeeding('d1');
    expect(d1.swarm.peersWanted).toBe(0);
    expect(seed.swarm.peersWanted).toBe(0);
  });

  it('refuses manifest bytes that do not hash to the share id', async () => {
    world = new Scenario(sha256);
    const built = await world.createShare([MemoryFileSource.generated('f.bin', 10, 34)]);
    const swarm = new Swarm({
      shareId: new Uint8Array(32),
      manifestBytes: built.manifestBytes,
      store: new MemoryPieceStore(),
      sha256,
      clock: world.clock,
    });
    await expect(swarm.start()).rejects.toMatchObject({ code: 'bad-manifest' });
  });

  it('stops requesting while verified pieces wait for a slow store, and goes on when it catches up', async () => {
    world = new Scenario(sha256);
    const MiB = 1024 * KiB;
    await world.createShare([MemoryFileSource.generated('big.bin', 48 * MiB, 36)], MiB);
    await world.sharer('seed');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    class StuckStore extends MemoryPieceStore {
      override async put(index: number, data: Uint8Array): Promise<void> {
        await gate;
        return super.put(index, data);
      }
    }
    const d1 = await world.downloader('d1', { store: new StuckStore() });
    world.connect('seed', 'd1', { bandwidth: 50 * MiB, latency: 5 });
    await world.clock.advance(10_000);
    // At 50 MiB/s, 10 s could fetch the whole share; the cap holds it near MAX_UNSTORED_BYTES.
    const received = d1.swarm.progress().downloadedBytes;
    expect(received).toBeGreaterThanOrEqual(MAX_UNSTORED_BYTES);
    expect(received).toBeLessThanOrEqual(MAX_UNSTORED_BYTES + 2 * MiB);
    expect(d1.swarm.progress().verifiedPieces).toBe(0);

    open();
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  });
});
