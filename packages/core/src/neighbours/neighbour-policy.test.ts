import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../memory/simulated-clock.ts';
import {
  DROPPED_BACKOFF_MS,
  MAX_KNOWN_PEERS,
  NeighbourPolicy,
  REDIAL_BACKOFF_MS,
  SAMPLE_INTERVAL_MS,
  USELESS_GRACE_MS,
} from './neighbour-policy.ts';

function seeded(seed = 1): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

const ids = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const none = () => false;

function policy(seed = 1) {
  const clock = new SimulatedClock();
  return { clock, policy: new NeighbourPolicy({ clock, random: seeded(seed) }) };
}

describe('NeighbourPolicy', () => {
  it('spreads the dials of many joiners over the room instead of all dialling the oldest members', () => {
    // 200 joiners, each knowing the same 30 peers (the sharer first), each dialling 8.
    const room = ids(30);
    const dialledBy = new Map<string, number>();
    for (let joiner = 0; joiner < 200; joiner++) {
      const { policy: p } = policy(joiner + 1);
      p.learned(room);
      for (const id of p.dials(8, none).dial) dialledBy.set(id, (dialledBy.get(id) ?? 0) + 1);
    }
    // In join order p0..p7 would get all 200 dials each; randomly, each peer gets about 200·8/30 = 53.
    expect(Math.max(...dialledBy.values())).toBeLessThan(90);
    expect(dialledBy.size).toBe(30);
  });

  it('skips peers that are busy or banned, and never dials more than wanted', () => {
    const { policy: p } = policy();
    p.learned(ids(10));
    const { dial } = p.dials(4, (id) => id === 'p0' || id === 'p1');
    expect(dial).toHaveLength(4);
    expect(dial).not.toContain('p0');
    expect(dial).not.toContain('p1');
    expect(new Set(dial).size).toBe(4);
    expect(p.dials(0, none).dial).toEqual([]);
  });

  it('holds a peer back after its connection ended, and says when to try again', async () => {
    const { clock, policy: p } = policy();
    p.learned(['a']);
    p.ended('a');
    expect(p.dials(1, none)).toEqual({ dial: [], wakeAt: REDIAL_BACKOFF_MS });
    await clock.advance(REDIAL_BACKOFF_MS);
    expect(p.dials(1, none).dial).toEqual(['a']);
  });

  it('dials a peer whose network path was lost straight back', () => {
    const { policy: p } = policy();
    p.learned(['a']);
    p.ended('a', { pathLost: true });
    expect(p.dials(1, none).dial).toEqual(['a']);
  });

  it('leaves a neighbour it dropped as useless alone for longer than a failed one', async () => {
    const { clock, policy: p } = policy();
    p.learned(['a']);
    p.dropped('a');
    await clock.advance(REDIAL_BACKOFF_MS);
    expect(p.dials(1, none).dial).toEqual([]);
    await clock.advance(DROPPED_BACKOFF_MS - REDIAL_BACKOFF_MS);
    expect(p.dials(1, none).dial).toEqual(['a']);
  });

  it('forgets peers that left, and remembers only the freshest MAX_KNOWN_PEERS', () => {
    const { policy: p } = policy();
    p.learned(['gone', ...ids(10)]);
    p.forget('gone');
    expect(p.knows('gone')).toBe(false);
    p.learned(ids(MAX_KNOWN_PEERS, 'new'));
    expect(p.knownCount).toBe(MAX_KNOWN_PEERS);
    expect(p.knows('p0')).toBe(false);
    expect(p.knows(`new${MAX_KNOWN_PEERS - 1}`)).toBe(true);
  });

  it('asks for a fresh sample only when it wants more peers than it can dial, at most every SAMPLE_INTERVAL_MS', async () => {
    const { clock, policy: p } = policy();
    expect(p.shouldSample(8, 8)).toBe(false);
    expect(p.shouldSample(8, 3)).toBe(true);
    expect(p.shouldSample(8, 3)).toBe(false);
    await clock.advance(SAMPLE_INTERVAL_MS - 1);
    expect(p.shouldSample(8, 3)).toBe(false);
    await clock.advance(1);
    expect(p.shouldSample(8, 3)).toBe(true);
  });

  it('lets go of a neighbour useless both ways for the grace period, only as many as room is needed', async () => {
    const { clock, policy: p } = policy();
    const states = [
      { id: 'useful', weNeed: true, theyNeed: false },
      { id: 'wants', weNeed: false, theyNeed: true },
      { id: 'idle1', weNeed: false, theyNeed: false },
      { id: 'idle2', weNeed: false, theyNeed: false },
    ];
    expect(p.toDrop(states, 5)).toEqual([]);
    await clock.advance(USELESS_GRACE_MS);
    expect(p.toDrop(states, 0)).toEqual([]);
    expect(p.toDrop(states, 1)).toHaveLength(1);
    expect(p.toDrop(states, 5).sort()).toEqual(['idle1', 'idle2']);
  });

  it('restarts the grace period of a neighbour that became useful again', async () => {
    const { clock, policy: p } = policy();
    p.toDrop([{ id: 'a', weNeed: false, theyNeed: false }], 1);
    await clock.advance(USELESS_GRACE_MS - 1000);
    p.toDrop([{ id: 'a', weNeed: true, theyNeed: false }], 1);
    await clock.advance(1000);
    expect(p.toDrop([{ id: 'a', weNeed: false, theyNeed: false }], 1)).toEqual([]);
  });
});
