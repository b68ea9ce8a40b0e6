import { describe, expect, it } from 'vitest';
import { KeyedTokenBuckets, RefusalWindow, TokenBucket } from './rate-limit.ts';

function fakeClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('token bucket', () => {
  it('lets a full burst through, then refuses', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 5, clock.now);
    const results = Array.from({ length: 7 }, () => bucket.take());
    expect(results).toEqual([true, true, true, true, true, false, false]);
  });

  it('refills at the configured rate', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 5, clock.now);
    for (let i = 0; i < 5; i++) bucket.take();
    expect(bucket.take()).toBe(false);
    clock.advance(50);
    expect(bucket.take()).toBe(false);
    clock.advance(50);
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than the burst, however long it idles', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 3, clock.now);
    clock.advance(3_600_000);
    expect(Array.from({ length: 4 }, () => bucket.take())).toEqual([true, true, true, false]);
  });

  it('does not mint tokens when the clock steps backwards', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, 1, clock.now);
    expect(bucket.take()).toBe(true);
    clock.advance(-10_000);
    expect(bucket.take()).toBe(false);
  });
});

describe('refusal window', () => {
  it('trips when max refusals fall within the window', () => {
    const clock = fakeClock();
    const window = new RefusalWindow(3, 1_000, clock.now);
    expect(window.record()).toBe(false);
    expect(window.record()).toBe(false);
    expect(window.record()).toBe(true);
  });

  it('forgets refusals older than the window', () => {
    const clock = fakeClock();
    const window = new RefusalWindow(3, 1_000, clock.now);
    window.record();
    window.record();
    clock.advance(1_000);
    expect(window.record()).toBe(false);
    expect(window.record()).toBe(false);
    expect(window.record()).toBe(true);
  });
});

describe('token buckets per key', () => {
  it('gives each key its own bucket', () => {
    const clock = fakeClock();
    const buckets = new KeyedTokenBuckets(1, 2, 10, clock.now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([true, true, false]);
    expect(buckets.take('b')).toBe(true);
    clock.advance(1_000);
    expect(buckets.take('a')).toBe(true);
  });

  it('keeps at most maxKeys buckets, forgetting the key seen least recently', () => {
    const clock = fakeClock();
    const buckets = new KeyedTokenBuckets(1, 1, 2, clock.now);
    buckets.take('a');
    buckets.take('b');
    expect(buckets.take('a')).toBe(false); // 'a' is now the most recent
    expect(buckets.take('c')).toBe(true); // forgets 'b'
    expect(buckets.size).toBe(2);
    expect(buckets.take('a')).toBe(false); // still remembered, still empty
    expect(buckets.take('b')).toBe(true); // forgotten: a fresh bucket (and 'c' goes)
    for (let i = 0; i < 1_000; i++) buckets.take(`k${i}`);
    expect(buckets.size).toBe(2);
  });
});
