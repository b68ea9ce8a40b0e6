import { createHash } from 'node:crypto';
import {
  decodeFrame,
  encodeFrame,
  GoodbyeCode,
  splitManifest,
  type BlockRange,
  type Frame,
} from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { buildManifest } from './manifest-builder.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { MemoryPieceStore } from './memory/memory-store.ts';
import { connectRawPeer, type RawPeer } from './memory/raw-peer.ts';
import { Scenario } from './memory/scenario.ts';
import type { PeerClosedEvent } from './swarm.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const KiB = 1024;
const LINK = { bandwidth: 1_000_000, latency: 20 };
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

let world: Scenario;
afterEach(() => world?.destroyAll());

async function seeded(size = 4 * 256 * KiB) {
  world = new Scenario(sha256);
  await world.createShare([MemoryFileSource.generated('f.bin', size, 9)]);
  const seed = await world.sharer('seed');
  const closed: PeerClosedEvent[] = [];
  seed.swarm.on('peer-closed', (event) => closed.push(event));
  return { seed, closed };
}

const types = (frames: Frame[]) => frames.map((f) => f.type);

/** A sharer that has banned a peer at `address` for a frame that did not decode. */
async function bannedGarblerAt(address: string) {
  const { seed } = await seeded();
  const options = { ...world, shareId: world.share.shareId };
  const garbler = await connectRawPeer(seed.swarm, 'garbler', { ...options, address });
  await world.clock.advance(100);
  garbler.sendBytes(Uint8Array.of(0xee));
  await world.clock.runUntil(() => garbler.closed);
  return { seed, options };
}
const goodbyeOf = (frames: Frame[]) => frames.find((f) => f.type === 'goodbye');

