import { describe, expect, it } from 'vitest';
import { SimulatedClock } from './memory/simulated-clock.ts';
import { TokenBucket } from './rate-limiter.ts';
import { RateMeter } from './rate-meter.ts';
import { MAX_PIPELINE, MIN_PIPELINE, pipelineDepth, refillBatch } from './request-pipeline.ts';

describe('TokenBucket', () => {
  it('lets through about rate × time bytes, whatever the message size', async () => {
    const clock = new SimulatedClock();
    const bucket = new TokenBucket(clock, 100_000);
    let sent = 0;
    while (clock.now() < 10_000) {
      const wait = bucket.take(30_000);
      if (wait === 0) sent += 30_000;
      else await clock.advance(wait);
    }
    // 10 s at 100 kB/s, plus at most one message of debt and a quarter-second burst.
    expect(sent).toBeLessThanOrEqual(1_000_000 + 30_000 + 25_000);
    expect(sent).toBeGreaterThanOrEqual(950_000);
  });

  it('is unlimited with a null rate and obeys a rate set later', async () => {
    const clock = new SimulatedClock();
    const bucket = new TokenBucket(clock, null);
    for (let i = 0; i < 100; i++) expect(bucket.take(1e6)).toBe(0);
    bucket.setRate(1000);
    bucket.take(1000);
    expect(bucket.take(1)).toBeGreaterThan(0);
  });
});

describe('RateMeter', () => {
  it('reports bytes per second over the last few seconds', async () => {
    const clock = new SimulatedClock();
    const meter = new RateMeter(clock);
    for (let i = 0; i < 40; i++) {
      meter.add(25_000);
      await clock.advance(250);
    }
    // The newest bucket has only just begun, so the estimate may run one bucket (5%) low.
    expect(meter.rate()).toBeGreaterThanOrEqual(95_000);
    expect(meter.rate()).toBeLessThanOrEqual(100_000);
    await clock.advance(10_000);
    expect(meter.rate()).toBe(0);
    expect(meter.total).toBe(1_000_000);
  });

  it('measures from the first byte, not from creation, and afresh after a quiet window', async () => {
    const clock = new SimulatedClock();
    const meter = new RateMeter(clock);
    await clock.advance(30_000); // connected, nothing asked for yet
    expect(meter.rate()).toBe(0);
    const oneSecondAt = async (bytesPerSecond: number) => {
      for (let i = 0; i < 4; i++) {
        meter.add(bytesPerSecond / 4);
        await clock.advance(250);
      }
    };
    await oneSecondAt(100_000);
    // Over the one second of traffic, not diluted by the 30 s before it (that would be 20 kB/s).
    expect(meter.rate()).toBeGreaterThanOrEqual(95_000);
    expect(meter.rate()).toBeLessThanOrEqual(100_000);
    await clock.advance(60_000); // paused
    await oneSecondAt(400_000);
    expect(meter.rate()).toBeGreaterThanOrEqual(380_000);
    expect(meter.rate()).toBeLessThanOrEqual(400_000);
    expect(meter.total).toBe(500_000);
  });
});

describe('pipelineDepth', () => {
  it('covers a second of the measured rate, within bounds', () => {
    expect(pipelineDepth(0, 32_768)).toBe(MIN_PIPELINE);
    expect(pipelineDepth(327_680, 32_768)).toBe(11);
    expect(pipelineDepth(1e9, 32_768)).toBe(MAX_PIPELINE);
  });
});

describe('refillBatch', () => {
  it('tops a full-speed pipeline up an eighth at a time, and a shallow one block at a time', () => {
    expect(refillBatch(MAX_PIPELINE)).toBe(MAX_PIPELINE / 8);
    expect(refillBatch(15)).toBe(1);
    expect(refillBatch(1)).toBe(1);
  });
});
