import { describe, expect, it } from 'vitest';
import { RoomSample, sampleFrom, type RandomBelow } from './room-sample.ts';

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

function roomOf(size: number): RoomSample {
  const room = new RoomSample();
  for (let i = 0; i < size; i++) room.add(`p${i}`);
  return room;
}

describe('RoomSample', () => {
  it('adds and removes members once each, keeping the others', () => {
    const room = roomOf(5);
    expect(room.add('p2')).toBe(false);
    expect(room.remove('p0')).toBe(true);
    expect(room.remove('p0')).toBe(false);
    expect(room.remove('p4')).toBe(true);
    expect(room.size).toBe(3);
    expect(room.sample(10).sort()).toEqual(['p1', 'p2', 'p3']);
  });

  it('samples k distinct members, never the one excluded', () => {
    const room = roomOf(100);
    const random = seeded(1);
    for (let round = 0; round < 200; round++) {
      const self = `p${round % 100}`;
      const picked = room.sample(30, self, random);
      expect(picked).toHaveLength(30);
      expect(new Set(picked).size).toBe(30);
      expect(picked).not.toContain(self);
      for (const peer of picked) expect(room.has(peer)).toBe(true);
    }
  });

  it('gives everyone but the excluded member when the room is smaller than k', () => {
    const room = roomOf(8);
    expect(room.sample(30, 'p3').sort()).toEqual(['p0', 'p1', 'p2', 'p4', 'p5', 'p6', 'p7']);
    expect(room.sample(30, 'not-a-member')).toHaveLength(8);
    expect(new RoomSample().sample(30)).toEqual([]);
    expect(room.sample(0)).toEqual([]);
  });

  it('costs k draws of the random source, whatever the size of the room', () => {
    const room = roomOf(100_000);
    const random = seeded(2);
    room.sample(30, 'p5', random);
    expect(random.draws).toBe(30);
  });

  it('picks every member about equally often, the last one and the excluded slot included', () => {
    const room = roomOf(20);
    room.remove('p7'); // a swap-removal moves p19 into the gap
    const random = seeded(3);
    const counts = new Map<string, number>();
    const rounds = 20_000;
    for (let round = 0; round < rounds; round++) {
      for (const peer of room.sample(5, 'p0', random))
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

describe('sampleFrom', () => {
  it('picks k distinct entries of a list, never the excluded one, in k draws', () => {
    const list = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const random = seeded(4);
    const picked = sampleFrom(list, 10, 'p3', random);
    expect(random.draws).toBe(10);
    expect(new Set(picked).size).toBe(10);
    expect(picked).not.toContain('p3');
    expect(sampleFrom(['a', 'b'], 10, 'a')).toEqual(['b']);
    expect(sampleFrom([], 10)).toEqual([]);
  });
});
