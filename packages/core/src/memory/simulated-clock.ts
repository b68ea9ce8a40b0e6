// A clock that only moves when told to, so transfers of minutes run in milliseconds.
import type { Clock } from '../interfaces.ts';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/** Node's setImmediate where there is one: core is typed without Node, and runs in browsers too. */
const setImmediateIfAny = (globalThis as { setImmediate?: (callback: () => void) => unknown })
  .setImmediate;

/** Lets pending promise work settle: one macrotask turn runs every queued microtask. */
const settle: () => Promise<void> = setImmediateIfAny
  ? () => new Promise((resolve) => setImmediateIfAny(() => resolve()))
  : () => new Promise((resolve) => setTimeout(resolve, 0));

/** How far runUntil goes before giving up, in simulated ms: one simulated hour. */
const DEFAULT_RUN_LIMIT_MS = 60 * 60 * 1000;

export interface SimulatedClockOptions {
  /**
   * Settle promise work once per batch of timers instead of after every timer:
   * every timer due within this many ms of the earliest one runs (in order, each
   * at its own time), then promise work settles once. Absent (the default),
   * promise work settles after every timer, so a timer's async follow-up always
   * runs before the next timer. A swarm of a thousand nodes runs millions of
   * timers, and one macrotask turn each is most of its time (see bench:swarm);
   * 0 batches only timers due at the very same instant.
   */
  batchWithinMs?: number;
}

export class SimulatedClock implements Clock {
  #now: number;
  #seq = 0;
  /** Min-heap on (at, seq): timers at the same instant run in the order they were set. */
  readonly #heap: Timer[] = [];
  readonly #cancelled = new Set<number>();
  readonly #batchWithinMs: number | undefined;

  constructor(start = 0, options: SimulatedClockOptions = {}) {
    this.#now = start;
    this.#batchWithinMs = options.batchWithinMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.#now + Math.max(0, ms), seq: ++this.#seq, callback };
    this.#push(timer);
    return timer.seq;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.#cancelled.add(handle);
  }

  /** Timers set and not yet run or cleared. */
  get pendingTimers(): number {
    return this.#heap.filter((t) => !this.#cancelled.has(t.seq)).length;
  }

  /** Runs every timer due within `ms`, letting promise work settle after each, then sets now += ms. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#peek();
      if (next === undefined || next.at > end) break;
      this.#runBatch(end);
      await settle();
    }
    this.#now = end;
  }

  /**
   * Runs timers one by one until `done()` holds; returns the simulated time then.
   * Throws when nothing is left to run or after `limitMs` of simulated time.
   */
  async runUntil(done: () => boolean, limitMs = DEFAULT_RUN_LIMIT_MS): Promise<number> {
    const end = this.#now + limitMs;
    await settle();
    while (!done()) {
      const next = this.#peek();
      if (next === undefined) throw new Error(`runUntil: no timers left at ${this.#now} ms`);
      if (next.at > end) throw new Error(`runUntil: still not done after ${limitMs} ms`);
      this.#runBatch(end);
      await settle();
    }
    return this.#now;
  }

  /** Runs the next timer, and with batchWithinMs every further one due in the batch (never past `end`). */
  #runBatch(end: number): void {
    const first = this.#peek()!;
    this.#runNext();
    if (this.#batchWithinMs === undefined) return;
    const last = Math.min(end, first.at + this.#batchWithinMs);
    for (;;) {
      const next = this.#peek();
      if (next === undefined || next.at > last) return;
      this.#runNext();
    }
  }

  #runNext(): void {
    const timer = this.#pop()!;
    this.#now = Math.max(this.#now, timer.at);
    timer.callback();
  }

  #peek(): Timer | undefined {
    while (this.#heap.length > 0 && this.#cancelled.has(this.#heap[0]!.seq)) {
      this.#cancelled.delete(this.#pop()!.seq);
    }
    return this.#heap[0];
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Timer | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
