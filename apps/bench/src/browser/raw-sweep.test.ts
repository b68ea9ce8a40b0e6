import { describe, expect, it } from 'vitest';
import { bestOf, QUICK_SWEEP, sweepConfigs } from './raw-sweep.ts';

describe('the raw-channel sweep', () => {
  it('covers every message size with every high-water mark in a full run', () => {
    const configs = sweepConfigs(false);
    expect(configs).toHaveLength(20);
    expect(new Set(configs.map((c) => `${c.messageBytes}/${c.highWaterMark}`)).size).toBe(20);
    expect(configs).toContainEqual({ messageBytes: 256 * 1024, highWaterMark: 15 * 1024 * 1024 });
  });

  it('tries only two configurations in quick mode', () => {
    expect(sweepConfigs(true)).toEqual(QUICK_SWEEP);
  });

  it('picks the fastest point, the earlier one on a tie', () => {
    const a = { messageBytes: 1, highWaterMark: 1, mibPerSecond: 9 };
    const b = { messageBytes: 2, highWaterMark: 1, mibPerSecond: 11 };
    const c = { messageBytes: 3, highWaterMark: 1, mibPerSecond: 11 };
    expect(bestOf([a, b, c])).toBe(b);
    expect(() => bestOf([])).toThrow('empty sweep');
  });
});
