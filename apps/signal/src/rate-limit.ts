// Flood control, pure and driven by an injected clock: per connection (signaling)
// and per source address (the embedded STUN server).

import type { Now } from './clock.ts';

/**
 * A token bucket: holds up to `burst` tokens, refills `perSecond` tokens a second,
 * and each event takes one. An empty bucket refuses the event.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: Now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token if there is one; returns whether the event may proceed. */
  take(): boolean {
    const now = this.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * One token bucket per key, for at most `maxKeys` keys: memory stays bounded
 * however many sources there are. Beyond the cap the key seen least recently is
 * forgotten, and starts again with a full bucket if it comes back; a flood from
 * forged sources can cycle through keys that way, which is why a global bucket
 * must bound the total as well.
 */
export class KeyedTokenBuckets {
  /** In order of last use, least recent first (a Map keeps insertion order). */
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys: number,
    private readonly now: Now,
  ) {}

  /** Takes one token from `key`'s bucket; returns whether the event may proceed. */
  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
    } else {
      bucket = new TokenBucket(this.perSecond, this.burst, this.now);
      const oldest = this.buckets.keys().next();
      if (this.buckets.size >= this.maxKeys && !oldest.done) this.buckets.delete(oldest.value);
    }
    this.buckets.set(key, bucket);
    return bucket.take();
  }

  /** Keys with a bucket now (at most maxKeys). */
  get size(): number {
    return this.buckets.size;
  }
}

/**
 * Counts refusals in a sliding window. Once `max` refusals fall within
 * `windowMs`, the connection is abusive and should be cut.
 */
export class RefusalWindow {
  private readonly times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: Now,
  ) {}

  /** Records one refusal; returns true when the limit is reached. */
  record(): boolean {
    const now = this.now();
    this.times.push(now);
    while (this.times.length > 0 && (this.times[0] ?? now) <= now - this.windowMs)
      this.times.shift();
    // Never keep more than `max` timestamps: memory per connection stays bounded.
    if (this.times.length > this.max) this.times.splice(0, this.times.length - this.max);
    return this.times.length >= this.max;
  }
}
