import { createHash } from 'node:crypto';
import { GoodbyeCode, splitManifest, type Frame } from '@shoal/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sha256 } from './interfaces.ts';
import { MemoryFileSource } from './memory/memory-file-source.ts';
import { connectRawPeer } from './memory/raw-peer.ts';
import { Scenario } from './memory/scenario.ts';

const sha256: Sha256 = async (data) => createHash('sha256').update(data).digest();
const goodbyeOf = (frames: Frame[]) => frames.find((f) => f.type === 'goodbye');

let world: Scenario;
afterEach(() => world?.destroyAll());

/**
 * A hostile sharer's link: manifest bytes the honest encoder would refuse to write,
 * with `hidden` in place of `placeholder` (as many UTF-8 bytes) in a file name,
 * and the share id they hash to, so only the decoder stands in the way.
 */
async function hostileShare(placeholder: string, hidden: string) {
  world = new Scenario(sha256);
  const honest = await world.createShare([
    MemoryFileSource.generated(`invoice${placeholder}fdp.exe`, 1000, 3),
  ]);
  const [from, to] = [new TextEncoder().encode(placeholder), new TextEncoder().encode(hidden)];
  expect(to.length).toBe(from.length);
  const bytes = honest.manifestBytes.slice();
  const at = Buffer.from(bytes).indexOf(Buffer.from(from));
  bytes.set(to, at);
  world.share = { ...honest, manifestBytes: bytes, shareId: await sha256(bytes) };
  return bytes;
}

describe('Swarm and file names that lie', () => {
  it.each([
    ['a right-to-left override', 'XYZ', '\u202E'],
    ['a C1 control', 'XY', '\u0085'],
    ['a zero-width space', 'XYZ', '\u200B'],
  ])(
    'says goodbye BadManifest to a peer whose manifest hashes to the link but has %s in a name',
    async (_name, placeholder, hidden) => {
      const bytes = await hostileShare(placeholder, hidden);
      const d1 = await world.downloader('d1');
      const liar = await connectRawPeer(d1.swarm, 'liar', {
        ...world,
        shareId: world.share.shareId,
      });
      await world.clock.runUntil(() => liar.received.some((f) => f.type === 'manifest-request'));
      for (const frame of splitManifest(bytes)) liar.send(frame);
      await world.clock.runUntil(() => liar.closed);
      expect(goodbyeOf(liar.received)).toMatchObject({ code: GoodbyeCode.BadManifest });
      expect(d1.swarm.manifest).toBeNull();
    },
  );
});
