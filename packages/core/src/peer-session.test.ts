import { createHash } from 'node:crypto';
import { GoodbyeCode, WIRE_VERSION, type Frame } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { connectRawPeer } from './memory/raw-peer.ts';
import { Scenario } from './memory/scenario.ts';
import { HELLO_TIMEOUT_MS } from './peer-session.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const types = (frames: Frame[]) => frames.map((f) => f.type);

let world: Scenario;
afterEach(() => world?.destroyAll());

async function seedWorld() {
  world = new Scenario(sha256);
  await world.createShare([MemoryFileSource.generated('f.bin', 100_000, 1)]);
  return world.sharer('seed');
}

describe('PeerSession handshake', () => {
  it('sends hello first, then bitfield and manifest only after the proof verifies', async () => {
    const seed = await seedWorld();
    const raw = await connectRawPeer(seed.swarm, 'alice', {
      ...world,
      shareId: world.share.shareId,
    });
    // Sent before our proof can have been checked: held, then answered.
    raw.send({ type: 'manifest-request' });
    await world.clock.advance(100);
    expect(types(raw.received)).toEqual(['hello', 'bitfield', 'manifest']);
    expect(raw.closed).toBe(false);
  });

  it('drops a peer whose first frame is not hello', async () => {
    const seed = await seedWorld();
    const raw = await connectRawPeer(seed.swarm, 'rude', {
      ...world,
      shareId: world.share.shareId,
      silent: true,
    });
    raw.send({ type: 'manifest-request' });
    await world.clock.runUntil(() => raw.closed);
    expect(types(raw.received)).toEqual(['hello', 'goodbye']);
    expect(raw.received[1]).toMatchObject({ code: GoodbyeCode.ProtocolError });
  });

  it('drops a peer that never says hello', async () => {
    const seed = await seedWorld();
    const raw = await connectRawPeer(seed.swarm, 'mute', {
      ...world,
      shareId: world.share.shareId,
      silent: true,
    });
    const t = await world.clock.runUntil(() => raw.closed);
    expect(t).toBeGreaterThanOrEqual(HELLO_TIMEOUT_MS);
    expect(raw.received.at(-1)).toMatchObject({ type: 'goodbye', code: GoodbyeCode.ProtocolError });
  });

  it('drops a peer that floods frames while its proof is being checked', async () => {
    const seed = await seedWorld();
    const raw = await connectRawPeer(seed.swarm, 'eager', {
      ...world,
      shareId: new Uint8Array(32),
      silent: true,
    });
    raw.send({ type: 'hello', version: WIRE_VERSION, proof: new Uint8Array(32) });
    for (let i = 0; i < 100; i++) raw.send({ type: 'have', index: 0 });
    await world.clock.runUntil(() => raw.closed);
    const goodbye = raw.received.find((f) => f.type === 'goodbye');
    // Either verdict is right; what matters is that nothing else was sent.
    expect([GoodbyeCode.Flooding, GoodbyeCode.AuthFailed]).toContain(
      goodbye?.type === 'goodbye' ? goodbye.code : -1,
    );
    expect(types(raw.received)).toEqual(['hello', 'goodbye']);
  });
});
