import { describe, expect, it } from 'vitest';
import type { Transport } from '../interfaces.ts';
import { createTransportPair } from './memory-transport.ts';
import { SimulatedClock } from './simulated-clock.ts';
import { runTransportContract } from './transport-contract.ts';

describe('Transport contract', () => {
  it('holds for the in-memory pair', async () => {
    const clock = new SimulatedClock();
    const results = await runTransportContract({
      makePair: async () => createTransportPair({ clock, bandwidth: 1_000_000, latency: 10 }),
      waitFor: async (done) => void (await clock.runUntil(done, 60_000)),
      sleep: (ms) => clock.advance(ms),
    });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(7);
  });

  it("catches a transport that reorders messages, keeps the caller's buffer and never drains", async () => {
    const clock = new SimulatedClock();
    const results = await runTransportContract({
      makePair: async () => {
        const [a, b] = createTransportPair({ clock, bandwidth: 1_000_000 });
        const queued: Uint8Array[] = [];
        const broken: Transport = {
          get bufferedAmount() {
            return queued.reduce((n, m) => n + m.length, 0);
          },
          lowWaterMark: a.lowWaterMark,
          fingerprints: a.fingerprints,
          send: (bytes) => {
            queued.push(bytes);
            if (queued.length === 2) queued.reverse().forEach((m) => a.send(m));
          },
          on: (event, listener) => a.on(event, listener),
          off: (event, listener) => a.off(event, listener),
          close: () => a.close(),
        };
        return [broken, b];
      },
      waitFor: async (done) => void (await clock.runUntil(done, 10_000)),
      sleep: (ms) => clock.advance(ms),
    });
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    expect(failed).toContain('messages arrive whole and in order, up to 64 KiB');
    expect(failed).toContain('send copies the message, so the sender may reuse its buffer at once');
    expect(failed).toContain(
      'bufferedAmount counts queued bytes and drain fires at the low-water mark',
    );
  });
});
