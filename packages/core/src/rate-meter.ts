// Bytes per second over a sliding window, on the injected clock. The window
// starts at the first byte after a quiet spell, not at creation: a peer that
// sat connected while the user read the page must not look slow once data
// flows, or its pipeline (sized from this rate) would stay shallow for seconds.
import type { Clock } from './interfaces.ts';

/** Width of one bucket. Short enough that the rate reacts within a second. */
const BUCKET_MS = 250;
/** Buckets kept: a 5 s window smooths bursts from pipelined blocks. */
const BUCKETS = 20;

export class RateMeter {
  readonly #clock: Clock;
  readonly #buckets = new Float64Array(BUCKETS);
  /** Index (time / BUCKET_MS) of the newest bucket. */
  #head: number;
  /** When the current stretch of traffic began; null before any byte. */
  #since: number | null = null;
  /** When bytes were last added. */
  #last = -Infinity;
  #total = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#head = Math.floor(clock.now() / BUCKET_MS);
  }

  /** Bytes counted since creation. */
  get total(): number {
    return this.#total;
  }

  /** When bytes were last counted (clock ms); -Infinity before any. */
  get lastAt(): number {
    return this.#last;
  }

  add(bytes: number): void {
    const now = this.#roll();
    // Quiet for a whole window: every bucket is empty, so the rate starts afresh.
    if (now - this.#last >= BUCKETS * BUCKET_MS) this.#since = now;
    this.#last = now;
    this.#buckets[this.#head % BUCKETS]! += bytes;
    this.#total += bytes;
  }

  /** Bytes per second over the window, or since traffic (re)started if that is shorter. */
  rate(): number {
    const now = this.#roll();
    if (this.#since === null) return 0;
    const span = Math.min(BUCKETS * BUCKET_MS, now - this.#since);
    let sum = 0;
    for (const bytes of this.#buckets) sum += bytes;
    return (sum * 1000) / Math.max(span, BUCKET_MS);
  }

  /** Empties buckets that have fallen out of the window; returns the time it rolled to. */
  #roll(): number {
    const now = this.#clock.now();
    const index = Math.floor(now / BUCKET_MS);
    const steps = Math.min(index - this.#head, BUCKETS);
    for (let i = 1; i <= steps; i++) this.#buckets[(this.#head + i) % BUCKETS] = 0;
    if (index > this.#head) this.#head = index;
    return now;
  }
}
