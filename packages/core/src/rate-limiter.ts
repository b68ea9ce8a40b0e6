// Token bucket on the injected clock: the upload rate limit.
import type { Clock } from './interfaces.ts';

/**
 * Seconds of tokens the bucket may hold. Small, so that a peer idle for a
 * minute cannot then burst far beyond the limit.
 */
const BURST_SECONDS = 0.25;

export class TokenBucket {
  readonly #clock: Clock;
  #rate: number | null;
  #tokens = 0;
  #updated: number;

  /** `bytesPerSecond` null means unlimited. */
  constructor(clock: Clock, bytesPerSecond: number | null) {
    this.#clock = clock;
    this.#rate = bytesPerSecond;
    this.#updated = clock.now();
  }

  get rate(): number | null {
    return this.#rate;
  }

  setRate(bytesPerSecond: number | null): void {
    this.#refill();
    this.#rate = bytesPerSecond;
    if (bytesPerSecond !== null) this.#tokens = Math.min(this.#tokens, this.#capacity(0));
  }

  /**
   * Takes `bytes` tokens and returns 0, or returns how many ms to wait before
   * they will be there. The bucket may go into debt by one message, so a
   * message larger than the burst still goes out eventually.
   */
  take(bytes: number): number {
    if (this.#rate === null) return 0;
    this.#refill();
    if (this.#tokens >= 0) {
      this.#tokens -= bytes;
      return 0;
    }
    return Math.ceil((-this.#tokens * 1000) / this.#rate);
  }

  #capacity(bytes: number): number {
    return Math.max(bytes, (this.#rate ?? 0) * BURST_SECONDS);
  }

  #refill(): void {
    const now = this.#clock.now();
    if (this.#rate !== null) {
      this.#tokens = Math.min(
        this.#capacity(0),
        this.#tokens + ((now - this.#updated) * this.#rate) / 1000,
      );
    }
    this.#updated = now;
  }
}
