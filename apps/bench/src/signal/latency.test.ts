import { describe, expect, it } from 'vitest';
import { LatencyRecorder, percentile, summarize, timeline } from './latency.ts';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('returns the nearest-rank sample: p50 of 1..100 is 50 and p99 is 99', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('returns the smallest sample for p0 and a measured sample, never an interpolation', () => {
    expect(percentile([3, 7], 0)).toBe(3);
    expect(percentile([3, 7], 50)).toBe(3);
    expect(percentile([3, 7], 51)).toBe(7);
  });

  it('gives the single sample for every percentile of one sample', () => {
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });

  it('refuses an empty array and percentiles outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts numerically, not as strings', () => {
    const summary = summarize([10, 9, 100, 2]);
    expect(summary).toMatchObject({ count: 4, min: 2, max: 100, p50: 9 });
  });

  it('computes the mean and the tail of a skewed distribution', () => {
    const samples = [...Array.from({ length: 98 }, () => 1), 50, 200];
    const summary = summarize(samples);
    expect(summary?.mean).toBeCloseTo(3.48);
    expect(summary?.p50).toBe(1);
    expect(summary?.p99).toBe(50);
    expect(summary?.max).toBe(200);
  });

  it('returns null when there are no samples', () => {
    expect(summarize([])).toBeNull();
  });
});

describe('LatencyRecorder', () => {
  it('summarizes what it recorded', () => {
    const recorder = new LatencyRecorder(10);
    for (const ms of [5, 1, 3]) recorder.record(ms);
    expect(recorder.count).toBe(3);
    expect(recorder.summary()).toMatchObject({ count: 3, min: 1, p50: 3, max: 5 });
  });

  it('counts but drops samples beyond its capacity', () => {
    const recorder = new LatencyRecorder(2);
    for (const ms of [1, 2, 3, 4]) recorder.record(ms);
    expect(recorder.count).toBe(2);
    expect(recorder.dropped).toBe(2);
    expect(recorder.summary()?.max).toBe(2);
  });
});

describe('timeline', () => {
  it('summarizes consecutive buckets in send order and skips undelivered samples', () => {
    const buckets = timeline([100, 90, Number.NaN, 2, 1, 3, 5], 3);
    expect(buckets.map((b) => b.from)).toEqual([0, 3, 6]);
    expect(buckets.map((b) => b.summary?.count)).toEqual([2, 3, 1]);
    expect(buckets[0]?.summary?.max).toBe(100);
    expect(buckets[1]?.summary?.p50).toBe(2);
  });

  it('gives a null summary to a bucket where nothing arrived', () => {
    expect(timeline([Number.NaN, Number.NaN], 2)).toEqual([{ from: 0, summary: null }]);
  });
});
