// Relay latency statistics. Pure: samples in, numbers out, so the figures in the
// report can be unit-tested without a server.

export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile of an ascending array: the smallest sample such that
 * at least `p` percent of samples are less than or equal to it. Never interpolates,
 * so the answer is always a latency that was actually measured.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Count, min, mean, p50, p90, p99 and max of the samples, or null when there are none. */
export function summarize(samples: ArrayLike<number>): LatencySummary | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    min: sorted[0] as number,
    mean: total / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

/**
 * Collects latency samples into a preallocated buffer. Past `capacity` it counts
 * but drops samples, so a runaway run cannot grow memory without bound.
 */
export class LatencyRecorder {
  private readonly samples: Float64Array;
  private length = 0;
  /** Samples offered beyond capacity. */
  dropped = 0;

  constructor(capacity: number) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    if (this.length < this.samples.length) this.samples[this.length++] = ms;
    else this.dropped++;
  }

  get count(): number {
    return this.length;
  }

  summary(): LatencySummary | null {
    return summarize(this.samples.subarray(0, this.length));
  }
}

export interface TimelineBucket {
  /** Index of the first sample in this bucket. */
  from: number;
  summary: LatencySummary | null;
}

/**
 * Summaries of consecutive runs of `bucketSize` samples in send order (with a steady
 * rate, one bucket per second), skipping NaN (not delivered). Shows warm-up and
 * queues building up, which one overall p99 hides.
 */
export function timeline(bySeq: ArrayLike<number>, bucketSize: number): TimelineBucket[] {
  if (!(bucketSize >= 1)) throw new RangeError('bucket size must be at least 1');
  const buckets: TimelineBucket[] = [];
  for (let from = 0; from < bySeq.length; from += bucketSize) {
    const values: number[] = [];
    for (let i = from; i < Math.min(bySeq.length, from + bucketSize); i++) {
      const value = bySeq[i] as number;
      if (!Number.isNaN(value)) values.push(value);
    }
    buckets.push({ from, summary: summarize(values) });
  }
  return buckets;
}
