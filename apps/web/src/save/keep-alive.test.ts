import { describe, expect, it } from 'vitest';
import { KeepAlive, type IntervalTimer } from './keep-alive.ts';

/** An interval timer the test runs by hand. */
function manualTimer() {
  const running = new Map<number, () => void>();
  let next = 0;
  const timer: IntervalTimer = {
    setInterval(callback) {
      running.set(++next, callback);
      return next;
    },
    clearInterval(handle) {
      running.delete(handle as number);
    },
  };
  return { timer, tick: () => running.forEach((callback) => callback()), running };
}

/** A stream of `chunks` that ends (or fails) once `end` resolves. */
function source(chunks: string[], end: Promise<void>, fail = false) {
  return new ReadableStream<string>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      void end.then(() => (fail ? controller.error(new Error('broken')) : controller.close()));
    },
  });
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('KeepAlive', () => {
  it('asks every interval while a held stream is read, passing its chunks on, and stops when it ends', async () => {
    const { timer, tick, running } = manualTimer();
    let asked = 0;
    const keepAlive = new KeepAlive(() => asked++, 1_000, timer);
    const end = gate();
    const reader = keepAlive.hold(source(['a', 'b'], end.opened)).getReader();

    expect((await reader.read()).value).toBe('a');
    tick();
    expect((await reader.read()).value).toBe('b');
    tick();
    expect(asked).toBe(2);

    end.open();
    expect((await reader.read()).done).toBe(true);
    expect(keepAlive.holding).toBe(0);
    expect(running.size).toBe(0);
  });

  it('stops asking when the reader cancels, and when the stream fails', async () => {
    const { timer, running } = manualTimer();
    const keepAlive = new KeepAlive(() => {}, 1_000, timer);

    const cancelled = keepAlive.hold(source(['a'], new Promise(() => {}))).getReader();
    await cancelled.read();
    await cancelled.cancel();
    expect(running.size).toBe(0);

    const end = gate();
    const failing = keepAlive.hold(source([], end.opened, true)).getReader();
    expect(running.size).toBe(1);
    end.open();
    await expect(failing.read()).rejects.toThrow('broken');
    expect(keepAlive.holding).toBe(0);
    expect(running.size).toBe(0);
  });

  it('keeps one interval for several streams, until the last of them ends', async () => {
    const { timer, running } = manualTimer();
    const keepAlive = new KeepAlive(() => {}, 1_000, timer);
    const [first, second] = [gate(), gate()];
    const one = keepAlive.hold(source([], first.opened)).getReader();
    const two = keepAlive.hold(source([], second.opened)).getReader();
    expect(running.size).toBe(1);

    first.open();
    await one.read();
    expect(running.size).toBe(1);
    second.open();
    await two.read();
    expect(running.size).toBe(0);
  });
});
