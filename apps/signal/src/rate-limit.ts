// Per-connection flood control, pure and driven by an injected clock.

export type Clock = () => number;

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
    private readonly now: Clock,
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
 * Counts refusals in a sliding window. Once `max` refusals fall within
 * `windowMs`, the connection is abusive and should be cut.
 */
export class RefusalWindow {
  private readonly times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: Clock,
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
