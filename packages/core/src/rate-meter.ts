// Bytes per second over a sliding window, on the injected clock.
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
  readonly #started: number;
  #total = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#started = clock.now();
    this.#head = Math.floor(this.#started / BUCKET_MS);
  }

  /** Bytes counted since creation. */
  get total(): number {
    return this.#total;
  }

  add(bytes: number): void {
    this.#roll();
    this.#buckets[this.#head % BUCKETS]! += bytes;
    this.#total += bytes;
  }

  /** Bytes per second over the window, or since creation if that is shorter. */
  rate(): number {
    this.#roll();
    const now = this.#clock.now();
    const span = Math.min(BUCKETS * BUCKET_MS, now - this.#started);
    if (span <= 0) return 0;
    let sum = 0;
    for (const bytes of this.#buckets) sum += bytes;
    return (sum * 1000) / Math.max(span, BUCKET_MS);
  }

  #roll(): void {
    const index = Math.floor(this.#clock.now() / BUCKET_MS);
    const steps = Math.min(index - this.#head, BUCKETS);
    for (let i = 1; i <= steps; i++) this.#buckets[(this.#head + i) % BUCKETS] = 0;
    if (index > this.#head) this.#head = index;
  }
}
