import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseOptions, parseSize, QUICK } from './options.ts';

describe('parseSize', () => {
  it('reads binary units', () => {
    expect(parseSize('256MiB')).toBe(256 * 1024 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('32M')).toBe(32 * 1024 * 1024);
    expect(parseSize('1.5k')).toBe(1536);
    expect(parseSize('100')).toBe(100);
  });
  it('refuses what is not a size', () => {
    expect(() => parseSize('lots')).toThrow('not a size');
  });
});

describe('parseOptions', () => {
  it('uses the issue defaults unless told otherwise', () => {
    expect(parseOptions([], {})).toEqual(DEFAULTS);
  });
  it('switches to quick mode by flag or environment, and flags override sizes', () => {
    expect(parseOptions(['--quick'], {})).toEqual(QUICK);
    expect(parseOptions([], { BENCH_QUICK: '1', BENCH_SIZE: '8MiB' }).size).toBe(8 * 1024 * 1024);
    expect(parseOptions(['--size=64MiB', '--limit=1MiB', '--huge-size=2GiB'], {})).toMatchObject({
      size: 64 * 1024 * 1024,
      limit: 1024 * 1024,
      hugeSize: 2 * 1024 ** 3,
    });
    expect(parseOptions([], { BENCH_HUGE_SIZE: '3GiB' }).hugeSize).toBe(3 * 1024 ** 3);
  });
});