describe('Swarm against hostile peers', () => {
  it('drops a peer whose proof fails before sending it any manifest byte', async () => {
    const { seed, closed } = await seeded();
    const wrongId = new Uint8Array(32).fill(1);
    const raw = await connectRawPeer(seed.swarm, 'mallory', { ...world, shareId: wrongId });
    raw.send({ type: 'manifest-request' });
    await world.clock.runUntil(() => raw.closed);
    expect(types(raw.received)).toEqual(['hello', 'goodbye']);
    expect(goodbyeOf(raw.received)).toMatchObject({ code: GoodbyeCode.AuthFailed });
    expect(closed).toMatchObject([{ peerId: 'mallory', code: GoodbyeCode.AuthFailed, byUs: true }]);
  });

  it('refuses a peer it dropped for a failed proof when it connects again', async () => {
    const { seed } = await seeded();
    const wrongId = new Uint8Array(32).fill(1);
    const raw = await connectRawPeer(seed.swarm, 'mallory', { ...world, shareId: wrongId });
    await world.clock.runUntil(() => raw.closed);
    expect(seed.swarm.isBanned('mallory')).toBe(true);
    const again = await connectRawPeer(seed.swarm, 'mallory', { ...world, shareId: wrongId });
    expect(again.result).toBe('banned');
  });

  it('refuses a peer it dropped for a frame that does not decode, or for flooding', async () => {
    const { seed } = await seeded();
    const options = { ...world, shareId: world.share.shareId };
    const garbler = await connectRawPeer(seed.swarm, 'garbler', options);
    const flooder = await connectRawPeer(seed.swarm, 'flooder', options);
    await world.clock.advance(100);
    garbler.sendBytes(Uint8Array.of(0xee));
    for (let i = 0; i < 10; i++) flooder.send({ type: 'manifest-request' });
    await world.clock.runUntil(() => garbler.closed && flooder.closed);
    expect(seed.swarm.isBanned('garbler')).toBe(true);
    expect(seed.swarm.isBanned('flooder')).toBe(true);
  });

  it('refuses a banned peer that comes back under a new id from the same address, and takes others', async () => {
    const { seed, options } = await bannedGarblerAt('198.51.100.7');
    // A reconnect to signaling gives it a new peer id; its address stays.
    const again = await connectRawPeer(seed.swarm, 'garbler-reconnected', {
      ...options,
      address: '198.51.100.7',
    });
    expect(again.result).toBe('banned');
    expect(again.received).toEqual([]);
    const neighbour = await connectRawPeer(seed.swarm, 'neighbour', {
      ...options,
      address: '203.0.113.9',
    });
    const unknown = await connectRawPeer(seed.swarm, 'unknown-address', options);
    expect([neighbour.result, unknown.result]).toEqual(['accepted', 'accepted']);
  });

  it('refuses a banned IPv6 peer from any address of its /64', async () => {
    const { seed, options } = await bannedGarblerAt('2001:db8:5:6::1');
    const moved = await connectRawPeer(seed.swarm, 'garbler-moved', {
      ...options,
      address: '2001:db8:5:6:a:b:c:d',
    });
    const elsewhere = await connectRawPeer(seed.swarm, 'other-subnet', {
      ...options,
      address: '2001:db8:5:7::1',
    });
    expect([moved.result, elsewhere.result]).toEqual(['banned', 'accepted']);
  });

  it('takes back a peer that left normally or spoke another wire version', async () => {
    const { seed } = await seeded();
    const leaver = await connectRawPeer(seed.swarm, 'leaver', {
      ...world,
      shareId: world.share.shareId,
    });
    await world.clock.advance(100);
    leaver.send({ type: 'goodbye', code: GoodbyeCode.Normal, reason: 'bye' });
    const future = await connectRawPeer(seed.swarm, 'future', {
      ...world,
      shareId: world.share.shareId,
      version: 99,
    });
    await world.clock.runUntil(() => future.closed && seed.swarm.peerIds.length === 0);
    expect(seed.swarm.isBanned('leaver')).toBe(false);
    expect(seed.swarm.isBanned('future')).toBe(false);
  });

  it('says goodbye VersionMismatch to a peer speaking another wire version', async () => {
    const { seed } = await seeded();
    const raw = await connectRawPeer(seed.swarm, 'future', {
      ...world,
      shareId: world.share.shareId,
      version: 99,
    });
    await world.clock.runUntil(() => raw.closed);
    expect(goodbyeOf(raw.received)).toMatchObject({ code: GoodbyeCode.VersionMismatch });
    expect(types(raw.received)).not.toContain('bitfield');
  });

  it('drops a peer that sends a frame that does not decode', async () => {
    const { seed, closed } = await seeded();
    const raw = await connectRawPeer(seed.swarm, 'garbler', {
      ...world,
      shareId: world.share.shareId,
    });
    await world.clock.advance(100);
    expect(types(raw.received)).toContain('bitfield');
    raw.sendBytes(Uint8Array.of(0xee, 1, 2, 3));
    await world.clock.runUntil(() => raw.closed);
    expect(goodbyeOf(raw.received)).toMatchObject({ code: GoodbyeCode.ProtocolError });
    expect(closed[0]).toMatchObject({ peerId: 'garbler', code: GoodbyeCode.ProtocolError });
    expect(seed.swarm.peerIds).toEqual([]);
  });

  // 400 requests (MAX_QUEUED_REQUESTS is 256), sent one per message or in batches of 64.
  const floodRequests = Array.from({ length: 400 }, (_, i) => ({
    index: i % 4,
    begin: (i % 8) * 32 * KiB,
    length: 32 * KiB,
  }));
  it.each([
    [
      'one per message',
      (raw: RawPeer) => {
        for (const request of floodRequests) raw.send({ type: 'request', ...request });
      },
    ],
    [
      'in batches',
      (raw: RawPeer) => {
        for (let at = 0; at < floodRequests.length; at += 64) {
          raw.send({ type: 'requests', requests: floodRequests.slice(at, at + 64) });
        }
      },
    ],
  ])('drops a peer that floods it with requests, %s', async (_how, flood) => {
    const { seed } = await seeded();
    const raw = await connectRawPeer(seed.swarm, 'flood', {
      ...world,
      shareId: world.share.shareId,
      bandwidth: 50_000,
    });
    await world.clock.advance(100);
    flood(raw);
    await world.clock.runUntil(() => raw.closed);
    expect(goodbyeOf(raw.received)).toMatchObject({ code: GoodbyeCode.Flooding });
  });

  it('drops a peer that sends a second bitfield', async () => {
    const { seed } = await seeded();
    const raw = await connectRawPeer(seed.swarm, 'twice', {
      ...world,
      shareId: world.share.shareId,
    });
    const pieceCount = world.share.manifest.pieceHashes.length;
    raw.send({ type: 'bitfield', pieceCount, bits: new Uint8Array(1) });
    await world.clock.advance(100);
    expect(raw.closed).toBe(false);
    raw.send({ type: 'bitfield', pieceCount, bits: new Uint8Array(1) });
    await world.clock.runUntil(() => raw.closed);
    expect(goodbyeOf(raw.received)).toMatchObject({ code: GoodbyeCode.ProtocolError });
  });

  it.each([
    [
      'a bitfield for another piece count',
      (pieceCount: number): Frame[] => [
        { type: 'bitfield', pieceCount: pieceCount + 1, bits: new Uint8Array(1) },
      ],
    ],
    [
      'a have beyond the last piece',
      (pieceCount: number): Frame[] => [{ type: 'have', index: pieceCount }],
    ],
  ])('drops a peer that sends %s', async (_name, frames) => {
    const { seed } = await seeded();
    const raw = await connectRawPeer(seed.swarm, 'liar', {
      ...world,
      shareId: world.share.shareId,
    });
    await world.clock.advance(100);
    expect(raw.closed).toBe(false);
    for (const frame of frames(world.share.manifest.pieceHashes.length)) raw.send(frame);
    await world.clock.runUntil(() => raw.closed);
    expect(goodbyeOf(raw.received)).toMatchObject({ code: GoodbyeCode.ProtocolError });
  });

  it.each([
    [
      'a bitfield',
      (pieceCount: number): Frame[] => [
        { type: 'bitfield', pieceCount: pieceCount + 8, bits: new Uint8Array(2) },
      ],
    ],
    ['have', (pieceCount: number): Frame[] => [{ type: 'have', index: pieceCount + 3 }]],
  ])(
    'drops a peer whose %s, sent before the manifest was known, does not fit it',
    async (_name, frames) => {
      const { seed } = await seeded();
      const d1 = await world.downloader('d1');
      const raw = await connectRawPeer(d1.swarm, 'early', {
        ...world,
        shareId: world.share.shareId,
      });
      await world.clock.advance(100);
      for (const frame of frames(world.share.manifest.pieceHashes.length)) raw.send(frame);
      await world.clock.advance(100);
      expect(raw.closed).toBe(false);
      world.connect('seed', 'd1', LINK);
      await world.clock.runUntil(() => raw.closed);
      expect(d1.swarm.manifest).not.toBeNull();
      expect(goodbyeOf(raw.received)).toMatchObject({
        code: GoodbyeCode.ProtocolError,
        reason: 'bitfield does not match the manifest',
      });
      await world.untilSeeding('d1');
      expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
      expect(seed.swarm.peerIds).toContain('d1');
    },
  );

  it('drops a peer that keeps asking for the manifest', async () => {
    const { seed } = await seeded();
    const raw = await connectRawPeer(seed.swarm, 'amplifier', {
      ...world,
      shareId: world.share.shareId,
    });
    for (let i = 0; i < 10; i++) raw.send({ type: 'manifest-request' });
    await world.clock.runUntil(() => raw.closed);
    expect(goodbyeOf(raw.received)).toMatchObject({ code: GoodbyeCode.Flooding });
    expect(raw.received.filter((f) => f.type === 'manifest').length).toBeLessThanOrEqual(2);
  });

  it.each([
    [
      'one per message',
      (raw: RawPeer, requests: BlockRange[]) => {
        for (const request of requests) raw.send({ type: 'request', ...request });
      },
    ],
    [
      'in one batch',
      (raw: RawPeer, requests: BlockRange[]) => {
        raw.send({ type: 'requests', requests });
      },
    ],
  ])(
    'rejects requests for pieces it does not have yet, sent %s, and serves the ones it has',
    async (_how, ask) => {
      world = new Scenario(sha256);
      await world.createShare([MemoryFileSource.generated('f.bin', 2 * 256 * KiB + 100, 3)]);
      const store = new MemoryPieceStore();
      await store.put(1, (await world.sources[0]!.read(256 * KiB, 512 * KiB)).slice());
      const half = await world.downloader('half', {
        store,
        manifestBytes: world.share.manifestBytes,
      });
      const raw = await connectRawPeer(half.swarm, 'probe', {
        ...world,
        shareId: world.share.shareId,
      });
      await world.clock.advance(100);
      const missing = [
        { index: 0, begin: 0, length: 32 * KiB },
        { index: 2, begin: 0, length: 100 },
      ];
      ask(raw, [...missing, { index: 1, begin: 32 * KiB, length: 32 * KiB }]);
      await world.clock.advance(500);
      expect(raw.received.filter((f) => f.type === 'reject')).toMatchObject(missing);
      expect(raw.received.filter((f) => f.type === 'piece')).toMatchObject([
        { index: 1, begin: 32 * KiB },
      ]);
      expect(raw.closed).toBe(false);
    },
  );

  it('bans a peer that sends corrupt pieces, finishes from honest peers, and refuses it later', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 16 * 256 * KiB, 10)]);
    await world.sharer('seed');
    await world.sharer('evil');
    const d1 = await world.downloader('d1');
    const closed: PeerClosedEvent[] = [];
    d1.swarm.on('peer-closed', (event) => closed.push(event));
    world.connect('seed', 'd1', LINK);
    const evilLink = world.connect('evil', 'd1', { bandwidth: 4_000_000, latency: 5 });
    evilLink.a.filter = (bytes) => {
      const frame = decodeFrame(bytes);
      if (!frame.ok || frame.value.type !== 'piece') return bytes;
      const data = frame.value.data.slice();
      data[0] = data[0]! ^ 0xff;
      return encodeFrame({ ...frame.value, data });
    };
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
    expect(closed).toMatchObject([{ peerId: 'evil', code: GoodbyeCode.BadPiece, byUs: true }]);
    expect(d1.swarm.isBanned('evil')).toBe(true);
    expect(world.connect('evil', 'd1').results[1]).toBe('banned');
  });

  it('bans a peer whose corrupt blocks went into pieces honest peers also sent, once those pieces verify', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 8 * 256 * KiB, 13)]);
    const seed = await world.sharer('seed');
    await world.sharer('evil');
    const d1 = await world.downloader('d1');
    const closed: PeerClosedEvent[] = [];
    d1.swarm.on('peer-closed', (event) => closed.push(event));
    world.connect('seed', 'd1', LINK);
    const evilLink = world.connect('evil', 'd1', LINK);
    // A few corrupt blocks, then silence: it never sends a whole piece alone, so
    // only comparing blocks with the piece that verified can name it.
    let sent = 0;
    evilLink.a.filter = (bytes) => {
      const frame = decodeFrame(bytes);
      if (!frame.ok || frame.value.type !== 'piece') return bytes;
      if (++sent > 2) return null;
      const data = frame.value.data.slice();
      data[0] = data[0]! ^ 0xff;
      return encodeFrame({ ...frame.value, data });
    };
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
    await world.clock.runUntil(() => d1.swarm.isBanned('evil'));
    expect(closed).toContainEqual(
      expect.objectContaining({ peerId: 'evil', code: GoodbyeCode.BadPiece, byUs: true }),
    );
    expect(d1.swarm.isBanned('seed')).toBe(false);
    expect(seed.swarm.peerIds).toContain('d1');
  });

  it('ignores unsolicited blocks, so a stranger cannot spoil pieces honest peers are sending', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 4 * 256 * KiB, 12)]);
    const seed = await world.sharer('seed');
    const d1 = await world.downloader('d1');
    world.connect('seed', 'd1', { bandwidth: 200_000, latency: 20 });
    await world.clock.runUntil(() => d1.swarm.manifest !== null);
    const spoiler = await connectRawPeer(d1.swarm, 'spoiler', {
      ...world,
      shareId: world.share.shareId,
    });
    await world.clock.advance(50);
    for (let index = 0; index < 4; index++) {
      for (let begin = 0; begin < 256 * KiB; begin += 32 * KiB) {
        spoiler.send({ type: 'piece', index, begin, data: new Uint8Array(32 * KiB).fill(0xaa) });
      }
    }
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
    // No piece failed and had to be fetched again.
    expect(seed.swarm.progress().uploadedBytes).toBe(4 * 256 * KiB);
  });

  it('bans a peer whose manifest does not hash to the share id and gets it from another', async () => {
    world = new Scenario(sha256);
    await world.createShare([MemoryFileSource.generated('f.bin', 300 * KiB, 11)]);
    const d1 = await world.downloader('d1');
    const liar = await connectRawPeer(d1.swarm, 'liar', { ...world, shareId: world.share.shareId });
    await world.clock.runUntil(() => liar.received.some((f) => f.type === 'manifest-request'));
    const other = await buildManifest([MemoryFileSource.generated('x', 10, 1)], { sha256 });
    for (const frame of splitManifest(other.manifestBytes)) liar.send(frame);
    await world.clock.runUntil(() => liar.closed);
    expect(goodbyeOf(liar.received)).toMatchObject({ code: GoodbyeCode.BadManifest });
    expect(d1.swarm.manifest).toBeNull();
    await world.sharer('seed');
    world.connect('seed', 'd1', LINK);
    await world.untilSeeding('d1');
    expect(same(await world.bytesOf('d1'), await world.expectedBytes())).toBe(true);
  });
});

