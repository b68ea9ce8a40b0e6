import { describe, expect, it } from 'vitest';
import { dueCount, randomOther, seededRandom } from './pacing.ts';

describe('dueCount', () => {
  it('keeps the total sent on the rate line: 1,000/s means 250 due after 250 ms', () => {
    expect(dueCount(250, 1000, 0, 10_000, 1000)).toBe(250);
    expect(dueCount(250, 1000, 240, 10_000, 1000)).toBe(10);
    expect(dueCount(250, 1000, 250, 10_000, 1000)).toBe(0);
  });

  it('never sends past the total or a negative count', () => {
    expect(dueCount(60_000, 1000, 9_990, 10_000, 1000)).toBe(10);
    expect(dueCount(10, 1000, 500, 10_000, 1000)).toBe(0);
    expect(dueCount(-5, 1000, 0, 10_000, 1000)).toBe(0);
  });

  it('caps a catch-up burst after a stall', () => {
    expect(dueCount(2_000, 1000, 0, 10_000, 50)).toBe(50);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and stays within [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('randomOther', () => {
  it('never picks self and reaches every other member', () => {
    const random = seededRandom(1);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const pick = randomOther(random, ['a', 'b', 'c', 'd', 'e'], 'c');
      expect(pick).not.toBe('c');
      seen.add(pick);
    }
    expect([...seen].sort()).toEqual(['a', 'b', 'd', 'e']);
  });

  it('refuses a room with nobody else in it', () => {
    expect(() => randomOther(seededRandom(1), ['a'], 'a')).toThrow(RangeError);
  });
});
