// Joins two swarms with an in-memory link, as the app joins them over WebRTC.
import type { Swarm } from '../swarm.ts';
import { createTransportPair, type LinkOptions, type MemoryTransport } from './memory-transport.ts';

export interface Connected {
  /** a's end of the link, and b's. */
  a: MemoryTransport;
  b: MemoryTransport;
  results: [ReturnType<Swarm['addPeer']>, ReturnType<Swarm['addPeer']>];
}

/** Links swarm `a` (known to b as `aId`) and swarm `b` (known to a as `bId`). */
export function connectSwarms(
  a: { swarm: Swarm; id: string },
  b: { swarm: Swarm; id: string },
  link: LinkOptions,
): Connected {
  const [ta, tb] = createTransportPair({
    ...link,
    fingerprints: link.fingerprints ?? [`fp-${a.id}-${b.id}`, `fp-${b.id}-${a.id}`],
  });
  const results: Connected['results'] = [a.swarm.addPeer(ta, b.id), b.swarm.addPeer(tb, a.id)];
  return { a: ta, b: tb, results };
}