describe('Swarm behind a relaying signaling server', () => {
  // Firefox's DTLS accepts a certificate matching any fingerprint in the remote SDP,
  // so a relay can make a browser see its own fingerprint as the remote one. An
  // attacker then only has to echo the browser's own hello back.
  it.each([
    ['equal', ['fp-victim', 'fp-victim']],
    ['empty', ['', '']],
    ['one of them empty', ['fp-attacker', '']],
  ] as const)(
    'sends nothing but a goodbye when the connection has %s fingerprints, even to a peer echoing its hello',
    async (_how, [theirs, ours]) => {
      const { seed, closed } = await seeded();
      const echo = await connectRawPeer(seed.swarm, 'echo', {
        ...world,
        shareId: new Uint8Array(32),
        silent: true,
        fingerprints: [theirs, ours],
      });
      echo.transport.on('data', (bytes) => {
        const frame = decodeFrame(bytes);
        if (!frame.ok || frame.value.type !== 'hello') return;
        echo.sendBytes(bytes);
        echo.send({ type: 'manifest-request' });
      });
      await world.clock.advance(1_000);
      expect(types(echo.received)).toEqual(['goodbye']);
      expect(echo.closed).toBe(true);
      expect(goodbyeOf(echo.received)).toMatchObject({ code: GoodbyeCode.AuthFailed });
      expect(closed).toMatchObject([{ peerId: 'echo', code: GoodbyeCode.AuthFailed }]);
    },
  );
});

