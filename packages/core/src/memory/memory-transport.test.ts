import { describe, expect, it } from 'vitest';
import { createTransportPair } from './memory-transport.ts';
import { SimulatedClock } from './simulated-clock.ts';

describe('in-memory transports', () => {
  it('deliver after size/bandwidth plus latency, in order', async () => {
    const clock = new SimulatedClock();
    const [a, b] = createTransportPair({ clock, bandwidth: 1000, latency: 50 });
    const arrivals: [number, number][] = [];
    b.on('data', (bytes) => arrivals.push([bytes.length, clock.now()]));
    a.send(new Uint8Array(100));
    a.send(new Uint8Array(200));
    await clock.advance(1000);
    expect(arrivals).toEqual([
      [100, 150],
      [200, 350],
    ]);
  });

  it('account bufferedAmount until a message is on the wire, and drain at the low-water mark', async () => {
    const clock = new SimulatedClock();
    const [a] = createTransportPair({ clock, bandwidth: 1000, latency: 0, lowWaterMark: 100 });
    const drains: number[] = [];
    a.on('drain', () => drains.push(clock.now()));
    for (let i = 0; i < 4; i++) a.send(new Uint8Array(100));
    expect(a.bufferedAmount).toBe(400);
    await clock.advance(250);
    expect(a.bufferedAmount).toBe(200);
    await clock.advance(1000);
    expect(a.bufferedAmount).toBe(0);
    expect(drains).toEqual([300]);
    expect(a.maxBufferedAmount).toBe(400);
  });

  it('deliver queued messages before the far end sees close', async () => {
    const clock = new SimulatedClock();
    const [a, b] = createTransportPair({ clock, bandwidth: 1000, latency: 10 });
    const events: string[] = [];
    b.on('data', () => events.push('data'));
    b.on('close', () => events.push('close'));
    a.send(new Uint8Array(10));
    a.close();
    expect(() => a.send(new Uint8Array(1))).toThrow();
    await clock.advance(100);
    expect(events).toEqual(['data', 'close']);
  });
});

describe('SimulatedClock', () => {
  it('runs timers in time order, and same-time timers in the order set', async () => {
    const clock = new SimulatedClock();
    const order: string[] = [];
    clock.setTimeout(() => order.push('b'), 20);
    clock.setTimeout(() => order.push('a'), 10);
    clock.setTimeout(() => order.push('c'), 20);
    const cancelled = clock.setTimeout(() => order.push('x'), 15);
    clock.clearTimeout(cancelled);
    expect(clock.pendingTimers).toBe(3);
    await clock.advance(20);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(20);
  });

  it('runUntil stops when done and throws when nothing is left to run', async () => {
    const clock = new SimulatedClock();
    let done = false;
    clock.setTimeout(() => (done = true), 5_000);
    expect(await clock.runUntil(() => done)).toBe(5_000);
    await expect(clock.runUntil(() => false)).rejects.toThrow(/no timers left/);
  });
});
