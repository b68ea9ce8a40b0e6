import { describe, expect, it } from 'vitest';
import { sampleFrom, type RandomBelow } from './room-sample.ts';

/** A seeded random source (mulberry32), so the statistics below cannot flake. */
function seeded(seed: number): RandomBelow & { draws: number } {
  let state = seed >>> 0;
  const next = ((bound: number) => {
    next.draws += 1;
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * bound);
  }) as RandomBelow & { draws: number };
  next.draws = 0;
  return next;
}

const membersOf = (size: number) => Array.from({ length: size }, (_, i) => `p${i}`);

describe('sampleFrom', () => {
  it('samples k distinct members, never the one excluded', () => {
    const room = membersOf(100);
    const random = seeded(1);
    for (let round = 0; round < 200; round++) {
      const self = `p${round % 100}`;
      const picked = sampleFrom(room, 30, self, random);
      expect(picked).toHaveLength(30);
      expect(new Set(picked).size).toBe(30);
      expect(picked).not.toContain(self);
      for (const peer of picked) expect(room).toContain(peer);
    }
  });

  it('gives everyone but the excluded member when the room is smaller than k', () => {
    const room = membersOf(8);
    expect(sampleFrom(room, 30, 'p3').sort()).toEqual(['p0', 'p1', 'p2', 'p4', 'p5', 'p6', 'p7']);
    expect(sampleFrom(room, 30, 'not-a-member')).toHaveLength(8);
    expect(sampleFrom(['a', 'b'], 10, 'a')).toEqual(['b']);
    expect(sampleFrom([], 30)).toEqual([]);
    expect(sampleFrom(room, 0)).toEqual([]);
  });

  it('costs k draws of the random source, whatever the size of the room', () => {
    const random = seeded(2);
    sampleFrom(membersOf(100_000), 30, 'p5', random);
    expect(random.draws).toBe(30);
  });

  it('picks every member about equally often, the last one included', () => {
    const room = membersOf(19);
    const random = seeded(3);
    const counts = new Map<string, number>();
    const rounds = 20_000;
    for (let round = 0; round < rounds; round++) {
      for (const peer of sampleFrom(room, 5, 'p0', random))
        counts.set(peer, (counts.get(peer) ?? 0) + 1);
    }
    // 18 eligible members, 5 picked per round: each is expected 20,000 × 5/18 ≈ 5,556 times.
    const expected = (rounds * 5) / 18;
    expect(counts.size).toBe(18);
    expect(counts.has('p0')).toBe(false);
    for (const count of counts.values())
      expect(Math.abs(count - expected) / expected).toBeLessThan(0.05);
  });
});
