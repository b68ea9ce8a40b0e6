import { describe, expect, it } from 'vitest';
import { createTransportPair } from './memory-transport.ts';
import { SimulatedClock } from './simulated-clock.ts';
import { UploadShaper } from './upload-shaper.ts';

describe('a shared uplink (UploadShaper)', () => {
  it('sends one link at the node rate, latency after', async () => {
    const clock = new SimulatedClock();
    const uplink = new UploadShaper(clock, 1000);
    const [a, b] = createTransportPair({ clock, latency: 50, uplinks: [uplink, undefined] });
    const arrivals: number[] = [];
    b.on('data', () => arrivals.push(clock.now()));
    a.send(new Uint8Array(100));
    a.send(new Uint8Array(100));
    await clock.advance(1000);
    expect(arrivals).toEqual([150, 250]);
    expect(uplink.sentBytes).toBe(200);
  });

  it('splits its rate between links taking turns, so two links each get half', async () => {
    const clock = new SimulatedClock();
    const uplink = new UploadShaper(clock, 1000);
    const [a1, b1] = createTransportPair({ clock, uplinks: [uplink, undefined] });
    const [a2, b2] = createTransportPair({ clock, uplinks: [uplink, undefined] });
    const got = { one: [] as number[], two: [] as number[] };
    b1.on('data', () => got.one.push(clock.now()));
    b2.on('data', () => got.two.push(clock.now()));
    for (let i = 0; i < 3; i++) {
      a1.send(new Uint8Array(100));
      a2.send(new Uint8Array(100));
    }
    await clock.advance(1000);
    expect(got.one).toEqual([100, 300, 500]);
    expect(got.two).toEqual([200, 400, 600]);
  });

  it('does not let a link with a long queue starve one that sends later', async () => {
    const clock = new SimulatedClock();
    const uplink = new UploadShaper(clock, 1000);
    const [busy] = createTransportPair({ clock, uplinks: [uplink, undefined] });
    const [late, lateFar] = createTransportPair({ clock, uplinks: [uplink, undefined] });
    for (let i = 0; i < 10; i++) busy.send(new Uint8Array(100));
    await clock.advance(150);
    const arrivals: number[] = [];
    lateFar.on('data', () => arrivals.push(clock.now()));
    late.send(new Uint8Array(100));
    await clock.advance(1000);
    // Busy's second message is on the wire at 150; late's goes right after it.
    expect(arrivals).toEqual([300]);
  });
});

describe('SimulatedClock batching', () => {
  it('runs timers due within batchWithinMs before promise work settles, each at its own time', async () => {
    const clock = new SimulatedClock(0, { batchWithinMs: 5 });
    const seen: string[] = [];
    clock.setTimeout(() => void Promise.resolve().then(() => seen.push(`then@${clock.now()}`)), 1);
    clock.setTimeout(() => seen.push(`timer@${clock.now()}`), 3);
    clock.setTimeout(() => seen.push(`timer@${clock.now()}`), 9);
    await clock.advance(20);
    expect(seen).toEqual(['timer@3', 'then@3', 'timer@9']);
  });

  it('settles after every timer by default', async () => {
    const clock = new SimulatedClock();
    const seen: string[] = [];
    clock.setTimeout(() => void Promise.resolve().then(() => seen.push(`then@${clock.now()}`)), 1);
    clock.setTimeout(() => seen.push(`timer@${clock.now()}`), 3);
    await clock.advance(20);
    expect(seen).toEqual(['then@1', 'timer@3']);
  });
});