describe('Swarm as a sharer whose files change', () => {
  it('refuses to serve a piece whose file changed, and reports it once', async () => {
    world = new Scenario(sha256);
    const original = new Uint8Array(300 * KiB).fill(1);
    await world.createShare([MemoryFileSource.fromBytes('f.bin', original)]);
    // The file on disk is edited after the manifest was built.
    const edited = original.slice();
    edited[10] = 2;
    world.sources = [MemoryFileSource.fromBytes('f.bin', edited)];
    const seed = await world.sharer('seed');
    const errors: string[] = [];
    seed.swarm.on('error', (error) => errors.push(error.code));
    const raw = await connectRawPeer(seed.swarm, 'd', { ...world, shareId: world.share.shareId });
    await world.clock.advance(100);
    for (let begin = 0; begin < 4 * 32 * KiB; begin += 32 * KiB) {
      raw.send({ type: 'request', index: 0, begin, length: 32 * KiB });
    }
    raw.send({ type: 'request', index: 1, begin: 0, length: 32 * KiB });
    await world.clock.advance(1_000);
    const replies = raw.received.filter((f) => f.type === 'piece' || f.type === 'reject');
    expect(replies.filter((f) => f.type === 'reject').map((f) => f.index)).toEqual([0, 0, 0, 0]);
    expect(replies.filter((f) => f.type === 'piece').map((f) => f.index)).toEqual([1]);
    expect(errors).toEqual(['source-changed']);
  });

  it('serves a browser File as read, hashing nothing, until a read fails: then it reports the change', async () => {
    let hashedBytes = 0;
    world = new Scenario(async (data) => {
      hashedBytes += data.length;
      return sha256(data);
    });
    const original = new Uint8Array(300 * KiB).fill(1);
    const file = MemoryFileSource.snapshotOf('f.bin', original);
    await world.createShare([file]);
    const seed = await world.sharer('seed');
    const errors: string[] = [];
    seed.swarm.on('error', (error) => errors.push(error.code));
    const raw = await connectRawPeer(seed.swarm, 'd', { ...world, shareId: world.share.shareId });
    await world.clock.advance(100);
    hashedBytes = 0;
    raw.send({ type: 'request', index: 0, begin: 0, length: 32 * KiB });
    await world.clock.advance(1_000);
    expect(raw.received.filter((f) => f.type === 'piece').map((f) => f.index)).toEqual([0]);
    expect(hashedBytes).toBe(0);

    const edited = original.slice();
    edited[200 * KiB] = 2;
    file.edit(edited);
    raw.send({ type: 'request', index: 1, begin: 0, length: 32 * KiB });
    await world.clock.advance(1_000);
    const replies = raw.received.filter((f) => f.type === 'piece' || f.type === 'reject');
    expect(replies.map((f) => `${f.type} ${f.index}`)).toEqual(['piece 0', 'reject 1']);
    expect(errors).toEqual(['source-changed']);
  });
});
