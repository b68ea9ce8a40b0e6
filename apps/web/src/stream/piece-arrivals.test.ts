import { describe, expect, it } from 'vitest';
import { PieceArrivals, PIECE_POLL_MS } from './piece-arrivals.ts';
import type { StreamMessage } from './stream-messages.ts';

/** A channel whose messages the test delivers, and timers the test fires. */
function world() {
  const sent: StreamMessage[] = [];
  const listeners: ((event: { data: unknown }) => void)[] = [];
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const arrivals = new PieceArrivals(
    {
      postMessage: (message) => sent.push(message),
      addEventListener: (_type, listener) => listeners.push(listener),
    },
    {
      setTimeout: (callback, ms) => (timers.set(++next, { callback, ms }), next),
      clearTimeout: (handle) => timers.delete(handle as number),
    },
  );
  const deliver = (data: unknown) => listeners.forEach((l) => l({ data }));
  return { arrivals, sent, deliver, timers };
}

const where = { shareKey: 'share', fileIndex: 1, index: 7, offset: 4096 };

describe('PieceArrivals', () => {
  it('says where the reader waits, and wakes when the page stores that piece', async () => {
    const { arrivals, sent, deliver, timers } = world();
    let woke = false;
    const waiting = arrivals.wait(where, new AbortController().signal).then(() => (woke = true));
    expect(sent).toEqual([{ type: 'need', shareKey: 'share', fileIndex: 1, offset: 4096 }]);
    deliver({ type: 'stored', shareKey: 'share', index: 6 });
    deliver({ type: 'stored', shareKey: 'other', index: 7 });
    deliver({ type: 'stored', shareKey: 'share', index: '7' });
    await Promise.resolve();
    expect(woke).toBe(false);
    deliver({ type: 'stored', shareKey: 'share', index: 7 });
    await waiting;
    expect(woke).toBe(true);
    expect(timers.size).toBe(0);
  });

  it('wakes by itself after a while, so the reader looks again when no page answers', async () => {
    const { arrivals, timers } = world();
    const waiting = arrivals.wait(where, new AbortController().signal);
    const [timer] = [...timers.values()];
    expect(timer!.ms).toBe(PIECE_POLL_MS);
    timer!.callback();
    await waiting;
  });

  it('wakes when the reader goes away', async () => {
    const { arrivals, timers } = world();
    const abort = new AbortController();
    const waiting = arrivals.wait(where, abort.signal);
    abort.abort();
    await waiting;
    expect(timers.size).toBe(0);
  });
});
